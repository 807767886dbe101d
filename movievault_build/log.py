"""Loggers live under "mkdocs.plugins.movievault" so `mkdocs build --strict` counts our
warnings, and the CLI shows the same records through its own handler."""
from __future__ import annotations

import logging
import os
import re
import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

ROOT = "mkdocs.plugins.movievault"
# What a terminal would act on instead of showing: C0 and C1 controls, DEL, and the marks
# that reorder text (a file name could otherwise rewrite or hide what is printed).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_CONTROLS}]")
_UNSAFE_IN_NAME = re.compile(f"[{_CONTROLS}\t\n]")
REPEATS_SHOWN = 10     # warnings of one kind shown per run before the rest are only counted


class RepeatLimit(logging.Filter):
    """Caps repeated warnings, as Pelican's LimitFilter does: after REPEATS_SHOWN of one
    kind in a run, the rest are counted, and `summarise` logs "… and N more like this".
    A warning's kind is its text after the file it names, digits aside ("line 3" and
    "line 9" are one kind). The summary is itself a warning, so `--strict` still fails."""

    def __init__(self, shown: int = REPEATS_SHOWN) -> None:
        super().__init__()
        self.shown = shown
        self.seen: Counter[str] = Counter()
        self.hidden: Counter[str] = Counter()
        self.held = False          # records kept to be logged later (`kept_records`) are counted then

    @staticmethod
    def kind(message: str) -> str:
        reason = message.split(": ", 1)[-1]
        return re.sub(r"\d+", "#", reason)[:200]

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.WARNING or getattr(record, "summary", False) or self.held:
            return True
        key = self.kind(record.getMessage())
        self.seen[key] += 1
        if self.seen[key] <= self.shown:
            return True
        self.hidden[key] += 1
        return False

    def start_run(self) -> None:
        """Count afresh, dropping what earlier work in this process logged: a command's
        summary speaks of that command alone."""
        self.seen.clear()
        self.hidden.clear()

    def summarise(self) -> None:
        """Log what was held back, then start counting afresh (the next build or command)."""
        hidden, self.hidden = self.hidden, Counter()
        self.seen.clear()
        logger = logging.getLogger(f"{ROOT}.log")
        for key, count in sorted(hidden.items(), key=lambda kv: -kv[1]):
            logger.warning("… and %d more like this: %s", count, key, extra={"summary": True})


REPEATS = RepeatLimit()


def get_logger(name: str) -> logging.Logger:
    short = name.rsplit(".", 1)[-1] if name.startswith("movievault_build") else name
    logger = logging.getLogger(f"{ROOT}.{short}")
    if not any(isinstance(f, _TerminalSafe) for f in logger.filters):
        logger.addFilter(_TerminalSafe())       # first: what the repeat limit counts is escaped
    if REPEATS not in logger.filters:   # a logger's filters see only its own records
        logger.addFilter(REPEATS)
    return logger


@contextmanager
def kept_records() -> Iterator[list[logging.LogRecord]]:
    """Our records kept, not shown, to be logged later by `replay` (in another process:
    what a forked child logged reaches MkDocs' handlers, and so `--strict`, through its
    parent). The repeat limit counts them when they are replayed, not here."""
    root = logging.getLogger(ROOT)
    kept: list[logging.LogRecord] = []
    handler = _Keep(kept)
    saved = root.handlers, root.propagate, REPEATS.held
    root.handlers, root.propagate, REPEATS.held = [handler], False, True
    try:
        yield kept
    finally:
        root.handlers, root.propagate, REPEATS.held = saved


def replay(records: list[logging.LogRecord]) -> None:
    for record in records:
        logging.getLogger(record.name).handle(record)


class _Keep(logging.Handler):
    def __init__(self, kept: list[logging.LogRecord]) -> None:
        super().__init__()
        self.kept = kept

    def emit(self, record: logging.LogRecord) -> None:
        # Made plain for pickling: the message whole, a traceback as its text.
        record.msg, record.args = record.getMessage(), None
        if record.exc_info:
            record.exc_text = record.exc_text or logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.kept.append(record)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def terminal_safe(text: str) -> str:
    """Text with every control character shown as an escape (`\\u001b`), newlines and tabs kept."""
    return _UNSAFE.sub(_escape, text)


class _TerminalSafe(logging.Filter):
    """Our messages carry file names from the library and from archives: escape controls
    before any handler (MkDocs' or the CLI's) prints them."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        safe = terminal_safe(message)
        if safe != message:
            record.msg, record.args = safe, None
        return True


def safe_path(path: object) -> str:
    """A path for a message: undecodable bytes and control characters (newlines too) shown
    as escapes instead of crashing a log or reaching the terminal."""
    raw = path if isinstance(path, bytes) else os.fsencode(str(path))
    return _UNSAFE_IN_NAME.sub(_escape, raw.decode("utf-8", "backslashreplace"))


@contextmanager
def timed(logger: logging.Logger, what: str) -> Iterator[None]:
    """Log how long a build stage took (debug: `mkdocs build -v` shows it)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        logger.debug("%s: %.2f s", what, time.perf_counter() - start)
