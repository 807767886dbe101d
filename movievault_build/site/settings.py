"""Load mkdocs.yml the way `mkdocs build` does and hand the plugin's block to the engine."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from ..errors import UserError
from ..log import get_logger
from ..settings import ScanSettings
from ..events.settings import EventSettings
from .config import scan_settings
from .events_config import event_settings


log = get_logger("config")
# How MkDocs words a warning about one of our options (a deprecated key, config_moved.py).
_OUR_WARNING = re.compile(r"^Config value 'plugins': Plugin 'movievault' option '[^']*': (.*)$")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []     # errors
        self.ours: list[str] = []         # warnings about the plugin's options

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.messages.append(message)
        elif match := _OUR_WARNING.match(message):
            self.ours.append(match.group(1))


def settings_from_mkdocs(path: Path, libraries: list[str], content: str | None) -> ScanSettings:
    plugin = _plugin(path)[1]
    try:
        return scan_settings(plugin.config, roots=libraries or None, content_dir=content)
    except PluginError as exc:
        raise UserError(f"{path}: {exc}") from None


def events_from_mkdocs(path: Path) -> tuple[ScanSettings, EventSettings]:
    """The scan settings and the daemon's (watch, webhooks, notify, mqtt) from one mkdocs.yml."""
    config, plugin = _plugin(path)
    cfg = plugin.config
    return scan_settings(cfg), event_settings(cfg.watch, cfg.webhooks, cfg.notify, cfg.mqtt,
                                              config_file=str(Path(path).resolve()),
                                              site_dir=config["site_dir"], site_url=config["site_url"])


def sync_from_mkdocs(path: Path, content: str | None = None):
    """The scan settings and the sync's (`users:`, `sync:`) from one mkdocs.yml."""
    from .sync_config import sync_settings

    config, plugin = _plugin(path)
    try:
        settings = scan_settings(plugin.config, content_dir=content)
        sync = sync_settings(plugin.config.sync, settings.users, content_dir=str(settings.content_dir),
                             site_dir=config["site_dir"])
    except PluginError as exc:
        raise UserError(f"{path}: {exc}") from None
    return settings, sync


def _plugin(path: Path):
    # MkDocs logs each config error and then raises a bare "Aborted"; keep the messages.
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    try:
        config = load_config(config_file=str(path))
    except (ConfigurationError, Abort) as exc:
        detail = "; ".join(collect.messages) or " ".join(str(exc).split()) or "invalid configuration"
        raise UserError(f"{path}: {detail}") from None
    finally:
        logger.removeHandler(collect)
    for warning in collect.ours:     # the CLI shows what `mkdocs build` would warn about
        log.warning("%s: %s", path, warning)
    plugin = config.plugins.get("movievault")
    if plugin is None:
        raise UserError(f"{path}: the movievault plugin is not listed under `plugins:`")
    return config, plugin
