"""TMDB v3: look a movie up by TMDB id, by IMDb id (/find) or by title search, then fetch
its details in one request and map them onto the metadata vocabulary."""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any, Iterable

from . import match
from ..errors import ProviderError
from ..fields import FIELDS
from ..log import get_logger
from .base import HOW_DIRECT, HOW_IMDB, HOW_SEARCH, Found, Provider, ProviderSettings, Query, env_or
from .http import HttpClient, Reply

log = get_logger(__name__)

DEFAULT_API_URL = "https://api.themoviedb.org/3"
DEFAULT_IMAGE_URL = "https://image.tmdb.org/t/p"
APPEND = "credits,release_dates,external_ids,images,keywords,translations,recommendations"
IMAGE_SIZE = "original"      # the artwork stage makes its own variants
PROFILE_SIZE = "w185"
# TMDB's people's photo sizes (/configuration `profile_sizes`) and the width of a 2:3
# headshot at each; "original" is as uploaded (often 1000-2000 px wide).
PROFILE_WIDTHS = (("w45", 45), ("w185", 185), ("h632", 421))


def profile_size_for(width: int) -> str:
    """The smallest TMDB profile size at least `width` wide (what a site showing people's
    photos `width` px wide should fetch), else "original"."""
    return next((size for size, w in PROFILE_WIDTHS if w >= width), "original")
CAST_LIMIT = 30
# Theatrical first: premieres often carry no certification.
RELEASE_TYPE_ORDER = (3, 2, 4, 5, 6, 1)
WRITING_DEPARTMENT = "Writing"


