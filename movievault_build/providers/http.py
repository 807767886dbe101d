"""All provider HTTP goes through one `HttpClient`: one requests-cache session with a
User-Agent, timeouts, retry with backoff, a per-host rate limit shared by all threads,
de-duplication of identical in-flight GETs and counters for the scan summary.

Secrets (TMDB `api_key`, OMDb `apikey`, the `Authorization` header) are kept out of the
cache key and redacted from what the cache stores, and never appear in our messages.
"""
from __future__ import annotations

import random
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable, Collection, Mapping
from urllib.parse import urlencode, urlsplit

import requests
import requests_cache
from requests.adapters import HTTPAdapter

from ..errors import ProviderError
from ..fsutil import check_cache_db
from ..log import get_logger
from .base import ProviderSettings

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


def public_request(url: str, params: Mapping[str, Any]) -> str:
    """A request as a person may see it: path and query, secrets left out.

    >>> public_request("https://api.themoviedb.org/3/search/movie", {"query": "Heat", "api_key": "k"})
    'GET /3/search/movie?query=Heat'
    """
    shown = urlencode({k: v for k, v in params.items() if k not in SECRET_PARAMS})
    return f"GET {urlsplit(url).path}" + (f"?{shown}" if shown else "")


def backoff_delay(attempt: int, base: float, cap: float, rng: random.Random) -> float:
    """Exponential backoff with jitter: half to all of min(cap, base * 2**attempt)."""
    return min(cap, base * (2 ** attempt)) * rng.uniform(0.5, 1.0)


def _make_session(settings: ProviderSettings, stats: Stats) -> requests_cache.CachedSession:
    backend = "sqlite" if settings.cache_path else "memory"
    name = str(settings.cache_path) if settings.cache_path else "movievault-http"
    if settings.cache_path:
        settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
        check_cache_db(settings.cache_path)     # a damaged cache is set aside, not a failed scan
    session = requests_cache.CachedSession(
        name, backend=backend, expire_after=DEFAULT_EXPIRY, urls_expire_after=URL_EXPIRY,
        ignored_parameters=SECRET_PARAMS, match_headers=False,
        allowable_codes=CACHED_STATUSES, allowable_methods=("GET",), stale_if_error=False,
        **({"wal": True} if settings.cache_path else {}))
    adapter = _LimitedAdapter(settings.rate_limit, stats, pool=max(10, settings.workers * 2))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = user_agent()
    return session


class HttpClient:
    def __init__(self, settings: ProviderSettings, *, seed: int | None = None):
        self.settings = settings
        self.stats = Stats()
        self._session_obj: requests_cache.CachedSession | None = None
        self._session_lock = threading.Lock()
        self._inflight = _InFlight()
        self._rng = random.Random(seed)
        self._sleep = time.sleep
        self.missed: list[str] = []   # offline: the requests a cache miss kept from being sent

    @property
    def _session(self) -> requests_cache.CachedSession:
        # Opened on first use: a run whose providers turn out unavailable touches no cache file.
        with self._session_lock:
            if self._session_obj is None:
                self._session_obj = _make_session(self.settings, self.stats)
            return self._session_obj

    def close(self) -> None:
        with self._session_lock:
            if self._session_obj is not None:
                self._session_obj.close()
                self._session_obj = None

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
        path = urlsplit(url).path
        attempt = 0
        while True:
            try:
                resp = self._session.get(url, params=params, headers=headers,
                                         timeout=(s.connect_timeout, s.timeout),
                                         only_if_cached=s.offline, force_refresh=s.refresh and not s.offline)
            except requests.Timeout:
                cause, delay = "timeout", self._backoff(attempt)
            except requests.ConnectionError:
                cause, delay = "connection", self._backoff(attempt)
            except requests.RequestException as exc:
                # Its text holds the full URL, secrets included: name the type only.
                raise ProviderError(provider, f"{path}: {type(exc).__name__}") from None
            else:
                # Offline, a miss is requests-cache's synthetic 504 (only 200/404 are stored).
                missed = s.offline and resp.status_code == 504
                cached = bool(getattr(resp, "from_cache", False)) and not missed
                self.stats.add("cache_hits" if cached else "cache_misses")
                if missed:
                    self.missed.append(public_request(url, params))
                    raise ProviderError(provider, f"{path}: offline: not cached")
                if resp.status_code == 429:
                    wait = retry_after_seconds(resp.headers.get("Retry-After"))
                    cause, delay = "429", wait if wait is not None else self._backoff(attempt)
                elif resp.status_code >= 500:
                    cause, delay = "5xx", self._backoff(attempt)
                else:
                    return self._reply(resp, provider, allow, cached)
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
    def _reply(resp: requests.Response, provider: str, allow: Collection[int], cached: bool) -> Reply:
        status = resp.status_code
        try:
            data = resp.json()
        except ValueError:
            data = None
        if status == 401 and 401 not in allow:
            raise ProviderError(provider, f"{provider} rejected the API key", fatal=True)
        if status not in (200, 404) and status not in allow:
            message = data.get("status_message") if isinstance(data, dict) else None
            raise ProviderError(provider, f"{urlsplit(resp.url).path}: HTTP {status}"
                                + (f": {message}" if message else ""))
        if status == 200 and data is None:
            raise ProviderError(provider, f"{urlsplit(resp.url).path}: response is not JSON")
        return Reply(status, data, cached)
