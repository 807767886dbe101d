"""`movievault extension export`: the "in my library" browser extension, ready to load."""
from __future__ import annotations

from pathlib import Path

import click

from .context import echo


@click.group("extension")
def extension() -> None:
    """The browser extension that marks films of your library on TMDB, IMDb, Letterboxd and Trakt."""


@extension.command("export")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--zip", "with_zip", is_flag=True, help="Also write FOLDER.zip, the package the add-on stores take.")
def export_cmd(folder: Path, with_zip: bool) -> None:
    """Write the extension unpacked into FOLDER (new, empty, or an earlier export).

    Chromium: chrome://extensions, Developer mode, "Load unpacked", pick FOLDER.
    Firefox: about:debugging, This Firefox, "Load Temporary Add-on", pick FOLDER/manifest.json.
    Then set your site's address in the extension's options."""
    from ..extension import export, manifest_version

    written = export(folder, with_zip)
    echo(f"extension {manifest_version()} written to {written[0]}")
    if with_zip:
        echo(f"zip for the add-on stores: {written[1]}")


COMMANDS = (extension,)
