"""`movievault watch`: the watch daemon (scan what changes, rebuild, publish, webhooks, MQTT)."""
from __future__ import annotations

import click

from .context import setup_logging


EVENTS_CONFIG = click.option("--config", "config_file", type=click.Path(dir_okay=False), default="mkdocs.yml",
                      show_default=True, help="mkdocs.yml to read.")


def load_events(config_file: str):
    from pathlib import Path

    from ..errors import UserError
    from ..site.settings import events_from_mkdocs

    path = Path(config_file)
    if not path.is_file():
        raise UserError(f"{config_file}: config file not found")
    return events_from_mkdocs(path)


@click.command("watch")
@EVENTS_CONFIG
@click.option("--webhooks/--no-webhooks", default=None, help="Serve Radarr/Sonarr webhooks (config: webhooks.enabled).")
@click.option("--mqtt/--no-mqtt", default=None, help="Publish to Home Assistant over MQTT (config: mqtt.enabled).")
@click.option("--no-initial-scan", is_flag=True, help="Do not scan the whole library on start.")
@click.option("-v", "--verbose", count=True, help="More detail (repeat for debug).")
def watch(config_file, webhooks, mqtt, no_initial_scan, verbose) -> int:
    """Watch the library: scan what changes, rebuild (and publish) the site, tell others."""
    from dataclasses import replace

    from ..events.runner import build_daemon

    setup_logging(verbose)
    scan, events = load_events(config_file)
    if webhooks is not None:
        events = replace(events, webhooks=replace(events.webhooks, enabled=webhooks))
    if mqtt is not None:
        events = replace(events, mqtt=replace(events.mqtt, enabled=mqtt))
    daemon = build_daemon(scan, events, scan_on_start=not no_initial_scan)
    return daemon.run()


COMMANDS = (watch,)
