"""A fake Jellyfin server (10.9+ routes, the legacy /Users/{id}/… ones too) answering with
the real shapes: PascalCase JSON, GUIDs without dashes, `QueryResult` paging with
`StartIndex`/`Limit`/`TotalRecordCount`, `ProviderIds` and `Path` only when asked for
in `Fields`, `UserData` only when a user is known, `MinDateLastSaved(ForUser)` filters.

Auth as `AuthorizationContext` reads it: `Authorization: MediaBrowser … Token="…"` or
`?ApiKey=`; the legacy sources (`X-Emby-Token`, `X-Emby-Authorization`, the `Emby`
scheme, `?api_key=`) only while `legacy_auth` is on (12.0's default is off).
"""
from __future__ import annotations

import hashlib
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote

from . import EMPTY, FakeApiServer
from .media_library import Film, iso_z, parse_iso

API_KEY = "4f0c8a7e2b9d4c1e8f3a6b5d7c9e1f2a"
SERVER_ID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"
_PARAM = re.compile(r'(\w+)="?([^",]*)"?')


def user_id(name: str) -> str:
    return hashlib.md5(f"user-{name}".encode()).hexdigest()


@dataclass
class UserData:
    played: bool = False
    play_count: int = 0
    last_played: float | None = None
    position_ticks: int = 0
    favorite: bool = False
    rating: float | None = None
    saved: float = 0.0            # DateLastSaved for this user (what MinDateLastSavedForUser reads)

    def dto(self, item_id: str) -> dict[str, Any]:
        return {"Rating": self.rating, "PlayedPercentage": None, "UnplayedItemCount": None,
                "PlaybackPositionTicks": self.position_ticks, "PlayCount": self.play_count,
                "IsFavorite": self.favorite, "Likes": None, "LastPlayedDate": iso_z(self.last_played, 7),
                "Played": self.played, "Key": item_id, "ItemId": item_id}


@dataclass
class Item:
    film: Film
    saved: float                  # DateLastSaved of the item itself
    data: dict[str, UserData] = field(default_factory=dict)   # user id -> their data


