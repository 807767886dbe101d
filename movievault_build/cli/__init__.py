"""The `movievault` command. `main()` is the single boundary that turns errors into one
line and an exit code."""
from __future__ import annotations

import sys

import click

from ..errors import MovieVaultError, os_error_line
from ..log import REPEATS, terminal_safe
from .app import cli


def main(argv: list[str] | None = None) -> int:
    REPEATS.start_run()
    try:
        code = _run(argv)
    finally:
        REPEATS.summarise()
    if code == 0:
        _update_notice(sys.argv[1:] if argv is None else argv)
    return code


def _update_notice(args: list[str]) -> None:
    """One line when a newer release is out (opt-in: `update_check: true`)."""
    from . import context
    from ..update_check import check

    if context.LOADED is None:
        return
    line = check(context.LOADED, offline="--offline" in args)
    if line:
        print(line, file=sys.stderr)


def _run(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="movievault", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Abort:
        print("movievault: aborted", file=sys.stderr)
        return 1
    except SystemExit as exc:  # click's own exits (--help, usage errors)
        return int(exc.code or 0)
    except MovieVaultError as exc:
        print(f"movievault: {terminal_safe(str(exc))}", file=sys.stderr)
        return 2
    except OSError as exc:     # read-only, disk full, no permission: one line, not a traceback
        if isinstance(exc, BrokenPipeError):
            return 0
        print(f"movievault: {os_error_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("movievault: interrupted", file=sys.stderr)
        return 130
    return result if isinstance(result, int) else 0
