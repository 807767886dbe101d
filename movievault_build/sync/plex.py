"""Plex Media Server: the movie sections, each account's watch state, written back the ways
Plex offers, and partial scans of the folders MovieVault wrote NFOs into.

- Auth: `X-Plex-Token` (the server owner's for sections and scans; each Plex Home user's
  own token for their watch state). Answers as JSON (`Accept: application/json`).
- Reading: `/library/sections`, then `/library/sections/{id}/all?type=1&includeGuids=1` in
  pages (`X-Plex-Container-Start`/`-Size`). Plex keeps no date for a user's data that an
  un-watch would move, so every run lists the sections (a page per `page_size` movies).
- Writing: `/:/scrobble` and `/:/unscrobble` (watched, unwatched), `/:/rate` (the user's
  rating), `/:/progress` (the resume point). Plex counts plays itself: a push adds one
  play, it cannot set a count or a date. The pushed items are then read back
  (`/library/metadata/{keys}`), so MovieVault remembers what Plex really holds.
- After MovieVault writes an NFO: `/library/sections/{id}/refresh?path=<folder>` — a
  partial scan of that folder, as Plex sees it.

python-plexapi is not used: see the README ("Why each dependency is here").
"""
from __future__ import annotations

import platform
from datetime import datetime, timezone
from typing import Any, Iterator, Mapping

from ..errors import ProviderError
from ..model import WatchState
from ..path_mapping import unmap_path
from .merge import Capabilities
from .model import Item, Seen
from .service import Fetched, Push, Pushed, Service, ServiceHttp
from .settings import PlexSettings, SyncSettings
from .state import iter_chunks

IDENTIFIER = "com.plexapp.plugins.library"
READ_BACK = 100          # ratingKeys per /library/metadata/{keys} request


class Plex(Service):
    NAME = "Plex"
    ID = "plex"
    caps = Capabilities(groups=("played", "position", "rating"), exact=frozenset({"position", "rating"}))

    def __init__(self, settings: PlexSettings, sync: SyncSettings):
        super().__init__(settings.accounts)
        self.settings, self.mappings = settings, sync.path_mappings
        node = platform.node() or "host"
        self.http = ServiceHttp(self.NAME, settings.url, {
            "Accept": "application/json", "X-Plex-Product": "MovieVault",
            "X-Plex-Client-Identifier": f"movievault-{node}"}, sync)
        self._sections: list[dict[str, Any]] | None = None

    @property
    def state_key(self) -> str:
        return f"{self.ID}@{self.http.base.split('://', 1)[-1]}"

    def _token(self, user: str | None) -> dict[str, str]:
        account = self.accounts.get(user) if user else None
        token = (account.token if account and account.token else None) or self.settings.token
        return {"X-Plex-Token": token}

    def sections(self) -> list[dict[str, Any]]:
        """The movie sections to sync: those configured by title or key, or all."""
        if self._sections is None:
            reply = self.http.call("GET", "/library/sections", headers=self._token(None))
            rows = _container(reply.data).get("Directory") or []
            wanted = {s.casefold() for s in self.settings.sections}
            self._sections = [r for r in rows if isinstance(r, dict) and r.get("type") == "movie" and
                              (not wanted or str(r.get("title", "")).casefold() in wanted
                               or str(r.get("key")) in wanted)]
            if wanted and not self._sections:
                raise ProviderError(self.NAME, f"no movie section called {', '.join(self.settings.sections)}")
        return self._sections

    # -- reading ----------------------------------------------------------------------------
    def fetch(self, user: str, last: Mapping[str, Seen], cursor: str | None) -> Fetched:
        out = Fetched(complete=True)
        for section in self.sections():
            for row in self._pages(str(section.get("key")), user):
                item = item_of(row)
                if item is not None:
                    out.items[item.key] = item
                    out.seen[item.key] = seen_of(row)
        return out

    def _pages(self, section: str, user: str) -> Iterator[dict[str, Any]]:
        start, size = 0, max(1, self.settings.page_size)
        while True:
            headers = {**self._token(user), "X-Plex-Container-Start": str(start), "X-Plex-Container-Size": str(size)}
            reply = self.http.call("GET", f"/library/sections/{section}/all", headers=headers,
                                   params={"type": "1", "includeGuids": "1"})
            box = _container(reply.data)
            rows = box.get("Metadata") or []
            yield from (r for r in rows if isinstance(r, dict))
            total = box.get("totalSize", box.get("size"))
            start += len(rows)
            if not rows or not isinstance(total, int) or start >= total:
                return

    def refetch(self, user: str, last: Mapping[str, Seen], cursor: str | None, keys: list[str]) -> Fetched:
        out = Fetched()
        for chunk in iter_chunks(sorted(keys), READ_BACK):
            reply = self.http.call("GET", f"/library/metadata/{','.join(chunk)}", headers=self._token(user))
            for row in _container(reply.data).get("Metadata") or []:
                item = item_of(row) if isinstance(row, dict) else None
                if item is not None:
                    out.items[item.key] = item
                    out.seen[item.key] = seen_of(row)
        return out

    # -- writing ----------------------------------------------------------------------------
    def push(self, user: str, pushes: list[Push]) -> Pushed:
        out = Pushed()
        for p in pushes:
            self.http.for_items(lambda: self._push_one(user, p, out), out.failed, [p.key])
        return out

    def _push_one(self, user: str, p: Push, out: Pushed) -> None:
        for path, params, method, idempotent in actions(p):
            reply = self.http.call(method, path, headers=self._token(user), expect_json=False,
                                   idempotent=idempotent, params={"key": p.key, "identifier": IDENTIFIER, **params})
            if reply.status == 404:
                out.gone.append(p.key)
                return

    def refresh(self, folders: Mapping[str, list[Item]]) -> list[str]:
        """A partial scan per folder, in the section whose location holds it."""
        done = []
        for folder in folders:
            theirs = unmap_path(folder, self.mappings)
            section = next((s for s in self.sections() for loc in s.get("Location") or []
                            if isinstance(loc, dict) and _inside(theirs, str(loc.get("path", "")))), None)
            if section is None:
                continue
            if self.http.for_items(lambda: self.http.call(
                    "GET", f"/library/sections/{section.get('key')}/refresh", expect_json=False,
                    headers=self._token(None), params={"path": theirs})) is not None:
                done.append(folder)
        return done

    def requests(self) -> int:
        return self.http.requests()

    def close(self) -> None:
        self.http.close()


