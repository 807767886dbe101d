"""Notifications through Apprise: one URL per target (discord://, slack://, mailto://,
ntfy://, tgram:// … any service Apprise knows), each with the events it wants.

Discord and Slack get rich bodies (messages.py). Apprise parses every URL; a plain Discord or
Slack incoming webhook is then posted by chat_post.py through the one HTTP client, because a
429's asked wait has to be read and Apprise cannot report it. Everything else (other services,
a Discord thread, a Slack bot token) Apprise posts, rich bodies as its payload template.
Messages go out from one sender thread: a slow or failing target never holds up a scan, and a
failure is retried `retries` times, waiting `retry_wait` seconds doubled each time, or longer
if a 429 asked for more (at most `retry_max_wait`, a longer ask cut to it in one log line;
stopping ends the wait), then logged and dropped. Targets are named in logs by their service
and position, never by their URL (it holds the webhook's secret).
"""
from __future__ import annotations

import collections
import datetime as _dt
import json
import logging
import os
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..cache.layout import cache_path
from ..errors import UserError
from ..fsutil import atomic_write_text
from ..log import get_logger
from ..settings import ScanSettings
from . import chat_post, messages
from .messages import Message
from .settings import WEEKDAYS, NotifySettings, NotifyTarget

log = get_logger("notify")
RICH = {"discord": messages.discord_body, "slack": messages.slack_body}
NATIVE = {"https://discord.com/api/webhooks/": "discord", "https://discordapp.com/api/webhooks/": "discord",
          "https://hooks.slack.com/services/": "slack"}
OUTBOX_LIMIT = 200          # messages waiting to be sent; older ones give way
DRAIN_SECONDS = 30          # on stop, how long messages still waiting may take


