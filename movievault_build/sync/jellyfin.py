"""Jellyfin (10.9 and later): the movie library and each user's data, read page by page,
and written back one item at a time.

- Auth: an API key in the modern header, `Authorization: MediaBrowser Client="MovieVault",
  … Token="…"` — the form every version reads; the legacy `X-Emby-*` headers are off by
  default since 12.0. With an API key there is no session user, so every call names the
  user (`userId`), resolved once per run from `GET /Users`.
- Reading: `GET /Items?IncludeItemTypes=Movie&Recursive=true&Fields=ProviderIds,Path&userId=…`
  in pages (`StartIndex`/`Limit` until `TotalRecordCount`). After the first sync only what
  changed is asked for: `MinDateLastSavedForUser` (the user's data) and `MinDateLastSaved`
  (new or changed items), from a cursor taken from the server's own clock (`Date`).
- Writing: `POST /UserItems/{id}/UserData?userId=…` sets played, play count, last played,
  resume position, favourite and rating in one idempotent call, and answers with the
  stored data.
- After MovieVault writes an NFO: `POST /Items/{id}/Refresh` for the items in that folder,
  never the whole library.
"""
from __future__ import annotations

import platform
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any, Iterator, Mapping

from ..errors import ProviderError
from ..model import WatchState, format_stamp, parse_stamp
from .model import GROUP_FIELDS, Item, Seen
from .service import Fetched, Push, Pushed, Service, ServiceHttp
from .settings import JellyfinSettings, SyncSettings

TICKS = 10_000_000                   # .NET ticks per second
CURSOR_MARGIN = timedelta(seconds=2)  # cursors start a little early: the Date header has whole seconds
_FIELDS = "ProviderIds,Path"


class Jellyfin(Service):
    NAME = "Jellyfin"
    ID = "jellyfin"

    def __init__(self, settings: JellyfinSettings, sync: SyncSettings, version: str = "dev"):
        super().__init__(settings.accounts)
        self.settings = settings
        auth = (f'MediaBrowser Client="MovieVault", Device="{_quoted(platform.node() or "host")}", '
                f'DeviceId="movievault-{_quoted(platform.node() or "host")}", Version="{_quoted(version)}", '
                f'Token="{settings.api_key}"')
        self.http = ServiceHttp(self.NAME, settings.url, {"Authorization": auth, "Accept": "application/json"}, sync)
        self._user_ids: dict[str, str] | None = None

    @property
    def state_key(self) -> str:
        return f"{self.ID}@{self.http.base.split('://', 1)[-1]}"

    def user_id(self, user: str) -> str:
        """The Jellyfin id of `user`'s account (named by user name or id in the config)."""
        if self._user_ids is None:
            reply = self.http.call("GET", "/Users")
            rows = reply.data if isinstance(reply.data, list) else []
            self._user_ids = {}
            for row in rows:
                if isinstance(row, dict) and row.get("Id"):
                    self._user_ids[str(row.get("Name", "")).casefold()] = str(row["Id"])
                    self._user_ids[str(row["Id"]).replace("-", "").casefold()] = str(row["Id"])
        wanted = (self.accounts[user].name or user).replace("-", "").casefold()
        found = self._user_ids.get(wanted) or self._user_ids.get((self.accounts[user].name or user).casefold())
        if not found:
            raise ProviderError(self.NAME, f"no Jellyfin user {self.accounts[user].name or user!r} "
                                           f"(for MovieVault user {user})")
        return found

    # -- reading ----------------------------------------------------------------------------
    def fetch(self, user: str, last: Mapping[str, Seen], cursor: str | None) -> Fetched:
        uid = self.user_id(user)
        out = Fetched(complete=cursor is None)
        queries = [{}] if cursor is None else [{"MinDateLastSavedForUser": cursor}, {"MinDateLastSaved": cursor}]
        for extra in queries:
            for row, date in self._pages(uid, extra):
                if out.cursor is None and date is not None:
                    out.cursor = format_stamp(date - CURSOR_MARGIN)
                item = item_of(row)
                if item is not None:
                    out.items[item.key] = item
                    out.seen[item.key] = seen_of(row.get("UserData"))
        if out.cursor is None:
            out.cursor = format_stamp(datetime.now(timezone.utc) - timedelta(minutes=1))
        return out

    def _pages(self, uid: str, extra: Mapping[str, str]) -> Iterator[tuple[dict[str, Any], datetime | None]]:
        start, size = 0, max(1, self.settings.page_size)
        while True:
            params = {"IncludeItemTypes": "Movie", "Recursive": "true", "Fields": _FIELDS, "userId": uid,
                      "SortBy": "SortName", "SortOrder": "Ascending", "EnableImages": "false",
                      "StartIndex": str(start), "Limit": str(size), **extra}
            reply = self.http.call("GET", "/Items", params=params)
            data = reply.data if isinstance(reply.data, dict) else {}
            rows = data.get("Items")
            if not isinstance(rows, list):
                raise ProviderError(self.NAME, "/Items: the answer has no Items list")
            date = _date(reply.headers.get("Date"))
            for row in rows:
                if isinstance(row, dict):
                    yield row, date
            total = data.get("TotalRecordCount")
            start += len(rows)
            if not rows or not isinstance(total, int) or start >= total:
                return

    # -- writing ----------------------------------------------------------------------------
    def push(self, user: str, pushes: list[Push]) -> Pushed:
        uid = self.user_id(user)
        out = Pushed()
        for p in pushes:
            body = user_data_body(p.target, p.groups)
            reply = self.http.for_items(lambda: self.http.call("POST", f"/UserItems/{p.key}/UserData",
                                                               params={"userId": uid}, json=body), out.failed, [p.key])
            if reply is None:
                continue
            if reply.status == 404:
                out.gone.append(p.key)
            else:
                out.seen[p.key] = seen_of(reply.data)
        return out

    def refresh(self, folders: Mapping[str, list[Item]]) -> list[str]:
        done = []
        for folder, items in folders.items():
            if self.http.for_items(lambda: [self.http.call(
                    "POST", f"/Items/{item.key}/Refresh", expect_json=False,
                    params={"metadataRefreshMode": "Default", "imageRefreshMode": "Default",
                            "replaceAllMetadata": "false", "replaceAllImages": "false"}) for item in items]) is not None:
                done.append(folder)
        return done

    def requests(self) -> int:
        return self.http.requests()

    def close(self) -> None:
        self.http.close()