class TmdbProvider(Provider):
    NAME = "TMDB"
    ID = "tmdb"

    def __init__(self, settings: ProviderSettings, http: HttpClient | None = None):
        self.settings = settings
        self.http = http or HttpClient(settings)
        self.api_key = env_or(settings.tmdb_api_key, "TMDB_API_KEY")
        self.token = env_or(settings.tmdb_read_token, "TMDB_READ_ACCESS_TOKEN")
        self.api_url = env_or(settings.tmdb_api_url, "TMDB_API_URL", DEFAULT_API_URL).rstrip("/")
        self.image_url = env_or(settings.tmdb_image_url, "TMDB_IMAGE_URL",
                                DEFAULT_IMAGE_URL).rstrip("/")
        self.min_confidence = settings.min_confidence
        # collection id -> its mapped record (None: not found); one request per collection per run
        self._collections: dict[str, dict | None] = {}
        self._collection_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def available(self) -> bool:
        return bool(self.api_key or self.token)

    def lookup(self, q: Query) -> Found | None:
        """By TMDB id, else IMDb id, else search. An id TMDB answers 404 for is named in
        the result's `extra["gone"]`, so the caller can replace it."""
        tmdb_id = str(q.ids.get("tmdb") or "").strip()
        if tmdb_id.isdigit():
            found = self._details(tmdb_id, q, HOW_DIRECT, 1.0)
            if found:
                return found
            log.info("TMDB has no movie %s any more; looking it up another way", tmdb_id)
            found = self._lookup_other(q)
            return replace(found, extra={**found.extra, "gone": {"tmdb": tmdb_id}}) if found else None
        return self._lookup_other(q)

    def _lookup_other(self, q: Query) -> Found | None:
        imdb_id = str(q.ids.get("imdb") or "").strip()
        if imdb_id.startswith("tt"):
            movie_id = self._find_imdb(imdb_id, q.language)
            found = movie_id and self._details(movie_id, q, HOW_IMDB, 1.0)
            if found:
                return found
        if not (q.title or q.original_title):
            return None
        return self._search(q)

    # -- requests -------------------------------------------------------------------------
    def _get(self, path: str, **params: Any) -> Reply:
        if not self.available():
            raise ProviderError(self.NAME, "no API key: set TMDB_API_KEY or TMDB_READ_ACCESS_TOKEN",
                                fatal=True)
        headers = {}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        else:
            params["api_key"] = self.api_key
        return self.http.get_json(self.api_url + path, provider=self.NAME, params=params,
                                  headers=headers)

    def _find_imdb(self, imdb_id: str, language: str) -> str | None:
        reply = self._get(f"/find/{imdb_id}", external_source="imdb_id", language=language)
        if reply.status != 200:
            return None
        results = (reply.data or {}).get("movie_results") or []
        return str(results[0]["id"]) if results else None

    def _details(self, movie_id: str, q: Query, how: str, confidence: float) -> Found | None:
        reply = self._get(f"/movie/{movie_id}", language=q.language, append_to_response=APPEND,
                          include_image_language=f"{q.language[:2]},null")
        if reply.status == 404:
            return None
        data = reply.data
        meta = map_details(data, self.image_url, self.settings.certification_country, q.language)
        extra = map_extra(data, self.image_url)
        if extra.get("collection_id"):
            collection = self._collection(extra["collection_id"], q.language)
            if collection:
                meta["collection"] = {**collection, "name": meta["collection"]["name"]}
        return Found(self.ID, meta, how, confidence, extra)

    def _collection(self, collection_id: str, language: str) -> dict | None:
        """The collection's record with its parts, fetched at most once per run; a failed
        fetch leaves the movie with the collection's name only."""
        with self._lock:
            lock = self._collection_locks.setdefault(collection_id, threading.Lock())
        with lock:   # movies of one collection looked up at once wait for the first fetch
            if collection_id not in self._collections:
                self._collections[collection_id] = self._fetch_collection(collection_id, language)
            return self._collections[collection_id]

    def _fetch_collection(self, collection_id: str, language: str) -> dict | None:
        try:
            reply = self._get(f"/collection/{collection_id}", language=language)
        except ProviderError as exc:
            if exc.fatal:
                raise
            log.warning("TMDB collection %s: %s; kept its name only", collection_id, exc.reason)
            return None
        if reply.status != 200 or not isinstance(reply.data, dict):
            return None
        return map_collection(reply.data)

    def _search(self, q: Query) -> Found | None:
        pool: dict[str, tuple[match.Candidate, dict]] = {}
        titles = [q.title, q.original_title]
        ranked: list[match.Scored] = []
        for text, year in search_attempts(q.title, q.original_title, q.year):
            for hit in self._search_page(text, year, q.language):
                cand = candidate_of(hit)
                pool.setdefault(cand.id, (cand, hit))
            ranked = match.rank(titles, q.year, (c for c, _ in pool.values()))
            if ranked and ranked[0].score >= self.min_confidence:
                break
        if not ranked:
            return None
        top = ranked[0]
        if top.score < self.min_confidence:
            # Not taken: a cheap sketch of the guess so the caller can report it.
            hit = pool[top.candidate.id][1]
            extra = {"candidates": [{"tmdb": s.candidate.id, "title": s.candidate.title,
                                     "year": s.candidate.year, "score": s.score} for s in ranked[:5]]}
            return Found(self.ID, map_search_hit(hit, self.image_url), HOW_SEARCH, top.score, extra)
        return self._details(top.candidate.id, q, HOW_SEARCH, top.score)


    def _search_page(self, text: str, year: int | None, language: str) -> list[dict]:
        reply = self._get("/search/movie", query=text, include_adult="false", language=language,
                          **({"primary_release_year": year} if year else {}))
        return [h for h in (reply.data or {}).get("results") or [] if isinstance(h, dict) and h.get("id")]

    # -- for people choosing by hand (movievault identify, artwork choose) -----------------
    def search_hits(self, q: Query) -> list[dict]:
        """Every hit of every search attempt for the query's titles, first seen first."""
        pool: dict[str, dict] = {}
        for text, year in search_attempts(q.title, q.original_title, q.year):
            for hit in self._search_page(text, year, q.language):
                pool.setdefault(str(hit["id"]), hit)
        return list(pool.values())

    def movie(self, movie_id: str, language: str = "en-US") -> Found | None:
        """One movie's details by TMDB id; None when TMDB has no such movie."""
        return self._details(str(movie_id), Query(title=None, language=language), HOW_DIRECT, 1.0)

    def images(self, movie_id: str, language: str = "en-US") -> list[dict[str, Any]]:
        """Every poster and backdrop TMDB holds for a movie, in its language or none:
        [{kind, src, language, votes, vote_count, width, height}]."""
        reply = self._get(f"/movie/{movie_id}/images", include_image_language=f"{language[:2]},null")
        if reply.status != 200 or not isinstance(reply.data, dict):
            return []
        out = []
        for kind, key in (("poster", "posters"), ("fanart", "backdrops")):
            for i in reply.data.get(key) or []:
                if isinstance(i, dict) and i.get("file_path"):
                    out.append({"kind": kind, "src": image(self.image_url, i["file_path"]),
                                "language": i.get("iso_639_1") or None, "votes": i.get("vote_average") or 0,
                                "vote_count": i.get("vote_count") or 0, "width": i.get("width"),
                                "height": i.get("height")})
        return out

    def verify(self) -> None:
        """Ask TMDB whether the credentials work; ProviderError (fatal) when rejected."""
        self._get("/configuration")


