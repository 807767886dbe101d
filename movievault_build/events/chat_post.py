"""Posting the rich Discord and Slack bodies to their incoming webhooks, reading what a 429
asks for.

Apprise parses the target URL (its Discord and Slack plugins own the URL forms and their
validation); the POST goes through MovieVault's one HTTP client because Apprise cannot
tell its caller how long a rate-limited server asked it to wait: its Discord plugin reads
`X-RateLimit-Reset` with int() (Discord sends a decimal epoch), then retries at once, and
its Slack plugin never reads `Retry-After`. Here every signal the server gives is read and
the longest wins, so the next attempt is never sooner than asked.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Mapping
from urllib.parse import urlsplit

from ..providers.base import ProviderSettings
from ..providers.http import HttpClient, retry_after_seconds


@dataclass(frozen=True)
class Answer:
    ok: bool
    status: int
    retry_after: float | None = None    # seconds a 429 asked to wait


def webhook_url(plugin: Any) -> tuple[str, str] | None:
    """(service, URL) for a plain Discord or Slack incoming webhook; None for any other
    form (a Discord thread, a Slack bot token or workflow), which Apprise posts itself."""
    name = type(plugin).__name__
    if name == "NotifyDiscord" and not getattr(plugin, "thread_id", None):
        return "discord", f"{plugin.notify_url}/{plugin.webhook_id}/{plugin.webhook_token}"
    if name == "NotifySlack" and getattr(plugin, "mode", None) == "hook":
        return "slack", f"{plugin.webhook_url}/{plugin.token_a}/{plugin.token_b}/{plugin.token_c}"
    return None


def client(url: str, timeout: float) -> HttpClient:
    """A client confined to the webhook's host, retrying nothing itself: the sender's loop
    decides when to try again (and its stop event can cut the wait short)."""
    settings = ProviderSettings(timeout=timeout, connect_timeout=timeout, retries=0, rate_limit=0)
    return HttpClient(settings, cached=False, only_hosts=(urlsplit(url).netloc,))


def post(http: HttpClient, service: str, url: str, body: dict[str, Any]) -> Answer:
    """POST one body; a refused or failed request raises ProviderError (no URL in its text)."""
    reply = http.call("POST", url, provider=service, json=body, allow=(429,) + tuple(range(400, 600)),
                      idempotent=False, expect_json=False)
    if reply.status == 429:
        return Answer(False, 429, asked_wait(reply.headers, reply.data))
    return Answer(200 <= reply.status < 300, reply.status)


def asked_wait(headers: Mapping[str, str], data: Any, now: float | None = None) -> float | None:
    """The longest wait a 429 names, in seconds: Discord's JSON `retry_after` (decimal
    seconds), `Retry-After` (seconds, decimal or whole, or an HTTP date),
    `X-RateLimit-Reset-After`, or else the `X-RateLimit-Reset` epoch. None if none is given.

    >>> asked_wait({"Retry-After": "2", "X-RateLimit-Reset-After": "2.4"}, {"retry_after": 2.4})
    2.4
    """
    found = [_seconds(data.get("retry_after")) if isinstance(data, dict) else None,
             _seconds(headers.get("Retry-After")), _seconds(headers.get("X-RateLimit-Reset-After"))]
    if found[2] is None and (reset := _seconds(headers.get("X-RateLimit-Reset"))) is not None:
        found.append(reset - (time.time() if now is None else now))
    waits = [max(0.0, w) for w in found if w is not None]
    return max(waits) if waits else None


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return retry_after_seconds(value) if isinstance(value, str) else None
    return seconds if seconds == seconds and seconds != float("inf") else None   # no NaN, no inf

