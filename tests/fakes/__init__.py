"""Real HTTP servers on 127.0.0.1 that answer like the remote APIs, for offline tests.

`FakeApiServer` owns the plumbing shared by the fakes: a `LoopbackServer` (loopback.py) on
an ephemeral port in a background thread, a thread-safe request log (secrets removed), and
switches to inject latency, 429s, 5xx, hangs and truncated bodies.
Read-only APIs implement `route(path, query, headers) -> (status, headers, body)`; APIs
that take writes implement `handle(method, path, query, headers, body)` instead. A body
is JSON-encoded unless it is a `Raw` (XML, an empty 204 …).
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import LoopbackServer

SECRET_QUERY = ("api_key", "apikey", "ApiKey", "X-Plex-Token")


@dataclass(frozen=True)
class Raw:
    """A body sent as these bytes, with this content type."""
    data: bytes
    content_type: str = "text/plain"


EMPTY = Raw(b"")   # a 204's body


@dataclass(frozen=True)
class Logged:
    time: float                 # time.monotonic() on arrival
    path: str
    query: dict[str, str]       # without secrets
    authorized_by: str          # "api_key", "apikey", "bearer" or ""
    user_agent: str = ""
    method: str = "GET"
    body: Any = None            # the request's JSON body, decoded (writes only)


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    hang: float = 0.0
    truncate: bool = False      # answer normally, but send only half of the body


class RequestLog:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[Logged] = []

    def add(self, entry: Logged) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[Logged]:
        with self._lock:
            return list(self._entries)

    def count(self, path_prefix: str = "") -> int:
        return sum(1 for e in self.entries() if e.path.startswith(path_prefix))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def max_in_window(self, window: float = 1.0) -> int:
        """Most requests that arrived within any `window` seconds."""
        times = sorted(e.time for e in self.entries())
        most, start = 0, 0
        for end, t in enumerate(times):
            while t - times[start] >= window:
                start += 1
            most = max(most, end - start + 1)
        return most


class FakeApiServer:
    def __init__(self, latency: float = 0.0):
        self.latency = latency
        self.log = RequestLog()
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._httpd: LoopbackServer | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> "FakeApiServer":
        self._httpd = LoopbackServer(_handler_for(self)).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._httpd:
            self._httpd.stop()

    def __enter__(self) -> "FakeApiServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._httpd, "server not started"
        return self._httpd.url

    # -- switches ------------------------------------------------------------------------
    def fail_next(self, n: int, status: int, headers: dict[str, str] | None = None,
                  body: Any = None) -> None:
        with self._lock:
            self._faults.extend(Fault(status, dict(headers or {}), body) for _ in range(n))

    def hang_next(self, n: int, seconds: float = 5.0) -> None:
        """The next n requests wait `seconds` before answering 200 (clients should time out)."""
        with self._lock:
            self._faults.extend(Fault(200, hang=seconds) for _ in range(n))

    def truncate_next(self, n: int = 1) -> None:
        """The next n answers are cut in the middle of the body (a dropped connection)."""
        with self._lock:
            self._faults.extend(Fault(200, truncate=True) for _ in range(n))

    def _take_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    # -- to implement --------------------------------------------------------------------
    def route(self, path: str, query: dict[str, str],
              headers: dict[str, str]) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str],
               body: Any) -> tuple[int, dict[str, str], Any]:
        if method != "GET":
            return 405, {}, self.error_body(405)
        return self.route(path, query, headers)

    def error_body(self, status: int) -> Any:
        return {"error": status}

    # -- request handling ----------------------------------------------------------------
    def _respond(self, method: str, raw_path: str, headers: dict[str, str],
                 raw_body: bytes = b"") -> tuple[int, dict[str, str], Any, bool]:
        parts = urlsplit(raw_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        auth = next((k for k in SECRET_QUERY if k in query), "")
        if headers.get("authorization", "").lower().startswith("bearer "):
            auth = "bearer"
        public = {k: v for k, v in query.items() if k not in SECRET_QUERY}
        try:
            body = json.loads(raw_body) if raw_body else None
        except ValueError:
            body = raw_body
        self.log.add(Logged(time.monotonic(), parts.path, public, auth,
                            headers.get("user-agent", ""), method, body))
        if self.latency:
            time.sleep(self.latency)
        fault = self._take_fault()
        if fault and fault.hang:
            self._stopping.wait(fault.hang)
        elif fault and not fault.truncate:
            return fault.status, fault.headers, fault.body or self.error_body(fault.status), False
        return (*self.handle(method, parts.path, query, headers, body), bool(fault and fault.truncate))


def _handler_for(server: FakeApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; with Nagle on, keep-alive clients
        # would wait ~40 ms for the delayed ACK on every request.
        disable_nagle_algorithm = True

        def _serve(self, method: str) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            length = int(headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, extra, body, truncate = server._respond(method, self.path, headers, raw)
            if isinstance(body, Raw):
                payload, kind = body.data, body.content_type
            elif isinstance(body, bytes):      # an image (the TMDB fake's image host)
                payload, kind = body, "application/octet-stream"
            else:
                payload, kind = json.dumps(body).encode("utf-8"), "application/json;charset=utf-8"
            if truncate:
                payload = payload[: len(payload) // 2]
            try:
                self.send_response(status)
                if (payload or status not in (204, 304)) and "Content-Type" not in extra:
                    self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                for name, value in extra.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass   # the client gave up (timeout test)

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_PUT(self) -> None:  # noqa: N802
            self._serve("PUT")

        def do_DELETE(self) -> None:  # noqa: N802
            self._serve("DELETE")

        def log_message(self, format: str, *args: Any) -> None:
            pass   # keep test output quiet; the RequestLog is the record

    return Handler