def search_attempts(title: str | None, original: str | None,
                    year: int | None) -> list[tuple[str, int | None]]:
    """Title+year, year-1, year+1, no year, then the original title (with and without year)."""
    tries: list[tuple[str, int | None]] = []
    if title:
        if year:
            tries += [(title, year), (title, year - 1), (title, year + 1)]
        tries.append((title, None))
    if original and original != title:
        if year:
            tries.append((original, year))
        tries.append((original, None))
    return tries


def candidate_of(hit: dict) -> match.Candidate:
    return match.Candidate(id=str(hit["id"]), title=hit.get("title") or "",
                           original_title=hit.get("original_title"),
                           year=match.year_of(hit.get("release_date")),
                           popularity=float(hit.get("popularity") or 0.0))


# -- mapping: TMDB JSON -> metadata dict ----------------------------------------------------
def image(base: str, path: str | None, size: str = IMAGE_SIZE) -> str | None:
    return f"{base}/{size}{path}" if path else None


def _names(items: Iterable[dict] | None, key: str = "name") -> list[str]:
    return [i[key] for i in items or [] if i.get(key)]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def map_search_hit(hit: dict, image_base: str) -> dict:
    meta = {"title": hit.get("title"), "original_title": hit.get("original_title"),
            "year": match.year_of(hit.get("release_date")), "plot": hit.get("overview"),
            "ids": {"tmdb": str(hit["id"])},
            "images": _images(hit, image_base, None)}
    return _compact(meta)


def map_details(d: dict, image_base: str, country: str, language: str) -> dict:
    credits = d.get("credits") or {}
    crew = credits.get("crew") or []
    ids = {"tmdb": str(d["id"])}
    imdb = d.get("imdb_id") or (d.get("external_ids") or {}).get("imdb_id")
    if imdb:
        ids["imdb"] = imdb
    votes = d.get("vote_count") or 0
    meta = {
        **{f.name: d.get(f.tmdb) or None for f in FIELDS.values() if f.tmdb},   # copied as TMDB has them
        "year": match.year_of(d.get("release_date")), "premiered": d.get("release_date") or None,
        "genres": _names(d.get("genres")), "studios": _names(d.get("production_companies")),
        "countries": _names(d.get("production_countries")),
        "certification": certification(d.get("release_dates"), country),
        "directors": _unique(c["name"] for c in crew if c.get("job") == "Director"),
        "writers": _unique(c["name"] for c in crew if c.get("department") == WRITING_DEPARTMENT),
        "cast": _cast(credits.get("cast"), image_base),
        "collection": ({"name": d["belongs_to_collection"]["name"]}
                       if d.get("belongs_to_collection") else None),
        "rating": round(float(d["vote_average"]), 1) if votes and d.get("vote_average") else None,
        "ratings": ({"tmdb": {"value": round(float(d["vote_average"]), 1), "votes": votes}}
                    if votes else {}),
        "ids": ids,
        "images": _images(d, image_base, language),
        "tags": _names((d.get("keywords") or {}).get("keywords")),
        "recommendations": recommendations(d.get("recommendations")),
    }
    if meta["original_title"] == meta["title"]:
        meta["original_title"] = None
    return _compact(meta)


