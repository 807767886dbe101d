"""What every command shares: logging, the settings from mkdocs.yml, progress display."""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

import click

from ..errors import UserError
from ..log import ROOT, terminal_safe
from ..settings import ScanSettings


def echo(message: Any = "", **kwargs: Any) -> None:
    """click.echo with control characters escaped: names come from disks and archives."""
    click.echo(terminal_safe(str(message)), **kwargs)


def setup_logging(verbosity: int) -> None:
    level = logging.WARNING if verbosity < 0 else logging.INFO if verbosity == 0 else logging.DEBUG
    logger = logging.getLogger(ROOT)
    logger.handlers[:] = []
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False


def load_settings(config_file: str | None, libraries: tuple[str, ...] = (),
                  content: str | None = None) -> ScanSettings:
    """Settings from mkdocs.yml's `movievault` plugin block, validated by the plugin's
    own schema; `--library`/`--content` override it. Without a mkdocs.yml the flags alone do."""
    path = Path(config_file or "mkdocs.yml")
    libs = [str(Path(p).resolve()) for p in libraries]
    content_abs = str(Path(content).resolve()) if content else None
    if path.is_file():
        from ..site.settings import settings_from_mkdocs  # MkDocs is imported only when needed
        return settings_from_mkdocs(path, libs, content_abs)
    if config_file:
        raise UserError(f"{config_file}: config file not found")
    if not libs:
        raise UserError("no mkdocs.yml here: pass --library DIR (and --content DIR) or --config FILE")
    return ScanSettings(roots=tuple(Path(p) for p in libs), content_dir=Path(content_abs or "content"))


class Progress:
    """A bar on a terminal; a plain line every tenth of the way otherwise."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self._bar = None
        self._task = None
        self._last_decile = -1

    def __enter__(self) -> "Progress":
        if self.enabled and self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn
            self._bar = RichProgress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"), transient=True)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=None)
        return self

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, description=label[-50:])
            return
        decile = done * 10 // max(total, 1)
        if total >= 50 and decile != self._last_decile:
            self._last_decile = decile
            print(f"scanning: {done}/{total}", file=sys.stderr)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