class FakeJellyfin(FakeApiServer):
    """Switches: `legacy_auth`, `bad_key`; `refreshed` lists item ids asked to refresh,
    `library_refreshes` counts whole-library scans."""

    def __init__(self, films: list[Film] = (), users: tuple[str, ...] = ("alice", "bob"),
                 latency: float = 0.0, clock=time.time):
        super().__init__(latency)
        self.clock = clock
        self.users = {user_id(u): u for u in users}
        self.items: dict[str, Item] = {}
        self.legacy_auth = False
        self.bad_key = False
        self.refreshed: list[str] = []
        self.library_refreshes = 0
        self._state = threading.Lock()
        for film in films:
            self.add(film)

    # -- test helpers ---------------------------------------------------------------------
    def add(self, film: Film) -> None:
        with self._state:
            self.items[film.guid] = Item(film, self.clock())

    def remove(self, film: Film) -> None:
        with self._state:
            self.items.pop(film.guid, None)

    def set_user_data(self, user: str, film: Film, **values: Any) -> None:
        """As if the user had played/rated it in a Jellyfin client: `played`, `play_count`,
        `last_played` (epoch), `position_ticks`, `favorite`, `rating`."""
        with self._state:
            data = self.items[film.guid].data.setdefault(user_id(user), UserData())
            for key, value in values.items():
                setattr(data, key, value)
            data.saved = self.clock()

    def user_data(self, user: str, film: Film) -> UserData:
        with self._state:
            return self.items[film.guid].data.get(user_id(user), UserData())

    # -- protocol -------------------------------------------------------------------------
    def error_body(self, status: int) -> Any:
        return {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": f"Error {status}",
                "status": status}

    def _token(self, query: dict[str, str], headers: dict[str, str]) -> str | None:
        auth = headers.get("authorization", "")
        scheme, _, rest = auth.partition(" ")
        if scheme == "MediaBrowser" or (scheme == "Emby" and self.legacy_auth):
            token = dict(_PARAM.findall(rest)).get("Token")
            if token:
                return unquote(token)
        if "apikey" in query:
            return query["apikey"]
        if self.legacy_auth:
            for name in ("x-emby-token", "x-mediabrowser-token"):
                if headers.get(name):
                    return headers[name]
            emby = headers.get("x-emby-authorization", "")
            token = dict(_PARAM.findall(emby.partition(" ")[2])).get("Token")
            return unquote(token) if token else query.get("api_key")
        return None

    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any):
        query = {k.lower(): v for k, v in query.items()}     # ASP.NET reads names case-insensitively
        if self.bad_key or self._token(query, headers) != API_KEY:
            return 401, {}, EMPTY
        parts = [p for p in path.split("/") if p]
        low = [p.lower() for p in parts]
        with self._state:
            return self._route(method, parts, low, query, body)

    def _route(self, method: str, parts: list[str], low: list[str], query: dict[str, str], body: Any):
        if low == ["users"] and method == "GET":
            return 200, {}, [{"Name": name, "Id": uid, "ServerId": SERVER_ID, "HasPassword": True,
                              "Policy": {"IsAdministrator": name == "alice"}} for uid, name in self.users.items()]
        if low == ["items"] and method == "GET":
            return self._items(query, query.get("userid"))
        if len(low) == 3 and low[0] == "users" and low[2] == "items" and method == "GET":
            return self._items(query, parts[1])
        if len(low) == 3 and low[0] == "useritems" and low[2] == "userdata":
            return self._user_data(method, parts[1], query.get("userid"), body)
        if len(low) == 2 and low[0] in ("userplayeditems", "userfavoriteitems"):
            return self._flag(low[0], method, parts[1], query.get("userid"), query)
        if len(low) == 4 and low[0] == "users" and low[2] in ("playeditems", "favoriteitems"):
            kind = "userplayeditems" if low[2] == "playeditems" else "userfavoriteitems"
            return self._flag(kind, method, parts[3], parts[1], query)
        if len(low) == 3 and low[0] == "items" and low[2] == "refresh" and method == "POST":
            if parts[1] not in self.items:
                return 404, {}, EMPTY
            self.refreshed.append(parts[1])
            return 204, {}, EMPTY
        if low == ["library", "refresh"] and method == "POST":
            self.library_refreshes += 1
            return 204, {}, EMPTY
        return 404, {}, self.error_body(404)

    def _items(self, query: dict[str, str], uid: str | None):
        if uid is not None and uid not in self.users:
            return 404, {}, self.error_body(404)
        fields = {f.strip().lower() for f in query.get("fields", "").split(",")}
        types = {t.strip().lower() for t in query.get("includeitemtypes", "").split(",") if t.strip()}
        items = [i for i in self.items.values() if not types or "movie" in types]
        if "mindatelastsaved" in query:
            since = parse_iso(query["mindatelastsaved"])
            items = [i for i in items if i.saved >= since]
        if "mindatelastsavedforuser" in query:
            if uid is None:
                return 400, {}, self.error_body(400)
            since = parse_iso(query["mindatelastsavedforuser"])
            items = [i for i in items if uid in i.data and i.data[uid].saved >= since]
        items.sort(key=lambda i: (i.film.title.casefold(), i.film.guid))
        start = int(query.get("startindex") or 0)
        limit = int(query["limit"]) if query.get("limit") else None
        page = items[start:start + limit if limit is not None else None]
        return 200, {}, {"Items": [self._dto(i, fields, uid) for i in page], "TotalRecordCount": len(items),
                         "StartIndex": start}

    def _dto(self, item: Item, fields: set[str], uid: str | None) -> dict[str, Any]:
        f = item.film
        dto: dict[str, Any] = {"Name": f.title, "OriginalTitle": f.title, "ServerId": SERVER_ID, "Id": f.guid,
                               "ProductionYear": f.year, "Type": "Movie", "IsFolder": False,
                               "PremiereDate": f"{f.year}-06-01T00:00:00.0000000Z" if f.year else None}
        if "providerids" in fields:
            dto["ProviderIds"] = {k: v for k, v in (("Tmdb", f.tmdb), ("Imdb", f.imdb)) if v}
        if "path" in fields:
            dto["Path"] = f.path
        if "datelastsaved" in fields:
            dto["DateLastSaved"] = iso_z(item.saved, 7)
        if uid is not None:
            dto["UserData"] = item.data.get(uid, UserData()).dto(f.guid)
        return dto

    def _user_data(self, method: str, item_id: str, uid: str | None, body: Any):
        item = self.items.get(item_id)
        if item is None or uid not in self.users:
            return 404, {}, self.error_body(404)
        data = item.data.setdefault(uid, UserData())
        if method == "POST":
            if not isinstance(body, dict):
                return 400, {}, self.error_body(400)
            names = {"Played": "played", "PlayCount": "play_count", "PlaybackPositionTicks": "position_ticks",
                     "IsFavorite": "favorite", "Rating": "rating"}
            for key, attr in names.items():
                if key in body:
                    setattr(data, attr, body[key])
            if "LastPlayedDate" in body:
                data.last_played = parse_iso(body["LastPlayedDate"]) if body["LastPlayedDate"] else None
            data.saved = self.clock()
        elif method != "GET":
            return 405, {}, self.error_body(405)
        return 200, {}, data.dto(item_id)

    def _flag(self, kind: str, method: str, item_id: str, uid: str | None, query: dict[str, str]):
        item = self.items.get(item_id)
        if item is None or uid not in self.users or method not in ("POST", "DELETE"):
            return 404, {}, self.error_body(404)
        data = item.data.setdefault(uid, UserData())
        on = method == "POST"
        if kind == "userfavoriteitems":
            data.favorite = on
        elif on:
            data.played = True
            data.play_count += 1
            when = query.get("dateplayed")
            data.last_played = (_legacy_date(when) if when and when.isdigit() else
                                parse_iso(when) if when else self.clock())
        else:
            data.played, data.play_count, data.last_played, data.position_ticks = False, 0, None, 0
        data.saved = self.clock()
        return 200, {}, data.dto(item_id)


def _legacy_date(text: str) -> float:
    """`yyyyMMddHHmmss`, UTC (LegacyDateTimeModelBinder)."""
    return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc).timestamp()
