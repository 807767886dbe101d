"""Loggers live under "mkdocs.plugins.movievault" so `mkdocs build --strict` counts our
warnings, and the CLI shows the same records through its own handler."""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from typing import Iterator

ROOT = "mkdocs.plugins.movievault"


def get_logger(name: str) -> logging.Logger:
    short = name.rsplit(".", 1)[-1] if name.startswith("movievault_build") else name
    return logging.getLogger(f"{ROOT}.{short}")


def safe_path(path: object) -> str:
    """A path for a message: undecodable bytes shown as escapes instead of crashing a log."""
    raw = path if isinstance(path, bytes) else os.fsencode(str(path))
    return raw.decode("utf-8", "backslashreplace")


@contextmanager
def timed(logger: logging.Logger, what: str) -> Iterator[None]:
    """Log how long a build stage took (debug: `mkdocs build -v` shows it)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        logger.debug("%s: %.2f s", what, time.perf_counter() - start)
