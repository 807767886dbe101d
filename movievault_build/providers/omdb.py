"""OMDb: IMDb, Rotten Tomatoes and Metacritic ratings (plus basic facts), by IMDb id or
by title and year. OMDb reports errors in the body (`"Response": "False"`), on 200 or 401."""
from __future__ import annotations

import re
import threading
from datetime import datetime
from typing import Any

from . import match
from ..errors import ProviderError
from ..fields import DATE, FIELDS, INT, NAMES, NUMBER
from ..log import get_logger
from .base import HOW_IMDB, HOW_SEARCH, Found, Provider, ProviderSettings, Query, env_or
from .http import HttpClient

log = get_logger(__name__)

DEFAULT_API_URL = "https://www.omdbapi.com/"
NOT_FOUND = frozenset({"Movie not found!", "Incorrect IMDb ID.", "Error getting data."})
BAD_KEY = frozenset({"Invalid API key!", "No API key provided."})
LIMIT_REACHED = "Request limit reached!"
MISSING = "N/A"


class OmdbProvider(Provider):
    NAME = "OMDb"
    ID = "omdb"

    def __init__(self, settings: ProviderSettings, http: HttpClient | None = None):
        self.settings = settings
        self.http = http or HttpClient(settings)
        self.api_key = env_or(settings.omdb_api_key, "OMDB_API_KEY")
        self.api_url = env_or(settings.omdb_api_url, "OMDB_API_URL", DEFAULT_API_URL)
        self.min_confidence = settings.min_confidence
        # Once the daily quota is gone every further call would fail too.
        self._exhausted = threading.Event()

    def available(self) -> bool:
        return bool(self.api_key) and not self._exhausted.is_set()

    def lookup(self, q: Query) -> Found | None:
        if self._exhausted.is_set():
            raise ProviderError(self.NAME, "daily request limit reached; skipped for this run")
        imdb_id = str(q.ids.get("imdb") or "").strip()
        if imdb_id.startswith("tt"):
            data = self._get(i=imdb_id)
            return Found(self.ID, map_movie(data), HOW_IMDB, 1.0) if data else None
        for title, year in _attempts(q):
            data = self._get(t=title, y=year)
            if data:
                cand = match.Candidate(id=data.get("imdbID", ""), title=data.get("Title", ""),
                                       year=_int(data.get("Year")))
                score = match.score_candidate([q.title or "", q.original_title or ""], q.year, cand, 0)
                return Found(self.ID, map_movie(data), HOW_SEARCH, score)
        return None

    def _get(self, **params: Any) -> dict | None:
        if not self.api_key:
            raise ProviderError(self.NAME, "no API key: set OMDB_API_KEY", fatal=True)
        query = {k: v for k, v in params.items() if v}
        query.update(type="movie", apikey=self.api_key)
        reply = self.http.get_json(self.api_url, provider=self.NAME, params=query, allow=(401,))
        data = reply.data if isinstance(reply.data, dict) else {}
        if data.get("Response") == "True" and reply.status == 200:
            return data
        error = data.get("Error") or f"HTTP {reply.status}"
        if error in NOT_FOUND or reply.status == 404:
            return None
        if error == LIMIT_REACHED:
            self._exhausted.set()
            raise ProviderError(self.NAME, "daily request limit reached; skipped for this run")
        if error in BAD_KEY or reply.status == 401:
            raise ProviderError(self.NAME, "OMDb rejected the API key", fatal=True)
        raise ProviderError(self.NAME, error)


    def verify(self) -> None:
        """Ask OMDb whether the key works (a lookup of a known id); ProviderError when not."""
        self._get(i="tt0133093")


def _attempts(q: Query) -> list[tuple[str, int | None]]:
    tries: list[tuple[str, int | None]] = []
    for title in dict.fromkeys(t for t in (q.title, q.original_title) if t):
        tries += [(title, q.year)] + ([(title, None)] if q.year else [])
    return tries


def _value(data: dict, key: str) -> str | None:
    v = data.get(key)
    return v.strip() if isinstance(v, str) and v.strip() and v.strip() != MISSING else None


def _int(text: str | None) -> int | None:
    m = re.match(r"\d+", (text or "").replace(",", ""))
    return int(m.group()) if m else None


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _split(text: str | None) -> list[str]:
    """"A, B (screenplay), C" -> ["A", "B", "C"] (credits in parentheses dropped)."""
    names = (re.sub(r"\s*\(.*?\)", "", part).strip() for part in (text or "").split(","))
    return list(dict.fromkeys(n for n in names if n))


def _same(text: str | None) -> str | None:
    return text


def _date(text: str | None) -> str | None:
    try:
        return datetime.strptime(text, "%d %b %Y").date().isoformat() if text else None
    except ValueError:
        return None


def map_ratings(data: dict) -> dict[str, dict[str, float | int]]:
    ratings: dict[str, dict[str, float | int]] = {}
    imdb = _float(_value(data, "imdbRating"))
    if imdb is not None:
        ratings["imdb"] = {"value": imdb, "votes": _int(_value(data, "imdbVotes")) or 0}
    for entry in data.get("Ratings") or []:
        if entry.get("Source") == "Rotten Tomatoes":
            pct = _int(entry.get("Value"))
            if pct is not None:
                ratings["rottentomatoes"] = {"value": pct}
    metascore = _int(_value(data, "Metascore"))
    if metascore is not None:
        ratings["metacritic"] = {"value": metascore}
    return ratings


# How a declared field's OMDb value is read, by the field's kind (fields.py); others as given.
_READ = {INT: _int, NUMBER: _float, DATE: _date, NAMES: _split}


def map_movie(data: dict) -> dict:
    poster = _value(data, "Poster")
    meta = {
        **{f.name: _READ.get(f.kind, _same)(_value(data, f.omdb)) for f in FIELDS.values() if f.omdb},
        "ids": {"imdb": data["imdbID"]} if _value(data, "imdbID") else {},
        "ratings": map_ratings(data),
        "cast": [{"name": n, "order": i} for i, n in enumerate(_split(_value(data, "Actors")))],
        "images": [{"kind": "poster", "src": poster}] if poster else [],
    }
    return {k: v for k, v in meta.items() if v not in (None, "", [], {})}