class Notifier:
    def __init__(self, settings: NotifySettings, site_url: str | None, cache_dir: Path,
                 scan: ScanSettings | None = None) -> None:
        import apprise

        # Their debug lines name the URLs posted to, and a webhook URL is its own secret.
        for name in ("apprise", "urllib3.connectionpool"):
            logging.getLogger(name).setLevel(logging.WARNING)
        self.settings, self.site_url, self.scan = settings, site_url, scan
        self.state_file = cache_path(cache_dir, "events") / "notify.json"
        self.outbox_dir = cache_path(cache_dir, "events") / "outbox"
        self.targets: list[tuple[str, NotifyTarget]] = []
        self._hooks: dict[str, tuple[str, str]] = {}       # name -> (service, webhook URL)
        self._clients: dict[str, Any] = {}
        for n, target in enumerate(settings.targets, 1):
            plugin = apprise.Apprise.instantiate(target.url)
            if plugin is None:
                raise UserError(f"notify: targets[{n}]: not a notification URL Apprise knows")
            name = f"{_service(target.url, plugin)} #{n}"
            self.targets.append((name, target))
            if (hook := chat_post.webhook_url(plugin)) is not None:
                self._hooks[name] = hook
        self._queue: collections.deque[tuple[str, Message]] = collections.deque(maxlen=OUTBOX_LIMIT)
        self._cond = threading.Condition()
        self._stop = threading.Event()
        self._busy = False
        self._thread: threading.Thread | None = None
        self._summary_checked = ""
        self.delivered: collections.Counter = collections.Counter()   # event -> deliveries
        self.failed: collections.Counter = collections.Counter()

    # -- the daemon's sink ------------------------------------------------------------------------
    def batch_started(self, batch) -> None:
        pass

    def batch_done(self, batch, outcome) -> None:
        t, library = self.settings.templates, outcome.library
        if not outcome.ok:
            self.post(messages.text_message("error", {"error": outcome.error}, t))
            return
        if outcome.new:
            self.post(messages.movie_message("added", outcome.new, library, t, self.settings.max_listed))
        if outcome.missing:
            self.post(messages.movie_message("removed", outcome.missing, library, t, self.settings.max_listed))
        if outcome.scanned:
            self.post(messages.text_message("scan", {
                "new": len(outcome.new), "changed": outcome.changed, "missing": len(outcome.missing),
                "movies": library.get("movies"), "problems": len(outcome.problems),
                "seconds": f"{outcome.seconds:.1f}", "summary": outcome.summary}, t))

    def tick(self) -> None:
        """Send the weekly summary when its time has come (once, even across restarts)."""
        due = last_due(_dt.datetime.now(), self.settings.summary_day, self.settings.summary_time).isoformat()
        if due == self._summary_checked:
            return                               # asked every second; the file is read once a week
        self._summary_checked = due
        if not any("summary" in t.events for _, t in self.targets):
            return
        state = self._state()
        if "summary_sent" not in state:          # first start: from now on, not a summary at once
            self._save_state({**state, "summary_sent": due})
        elif state["summary_sent"] < due and self.scan is not None:
            self._save_state({**state, "summary_sent": due})
            self.post(self.summary_message(self.scan))

    def close(self) -> None:
        with self._cond:
            deadline = _dt.datetime.now() + _dt.timedelta(seconds=DRAIN_SECONDS)
            while (self._queue or self._busy) and self._thread and _dt.datetime.now() < deadline:
                self._cond.wait(0.2)
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        for http in self._clients.values():
            http.close()

    # -- sending ---------------------------------------------------------------------------------
    def post(self, msg: Message) -> None:
        """Queue a message for every target that wants its event."""
        with self._cond:
            for name, target in self.targets:
                if msg.event in target.events or msg.event == "test":
                    self._queue.append((name, msg))
            self._cond.notify_all()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="movievault-notify", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._cond:
                while not self._queue and not self._stop.is_set():
                    self._cond.wait(1.0)
                if self._stop.is_set():
                    return
                name, msg = self._queue.popleft()
                self._busy = True
            try:
                target = next(t for n, t in self.targets if n == name)
                self.deliver(name, target, msg)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def deliver(self, name: str, target: NotifyTarget, msg: Message) -> bool:
        """Send one message to one target, retrying within the limits; never raises."""
        wait = self.settings.retry_wait
        for attempt in range(self.settings.retries + 1):
            asked = None
            try:
                answer = self._send_once(name, target, msg)
                if answer.ok:
                    self.delivered[msg.event] += 1
                    if attempt:
                        log.info("notify: %s: %s delivered on attempt %d", name, msg.event, attempt + 1)
                    return True
                asked = answer.retry_after
            except Exception as exc:  # noqa: BLE001 - a plugin's own failure is one failed attempt
                log.debug("notify: %s: %s", name, type(exc).__name__)
            if attempt < self.settings.retries and self._stop.wait(self._pause(name, wait, asked)):
                break
            wait *= 2
        self.failed[msg.event] += 1
        log.warning("notify: %s: the %s message could not be delivered after %d attempts", name, msg.event,
                    attempt + 1)
        return False

    def _pause(self, name: str, backoff: float, asked: float | None) -> float:
        """Seconds before the next attempt: our backoff, or longer if a 429 asked for more,
        both at most `retry_max_wait` (a longer ask is cut to it, and said so)."""
        cap = self.settings.retry_max_wait
        if asked is None:
            return min(backoff, cap)
        if asked > cap:
            log.warning("notify: %s: rate limited; the server asks for %.1fs, waiting retry_max_wait (%.1fs)",
                        name, asked, cap)
        return min(max(backoff, asked), cap)

    def _send_once(self, name: str, target: NotifyTarget, msg: Message) -> chat_post.Answer:
        hook = self._hooks.get(name)
        if hook is None:
            return self._send_apprise(target, msg)
        service, url = hook
        if name not in self._clients:
            self._clients[name] = chat_post.client(url, self.settings.timeout)
        return chat_post.post(self._clients[name], service, url, RICH[service](msg, self.site_url))

    def _send_apprise(self, target: NotifyTarget, msg: Message) -> chat_post.Answer:
        import apprise

        url = target.url
        rich = RICH.get(_scheme(url))
        template = None
        try:
            if rich is not None:
                template = self._template(rich(msg, self.site_url))
                url = _with_params(url, {"template": template})
            url = _with_params(url, {"cto": self.settings.timeout, "rto": self.settings.timeout})
            sender = apprise.Apprise()
            ok = sender.add(url) and sender.notify(title=msg.title, body=msg.body,
                                                   notify_type=apprise.NotifyType(messages.KIND[msg.event]))
            return chat_post.Answer(bool(ok), 0)
        finally:
            if template is not None:
                _remove(template)

    def _template(self, body: dict[str, Any]) -> str:
        """The rich body as a file for Apprise's template option (private to this user)."""
        self.outbox_dir.mkdir(parents=True, exist_ok=True)
        fd, path = tempfile.mkstemp(prefix="message-", suffix=".json", dir=self.outbox_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(body, f, ensure_ascii=False)
        return path

    # -- on demand (the CLI) --------------------------------------------------------------------
    def send_test(self) -> int:
        msg = messages.text_message("test", {}, {})
        return sum(self.deliver(name, target, msg) for name, target in self.targets)

    def summary_message(self, scan: ScanSettings) -> Message:
        from .library_facts import gather

        since = (_dt.date.today() - _dt.timedelta(days=7)).isoformat()
        facts = gather(scan.content_dir, scan.cache_dir, None)
        values, movies = messages.summary_values(facts.added_since(since), facts.totals(), since,
                                                 self.settings.max_listed)
        msg = messages.text_message("summary", values, self.settings.templates)
        msg.lines += [f"• {t}" for t in values["titles"]]
        return msg

    def send_summary(self, scan: ScanSettings) -> int:
        msg = self.summary_message(scan)
        return sum(self.deliver(name, target, msg) for name, target in self.targets if "summary" in target.events)

    # -- state --------------------------------------------------------------------------------------
    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_file.read_text("utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _save_state(self, state: dict[str, Any]) -> None:
        atomic_write_text(self.state_file, json.dumps(state))


def last_due(now: _dt.datetime, day: str, at: str) -> _dt.datetime:
    """The latest weekly time (weekday `day`, HH:MM `at`) at or before `now`."""
    hour, minute = map(int, at.split(":"))
    back = (now.weekday() - WEEKDAYS.index(day)) % 7
    due = (now - _dt.timedelta(days=back)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return due if due <= now else due - _dt.timedelta(days=7)


def _scheme(url: str) -> str:
    for prefix, scheme in NATIVE.items():
        if url.startswith(prefix):
            return scheme
    return url.split("://", 1)[0].lower() if "://" in url else ""


def _service(url: str, plugin) -> str:
    return _scheme(url) or getattr(plugin, "service_name", "target")


def _with_params(url: str, params: dict[str, Any]) -> str:
    query = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in params.items())
    return url + ("&" if "?" in url else "?") + query


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