def recommendations(page: dict | None) -> list[dict]:
    """The first page of /movie/{id}/recommendations (appended to the details request: one
    request a film, not two) -> [{tmdb, title, year}] in TMDB's order."""
    results = (page or {}).get("results") if isinstance(page, dict) else None
    out = []
    for r in results or []:
        if isinstance(r, dict) and r.get("id") and (r.get("title") or r.get("name")):
            ref = {"tmdb": str(r["id"]), "title": r.get("title") or r.get("name"),
                   "year": match.year_of(r.get("release_date"))}
            out.append({k: v for k, v in ref.items() if v is not None})
    return out


def map_collection(d: dict) -> dict:
    """/collection/{id} -> {name, overview, tmdb, parts: [{tmdb, title, year}]}, parts in
    release order (undated ones last). Part titles are read from `title` or `name`: sources
    disagree on which one the API sends."""
    parts = [{"tmdb": str(p["id"]), "title": p.get("title") or p.get("name") or "",
              "year": match.year_of(p.get("release_date")), "_date": p.get("release_date") or ""}
             for p in d.get("parts") or [] if isinstance(p, dict) and p.get("id")]
    parts.sort(key=lambda p: (not p["_date"], p["_date"], p["title"].casefold()))
    out = {"name": d.get("name"), "overview": d.get("overview") or None,
           "tmdb": str(d["id"]) if d.get("id") else None,
           "parts": [{k: v for k, v in p.items() if k != "_date" and v is not None}
                     for p in parts if p["title"]]}
    return _compact(out)


def map_extra(d: dict, image_base: str | None = None) -> dict:
    collection = d.get("belongs_to_collection") or {}
    extra = {
        "collection_images": [{"kind": kind, "src": image(image_base, collection.get(key))}
                              for kind, key in (("poster", "poster_path"), ("fanart", "backdrop_path"))
                              if image_base and collection.get(key)],
        "translations": translations(d.get("translations")),
        "collection_id": str(collection["id"]) if collection.get("id") else None,
        "keywords": _names((d.get("keywords") or {}).get("keywords")),
        "popularity": d.get("popularity"),
    }
    return {k: v for k, v in extra.items() if v not in (None, [], {})}


def certification(release_dates: dict | None, country: str) -> str | None:
    """The first non-empty certification for `country`, theatrical releases first."""
    for entry in (release_dates or {}).get("results") or []:
        if entry.get("iso_3166_1") != country:
            continue
        dates = entry.get("release_dates") or []
        order = {t: i for i, t in enumerate(RELEASE_TYPE_ORDER)}
        for rel in sorted(dates, key=lambda r: order.get(r.get("type"), len(order))):
            if rel.get("certification"):
                return rel["certification"]
    return None


def translations(block: dict | None) -> dict[str, dict[str, str]]:
    """{"fr-FR": {"title": …, "overview": …}}; empty strings mean "not translated"."""
    out: dict[str, dict[str, str]] = {}
    for t in (block or {}).get("translations") or []:
        data = t.get("data") or {}
        fields = {k: data[k] for k in ("title", "overview") if data.get(k)}
        if fields:
            out[f"{t.get('iso_639_1')}-{t.get('iso_3166_1')}"] = fields
    return out


def _cast(cast: list[dict] | None, image_base: str) -> list[dict]:
    people = sorted(cast or [], key=lambda c: c.get("order", 0))[:CAST_LIMIT]
    out = []
    for p in people:
        person = {"name": p.get("name"), "role": p.get("character") or None, "order": p.get("order"),
                  "thumb": image(image_base, p.get("profile_path"), PROFILE_SIZE)}
        out.append({k: v for k, v in person.items() if v is not None})
    return [p for p in out if p.get("name")]


def _images(d: dict, image_base: str, language: str | None) -> list[dict]:
    out = [{"kind": kind, "src": image(image_base, d.get(key))}
           for kind, key in (("poster", "poster_path"), ("fanart", "backdrop_path"))]
    logos = (d.get("images") or {}).get("logos") or []
    lang = (language or "")[:2]
    logos = sorted(logos, key=lambda i: (i.get("iso_639_1") != lang, -(i.get("vote_average") or 0)))
    if logos:
        out.append({"kind": "clearlogo", "src": image(image_base, logos[0].get("file_path"))})
    return [i for i in out if i["src"]]


def _compact(meta: dict) -> dict:
    return {k: v for k, v in meta.items() if v not in (None, "", [], {})}
