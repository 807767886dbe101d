"""HttpClient against the fake TMDB server: retries, limits, cache, secrets, offline."""
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from random import Random

import pytest

from movievault_build.errors import ProviderError
from movievault_build.providers.base import Query
from movievault_build.providers.http import HttpClient, RateLimiter, backoff_delay, retry_after_seconds
from movievault_build.providers.tmdb import TmdbProvider
from tests.fakes.tmdb_server import API_KEY, READ_TOKEN


def get_config(client, server, **kw):
    return client.get_json(f"{server.url}/3/configuration", provider="TMDB",
                           params={"api_key": API_KEY}, **kw)


def test_retry_after_seconds_and_http_date():
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(format_datetime(now + timedelta(seconds=7), usegmt=True), now) == 7.0
    assert retry_after_seconds(format_datetime(now - timedelta(seconds=7), usegmt=True), now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_backoff_grows_with_jitter_and_is_capped():
    rng = Random(1)
    delays = [backoff_delay(n, 1.0, 8.0, rng) for n in range(6)]
    for n, d in enumerate(delays):
        ceiling = min(8.0, 2 ** n)
        assert ceiling / 2 <= d <= ceiling
    assert max(delays) <= 8.0


def test_rate_limiter_spaces_callers():
    clock = [0.0]
    slept = []
    limiter = RateLimiter(4, clock=lambda: clock[0], sleep=slept.append)
    for _ in range(3):
        limiter.acquire()
    assert slept == [0.25, 0.5]


def test_user_agent_and_success(make_settings, tmdb_server):
    client = HttpClient(make_settings())
    reply = get_config(client, tmdb_server)
    assert reply.status == 200 and "images" in reply.data
    assert tmdb_server.log.entries()[0].user_agent.startswith("MovieVault/")


def test_429_waits_for_retry_after(make_settings, tmdb_server):
    client = HttpClient(make_settings())
    tmdb_server.fail_next(1, 429, {"Retry-After": "1"})
    assert get_config(client, tmdb_server).status == 200
    first, second = tmdb_server.log.entries()
    assert second.time - first.time >= 0.95
    assert client.stats.snapshot()["retries_429"] == 1


def test_5xx_retried_then_success(make_settings, tmdb_server):
    client = HttpClient(make_settings())
    tmdb_server.fail_next(2, 503)
    assert get_config(client, tmdb_server).status == 200
    assert tmdb_server.log.count() == 3
    assert client.stats.snapshot()["retries_5xx"] == 2


def test_5xx_gives_up_after_retries(make_settings, tmdb_server):
    client = HttpClient(make_settings(retries=2))
    tmdb_server.fail_next(5, 500)
    with pytest.raises(ProviderError) as err:
        get_config(client, tmdb_server)
    assert not err.value.fatal and "5xx" in str(err.value)
    assert tmdb_server.log.count() == 3


def test_timeout_retried(make_settings, tmdb_server):
    client = HttpClient(make_settings(timeout=0.3))
    tmdb_server.hang_next(1, seconds=3)
    assert get_config(client, tmdb_server).status == 200
    assert tmdb_server.log.count() == 2
    assert client.stats.snapshot()["retries_timeout"] == 1


def test_404_not_retried(make_settings, tmdb_server):
    client = HttpClient(make_settings())
    reply = client.get_json(f"{tmdb_server.url}/3/movie/9999999", provider="TMDB",
                            params={"api_key": API_KEY})
    assert reply.status == 404 and reply.data["status_code"] == 34
    assert tmdb_server.log.count() == 1


def test_401_is_fatal_and_never_shows_the_key(make_settings, tmdb_server, caplog):
    tmdb_server.bad_key = True
    provider = TmdbProvider(make_settings())
    with pytest.raises(ProviderError) as err:
        provider.lookup(Query("Heat", 1995))
    assert err.value.fatal
    assert "TMDB rejected the API key" in str(err.value)
    assert API_KEY not in str(err.value) and API_KEY not in caplog.text
    assert tmdb_server.log.count() == 1


QUERIES = [Query("Dune", 1984), Query("The Thing", 2011), Query(None, ids={"imdb": "tt0137523"}),
           Query("Heat", 1996), Query(None, ids={"tmdb": "101"})]


def run_lookups(settings):
    provider = TmdbProvider(settings)
    found = [provider.lookup(q) for q in QUERIES]
    provider.http.close()
    return found, provider.http.stats.snapshot()


def test_warm_cache_makes_zero_requests(make_settings, tmdb_server):
    settings = make_settings()
    cold, cold_stats = run_lookups(settings)
    assert tmdb_server.log.count() == cold_stats["requests"] > len(QUERIES)
    tmdb_server.log.clear()
    warm, warm_stats = run_lookups(settings)
    assert tmdb_server.log.count() == 0
    assert warm == cold
    assert warm_stats.get("requests", 0) == 0 and warm_stats["cache_hits"] == cold_stats["requests"]


def cache_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


@pytest.mark.parametrize("credentials", ["key", "token"])
def test_secrets_absent_from_cache_db(make_settings, tmdb_server, credentials):
    if credentials == "key":
        settings, secret, how = make_settings(), API_KEY, "api_key"
    else:
        settings, secret, how = make_settings(tmdb_api_key=None, tmdb_read_token=READ_TOKEN), \
            READ_TOKEN, "bearer"
    run_lookups(settings)
    assert {e.authorized_by for e in tmdb_server.log.entries()} == {how}   # it was sent
    db = settings.cache_path
    with sqlite3.connect(db) as con:
        assert con.execute("select count(*) from responses").fetchone()[0] >= len(QUERIES)
    data = cache_bytes(db)
    assert secret.encode() not in data
    assert secret[:16].encode() not in data


def test_8_threads_share_one_limiter_per_host(make_settings, tmdb_server, monkeypatch):
    from movievault_build.providers import http as http_mod

    made: list[RateLimiter] = []

    class Counting(RateLimiter):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.calls = 0
            made.append(self)

        def acquire(self) -> None:
            self.calls += 1
            super().acquire()

    monkeypatch.setattr(http_mod, "RateLimiter", Counting)
    client = HttpClient(make_settings(rate_limit=40, cache_path=None))
    urls = [f"{tmdb_server.url}/3/search/movie?query=q{i}" for i in range(50)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda u: client.get_json(u, provider="TMDB", params={"api_key": API_KEY}), urls))
    assert tmdb_server.log.count() >= 50               # a send that timed out on a busy machine is retried
    assert len(made) == 1 and made[0].calls >= 50      # every send waited on the same bucket


