"""`movievault nfo …`: read, check and write .nfo files."""
from __future__ import annotations

import json

import click


@click.group()
def nfo() -> None:
    """Read (and later validate, repair, write) .nfo files."""


@nfo.command("show")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per file.")
def nfo_show(files, as_json) -> int:
    """Print what an NFO says, as MovieVault reads it."""
    from ..errors import ReadError
    from ..identify.nfo import read_nfo

    status = 0
    for path in files:
        try:
            result = read_nfo(path)
        except ReadError as exc:
            click.echo(f"movievault: {exc}", err=True)
            status = 1
            continue
        data = result.to_json_dict()
        if as_json:
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            click.echo(f"{path} ({result.flavour})")
            for key, value in data.items():
                if key not in ("path", "flavour"):
                    click.echo(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return status


COMMANDS = (nfo,)
