"""Where MovieVault's log records go: stderr as text or JSON lines, and optionally a file
rotated by size (the standard library's RotatingFileHandler).

A JSON line carries the stage (the logger's last name: `online`, `pipeline`, `sources` …)
and, when a record is about one movie or file, `movie` and `file` as fields of their own:
from the record's `extra`, else from the movie the scan is on (`about`), else from a
message that starts with the file it names ("Movies/Heat (1995)/movie.nfo: …").

Messages never carry API keys (the HTTP client keeps them out); nothing here adds any.
"""
from __future__ import annotations

import contextvars
import json
import logging
import logging.handlers
import re
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator

from .log import ROOT
from .settings import LogSettings

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
_CURRENT: contextvars.ContextVar[dict[str, str]] = contextvars.ContextVar("movievault_log_about", default={})
_FILE_PREFIX = re.compile(r"^(?P<file>[^:\n]*(?:/|\.(?:nfo|mkv|mp4|avi|md|jpg|png|yml|json))[^:\n]*): ")
_OURS = "_movievault_handler"


@contextmanager
def about(**fields: str) -> Iterator[None]:
    """Records logged inside carry these fields (movie=slug, file=path) in JSON output."""
    token = _CURRENT.set({**_CURRENT.get(), **{k: v for k, v in fields.items() if v}})
    try:
        yield
    finally:
        _CURRENT.reset(token)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, stage, message, and movie/file when known."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        out = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
               "level": record.levelname.lower(), "stage": stage_of(record.name), "message": message}
        context = _CURRENT.get()
        for key in ("movie", "file"):
            value = getattr(record, key, None) or context.get(key)
            if value:
                out[key] = str(value)
        if "file" not in out and (m := _FILE_PREFIX.match(message)):
            out["file"] = m.group("file")
        if record.exc_info:
            out["error"] = self.formatException(record.exc_info).splitlines()[-1]
        return json.dumps(out, ensure_ascii=False)


def stage_of(name: str) -> str:
    """The logger's place in the engine: "mkdocs.plugins.movievault.online" -> "online"."""
    return name[len(ROOT) + 1:] if name.startswith(ROOT + ".") else name


def formatter(fmt: str) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else logging.Formatter("%(levelname)s: %(message)s")


def level_for(settings: LogSettings, verbosity: int = 0) -> int:
    """The configured level, else by -v/-q: warnings (-q), info (default), debug (-v)."""
    if settings.level:
        return LEVELS[settings.level]
    return logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG


def file_handler(settings: LogSettings) -> logging.Handler:
    assert settings.file is not None
    settings.file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.handlers.RotatingFileHandler(settings.file, maxBytes=max(0, settings.max_bytes),
                                                   backupCount=max(0, settings.backups), encoding="utf-8")
    handler.setFormatter(formatter(settings.format))
    return handler


def configure(settings: LogSettings, verbosity: int = 0, console: bool = True) -> None:
    """Replace the handlers this module installed on MovieVault's logger. `console=False`
    (inside `mkdocs build`) leaves the console to MkDocs and only adds the file."""
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if getattr(h, _OURS, False)]:
        logger.removeHandler(handler)
        handler.close()
    handlers: list[logging.Handler] = []
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(formatter(settings.format))
        handlers.append(stream)
    if settings.file is not None:
        handlers.append(file_handler(settings))
    for handler in handlers:
        setattr(handler, _OURS, True)
        logger.addHandler(handler)
    if console:
        logger.setLevel(level_for(settings, verbosity))
        logger.propagate = False
    elif settings.file is not None:
        handlers[-1].setLevel(level_for(settings))
