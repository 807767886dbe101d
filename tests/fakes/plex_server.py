"""A fake Plex Media Server: XML by default, JSON with `Accept: application/json`, token
in `X-Plex-Token` (header or query), epoch-second timestamps.

Routes: `/library/sections`, `/library/sections/{id}/all` (paged by
`X-Plex-Container-Start`/`-Size`, headers or query; `includeGuids=1` adds the `Guid`
children), `/library/metadata/{key[,key…]}`, `/:/scrobble`, `/:/unscrobble`, `/:/rate`,
`/:/progress`, `/library/sections/{id}/refresh[?path=&force=1]` (admin token only).

Each token is an account (the admin, or a Plex Home user) with its own watch state.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from . import EMPTY, FakeApiServer, Raw
from .media_library import Film

ADMIN_TOKEN = "plex-admin-token-AbC123xYz"
IDENTIFIER = "com.plexapp.plugins.library"


@dataclass
class Watch:
    view_count: int = 0
    last_viewed: int | None = None
    view_offset: int = 0          # ms
    rating: float | None = None
    rated_at: int | None = None


@dataclass
class Section:
    key: int
    title: str
    location: str
    type: str = "movie"
    films: dict[int, Film] = field(default_factory=dict)


class FakePlex(FakeApiServer):
    """`tokens`: token -> account name (the admin's is ADMIN_TOKEN). `scans` lists
    (section key, path or None) for every refresh asked for."""

    def __init__(self, films: list[Film] = (), tokens: dict[str, str] | None = None, latency: float = 0.0,
                 location: str = "/media/movies", clock=time.time):
        super().__init__(latency)
        self.clock = clock
        self.tokens = {ADMIN_TOKEN: "admin", **(tokens or {})}
        self.sections = {1: Section(1, "Movies", location, films={f.key: f for f in films}),
                         2: Section(2, "TV Shows", "/media/tv", type="show")}
        self.watch: dict[tuple[str, int], Watch] = {}
        self.scans: list[tuple[int, str | None]] = []
        self.bad_token = False
        self._state = threading.Lock()

    # -- test helpers ---------------------------------------------------------------------
    def set_watch(self, account: str, film: Film, **values: Any) -> None:
        with self._state:
            w = self.watch.setdefault((account, film.key), Watch())
            for k, v in values.items():
                setattr(w, k, v)

    def watched(self, account: str, film: Film) -> Watch:
        with self._state:
            return self.watch.get((account, film.key), Watch())

    # -- protocol -------------------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: Any):
        token = headers.get("x-plex-token") or query.get("X-Plex-Token")
        account = self.tokens.get(token or "")
        if self.bad_token or account is None:
            return 401, {}, Raw(b"<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1>"
                                b"</body></html>", "text/html")
        as_json = "application/json" in headers.get("accept", "")
        parts = [p for p in path.split("/") if p]
        with self._state:
            status, container = self._route(method, parts, query, headers, account)
        if container is None:
            return status, {}, EMPTY
        return status, {}, (container_json(container) if as_json else container_xml(container))

    def _route(self, method: str, parts: list[str], query: dict[str, str], headers: dict[str, str], account: str):
        if parts == ["library", "sections"] and method == "GET":
            dirs = [{"key": str(s.key), "type": s.type, "title": s.title, "agent": "tv.plex.agents.movie",
                     "scanner": "Plex Movie", "language": "en-US", "uuid": f"uuid-{s.key}", "refreshing": "0",
                     "updatedAt": "1700000000", "createdAt": "1600000000",
                     "Location": [{"id": s.key, "path": s.location}]} for s in self.sections.values()]
            return 200, {"size": len(dirs), "Directory": dirs}
        if len(parts) == 4 and parts[:2] == ["library", "sections"] and parts[3] == "all" and method == "GET":
            section = self.sections.get(int(parts[2])) if parts[2].isdigit() else None
            if section is None:
                return 404, None
            return 200, self._listing(section, query, headers, account)
        if len(parts) == 4 and parts[:2] == ["library", "sections"] and parts[3] == "refresh":
            if account != "admin":
                return 403, None
            section = self.sections.get(int(parts[2])) if parts[2].isdigit() else None
            if section is None:
                return 404, None
            self.scans.append((section.key, query.get("path")))
            return 200, None
        if len(parts) == 3 and parts[:2] == ["library", "metadata"] and method == "GET":
            keys = [int(k) for k in parts[2].split(",") if k.isdigit()]
            films = [(s, s.films[k]) for k in keys for s in self.sections.values() if k in s.films]
            rows = [self._video(s, f, account, query.get("includeGuids") == "1") for s, f in films]
            return (200, {"size": len(rows), "Metadata": rows}) if rows else (404, None)
        if parts and parts[0] == ":" and len(parts) == 2:
            return self._action(parts[1], method, query, account)
        return 404, None

    def _listing(self, section: Section, query: dict[str, str], headers: dict[str, str], account: str):
        start = int(headers.get("x-plex-container-start") or query.get("X-Plex-Container-Start") or 0)
        size = headers.get("x-plex-container-size") or query.get("X-Plex-Container-Size")
        films = sorted(section.films.values(), key=lambda f: (f.title.casefold(), f.key))
        page = films[start:start + int(size) if size is not None else None]
        rows = [self._video(section, f, account, query.get("includeGuids") == "1") for f in page]
        return {"size": len(rows), "totalSize": len(films), "offset": start, "librarySectionID": section.key,
                "librarySectionTitle": section.title, "viewGroup": "movie", "Metadata": rows}

    def _video(self, section: Section, f: Film, account: str, guids: bool) -> dict[str, Any]:
        w = self.watch.get((account, f.key), Watch())
        row: dict[str, Any] = {
            "ratingKey": str(f.key), "key": f"/library/metadata/{f.key}", "guid": f"plex://movie/5d77{f.key:020x}",
            "type": "movie", "title": f.title, "titleSort": f.title, "year": f.year,
            "librarySectionID": section.key, "addedAt": 1700000000, "updatedAt": 1700000000, "duration": 7200000,
            "Media": [{"id": f.key, "videoResolution": "1080", "Part": [{"id": f.key, "file": f.path, "size": 1}]}]}
        if w.view_count:
            row["viewCount"] = w.view_count
        if w.last_viewed:
            row["lastViewedAt"] = w.last_viewed
        if w.view_offset:
            row["viewOffset"] = w.view_offset
        if w.rating is not None:
            row["userRating"] = w.rating
            row["lastRatedAt"] = w.rated_at
        if guids:
            row["Guid"] = [{"id": g} for g in (f"imdb://{f.imdb}" if f.imdb else None,
                                               f"tmdb://{f.tmdb}" if f.tmdb else None) if g]
        return row

    def _action(self, name: str, method: str, query: dict[str, str], account: str):
        key = query.get("key", "")
        if query.get("identifier") != IDENTIFIER or not key.isdigit():
            return 400, None
        if not any(int(key) in s.films for s in self.sections.values()):
            return 404, None
        w = self.watch.setdefault((account, int(key)), Watch())
        now = int(self.clock())
        if name == "scrobble" and method in ("GET", "PUT"):
            w.view_count, w.last_viewed, w.view_offset = w.view_count + 1, now, 0
        elif name == "unscrobble" and method in ("GET", "PUT"):
            w.view_count, w.last_viewed, w.view_offset = 0, None, 0
        elif name == "rate" and method == "PUT":
            rating = float(query.get("rating", "-1"))
            if not (rating == -1 or 0 <= rating <= 10):
                return 400, None
            w.rating, w.rated_at = (None, None) if rating == -1 else (rating, now)
        elif name in ("progress", "timeline") and method in ("GET", "PUT", "POST"):
            w.view_offset, w.last_viewed = int(query.get("time", "0")), now
        else:
            return 404, None
        return 200, None


def container_json(container: dict[str, Any]) -> dict[str, Any]:
    return {"MediaContainer": container}


def container_xml(container: dict[str, Any]) -> Raw:
    """The same container as Plex's XML: Metadata rows are <Video>, Directory rows
    <Directory>, nested lists (Media, Part, Guid, Location) child elements."""
    def element(tag: str, attrs: dict[str, Any]) -> str:
        flat = " ".join(f"{k}={quoteattr(str(v))}" for k, v in attrs.items()
                        if not isinstance(v, list) and v is not None)
        kids = "".join(element(k, row) for k, rows in attrs.items() if isinstance(rows, list) for row in rows)
        return f"<{tag} {flat}>{kids}</{tag}>" if kids else f"<{tag} {flat}/>"
    head = {k: v for k, v in container.items() if not isinstance(v, list)}
    rows = "".join(element("Video" if k == "Metadata" else k, row)
                   for k, v in container.items() if isinstance(v, list) for row in v)
    attrs = " ".join(f"{k}={quoteattr(str(v))}" for k, v in head.items())
    return Raw(f'<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer {attrs}>{rows}</MediaContainer>'.encode(),
               "text/xml;charset=utf-8")
