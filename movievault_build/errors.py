"""Errors that carry what went wrong and where. Leaves import nothing internal."""
from __future__ import annotations

import os


class MovieVaultError(Exception):
    """Base class; `str()` is a one-line message fit for a user."""


class UserError(MovieVaultError):
    """Bad configuration or arguments: the whole run stops."""


class ReadError(MovieVaultError):
    """A file could not be read or understood. Per-item: the run goes on."""

    def __init__(self, path: str | os.PathLike[str] | bytes, reason: str):
        self.path = os.fsdecode(path) if isinstance(path, bytes) else str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ProviderError(MovieVaultError):
    """A metadata provider failed for one lookup (or, if `fatal`, for the run)."""

    def __init__(self, provider: str, reason: str, fatal: bool = False):
        self.provider = provider
        self.reason = reason
        self.fatal = fatal
        super().__init__(f"{provider}: {reason}")


def os_error_line(exc: OSError) -> str:
    """An OSError as one line naming the file: "site/img: Read-only file system". Control
    characters in the name are escaped, as everywhere a name reaches the terminal."""
    name = exc.filename if exc.filename is not None else ""
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    name = str(name).encode("utf-8", "backslashreplace").decode("utf-8")
    name = "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{name}: {reason}" if name else reason
