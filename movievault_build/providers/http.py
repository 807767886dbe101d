"""All HTTP goes through one `HttpClient`: one requests-cache session with a User-Agent,
timeouts, retry with backoff, a per-host rate limit shared by all threads, de-duplication
of identical in-flight GETs and counters for the scan summary. URLs someone else wrote (an
NFO's artwork) go through `get_untrusted` instead: the SSRF guard (url_guard.py) checks
every hop and connects to the address it checked.

Secrets (TMDB `api_key`, OMDb `apikey`, the `Authorization` header) are kept out of the
cache key and redacted from what the cache stores, and never appear in our messages.
"""
from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable, Collection, Mapping
from urllib.parse import urlencode, urlsplit

import requests
from requests.adapters import HTTPAdapter

from ..errors import ProviderError
from ..cache.db import check_cache_db
from ..log import get_logger
from .base import ProviderSettings
from .url_guard import FetchSettings, GuardedGet, Resolver, system_resolver

log = get_logger(__name__)

SECRET_PARAMS = ("api_key", "apikey", "Authorization")
DAY = 86400
# First match wins. Searches change as the catalogue grows; details and config rarely do.
URL_EXPIRY: dict[str, int] = {
    "*/search/*": 1 * DAY,
    "*/find/*": 7 * DAY,
    "*/configuration": 7 * DAY,
    "*/movie/*": 30 * DAY,
    "*/collection/*": 30 * DAY,
}
DEFAULT_EXPIRY = 7 * DAY
CACHED_STATUSES = (200, 404)   # a 404 for an id is an answer too; errors are not


def user_agent() -> str:
    try:
        return f"MovieVault/{version('movievault')}"
    except PackageNotFoundError:
        return "MovieVault/dev"


@dataclass(frozen=True)
class Reply:
    status: int
    data: Any
    from_cache: bool
    headers: Mapping[str, str] = field(default_factory=dict)   # `call` only (case-insensitive)


class Stats:
    """Thread-safe counters: requests, cache_hits, cache_misses, deduplicated, retries_<cause>."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, name: str, n: int = 1) -> None:
        with self._lock:
            self._counts[name] += n

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)


class RateLimiter:
    """Token bucket holding one token, refilled `rate` times a second: callers are spaced
    1/rate apart whatever thread they run on. rate <= 0 disables it."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self._interval = 1.0 / rate if rate > 0 else 0.0
        self._next = 0.0
        self._lock = threading.Lock()
        self._clock, self._sleep = clock, sleep

    def acquire(self) -> None:
        if not self._interval:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next)
            self._next = slot + self._interval
        if slot > now:
            self._sleep(slot - now)


class _LimitedAdapter(HTTPAdapter):
    """Transport that waits for the host's limiter; only real network sends get here
    (requests-cache answers hits before the adapter), so the counters see true traffic."""

    def __init__(self, rate: float, stats: Stats, pool: int):
        super().__init__(pool_connections=pool, pool_maxsize=pool)
        self._rate, self._stats = rate, stats
        self._limiters: dict[str, RateLimiter] = {}
        self._lock = threading.Lock()

    def send(self, request, *args, **kwargs):  # type: ignore[override]
        host = urlsplit(request.url).netloc
        with self._lock:
            limiter = self._limiters.get(host)
            if limiter is None:
                limiter = self._limiters[host] = RateLimiter(self._rate)
        limiter.acquire()
        self._stats.add("requests")
        return super().send(request, *args, **kwargs)


class _InFlight:
    """Identical concurrent GETs share one request: the first caller fetches, the rest wait."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: dict[Any, dict[str, Any]] = {}

    def run(self, key: Any, fetch: Callable[[], Reply]) -> tuple[Reply, bool]:
        with self._lock:
            call = self._calls.get(key)
            leader = call is None
            if leader:
                call = self._calls[key] = {"done": threading.Event()}
        if not leader:
            call["done"].wait()
            if "error" in call:
                raise call["error"]
            return call["reply"], True
        try:
            call["reply"] = fetch()
            return call["reply"], False
        except BaseException as exc:
            call["error"] = exc
            raise
        finally:
            with self._lock:
                del self._calls[key]
            call["done"].set()


def public_request(url: str, params: Mapping[str, Any]) -> str:
    """A request as a person may see it: path and query, secrets left out.

    >>> public_request("https://api.themoviedb.org/3/search/movie", {"query": "Heat", "api_key": "k"})
    'GET /3/search/movie?query=Heat'
    """
    shown = urlencode({k: v for k, v in params.items() if k not in SECRET_PARAMS})
    return f"GET {urlsplit(url).path}" + (f"?{shown}" if shown else "")


def _refused(exc: requests.ConnectionError) -> bool:
    """A connection that never opened: nothing was sent, so trying again is safe."""
    text = repr(exc.args[0] if exc.args else exc)
    return "NewConnectionError" in text or "Connection refused" in text


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: half to all of min(cap, base * 2**attempt)."""
    return min(cap, base * (2 ** attempt)) * rng.uniform(0.5, 1.0)


