"""Fake Discord and Slack incoming webhooks on 127.0.0.1, answering as the real ones do
(external-apis.md §7): Discord 204 (or 200 with ?wait=true), 400 with error code 50035 for
a body over its limits, 404/10015 for an unknown webhook, 429 with Retry-After, the
X-RateLimit-* headers and a JSON `retry_after`; Slack 200 `ok`, 400 `invalid_payload`,
404 `no_service`, 429 with Retry-After; blocks at the top or in `attachments` (Apprise
sends them there). `fail_next` scripts faults."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.loopback import LoopbackServer


def slack_blocks(body: dict) -> list[dict]:
    """A Slack body's blocks, wherever the sender put them."""
    return [*(body.get("blocks") or ()), *(b for a in body.get("attachments") or () for b in a.get("blocks") or ())]


@dataclass(frozen=True)
class Post:
    time: float
    path: str
    body: Any


class ChatServer:
    def __init__(self) -> None:
        self.posts: list[Post] = []          # accepted messages only
        self.attempts: list[Post] = []       # every request
        self._faults: deque[tuple[int, float]] = deque()
        self._lock = threading.Lock()
        self._httpd: LoopbackServer | None = None

    def start(self) -> "ChatServer":
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                status, headers, answer = owner.answer(urlsplit(self.path).path, body)
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self._httpd = LoopbackServer(Handler).start()
        return self

    def stop(self) -> None:
        if self._httpd:
            self._httpd.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return self._httpd.url

    def fail_next(self, n: int, status: int, retry_after: float = 0.0) -> None:
        with self._lock:
            self._faults.extend((status, retry_after) for _ in range(n))

    def answer(self, path: str, body: Any) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            self.attempts.append(Post(time.monotonic(), path, body))
            fault = self._faults.popleft() if self._faults else None
        if fault is not None:
            return self.fault(*fault)
        status, headers, answer = self.route(path, body)
        if status < 300:
            with self._lock:
                self.posts.append(Post(time.monotonic(), path, body))
        return status, headers, answer

    def route(self, path: str, body: Any) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def fault(self, status: int, retry_after: float) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError


class FakeDiscord(ChatServer):
    WEBHOOK = ("1234567890", "tok-abcdefABCDEF_123")

    @property
    def base_url(self) -> str:
        """What Apprise's Discord plugin posts under (its `notify_url`)."""
        return f"{self.base}/api/webhooks"

    @property
    def apprise_url(self) -> str:
        return "discord://{}/{}/".format(*self.WEBHOOK)

    def route(self, path, body):
        if path.rstrip("/") != "/api/webhooks/{}/{}".format(*self.WEBHOOK):
            return 404, {"Content-Type": "application/json"}, {"message": "Unknown Webhook", "code": 10015}
        if not isinstance(body, dict) or not (body.get("content") or body.get("embeds")):
            return 400, {"Content-Type": "application/json"}, {"message": "Cannot send an empty message", "code": 50006}
        if not self._within_limits(body):
            return 400, {"Content-Type": "application/json"}, {"message": "Invalid Form Body", "code": 50035}
        return 204, {"X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "4",
                     "X-RateLimit-Reset": f"{time.time() + 1:.3f}", "X-RateLimit-Reset-After": "1.000"}, b""

    @staticmethod
    def _within_limits(body: dict) -> bool:
        embeds = body.get("embeds") or []
        if len(body.get("content") or "") > 2000 or len(embeds) > 10:
            return False
        total = 0
        for e in embeds:
            fields = e.get("fields") or []
            if len(e.get("title", "")) > 256 or len(e.get("description", "")) > 4096 or len(fields) > 25:
                return False
            if any(len(f["name"]) > 256 or len(f["value"]) > 1024 or not f["value"] for f in fields):
                return False
            if "thumbnail" in e and not str(e["thumbnail"].get("url", "")).startswith(("http://", "https://")):
                return False
            total += len(e.get("title", "")) + len(e.get("description", "")) + sum(
                len(f["name"]) + len(f["value"]) for f in fields)
        return total <= 6000

    def fault(self, status, retry_after):
        if status == 429:
            return 429, {"Content-Type": "application/json", "Retry-After": str(max(1, round(retry_after))),
                         "X-RateLimit-Limit": "5", "X-RateLimit-Remaining": "0",
                         "X-RateLimit-Reset": f"{time.time() + retry_after:.3f}",
                         "X-RateLimit-Reset-After": f"{retry_after:.3f}", "X-RateLimit-Scope": "user"}, \
                {"message": "You are being rate limited.", "retry_after": retry_after, "global": False}
        return status, {"Content-Type": "application/json"}, {"message": "500: Internal Server Error", "code": 0}


class FakeSlack(ChatServer):
    TOKENS = ("T00000000", "B00000000", "XXXXXXXXXXXXXXXXXXXXXXXX")

    @property
    def base_url(self) -> str:
        """What Apprise's Slack plugin posts under (its `webhook_url`)."""
        return f"{self.base}/services"

    @property
    def apprise_url(self) -> str:
        return "slack://{}/{}/{}".format(*self.TOKENS)

    def route(self, path, body):
        if path.rstrip("/") != "/services/{}/{}/{}".format(*self.TOKENS):
            return 404, {"Content-Type": "text/plain"}, b"no_service"
        if not isinstance(body, dict) or not (body.get("text") or body.get("blocks") or body.get("attachments")):
            return 400, {"Content-Type": "text/plain"}, b"invalid_payload"
        attachments = body.get("attachments") or []
        if not isinstance(attachments, list) or not all(isinstance(a, dict) for a in attachments):
            return 400, {"Content-Type": "text/plain"}, b"invalid_attachments"
        blocks = [*(body.get("blocks") or ()), *(b for a in attachments for b in a.get("blocks") or ())]
        if len(blocks) > 50 or any(not isinstance(b, dict) or "type" not in b for b in blocks):
            return 400, {"Content-Type": "text/plain"}, b"invalid_blocks"
        return 200, {"Content-Type": "text/plain"}, b"ok"

    def fault(self, status, retry_after):
        if status == 429:
            return 429, {"Content-Type": "text/plain", "Retry-After": str(max(1, round(retry_after)))}, b"rate_limited"
        return status, {"Content-Type": "text/plain"}, b"internal_error"
