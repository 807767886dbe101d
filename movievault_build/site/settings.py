"""Load mkdocs.yml the way `mkdocs build` does and hand the plugin's block to the engine."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from ..errors import UserError
from ..settings import ScanSettings
from .config import scan_settings


def settings_from_mkdocs(path: Path, libraries: list[str], content: str | None) -> ScanSettings:
    try:
        config = load_config(config_file=str(path))
    except (ConfigurationError, Abort) as exc:
        raise UserError(f"{path}: {' '.join(str(exc).split()) or 'invalid configuration'}") from None
    plugin = config.plugins.get("movievault")
    if plugin is None:
        raise UserError(f"{path}: the movievault plugin is not listed under `plugins:`")
    return scan_settings(plugin.config, roots=libraries or None, content_dir=content)
