"""The daemon as configured: its parts chosen from the settings and wired to one queue."""
from __future__ import annotations

from ..settings import ScanSettings
from .daemon import Daemon
from .settings import EventSettings
from .watcher import LibraryWatcher


def build_daemon(scan: ScanSettings, events: EventSettings, *, scan_on_start: bool = True) -> Daemon:
    daemon = Daemon(scan, events, scan_on_start=scan_on_start)
    watch = events.watch
    daemon.add_part(LibraryWatcher(scan.roots, watch.debounce, watch.root_check, daemon.queue.add,
                                   ignore=(scan.content_dir, events.site_dir, scan.cache_dir)))
    if events.webhooks.enabled:
        from .webhooks import WebhookServer
        daemon.add_part(WebhookServer(events.webhooks, scan.roots, daemon.queue))
    if events.notify.targets:
        from .notify import Notifier
        daemon.sinks.append(Notifier(events.notify, events.site_url, scan.cache_dir, scan))
    if events.mqtt.enabled:
        from .mqtt import HomeAssistant
        bridge = HomeAssistant(events.mqtt, daemon.queue)
        daemon.sinks.append(bridge)
        daemon.add_part(bridge)
    return daemon
