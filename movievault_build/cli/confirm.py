"""Commands that move or replace files ask first; `--yes` answers for scripts. Without a
terminal and without --yes the answer is no (main() prints "aborted"; nothing happens)."""
from __future__ import annotations

import click

YES = click.option("--yes", "-y", "yes", is_flag=True, help="Go ahead without asking.")


def confirm(what: str, yes: bool) -> None:
    if yes:
        return
    try:
        click.confirm(f"{what} Go ahead?", default=False, abort=True)
    except OSError:   # no input to read from at all
        raise click.Abort() from None