def item_of(row: Mapping[str, Any]) -> Item | None:
    if row.get("Type") not in (None, "Movie") or not row.get("Id"):
        return None
    provider = {str(k).casefold(): v for k, v in (row.get("ProviderIds") or {}).items()} \
        if isinstance(row.get("ProviderIds"), dict) else {}
    ids = {k: str(provider[k]) for k in ("tmdb", "imdb") if provider.get(k)}
    year = row.get("ProductionYear")
    return Item(str(row["Id"]), str(row.get("Name") or ""), year if isinstance(year, int) else None, ids,
                str(row["Path"]) if row.get("Path") else None)


def seen_of(data: Any) -> Seen:
    if not isinstance(data, dict):
        return Seen()
    last = parse_stamp(data.get("LastPlayedDate"))
    ticks = data.get("PlaybackPositionTicks")
    rating = data.get("Rating")
    state = WatchState(watched=data.get("Played") is True, playcount=_int(data.get("PlayCount")),
                       lastplayed=last, position=_int(ticks) // TICKS,
                       favorite=data.get("IsFavorite") is True,
                       rating=float(rating) if isinstance(rating, (int, float)) and 0 < rating <= 10 else None)
    return Seen(state, {"played": last, "position": last, "favorite": None, "rating": None})


def user_data_body(state: WatchState, groups: tuple[str, ...]) -> dict[str, Any]:
    """`UpdateUserItemDataDto` with the pushed groups' fields only."""
    fields = {f for g in groups for f in GROUP_FIELDS[g]}
    body: dict[str, Any] = {}
    if "watched" in fields:
        body["Played"] = state.watched
        body["PlayCount"] = max(state.playcount, 1) if state.watched else 0
        body["LastPlayedDate"] = format_stamp(state.lastplayed) if state.watched and state.lastplayed else None
    if "position" in fields:
        body["PlaybackPositionTicks"] = state.position * TICKS
    if "favorite" in fields:
        body["IsFavorite"] = state.favorite
    if "rating" in fields:
        body["Rating"] = state.rating
    return body


def _int(value: Any) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else 0


def _date(header: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(header).astimezone(timezone.utc) if header else None
    except (TypeError, ValueError):
        return None


def _quoted(text: str) -> str:
    return text.replace('"', "'").replace(",", " ")

