"""What the watch daemon runs with: plain values, resolved from mkdocs.yml's `watch:`,
`webhooks:`, `notify:` and `mqtt:` blocks by site/config.py (the engine never imports MkDocs).

Secrets (passwords, tokens, notification URLs) are kept here and nowhere else; `repr`
hides them, so a settings object in a log or a traceback shows no secret."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..path_mapping import PathMapping  # noqa: F401  (part of these settings)

EVENTS = ("added", "removed", "scan", "error", "summary")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _secret(default=None):
    return field(default=default, repr=False)


@dataclass(frozen=True)
class WatchSettings:
    debounce: float = 5.0              # seconds a changed folder must stay unchanged before a scan
    root_check: float = 30.0           # seconds between looks for a root that went away or came back
    build: bool = True                 # rebuild the site after each batch
    publish_command: tuple[str, ...] = ()   # run after each build (rsync, netlify deploy …)
    git_publish: bool = False          # commit and push content/ after each batch (`movievault publish`)
    publish_timeout: float = 900.0
    build_timeout: float = 3600.0


@dataclass(frozen=True)
class WebhookSettings:
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 8787
    username: str | None = None        # Radarr's "Username"/"Password" (HTTP basic auth)
    password: str | None = _secret()
    token: str | None = _secret()      # or a shared secret: ?token= or the X-MovieVault-Token header
    max_body: int = 1 << 20            # bytes; Radarr's largest payloads are a few kB
    queue_limit: int = 10_000          # folders waiting; beyond it, one whole-library scan
    path_mappings: tuple[PathMapping, ...] = ()


@dataclass(frozen=True)
class NotifyTarget:
    url: str = field(repr=False)       # an Apprise URL (discord://…, slack://…, mailto://…)
    events: tuple[str, ...] = EVENTS


@dataclass(frozen=True)
class NotifySettings:
    targets: tuple[NotifyTarget, ...] = ()
    templates: dict[str, str] = field(default_factory=dict)   # event -> text template
    retries: int = 3                   # extra attempts per target after a failure
    retry_wait: float = 2.0            # seconds before the first retry, doubled each time
    retry_max_wait: float = 120.0      # the longest wait between attempts, a 429's ask included
    timeout: float = 10.0
    summary_day: str = "monday"
    summary_time: str = "09:00"        # local time, HH:MM
    max_listed: int = 10               # movies named in one message; the rest counted


@dataclass(frozen=True)
class MqttSettings:
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = 1883
    username: str | None = None
    password: str | None = _secret()
    tls: bool = False
    node_id: str = "movievault"        # [a-zA-Z0-9_-]+: unique ids and topics are made from it
    discovery_prefix: str = "homeassistant"
    base_topic: str = "movievault"
    keepalive: int = 60


@dataclass(frozen=True)
class EventSettings:
    config_file: Path                  # mkdocs.yml: the batch child loads it again
    site_dir: Path
    site_url: str | None = None        # links and posters in notifications need it
    watch: WatchSettings = field(default_factory=WatchSettings)
    webhooks: WebhookSettings = field(default_factory=WebhookSettings)
    notify: NotifySettings = field(default_factory=NotifySettings)
    mqtt: MqttSettings = field(default_factory=MqttSettings)