def actions(p: Push) -> list[tuple[str, dict[str, str], str, bool]]:
    """(path, params, method, idempotent) for each call one push needs."""
    out = []
    if "played" in p.groups:
        if p.target.watched:
            out.append(("/:/scrobble", {}, "GET", False))      # adds a play: never retried blindly
        elif p.current.watched:
            out.append(("/:/unscrobble", {}, "GET", True))
    if "position" in p.groups and p.target.position:
        out.append(("/:/progress", {"time": str(p.target.position * 1000), "state": "stopped"}, "GET", True))
    if "rating" in p.groups:
        rating = p.target.rating
        out.append(("/:/rate", {"rating": f"{rating:g}" if rating is not None else "-1"}, "PUT", True))
    return out


def item_of(row: Mapping[str, Any]) -> Item | None:
    if row.get("type") not in (None, "movie") or not row.get("ratingKey"):
        return None
    ids: dict[str, str] = {}
    for guid in row.get("Guid") or []:
        scheme, _, value = str(guid.get("id", "") if isinstance(guid, dict) else "").partition("://")
        if scheme in ("tmdb", "imdb") and value:
            ids.setdefault(scheme, value)
    legacy = str(row.get("guid") or "")           # com.plexapp.agents.imdb://tt0113277?lang=en
    for agent, kind in (("com.plexapp.agents.imdb://", "imdb"), ("com.plexapp.agents.themoviedb://", "tmdb")):
        if legacy.startswith(agent):
            ids.setdefault(kind, legacy[len(agent):].split("?", 1)[0])
    path = next((part.get("file") for media in row.get("Media") or [] if isinstance(media, dict)
                 for part in media.get("Part") or [] if isinstance(part, dict) and part.get("file")), None)
    year = row.get("year")
    return Item(str(row["ratingKey"]), str(row.get("title") or ""), year if isinstance(year, int) else None, ids,
                str(path) if path else None)


def seen_of(row: Mapping[str, Any]) -> Seen:
    count = _int(row.get("viewCount"))
    viewed = _epoch(row.get("lastViewedAt"))
    rating = row.get("userRating")
    state = WatchState(watched=count > 0, playcount=count, lastplayed=viewed if count else None,
                       position=_int(row.get("viewOffset")) // 1000,
                       rating=float(rating) if isinstance(rating, (int, float)) and 0 < rating <= 10 else None)
    return Seen(state, {"played": viewed, "position": viewed, "rating": _epoch(row.get("lastRatedAt"))})


def _container(data: Any) -> dict[str, Any]:
    box = data.get("MediaContainer") if isinstance(data, dict) else None
    if not isinstance(box, dict):
        raise ProviderError("Plex", "the answer is not a MediaContainer")
    return box


def _inside(path: str, folder: str) -> bool:
    folder = folder.rstrip("/\\")
    return bool(folder) and (path == folder or path.startswith(folder + "/") or path.startswith(folder + "\\"))


def _int(value: Any) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return 0


def _epoch(value: Any) -> datetime | None:
    seconds = _int(value)
    return datetime.fromtimestamp(seconds, timezone.utc) if seconds else None
