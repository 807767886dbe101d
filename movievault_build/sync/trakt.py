"""Trakt: watched history and ratings both ways, and the library added to the collection.

- Every call carries `trakt-api-version: 2`, `trakt-api-key: <client id>` and the user's
  `Authorization: Bearer` token (trakt_auth.py keeps it fresh; a 401 refreshes it once).
- Incremental: `/sync/last_activities` first. Only a category whose date moved is read
  again — `/sync/watched/movies` (plays and last play per movie), `/sync/ratings/movies`,
  `/sync/collection/movies` — so a run with nothing new costs one request per user.
  Lists follow the `X-Pagination-Page-Count` header when Trakt pages them.
- Writing: `/sync/history` adds a play at MovieVault's `lastplayed` (`/remove` takes all
  plays back when a movie is un-watched), `/sync/ratings` (whole numbers 1-10, `/remove`
  for none), `/sync/collection` for library movies not in it yet; batched, and spaced to
  Trakt's limits (writes one a second, reads 1,000 per five minutes), 429 + Retry-After
  honoured on top.
- Trakt identifies movies by their ids, so a library movie with a TMDB or IMDb id can be
  pushed even when Trakt has never listed it: its key is `tmdb:<id>` (or `imdb:<id>`).
"""
from __future__ import annotations

import json
import threading
import time
from collections import deque
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping

from ..errors import ProviderError, UserError
from ..model import Movie, WatchState, format_stamp, parse_stamp
from ..providers.http import RateLimiter, Reply
from .match import normal_id
from .merge import Capabilities
from .model import Item, Seen
from .service import Fetched, Push, Pushed, Service, ServiceHttp
from .settings import SyncSettings, TraktSettings
from .state import iter_chunks
from .trakt_auth import Token, load_token, refresh_token, save_token

CATEGORIES = ("watched_at", "rated_at", "collected_at")


class WindowLimiter:
    """At most `limit` calls in any `period` seconds (Trakt's read limit)."""

    def __init__(self, limit: int, period: float, clock=time.monotonic, sleep=time.sleep):
        self.limit, self.period, self._clock, self._sleep = limit, period, clock, sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = self._clock()
            while self._calls and now - self._calls[0] >= self.period:
                self._calls.popleft()
            if len(self._calls) >= self.limit:
                wait = self.period - (now - self._calls[0])
                self._sleep(wait)
                now += wait
                self._calls.popleft()
            self._calls.append(now)


