"""The plugin's `watch:`, `webhooks:`, `notify:` and `mqtt:` blocks, typed with MkDocs'
config options like the rest of the plugin's schema (an unknown key is an error naming it),
and turned into the daemon's plain settings. Secrets come in with `!ENV`."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..events.messages import TemplateError, check_template
from ..events.settings import EVENTS, WEEKDAYS, EventSettings, MqttSettings, NotifySettings, NotifyTarget, PathMapping, WatchSettings, WebhookSettings

_NUMBER = (int, float)
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_NODE = re.compile(r"^[A-Za-z0-9_-]+$")


class _Checked(base.Config):
    """A block with checks across its keys: `check()` raises naming the key, and the
    failure is reported like any other of the block's."""

    def validate(self):
        failed, warnings = super().validate()
        if not failed:
            try:
                self.check()
            except c.ValidationError as exc:
                failed.append((str(exc).split(":", 1)[0], exc))
        return failed, warnings

    def check(self) -> None:
        pass

    @staticmethod
    def fail(key: str, reason: str) -> None:
        raise c.ValidationError(f"{key}: {reason}")


class WatchConfig(_Checked):
    debounce = c.Type(_NUMBER, default=5)
    root_check = c.Type(_NUMBER, default=30)
    build = c.Type(bool, default=True)
    publish_command = c.ListOfItems(c.Type(str), default=[])
    git_publish = c.Type(bool, default=False)
    publish_timeout = c.Type(_NUMBER, default=900)
    build_timeout = c.Type(_NUMBER, default=3600)

    def check(self) -> None:
        for key in ("debounce", "root_check", "publish_timeout", "build_timeout"):
            if self[key] < 0 or (key != "debounce" and self[key] == 0):
                self.fail(key, "must be a positive number of seconds")


class PathMapConfig(base.Config):
    remote = c.Type(str)
    local = c.Type(str)


class WebhooksConfig(_Checked):
    enabled = c.Type(bool, default=False)
    host = c.Type(str, default="127.0.0.1")
    port = c.Type(int, default=8787)
    username = c.Optional(c.Type(str))
    password = c.Optional(c.Type(str))     # use `!ENV MOVIEVAULT_WEBHOOK_PASSWORD`
    token = c.Optional(c.Type(str))        # use `!ENV MOVIEVAULT_WEBHOOK_TOKEN`
    max_body = c.Type(int, default=1 << 20)
    queue_limit = c.Type(int, default=10_000)
    path_mappings = c.ListOfItems(c.SubConfig(PathMapConfig), default=[])

    def check(self) -> None:
        if not 0 <= self.port <= 65535:
            self.fail("port", "must be between 0 and 65535")
        if self.max_body < 1024 or self.queue_limit < 1:
            self.fail("max_body" if self.max_body < 1024 else "queue_limit", "too small")
        if bool(self.username) != bool(self.password):
            self.fail("password" if self.username else "username", "basic auth needs both username and password")


class TargetConfig(base.Config):
    url = c.Type(str)                      # an Apprise URL; use `!ENV DISCORD_WEBHOOK_URL`
    events = c.ListOfItems(c.Choice(EVENTS), default=list(EVENTS))


class NotifyConfig(_Checked):
    targets = c.ListOfItems(c.SubConfig(TargetConfig), default=[])
    templates = c.DictOfItems(c.Type(str), default={})
    retries = c.Type(int, default=3)
    retry_wait = c.Type(_NUMBER, default=2)
    retry_max_wait = c.Type(_NUMBER, default=120)
    timeout = c.Type(_NUMBER, default=10)
    summary_day = c.Choice(WEEKDAYS, default="monday")
    summary_time = c.Type(str, default="09:00")
    max_listed = c.Type(int, default=10)

    def check(self) -> None:
        unknown = sorted(set(self.templates) - set(EVENTS))
        if unknown:
            self.fail("templates", f"unknown event {unknown[0]!r} (one of {', '.join(EVENTS)})")
        for event, text in self.templates.items():
            try:
                check_template(event, text)
            except TemplateError as exc:
                self.fail(f"templates: {event}", str(exc))
        if not _TIME.match(self.summary_time):
            self.fail("summary_time", f"{self.summary_time!r} is not a time as HH:MM")
        if not 0 <= self.retries <= 10:
            self.fail("retries", "must be between 0 and 10")


class MqttConfig(_Checked):
    enabled = c.Type(bool, default=False)
    host = c.Type(str, default="127.0.0.1")
    port = c.Type(int, default=1883)
    username = c.Optional(c.Type(str))
    password = c.Optional(c.Type(str))     # use `!ENV MQTT_PASSWORD`
    tls = c.Type(bool, default=False)
    node_id = c.Type(str, default="movievault")
    discovery_prefix = c.Type(str, default="homeassistant")
    base_topic = c.Type(str, default="movievault")
    keepalive = c.Type(int, default=60)

    def check(self) -> None:
        if not _NODE.match(self.node_id):
            self.fail("node_id", "only letters, digits, '_' and '-' (Home Assistant's rule)")
        for key in ("discovery_prefix", "base_topic"):
            if not self[key] or any(ch in self[key] for ch in "#+") or self[key].startswith("/"):
                self.fail(key, "must be a topic without wildcards or a leading '/'")


def event_settings(watch: WatchConfig, webhooks: WebhooksConfig, notify: NotifyConfig, mqtt: MqttConfig,
                   *, config_file: str, site_dir: str, site_url: str | None) -> EventSettings:
    return EventSettings(
        config_file=Path(config_file), site_dir=Path(site_dir), site_url=site_url or None,
        watch=WatchSettings(float(watch.debounce), float(watch.root_check), watch.build,
                            tuple(watch.publish_command), watch.git_publish, float(watch.publish_timeout),
                            float(watch.build_timeout)),
        webhooks=WebhookSettings(
            webhooks.enabled, webhooks.host, webhooks.port, webhooks.username, webhooks.password,
            webhooks.token, webhooks.max_body, webhooks.queue_limit,
            tuple(PathMapping(m.remote, m.local) for m in webhooks.path_mappings)),
        notify=NotifySettings(
            tuple(NotifyTarget(t.url, tuple(t.events)) for t in notify.targets), dict(notify.templates),
            notify.retries, float(notify.retry_wait), float(notify.retry_max_wait), float(notify.timeout),
            notify.summary_day, notify.summary_time, notify.max_listed),
        mqtt=MqttSettings(mqtt.enabled, mqtt.host, mqtt.port, mqtt.username, mqtt.password, mqtt.tls,
                          mqtt.node_id, mqtt.discovery_prefix.rstrip("/"), mqtt.base_topic.rstrip("/"),
                          mqtt.keepalive))
