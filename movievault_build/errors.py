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