class Trakt(Service):
    NAME = "Trakt"
    ID = "trakt"
    caps = Capabilities(groups=("played", "rating"), exact=frozenset(), whole_ratings=True)
    addressable = True

    def __init__(self, settings: TraktSettings, sync: SyncSettings):
        super().__init__(settings.accounts)
        self.settings, self.state_dir = settings, sync.state_dir
        base = {"Content-Type": "application/json", "trakt-api-version": "2", "trakt-api-key": settings.client_id}
        self.http = ServiceHttp(self.NAME, settings.api_url, base, sync, rate_limit=0)
        self.auth = ServiceHttp(self.NAME, settings.auth_url, base, sync, rate_limit=0)
        self._reads, self._writes = WindowLimiter(1000, 300.0), RateLimiter(1.0)
        self._tokens: dict[str, Token] = {}
        self._collected: dict[str, set[str]] = {}

    @property
    def state_key(self) -> str:
        return f"{self.ID}@{self.http.base.split('://', 1)[-1]}"

    # -- auth -------------------------------------------------------------------------------
    def token(self, user: str, force: bool = False) -> Token:
        token = self._tokens.get(user) or load_token(self.state_dir, user)
        if token is None:
            raise UserError(f"Trakt: {user} is not signed in; run `movievault trakt login --user {user}`")
        if force or token.due(time.time()):
            token = refresh_token(self.settings, self.auth, token, time.time())
            save_token(self.state_dir, user, token)
        self._tokens[user] = token
        return token

    def _call(self, user: str, method: str, path: str, **kw: Any) -> Reply:
        (self._reads if method == "GET" else self._writes).acquire()
        headers = {"Authorization": f"Bearer {self.token(user).access_token}"}
        reply = self.http.call(method, path, headers=headers, allow=(401,), **kw)
        if reply.status == 401:                      # expired early or revoked: refresh once
            headers = {"Authorization": f"Bearer {self.token(user, force=True).access_token}"}
            (self._reads if method == "GET" else self._writes).acquire()
            reply = self.http.call(method, path, headers=headers, **kw)
        return reply

    def _list(self, user: str, path: str) -> Iterator[dict[str, Any]]:
        """Every row of a list, page after page while `X-Pagination-Page-Count` says so."""
        page = 1
        while True:
            reply = self._call(user, "GET", path, params={"page": str(page)} if page > 1 else None)
            if not isinstance(reply.data, list):
                raise ProviderError(self.NAME, f"{path}: expected a list")
            yield from (r for r in reply.data if isinstance(r, dict))
            pages = reply.headers.get("X-Pagination-Page-Count")
            if not (pages and pages.isdigit() and page < int(pages)):
                return
            page += 1

    # -- reading ----------------------------------------------------------------------------
    def fetch(self, user: str, last: Mapping[str, Seen], cursor: str | None) -> Fetched:
        before = json.loads(cursor) if cursor else {}
        reply = self._call(user, "GET", "/sync/last_activities")
        movies = reply.data.get("movies") if isinstance(reply.data, dict) else None
        if not isinstance(movies, dict):
            raise ProviderError(self.NAME, "/sync/last_activities: no `movies` dates")
        now = {k: movies.get(k) for k in CATEGORIES}
        moved = {k for k in CATEGORIES if not before or before.get("activities", {}).get(k) != now[k]}
        out = Fetched(cursor=None)
        played = self._played(user, out) if "watched_at" in moved else None
        rated = self._rated(user, out) if "rated_at" in moved else None
        collected = self._collection(user, out) if "collected_at" in moved else set(before.get("collected", []))
        self._collected[user] = collected
        if played is not None or rated is not None:
            for key in set(last) | set(played or {}) | set(rated or {}):
                old = last.get(key) or Seen()
                p = played.get(key, Seen()) if played is not None else old
                r = rated.get(key, Seen()) if rated is not None else old
                state = WatchState(watched=p.state.watched, playcount=p.state.playcount,
                                   lastplayed=p.state.lastplayed, rating=r.state.rating)
                out.seen[key] = Seen(state, {"played": p.stamps.get("played"), "rating": r.stamps.get("rating")})
        out.cursor = json.dumps({"activities": now, "collected": sorted(collected)})
        return out

    def _played(self, user: str, out: Fetched) -> dict[str, Seen]:
        found = {}
        for row in self._list(user, "/sync/watched/movies"):
            item = item_of(row.get("movie"))
            if item is not None:
                out.items[item.key] = item
                last = parse_stamp(row.get("last_watched_at"))
                plays = row.get("plays") if isinstance(row.get("plays"), int) else 1
                found[item.key] = Seen(WatchState(watched=plays > 0, playcount=plays, lastplayed=last),
                                       {"played": last})
        return found

    def _rated(self, user: str, out: Fetched) -> dict[str, Seen]:
        found = {}
        for row in self._list(user, "/sync/ratings/movies"):
            item = item_of(row.get("movie"))
            rating = row.get("rating")
            if item is not None and isinstance(rating, int) and 1 <= rating <= 10:
                out.items[item.key] = item
                found[item.key] = Seen(WatchState(rating=float(rating)), {"rating": parse_stamp(row.get("rated_at"))})
        return found

    def _collection(self, user: str, out: Fetched) -> set[str]:
        keys = set()
        for row in self._list(user, "/sync/collection/movies"):
            item = item_of(row.get("movie"))
            if item is not None:
                out.items.setdefault(item.key, item)
                keys.add(item.key)
        return keys

    # -- writing ----------------------------------------------------------------------------
    def push(self, user: str, pushes: list[Push]) -> Pushed:
        out = Pushed()
        now = format_stamp(datetime.now(timezone.utc))
        adds, removes, rates, unrates = [], [], [], []
        for p in pushes:
            ids = {"ids": trakt_ids(p.item)}
            if "played" in p.groups:
                if p.target.watched:
                    adds.append((p.key, {**ids, "watched_at": format_stamp(p.target.lastplayed)
                                         if p.target.lastplayed else now}))
                elif p.current.watched:
                    removes.append((p.key, ids))
            if "rating" in p.groups:
                if p.target.rating is not None:
                    rates.append((p.key, {**ids, "rating": min(10, max(1, round(p.target.rating)))}))
                elif p.current.rating is not None:
                    unrates.append((p.key, ids))
        for path, rows, idempotent in (("/sync/history", adds, False), ("/sync/history/remove", removes, True),
                                       ("/sync/ratings", rates, True), ("/sync/ratings/remove", unrates, True)):
            self._post(user, path, rows, idempotent, out)
        return out

    def _post(self, user: str, path: str, rows: list[tuple[str, dict]], idempotent: bool, out: Pushed) -> int:
        done = 0
        for chunk in iter_chunks(rows, max(1, self.settings.batch)):
            reply = self.http.for_items(lambda: self._call(user, "POST", path, json={"movies": [r for _, r in chunk]},
                                                           idempotent=idempotent), out.failed, [k for k, _ in chunk])
            if reply is None:
                continue
            missing = not_found(reply.data)
            for key, row in chunk:
                if _ids_key(row.get("ids", {})) in missing:
                    out.failed[key] = "Trakt does not know this movie"
                else:
                    done += 1
        return done

    def library_sync(self, user: str, movies: list[Movie], dry_run: bool) -> int:
        """Add library movies (on disk, with an id) missing from the user's collection."""
        if not self.settings.collection:
            return 0
        have = self._collected.get(user, set())
        rows = []
        for m in movies:
            key = self.local_key(m)
            if key and key not in have and not m.missing and m.files:
                rows.append((key, {"ids": movie_ids(m), **({"collected_at": f"{m.added}T00:00:00.000Z"}
                                                           if m.added and len(m.added) == 10 else {})}))
        if dry_run or not rows:
            return len(rows)
        out = Pushed()
        added = self._post(user, "/sync/collection", rows, True, out)
        have.update(k for k, _ in rows if k not in out.failed)
        return added

    def local_key(self, movie: Movie) -> str | None:
        return movie_key(movie_ids(movie))

    def requests(self) -> int:
        return self.http.requests() + self.auth.requests()

    def close(self) -> None:
        self.http.close()
        self.auth.close()


