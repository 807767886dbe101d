"""What every command shares: logging, the settings from mkdocs.yml, progress display."""
from __future__ import annotations

import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import click

from ..errors import UserError
from ..log import terminal_safe
from ..settings import LogSettings, ScanSettings


@dataclass
class LogFlags:
    """`movievault --log-level/--log-format/--log-file`: over mkdocs.yml's `logging:`."""
    level: str | None = None
    format: str | None = None
    file: str | None = None
    verbosity: int = 0
    config: LogSettings = LogSettings()

    def settings(self) -> LogSettings:
        out = self.config
        if self.level:
            out = replace(out, level=self.level)
        if self.format:
            out = replace(out, format=self.format)
        if self.file:
            out = replace(out, file=Path(self.file))
        return out


FLAGS = LogFlags()
CONFIG_OPTION = click.option("--config", "config_file", type=click.Path(dir_okay=False),
                             help="mkdocs.yml to read (default: ./mkdocs.yml).")
LOADED: ScanSettings | None = None   # the last settings read from mkdocs.yml (the update check reads them)


def start_logging(level: str | None, fmt: str | None, file: str | None) -> None:
    """The command line's logging choices, before any settings are read."""
    global FLAGS, LOADED
    FLAGS, LOADED = LogFlags(level, fmt, file), None
    _apply()


def echo(message: Any = "", **kwargs: Any) -> None:
    """click.echo with control characters escaped: names come from disks and archives."""
    click.echo(terminal_safe(str(message)), **kwargs)


def verbosity_of(verbose: int, quiet: bool) -> int:
    """`-v` counts up, `-q` is below the default."""
    return -1 if quiet else verbose


def setup_logging(verbosity: int) -> None:
    """A command's -v/-q (a level given by flag or config wins)."""
    FLAGS.verbosity = verbosity
    _apply()


def _apply() -> None:
    from ..logconfig import configure
    try:
        configure(FLAGS.settings(), FLAGS.verbosity)
    except OSError as exc:
        raise UserError(f"cannot open the log file: {exc}") from None


def load_settings(config_file: str | None, libraries: tuple[str, ...] = (),
                  content: str | None = None) -> ScanSettings:
    """Settings from mkdocs.yml's `movievault` plugin block, validated by the plugin's
    own schema; `--library`/`--content` override it. Without a mkdocs.yml the flags alone do."""
    path = Path(config_file or "mkdocs.yml")
    libs = [str(Path(p).resolve()) for p in libraries]
    content_abs = str(Path(content).resolve()) if content else None
    if path.is_file():
        from ..setup.envfile import load as load_env
        from ..site.settings import settings_from_mkdocs  # MkDocs is imported only when needed
        load_env(path.resolve().parent)   # keys kept in .env beside mkdocs.yml (movievault init)
        settings = settings_from_mkdocs(path, libs, content_abs)
        global LOADED
        LOADED = settings
        if settings.logging != FLAGS.config:
            FLAGS.config = settings.logging
            _apply()
        return settings
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
        self._drawn = 0.0

    def __enter__(self) -> "Progress":
        if self.enabled and self.tty:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn
            # Drawn from this thread (no refresh thread): a scan forks its workers only
            # while it is the process's one thread.
            self._bar = RichProgress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.description}"), transient=True, auto_refresh=False)
            self._bar.__enter__()
            self._task = self._bar.add_task("", total=None)
        return self

    def __call__(self, done: int, total: int, label: str) -> None:
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, completed=done, total=total, description=label[-50:])
            now = time.monotonic()
            if now - self._drawn >= 0.1 or done >= total:
                self._drawn = now
                self._bar.refresh()
            return
        decile = done * 10 // max(total, 1)
        if total >= 50 and decile != self._last_decile:
            self._last_decile = decile
            print(f"scanning: {done}/{total}", file=sys.stderr)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)
