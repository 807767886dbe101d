"""`movievault notify test|summary`: send the notifications now."""
from __future__ import annotations

import click

from .context import echo, setup_logging
from .watch_cmd import EVENTS_CONFIG, load_events


@click.group("notify")
def notify() -> None:
    """Send MovieVault's notifications now (to check the targets in mkdocs.yml)."""


@notify.command("test")
@EVENTS_CONFIG
def notify_test(config_file) -> int:
    """Send a test message to every notification target."""
    from ..events.notify import Notifier

    setup_logging(0)
    scan, events = load_events(config_file)
    sent = Notifier(events.notify, events.site_url, scan.cache_dir).send_test()
    echo(f"test message delivered to {sent} of {len(events.notify.targets)} targets")
    return 0 if sent == len(events.notify.targets) else 1


@notify.command("summary")
@EVENTS_CONFIG
def notify_summary(config_file) -> int:
    """Send the weekly summary now (movies added in the last seven days)."""
    from ..events.notify import Notifier

    setup_logging(0)
    scan, events = load_events(config_file)
    sent = Notifier(events.notify, events.site_url, scan.cache_dir).send_summary(scan)
    echo(f"summary delivered to {sent} targets")
    return 0


COMMANDS = (notify,)
