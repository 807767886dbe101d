"""A fake Trakt API (and its OAuth host: the same server answers both, as a fake of
api.trakt.tv and auth.trakt.tv may).

- Every call needs `trakt-api-key: <client id>` (403 otherwise) and `trakt-api-version: 2`;
  user calls a live `Authorization: Bearer` token (401 otherwise); writes need
  `Content-Type: application/json` (412).
- Device flow: `/oauth/device/code`, then `/oauth/device/token` answers 400 (pending, empty
  body) until `approve()`, 429 when polled faster than `interval`, 404/409/410/418 for an
  unknown, used, expired or denied code. `/oauth/token` refreshes (single-use refresh
  tokens; 400 invalid_grant), `/oauth/revoke`.
- `/sync/last_activities`, `/sync/watched/movies`, `/sync/history[/movies]` (paginated,
  default limit 10), `/sync/ratings[/movies]` (pagination optional), `/sync/collection`
  and their `/remove` variants, with the `X-Pagination-*` headers.
- Limits: writes 1 per second and reads `get_limit` per `get_period` seconds, per token;
  beyond them 429 with `Retry-After` and `X-Ratelimit`.
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from . import EMPTY, FakeApiServer
from .media_library import Film, iso_z, parse_iso

CLIENT_ID = "trakt-client-id-0123456789abcdef0123456789abcdef0123456789abcdef"
CLIENT_SECRET = "trakt-client-secret-fedcba9876543210fedcba9876543210fedcba98765432"


@dataclass
class Device:
    code: str
    user_code: str
    created: float
    expires_in: int
    interval: int
    account: str | None = None
    denied: bool = False
    used: bool = False
    last_poll: float = 0.0


@dataclass
class Account:
    history: list[tuple[int, int, float, str]] = field(default_factory=list)  # (id, film key, watched_at, action)
    ratings: dict[int, tuple[int, float]] = field(default_factory=dict)       # film key -> (rating, rated_at)
    collection: dict[int, float] = field(default_factory=dict)                # film key -> collected_at
    activity: dict[str, float] = field(default_factory=dict)                  # watched_at, rated_at …


class FakeTrakt(FakeApiServer):
    def __init__(self, films: list[Film] = (), latency: float = 0.0, clock=time.time,
                 token_lifetime: int = 7 * 86400, interval: int = 5, expires_in: int = 600):
        super().__init__(latency)
        self.clock = clock
        self.films = {f.key: f for f in films}
        self.by_tmdb = {f.tmdb: f for f in films if f.tmdb}
        self.by_imdb = {f.imdb: f for f in films if f.imdb}
        self.accounts: dict[str, Account] = {}
        self.devices: dict[str, Device] = {}
        self.tokens: dict[str, tuple[str, float]] = {}      # access token -> (account, expires at)
        self.refresh_tokens: dict[str, str] = {}            # refresh token -> account
        self.token_lifetime, self.interval, self.expires_in = token_lifetime, interval, expires_in
        self.enforce_interval = True
        self.post_interval = 1.0                            # AUTHED_API_POST_LIMIT: 1 call/s
        self.get_limit, self.get_period = 1000, 300.0       # AUTHED_API_GET_LIMIT
        self._writes: dict[str, float] = {}
        self._reads: dict[str, list[float]] = {}
        self._next_history = 1
        self._state = threading.Lock()

    # -- test helpers ---------------------------------------------------------------------
    def account(self, name: str) -> Account:
        return self.accounts.setdefault(name, Account())

    def grant(self, name: str) -> dict[str, Any]:
        """A token for `name` as the device flow would issue it."""
        with self._state:
            return self._issue(name)

    def approve(self, user_code: str, name: str) -> None:
        with self._state:
            device = next(d for d in self.devices.values() if d.user_code == user_code)
            device.account = name

    def deny(self, user_code: str) -> None:
        with self._state:
            next(d for d in self.devices.values() if d.user_code == user_code).denied = True

    def add_play(self, name: str, film: Film, watched_at: float) -> None:
        with self._state:
            self._play(self.account(name), film.key, watched_at, "scrobble")

    def rate(self, name: str, film: Film, rating: int, rated_at: float) -> None:
        with self._state:
            acc = self.account(name)
            acc.ratings[film.key] = (rating, rated_at)
            acc.activity["rated_at"] = self.clock()

    def plays(self, name: str, film: Film) -> list[float]:
        with self._state:
            return sorted(w for _, k, w, _ in self.account(name).history if k == film.key)

    # -- protocol -------------------------------------------------------------------------
    def error_body(self, status: int) -> Any:
        return EMPTY if status in (401, 403, 404) else {"error": status}

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any):
        if path.startswith("/oauth/"):
            with self._state:
                return self._oauth(method, path, body)
        if headers.get("trakt-api-key") != CLIENT_ID:
            return 403, {}, EMPTY
        auth = headers.get("authorization", "")
        token = auth[7:] if auth.lower().startswith("bearer ") else ""
        with self._state:
            held = self.tokens.get(token)
            if held is None or held[1] <= self.clock():
                return 401, {}, {"error": "invalid_token"}
            name = held[0]
            limited = self._limited(token, method)
            if limited:
                return limited
            if method == "POST" and "application/json" not in headers.get("content-type", ""):
                return 412, {}, EMPTY
            return self._sync(method, path, query, body, self.account(name))

    def _limited(self, token: str, method: str):
        now = time.monotonic()
        if method != "GET":
            last = self._writes.get(token, -1e9)
            if now - last < self.post_interval * 0.9:       # a little slack for clock granularity
                return self._too_many("AUTHED_API_POST_LIMIT", 1, 1)
            self._writes[token] = now
            return None
        reads = [t for t in self._reads.get(token, []) if now - t < self.get_period]
        if len(reads) >= self.get_limit:
            wait = int(self.get_period - (now - reads[0])) + 1
            return self._too_many("AUTHED_API_GET_LIMIT", self.get_limit, wait, self.get_period)
        reads.append(now)
        self._reads[token] = reads
        return None

    def _too_many(self, name: str, limit: int, wait: int, period: float = 1):
        info = {"name": name, "period": period, "limit": limit, "remaining": 0,
                "until": iso_z(self.clock() + wait, 0)}
        return 429, {"Retry-After": str(wait), "X-Ratelimit": json.dumps(info)}, EMPTY

    # -- OAuth ----------------------------------------------------------------------------
    def _oauth(self, method: str, path: str, body: Any):
        body = body if isinstance(body, dict) else {}
        if method != "POST":
            return 405, {}, EMPTY
        if path == "/oauth/device/code":
            if body.get("client_id") != CLIENT_ID:
                return 403, {}, EMPTY
            device = Device(secrets.token_hex(32), secrets.token_hex(4).upper(), self.clock(), self.expires_in,
                            self.interval)
            self.devices[device.code] = device
            return 200, {}, {"device_code": device.code, "user_code": device.user_code,
                             "verification_url": "https://trakt.tv/activate", "expires_in": device.expires_in,
                             "interval": device.interval}
        if path == "/oauth/device/token":
            return self._poll(body)
        if path == "/oauth/token":
            account = self.refresh_tokens.pop(body.get("refresh_token", ""), None)
            if (body.get("grant_type") != "refresh_token" or account is None
                    or body.get("client_id") != CLIENT_ID or body.get("client_secret") != CLIENT_SECRET):
                return 400, {}, {"error": "invalid_grant",
                                 "error_description": "The provided authorization grant is invalid, expired, "
                                                      "revoked, does not match the redirection URI used in the "
                                                      "authorization request, or was issued to another client."}
            return 200, {}, self._issue(account)
        if path == "/oauth/revoke":
            self.tokens.pop(body.get("token", ""), None)
            return 200, {}, {}
        return 404, {}, EMPTY

    def _poll(self, body: dict[str, Any]):
        if body.get("client_id") != CLIENT_ID or body.get("client_secret") != CLIENT_SECRET:
            return 401, {}, EMPTY
        device = self.devices.get(body.get("code", ""))
        if device is None:
            return 404, {}, EMPTY
        now = self.clock()
        if device.used:
            return 409, {}, EMPTY
        if now - device.created > device.expires_in:
            return 410, {}, EMPTY
        if device.denied:
            return 418, {}, EMPTY
        too_fast = self.enforce_interval and now - device.last_poll < device.interval * 0.9
        device.last_poll = now
        if too_fast:
            return 429, {}, EMPTY
        if device.account is None:
            return 400, {}, EMPTY
        device.used = True
        return 200, {}, self._issue(device.account)

    def _issue(self, account: str) -> dict[str, Any]:
        access, refresh = secrets.token_hex(32), secrets.token_hex(32)
        now = self.clock()
        self.tokens[access] = (account, now + self.token_lifetime)
        self.refresh_tokens[refresh] = account
        self.account(account)
        return {"access_token": access, "token_type": "bearer", "expires_in": self.token_lifetime,
                "refresh_token": refresh, "scope": "public", "created_at": int(now)}

    # -- sync -----------------------------------------------------------------------------
    def _sync(self, method: str, path: str, query: dict[str, str], body: Any, acc: Account):
        parts = [p for p in path.split("/") if p]
        if parts == ["sync", "last_activities"]:
            movies = {k: iso_z(acc.activity.get(k, 0.0)) for k in
                      ("watched_at", "collected_at", "rated_at", "watchlisted_at", "favorited_at",
                       "commented_at", "paused_at", "hidden_at")}
            return 200, {}, {"all": iso_z(max(acc.activity.values(), default=0.0)), "movies": movies,
                             "episodes": {}, "shows": {}, "seasons": {}, "comments": {}, "lists": {}}
        if method == "GET" and parts == ["sync", "watched", "movies"]:
            return 200, {}, self._watched(acc)
        if method == "GET" and parts[:2] == ["sync", "history"] and parts[2:3] in ([], ["movies"]):
            rows = [{"id": i, "watched_at": iso_z(w), "action": a, "type": "movie", "movie": self._movie(k)}
                    for i, k, w, a in sorted(acc.history, key=lambda h: (-h[2], -h[0]))]
            return self._page(rows, query, default_limit=10)
        if method == "GET" and parts[:2] == ["sync", "ratings"] and parts[2:3] in ([], ["movies"]):
            rows = [{"rated_at": iso_z(at), "rating": r, "type": "movie", "movie": self._movie(k)}
                    for k, (r, at) in sorted(acc.ratings.items(), key=lambda kv: -kv[1][1])]
            if "page" in query or "limit" in query:
                return self._page(rows, query, default_limit=10)
            return 200, {}, rows
        if method == "GET" and parts == ["sync", "collection", "movies"]:
            return 200, {}, [{"collected_at": iso_z(at), "updated_at": iso_z(at), "movie": self._movie(k)}
                             for k, at in sorted(acc.collection.items())]
        if method == "POST" and parts[:1] == ["sync"] and parts[1:2] in (["history"], ["ratings"], ["collection"]):
            if not isinstance(body, dict):
                return 400, {}, EMPTY
            remove = parts[2:] == ["remove"]
            return getattr(self, f"_post_{parts[1]}")(acc, body.get("movies") or [], remove)
        return 404, {}, EMPTY

    def _page(self, rows: list[Any], query: dict[str, str], default_limit: int):
        page = max(1, int(query.get("page") or 1))
        limit = max(1, min(int(query.get("limit") or default_limit), 1000))
        count = max(1, -(-len(rows) // limit))
        headers = {"X-Pagination-Page": str(page), "X-Pagination-Limit": str(limit),
                   "X-Pagination-Page-Count": str(count), "X-Pagination-Item-Count": str(len(rows))}
        return 200, headers, rows[(page - 1) * limit: page * limit]

    def _movie(self, key: int) -> dict[str, Any]:
        f = self.films[key]
        return {"title": f.title, "year": f.year,
                "ids": {"trakt": f.key, "slug": f.slug, "imdb": f.imdb, "tmdb": int(f.tmdb) if f.tmdb else None}}

    def _watched(self, acc: Account) -> list[dict[str, Any]]:
        per: dict[int, list[float]] = {}
        for _, k, w, _ in acc.history:
            per.setdefault(k, []).append(w)
        return [{"plays": len(ws), "last_watched_at": iso_z(max(ws)), "last_updated_at": iso_z(max(ws)),
                 "movie": self._movie(k)} for k, ws in sorted(per.items())]

    def _find(self, ids: Any) -> Film | None:
        ids = ids if isinstance(ids, dict) else {}
        if ids.get("trakt") in self.films:
            return self.films[ids["trakt"]]
        return self.by_tmdb.get(str(ids.get("tmdb"))) or self.by_imdb.get(str(ids.get("imdb")))

    def _play(self, acc: Account, key: int, watched_at: float, action: str) -> None:
        acc.history.append((self._next_history, key, watched_at, action))
        self._next_history += 1
        acc.activity["watched_at"] = self.clock()

    def _post_history(self, acc: Account, movies: list[Any], remove: bool):
        done, missing = 0, []
        for m in movies:
            film = self._find(m.get("ids") if isinstance(m, dict) else None)
            if film is None:
                missing.append({"ids": m.get("ids") if isinstance(m, dict) else {}})
                continue
            if remove:
                before = len(acc.history)
                acc.history = [h for h in acc.history if h[1] != film.key]
                done += before - len(acc.history)
                acc.activity["watched_at"] = self.clock()
            else:
                when = m.get("watched_at")
                self._play(acc, film.key, parse_iso(when) if when and when != "released" else self.clock(), "watch")
                done += 1
        key = "deleted" if remove else "added"
        return 200, {}, {key: {"movies": done, "episodes": 0},
                         "not_found": {"movies": missing, "shows": [], "seasons": [], "episodes": []}}

    def _post_ratings(self, acc: Account, movies: list[Any], remove: bool):
        done, missing = 0, []
        for m in movies:
            film = self._find(m.get("ids") if isinstance(m, dict) else None)
            rating = m.get("rating") if isinstance(m, dict) else None
            if film is None or (not remove and not (isinstance(rating, int) and 1 <= rating <= 10)):
                missing.append({"ids": m.get("ids") if isinstance(m, dict) else {}})
                continue
            if remove:
                done += acc.ratings.pop(film.key, None) is not None
            else:
                when = m.get("rated_at")
                acc.ratings[film.key] = (rating, parse_iso(when) if when else self.clock())
                done += 1
        acc.activity["rated_at"] = self.clock()
        if remove:
            return 200, {}, {"deleted": {"movies": done}, "not_found": {"movies": missing}}
        return 201, {}, {"added": {"movies": done}, "not_found": {"movies": missing}}

    def _post_collection(self, acc: Account, movies: list[Any], remove: bool):
        added = existing = 0
        missing = []
        for m in movies:
            film = self._find(m.get("ids") if isinstance(m, dict) else None)
            if film is None:
                missing.append({"ids": m.get("ids") if isinstance(m, dict) else {}})
            elif remove:
                added += acc.collection.pop(film.key, None) is not None
            elif film.key in acc.collection:
                existing += 1
            else:
                when = m.get("collected_at")
                acc.collection[film.key] = parse_iso(when) if when else self.clock()
                added += 1
        acc.activity["collected_at"] = self.clock()
        if remove:
            return 200, {}, {"deleted": {"movies": added}, "not_found": {"movies": missing}}
        return 201, {}, {"added": {"movies": added}, "updated": {"movies": 0}, "existing": {"movies": existing},
                         "not_found": {"movies": missing}}