def _make_session(settings: ProviderSettings, stats: Stats, cached: bool = True) -> requests.Session:
    if not cached:
        session = requests.Session()
        _mount(session, settings, stats)
        return session
    backend = "sqlite" if settings.cache_path else "memory"
    name = str(settings.cache_path) if settings.cache_path else "movievault-http"
    if settings.cache_path:
        settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
        check_cache_db(settings.cache_path)     # a damaged cache is set aside, not a failed scan
    import requests_cache     # ~0.1 s of imports: a run whose providers look nothing up makes no session
    session = requests_cache.CachedSession(
        name, backend=backend, expire_after=DEFAULT_EXPIRY, urls_expire_after=URL_EXPIRY,
        ignored_parameters=SECRET_PARAMS, match_headers=False,
        allowable_codes=CACHED_STATUSES, allowable_methods=("GET",), stale_if_error=False,
        **({"wal": True} if settings.cache_path else {}))
    _mount(session, settings, stats)
    return session


def _mount(session: requests.Session, settings: ProviderSettings, stats: Stats) -> None:
    adapter = _LimitedAdapter(settings.rate_limit, stats, pool=max(10, settings.workers * 2))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()


class HttpClient:
    """`cached=False` is for services whose answers must be fresh every time (the media
    servers and trackers the sync talks to): no cache file, nothing of theirs stored.
    `only_hosts` ("host:port" …) confines the client to those servers: any other URL, and
    every redirect, is refused before a packet is sent. A media server on the LAN or on
    loopback is a legitimate target when it is the one configured, and only then."""

    def __init__(self, settings: ProviderSettings, *, seed: int | None = None, cached: bool = True,
                 only_hosts: Collection[str] = ()):
        self.settings = settings
        self._cached = cached
        self._only_hosts = frozenset(h.casefold() for h in only_hosts)
        self.missed: list[str] = []   # offline: the requests a cache miss kept from being sent
        self.stats = Stats()
        self._session_obj: requests.Session | None = None
        self._session_lock = threading.Lock()
        self._inflight = _InFlight()
        self._rng = random.Random(seed)
        self._sleep = time.sleep

    @property
    def _session(self) -> requests.Session:
        # Opened on first use: a run whose providers turn out unavailable touches no cache file.
        with self._session_lock:
            if self._session_obj is None:
                self._session_obj = _make_session(self.settings, self.stats, self._cached)
            return self._session_obj

    def close(self) -> None:
        with self._session_lock:
            if self._session_obj is not None:
                self._session_obj.close()
                self._session_obj = None

    def get_untrusted(self, url: str, limits: FetchSettings, resolver: Resolver = system_resolver) -> bytes:
        """An image at a URL from untrusted input: http(s) to public addresses only (unless
        allowed), redirects checked hop by hop, the body capped; ReadError(url, reason) else.
        Never cached here: the artwork store keeps what it takes."""
        return GuardedGet(limits, resolver, on_send=lambda: self.stats.add("requests")).get(url)

    def get_json(self, url: str, *, provider: str, params: Mapping[str, Any] | None = None,
                 headers: Mapping[str, str] | None = None, allow: Collection[int] = ()) -> Reply:
        """GET and decode JSON. 200, 404 and statuses in `allow` come back as a Reply;
        401 is fatal; other failures raise ProviderError after the retries."""
        params = dict(params or {})
        headers = dict(headers or {})
        key = (url, tuple(sorted(params.items())), tuple(sorted(headers.items())))
        reply, shared = self._inflight.run(
            key, lambda: self._fetch(url, params, headers, provider, allow))
        if shared:
            self.stats.add("deduplicated")
        return reply

    def _fetch(self, url: str, params: dict, headers: dict, provider: str,
               allow: Collection[int]) -> Reply:
        s = self.settings

        def send() -> requests.Response:
            resp = self._session.get(url, params=params, headers=headers,
                                     timeout=(s.connect_timeout, s.timeout), only_if_cached=s.offline,
                                     force_refresh=s.refresh and not s.offline)
            # Offline, a miss is requests-cache's synthetic 504 (only 200/404 are stored).
            missed = s.offline and resp.status_code == 504
            resp.movievault_cached = bool(getattr(resp, "from_cache", False)) and not missed
            self.stats.add("cache_hits" if resp.movievault_cached else "cache_misses")
            if missed:
                self.missed.append(public_request(url, params))
                raise ProviderError(provider, f"{urlsplit(url).path}: offline: not cached")
            return resp

        def done(resp: requests.Response) -> Reply:
            return self._reply(resp, provider, allow, resp.movievault_cached)
        return self._with_retries(send, done, urlsplit(url).path, provider, idempotent=True)

    def call(self, method: str, url: str, *, provider: str, params: Mapping[str, Any] | None = None,
             json: Any = None, headers: Mapping[str, str] | None = None, allow: Collection[int] = (),
             idempotent: bool = True, expect_json: bool = True) -> Reply:
        """Any method, never cached, never shared with another caller. 2xx, 404 and statuses
        in `allow` come back as a Reply (with the response headers); 401 is fatal unless
        allowed. A call that is not `idempotent` (adding a play to a history) is retried
        only when the server cannot have acted on it (429, a refused connection): a timeout
        or 5xx might hide a success, and the next sync sees the server's state anyway."""
        target = urlsplit(url)
        if self._only_hosts and (target.scheme not in ("http", "https")
                                 or target.netloc.casefold() not in self._only_hosts):
            raise ProviderError(provider, f"refused: {target.scheme}://{target.hostname or ''} "
                                "is not the configured server", fatal=True)
        s = self.settings

        def send() -> requests.Response:
            return self._session.request(method, url, params=params, json=json, headers=headers,
                                         timeout=(s.connect_timeout, s.timeout), allow_redirects=False)

        def done(resp: requests.Response) -> Reply:
            return self._reply(resp, provider, allow, False, expect_json=expect_json)
        return self._with_retries(send, done, target.path, provider, idempotent, allow)

    def _with_retries(self, send: Callable[[], requests.Response], done: Callable[[requests.Response], Reply],
                      path: str, provider: str, idempotent: bool, allow: Collection[int] = ()) -> Reply:
        s = self.settings
        attempt = 0
        while True:
            try:
                resp = send()
            except requests.ConnectTimeout:
                cause, delay = "timeout", self._backoff(attempt)
            except requests.Timeout:
                if not idempotent:
                    raise ProviderError(provider, f"{path}: timed out (not retried: it may have been applied)") from None
                cause, delay = "timeout", self._backoff(attempt)
            except requests.ConnectionError as exc:
                if not idempotent and not _refused(exc):
                    raise ProviderError(provider, f"{path}: connection lost (not retried)") from None
                cause, delay = "connection", self._backoff(attempt)
            except requests.RequestException as exc:
                # Its text holds the full URL, secrets included: name the type only.
                raise ProviderError(provider, f"{path}: {type(exc).__name__}") from None
            else:
                if resp.status_code in allow:
                    return done(resp)       # the caller handles this answer (a polling "slow down")
                if resp.status_code == 429:
                    wait = retry_after_seconds(resp.headers.get("Retry-After"))
                    cause, delay = "429", wait if wait is not None else self._backoff(attempt)
                elif resp.status_code >= 500 and idempotent:
                    cause, delay = "5xx", self._backoff(attempt)
                else:
                    return done(resp)
            if attempt >= s.retries:
                raise ProviderError(provider, f"{path}: gave up after {attempt + 1} attempts ({cause})")
            if delay > s.retry_after_cap:
                raise ProviderError(provider, f"{path}: rate limited, server asks to wait {delay:.0f}s")
            self.stats.add(f"retries_{cause}")
            log.debug("%s %s: retry %d in %.2fs (%s)", provider, path, attempt + 1, delay, cause)
            self._sleep(delay)
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        return backoff_delay(attempt, self.settings.backoff_base, self.settings.backoff_cap, self._rng)

    @staticmethod
    def _reply(resp: requests.Response, provider: str, allow: Collection[int], cached: bool,
               expect_json: bool | None = None) -> Reply:
        status = resp.status_code
        fresh = expect_json is not None            # `call`: any 2xx is an answer
        try:
            data = resp.json() if resp.content else None
        except ValueError:
            data = None
        if status == 401 and 401 not in allow:
            what = "credentials" if fresh else "API key"
            raise ProviderError(provider, f"{provider} rejected the {what}", fatal=True)
        ok = (200 <= status < 300) if fresh else status == 200
        if not ok and status != 404 and status not in allow:
            message = data.get("status_message") if isinstance(data, dict) else None
            raise ProviderError(provider, f"{urlsplit(resp.url).path}: HTTP {status}"
                                + (f": {message}" if message else ""))
        if ok and data is None and (expect_json or (not fresh and status == 200)):
            raise ProviderError(provider, f"{urlsplit(resp.url).path}: response is not JSON"
                                + (" (truncated?)" if resp.content else " (empty)"))
        return Reply(status, data, cached, resp.headers if fresh else {})