def movie_ids(movie: Movie) -> dict[str, Any]:
    ids: dict[str, Any] = {}
    tmdb, imdb = normal_id("tmdb", movie.ids.get("tmdb")), normal_id("imdb", movie.ids.get("imdb"))
    if tmdb:
        ids["tmdb"] = int(tmdb)
    if imdb:
        ids["imdb"] = imdb
    return ids


def movie_key(ids: Mapping[str, Any]) -> str | None:
    for kind in ("tmdb", "imdb", "trakt"):
        value = normal_id(kind, ids.get(kind)) if kind != "trakt" else (str(ids["trakt"]) if ids.get("trakt") else None)
        if value:
            return f"{kind}:{value}"
    return None


def item_of(movie: Any) -> Item | None:
    if not isinstance(movie, dict) or not isinstance(movie.get("ids"), dict):
        return None
    raw = movie["ids"]
    key = movie_key(raw)
    if key is None:
        return None
    ids = {k: str(raw[k]) for k in ("tmdb", "imdb", "trakt") if raw.get(k)}
    year = movie.get("year")
    return Item(key, str(movie.get("title") or ""), year if isinstance(year, int) else None, ids)


def trakt_ids(item: Item) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("trakt", "tmdb"):
        if str(item.ids.get(kind, "")).isdigit():
            out[kind] = int(item.ids[kind])
    if item.ids.get("imdb"):
        out["imdb"] = item.ids["imdb"]
    return out


def not_found(data: Any) -> set[str | None]:
    rows = (data.get("not_found") or {}).get("movies") if isinstance(data, dict) else None
    return {_ids_key(r.get("ids", {})) for r in rows or [] if isinstance(r, dict)}


def _ids_key(ids: Any) -> str | None:
    return movie_key(ids) if isinstance(ids, dict) else None