def test_rate_limiter_gives_8_threads_distinct_slots_on_a_fake_clock():
    """However threads interleave, no two callers get the same slot: the waits handed out are
    exactly 0, 1/rate, 2/rate, ... (the clock stands still, so nothing is refilled)."""
    waits: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    limiter = RateLimiter(40, clock=lambda: 100.0, sleep=sleep)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: limiter.acquire(), range(400)))
    assert sorted(waits) == pytest.approx([k / 40 for k in range(1, 400)])


def test_rate_limiter_spaces_callers_exactly_on_a_fake_clock():
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = RateLimiter(40, clock=lambda: now[0], sleep=sleep)
    for _ in range(5):
        limiter.acquire()          # all at the same instant: each waits one more slot
    assert slept == pytest.approx([0.025, 0.05, 0.075, 0.1])
    now[0] += 1.0                  # a quiet second later the bucket is full again: no wait
    limiter.acquire()
    assert len(slept) == 4


def test_identical_in_flight_gets_share_one_request(make_settings, tmdb_server):
    tmdb_server.latency = 0.2
    client = HttpClient(make_settings(cache_path=None))
    barrier = threading.Barrier(8)

    def fetch(_):
        barrier.wait()
        return get_config(client, tmdb_server).data

    with ThreadPoolExecutor(8) as pool:
        bodies = list(pool.map(fetch, range(8)))
    assert all(b == bodies[0] for b in bodies)
    assert tmdb_server.log.count() == 1
    assert client.stats.snapshot()["deduplicated"] == 7


def test_offline_uses_only_the_cache(make_settings, tmdb_server):
    offline = make_settings(offline=True)
    with pytest.raises(ProviderError, match="offline: not cached"):
        TmdbProvider(offline).lookup(Query("Heat", 1995))
    assert tmdb_server.log.count() == 0
    online = TmdbProvider(make_settings()).lookup(Query("Heat", 1995))
    tmdb_server.log.clear()
    assert TmdbProvider(offline).lookup(Query("Heat", 1995)) == online
    assert tmdb_server.log.count() == 0


def test_overlong_retry_after_fails_fast(make_settings, tmdb_server):
    client = HttpClient(make_settings(retry_after_cap=5.0))
    tmdb_server.fail_next(1, 429, {"Retry-After": "3600"})
    with pytest.raises(ProviderError, match="wait 3600s") as err:
        get_config(client, tmdb_server)
    assert not err.value.fatal and tmdb_server.log.count() == 1


def test_connection_refused_retried_then_reported_without_url(make_settings, tmdb_server):
    url = tmdb_server.url
    tmdb_server.stop()
    client = HttpClient(make_settings(retries=1))
    with pytest.raises(ProviderError) as err:
        client.get_json(f"{url}/3/configuration", provider="TMDB", params={"api_key": API_KEY})
    assert "connection" in str(err.value) and API_KEY not in str(err.value)
    assert client.stats.snapshot()["retries_connection"] == 1
