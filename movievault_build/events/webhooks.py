"""The webhook receiver: Radarr and Sonarr post to `/hooks/radarr` and `/hooks/sonarr`.

Every request is answered, and quickly: the work it asks for is added to the daemon's
queue (folded with whatever is pending) and the answer is 202, while the scan runs later.
A request that cannot be acted on gets a 4xx with the reason as JSON, never a crash:
401 (credentials), 404, 405, 411 (no Content-Length), 413 (over `max_body`), 415 (not
JSON), 400 (unreadable JSON) or 422 (JSON that is not a webhook we know).

Authentication is Radarr's own "Username"/"Password" (HTTP basic auth), or a shared
secret as `?token=` in the URL or an `X-MovieVault-Token` header. Without either, the
receiver only listens on a loopback address. Requests are logged without their query
string, so a token in the URL never reaches a log.
"""
from __future__ import annotations

import base64
import hmac
import ipaddress
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import parse_qs, urlsplit

from ..errors import UserError
from ..log import get_logger
from .arr import Decision, PayloadError, decide
from .settings import WebhookSettings
from .work import WorkQueue

log = get_logger("webhooks")
ROUTES = {"/hooks/radarr": "radarr", "/hooks/sonarr": "sonarr"}
HANDLERS = 16            # requests handled at once; more wait in the listen backlog
READ_TIMEOUT = 10        # seconds a client may take to send its request


class WebhookServer:
    def __init__(self, settings: WebhookSettings, roots: Iterable[Path], queue: WorkQueue) -> None:
        if not settings.token and not settings.username and not _loopback(settings.host):
            raise UserError(f"webhooks: listening on {settings.host} needs a `token` or a username and "
                            "password (without them only a loopback address such as 127.0.0.1 is allowed)")
        self.settings, self.queue = settings, queue
        self.roots = tuple(roots)
        self.answered = 0
        self._count_lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(HANDLERS)
        self.httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1] if self.httpd else self.settings.port

    def start(self) -> None:
        server = self

        class Handler(_Handler):
            owner = server

        try:
            self.httpd = _Server((self.settings.host, self.settings.port), Handler)
        except OSError as exc:
            raise UserError(f"webhooks: cannot listen on {self.settings.host}:{self.settings.port} ({exc.strerror or exc})") from None
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="movievault-webhooks", daemon=True)
        self._thread.start()
        log.info("webhooks: listening on http://%s:%d/hooks/radarr", self.settings.host, self.port)

    def stop(self) -> None:
        if self.httpd is not None:
            self.httpd.shutdown()
            self.httpd.server_close()

    def counted(self) -> None:
        with self._count_lock:
            self.answered += 1

    # -- what a request asks for -------------------------------------------------------------
    def authorized(self, query: dict[str, list[str]], headers) -> bool:
        s = self.settings
        if not s.token and not s.username:
            return True
        if s.token:
            given = (query.get("token") or [""])[0] or headers.get("X-MovieVault-Token", "")
            if given and hmac.compare_digest(given.encode(), s.token.encode()):
                return True
        if s.username and s.password:
            expected = base64.b64encode(f"{s.username}:{s.password}".encode()).decode()
            auth = headers.get("Authorization", "")
            if auth.startswith("Basic ") and hmac.compare_digest(auth[6:].strip().encode(), expected.encode()):
                return True
        return False

    def act(self, source: str, payload: Any) -> tuple[int, dict[str, Any]]:
        decision: Decision = decide(source, payload, self.settings.path_mappings)
        if decision.action != "scan":
            return 200, {"status": decision.action, "reason": decision.reason}
        inside = [(Path(p), r) for p, r in decision.folders if self._in_library(p)]
        if not inside:
            raise PayloadError(f"{decision.folders[0][0]} is not under a library root: add a path mapping "
                               "from Radarr's folder to ours (webhooks.path_mappings)")
        self.queue.add(inside, f"{source} {decision.event}: {decision.title}")
        return 202, {"status": "queued", "reason": decision.reason, "folders": len(inside)}

    def _in_library(self, folder: str) -> bool:
        target = os.path.abspath(folder)
        return any(target == (base := os.path.abspath(r)) or target.startswith(base.rstrip(os.sep) + os.sep)
                   for r in self.roots)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256          # a burst waits in the backlog rather than being refused

    def handle_error(self, request, client_address) -> None:
        # a client that went away mid-request (socketserver would print a traceback)
        log.debug("webhooks: connection from %s ended early", client_address[0])


class _Handler(BaseHTTPRequestHandler):
    owner: WebhookServer
    timeout = READ_TIMEOUT
    server_version = "MovieVault"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        with self.owner._slots:
            try:
                status, body = self._handle()
            except Exception as exc:  # noqa: BLE001 - a request never takes the receiver down
                log.warning("webhooks: %s failed: %s: %s", self.path.split("?", 1)[0], type(exc).__name__, exc)
                status, body = 500, {"status": "error", "reason": "internal error; see MovieVault's log"}
            if status >= 400:
                self.close_connection = True     # a body left unread must not be read as a request
            self._answer(status, body)

    do_PUT = do_POST      # Radarr can be set to PUT

    def do_GET(self) -> None:
        if urlsplit(self.path).path == "/healthz":
            self._answer(200, {"status": "ok", "pending": self.owner.queue.pending()})
        else:
            self._answer(405 if urlsplit(self.path).path in ROUTES else 404,
                         {"status": "error", "reason": "POST a webhook to /hooks/radarr"})

    def _handle(self) -> tuple[int, dict[str, Any]]:
        url = urlsplit(self.path)
        source = ROUTES.get(url.path.rstrip("/") or "/")
        if source is None:
            return 404, _error(f"no such hook {url.path!r}: use /hooks/radarr or /hooks/sonarr")
        if not self.owner.authorized(parse_qs(url.query), self.headers):
            return 401, _error("missing or wrong credentials")
        if self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            return 411, _error("send a Content-Length, not a chunked body")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            self.close_connection = True
            return 411, _error("Content-Length is required")
        if int(length) > self.owner.settings.max_body:
            self._drain(int(length))
            return 413, _error(f"body over {self.owner.settings.max_body} bytes")
        body = self.rfile.read(int(length))
        if "json" not in self.headers.get("Content-Type", "").lower():
            return 415, _error("Content-Type must be application/json")
        try:
            payload = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            return 400, _error(f"body is not JSON: {exc}")
        try:
            return self.owner.act(source, payload)
        except PayloadError as exc:
            return 422, _error(str(exc))

    def _drain(self, length: int) -> None:
        """Read (and drop) a refused body of modest size, so its sender reads our answer
        instead of a reset connection; a huge one is cut off."""
        left = length if length <= 16 * self.owner.settings.max_body else 0
        try:
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode("utf-8")
        try:
            self.send_response(status)
            if status == 401 and self.owner.settings.username:
                self.send_header("WWW-Authenticate", 'Basic realm="MovieVault"')
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True      # the client went away
        self.owner.counted()

    def log_message(self, format: str, *args: Any) -> None:   # noqa: A002 - BaseHTTPRequestHandler's name
        # the request line carries the query (a token, maybe): log the path alone
        log.debug("webhooks: %s %s", self.command, self.path.split("?", 1)[0])

    def log_request(self, code="-", size="-") -> None:
        log.debug("webhooks: %s %s -> %s", self.command, self.path.split("?", 1)[0], code)


def _error(reason: str) -> dict[str, str]:
    return {"status": "error", "reason": reason}


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
