"""A fake TMDB v3 API: /search/movie, /movie/{id} (with append_to_response),
/movie/{id}/recommendations and /images, /find/{id},
/collection/{id} and /configuration, answering with the real shapes and error bodies.

Catalogue: remakes with the same title (Dune, The Thing, The Lion King), accented and
non-Latin titles (Amélie, Léon, 七人の侍), roman-numeral sequels (Rocky II/III) and one
deleted id (`DELETED_ID`) that answers 404 / status_code 34.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from . import FakeApiServer

API_KEY = "0123456789abcdef0123456789abcdef"
READ_TOKEN = "eyJhbGciOiJIUzI1NiJ9.fake-read-access-token.signature"
DELETED_ID = 9999999
APPENDABLE = ("credits", "release_dates", "external_ids", "images", "keywords", "translations",
              "recommendations", "videos")

ERRORS = {
    401: (7, "Invalid API key: You must be granted a valid key."),
    404: (34, "The resource you requested could not be found."),
    429: (25, "Your request count (#) is over the allowed limit of (40)."),
    500: (11, "Internal error: Something went wrong, contact TMDb."),
    503: (46, "The API is undergoing maintenance. Try again later."),
}


@dataclass(frozen=True)
class Film:
    id: int
    imdb: str
    title: str
    date: str                       # release_date, "" when unknown
    popularity: float
    original_title: str | None = None
    rating: float = 7.0
    votes: int = 1000
    runtime: int = 100
    genres: tuple[str, ...] = ("Drama",)
    company: str = "Fake Pictures"
    country: tuple[str, str] = ("US", "United States of America")
    collection: tuple[int, str] | None = None
    director: str = "Jane Director"
    writer: str = "John Writer"
    cast: tuple[tuple[str, str], ...] = (("Ann Actor", "Lead"), ("Bob Actor", "Friend"))
    certification: str = "PG-13"
    keywords: tuple[str, ...] = ()
    fr_title: str = ""
    tagline: str = ""
    recommendations: tuple[int, ...] = field(default=())


CATALOGUE: tuple[Film, ...] = (
    Film(841, "tt0087182", "Dune", "1984-12-14", 20.5, rating=6.3, runtime=137,
         genres=("Science Fiction", "Adventure"), director="David Lynch", certification="PG-13"),
    Film(438631, "tt1160419", "Dune", "2021-09-15", 150.2, rating=7.8, runtime=155,
         genres=("Science Fiction", "Adventure"), director="Denis Villeneuve",
         collection=(726871, "Dune Collection"), keywords=("based on novel or book", "desert"),
         tagline="Beyond fear, destiny awaits.", fr_title="Dune", recommendations=(841,)),
    Film(1091, "tt0084787", "The Thing", "1982-06-25", 40.1, rating=8.1, runtime=109,
         genres=("Horror", "Mystery"), director="John Carpenter", certification="R"),
    Film(60935, "tt0905372", "The Thing", "2011-10-12", 25.0, rating=6.2, runtime=103,
         genres=("Horror",), director="Matthijs van Heijningen Jr.", certification="R"),
    Film(194, "tt0211915", "Amélie", "2001-04-25", 30.0,
         original_title="Le Fabuleux Destin d'Amélie Poulain", rating=7.9, runtime=122,
         genres=("Comedy", "Romance"), country=("FR", "France"), director="Jean-Pierre Jeunet",
         certification="R", fr_title="Le Fabuleux Destin d'Amélie Poulain"),
    Film(101, "tt0110413", "Léon: The Professional", "1994-09-14", 35.0, original_title="Léon",
         rating=8.3, runtime=111, genres=("Crime", "Drama"), country=("FR", "France"),
         director="Luc Besson", certification="R", fr_title="Léon"),
    Film(1366, "tt0075148", "Rocky", "1976-11-21", 45.0, rating=7.8, runtime=120,
         collection=(1575, "Rocky Collection"), director="John G. Avildsen", certification="PG"),
    Film(1367, "tt0079817", "Rocky II", "1979-06-15", 30.0, rating=7.3, runtime=119,
         collection=(1575, "Rocky Collection"), director="Sylvester Stallone", certification="PG"),
    Film(1371, "tt0084602", "Rocky III", "1982-05-28", 28.0, rating=6.9, runtime=99,
         collection=(1575, "Rocky Collection"), director="Sylvester Stallone", certification="PG"),
    Film(550, "tt0137523", "Fight Club", "1999-10-15", 73.4, rating=8.4, votes=26279, runtime=139,
         director="David Fincher", writer="Jim Uhls", certification="R",
         cast=(("Edward Norton", "Narrator"), ("Brad Pitt", "Tyler Durden")), recommendations=(603, 438631)),
    Film(949, "tt0113277", "Heat", "1995-12-15", 33.0, rating=7.9, runtime=170,
         genres=("Crime", "Action"), director="Michael Mann", certification="R"),
    Film(603, "tt0133093", "The Matrix", "1999-03-31", 80.0, rating=8.2, runtime=136,
         genres=("Action", "Science Fiction"), director="Lana Wachowski", certification="R"),
    Film(8587, "tt0110357", "The Lion King", "1994-06-24", 60.0, rating=8.3, runtime=89,
         genres=("Animation", "Family"), certification="G"),
    Film(420818, "tt6105098", "The Lion King", "2019-07-12", 55.0, rating=7.1, runtime=118,
         genres=("Adventure", "Family"), certification="PG"),
    Film(10681, "tt0910970", "WALL·E", "2008-06-22", 50.0, rating=8.1, runtime=98,
         genres=("Animation",), certification="G"),
    Film(13804, "tt1013752", "Fast & Furious", "2009-04-02", 30.0, rating=6.7, runtime=107,
         genres=("Action",)),
    Film(346, "tt0047478", "Seven Samurai", "1954-04-26", 30.0, original_title="七人の侍",
         rating=8.5, runtime=207, country=("JP", "Japan"), director="Akira Kurosawa",
         certification="NR"),
)


def fold(text: str) -> str:
    """Case- and accent-insensitive, punctuation-free text for the fake's search."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("&", " and ")
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def search_hit(f: Film) -> dict[str, Any]:
    return {
        "adult": False, "backdrop_path": f"/backdrop-{f.id}.jpg", "genre_ids": [18],
        "id": f.id, "original_language": "en", "original_title": f.original_title or f.title,
        "overview": f"Overview of {f.title}.", "popularity": f.popularity,
        "poster_path": f"/poster-{f.id}.jpg" if f.id % 7 else None,
        "release_date": f.date, "title": f.title, "video": False,
        "vote_average": f.rating, "vote_count": f.votes,
    }


def details(f: Film, append: list[str]) -> dict[str, Any]:
    body = search_hit(f)
    body.pop("genre_ids")
    body.update({
        "belongs_to_collection": ({"id": f.collection[0], "name": f.collection[1],
                                   "poster_path": "/cp.jpg", "backdrop_path": "/cb.jpg"}
                                  if f.collection else None),
        "budget": 1000000, "genres": [{"id": i + 1, "name": g} for i, g in enumerate(f.genres)],
        "homepage": "", "imdb_id": f.imdb, "origin_country": [f.country[0]],
        "production_companies": [{"id": 1, "logo_path": None, "name": f.company,
                                  "origin_country": f.country[0]}],
        "production_countries": [{"iso_3166_1": f.country[0], "name": f.country[1]}],
        "revenue": 0, "runtime": f.runtime,
        "spoken_languages": [{"english_name": "English", "iso_639_1": "en", "name": "English"}],
        "status": "Released", "tagline": f.tagline,
    })
    for name in append:
        if name in APPENDABLE:
            body[name] = _appended(f, name)
    return body


def _appended(f: Film, name: str) -> dict[str, Any]:
    if name == "credits":
        cast = [{"adult": False, "gender": 0, "id": 1000 + i, "known_for_department": "Acting",
                 "name": n, "original_name": n, "popularity": 1.0,
                 "profile_path": f"/profile-{i}.jpg" if i == 0 else None, "cast_id": i,
                 "character": role, "credit_id": f"c{i}", "order": i}
                for i, (n, role) in enumerate(f.cast)]
        crew = [{"adult": False, "gender": 0, "id": 2000, "known_for_department": "Directing",
                 "name": f.director, "original_name": f.director, "popularity": 1.0,
                 "profile_path": None, "credit_id": "d1", "department": "Directing", "job": "Director"},
                {"adult": False, "gender": 0, "id": 2001, "known_for_department": "Writing",
                 "name": f.writer, "original_name": f.writer, "popularity": 1.0,
                 "profile_path": None, "credit_id": "w1", "department": "Writing", "job": "Screenplay"}]
        return {"cast": cast, "crew": crew}
    if name == "release_dates":
        def rel(cert: str, kind: int) -> dict[str, Any]:
            return {"certification": cert, "descriptors": [], "iso_639_1": "", "note": "",
                    "release_date": f"{f.date or '2000-01-01'}T00:00:00.000Z", "type": kind}
        return {"results": [{"iso_3166_1": "US", "release_dates": [rel("", 1), rel(f.certification, 3)]},
                            {"iso_3166_1": "DE", "release_dates": [rel("16", 3)]}]}
    if name == "external_ids":
        return {"imdb_id": f.imdb, "wikidata_id": None, "facebook_id": None,
                "instagram_id": None, "twitter_id": None}
    if name == "images":
        img = {"aspect_ratio": 1.0, "height": 100, "iso_639_1": "en", "file_path": f"/logo-{f.id}.png",
               "vote_average": 5.0, "vote_count": 1, "width": 100}
        return {"backdrops": [], "logos": [img], "posters": []}
    if name == "keywords":
        return {"keywords": [{"id": i + 1, "name": k} for i, k in enumerate(f.keywords)]}
    if name == "translations":
        data = {"homepage": "", "overview": f"Résumé de {f.title}.", "runtime": 0, "tagline": "",
                "title": f.fr_title}
        return {"translations": [{"iso_3166_1": "FR", "iso_639_1": "fr", "name": "Français",
                                  "english_name": "French", "data": data}]}
    if name == "recommendations":
        order = {r: i for i, r in enumerate(f.recommendations)}     # TMDB's order, not the catalogue's
        results = sorted((dict(search_hit(g), media_type="movie") for g in CATALOGUE if g.id in order),
                         key=lambda hit: order[hit["id"]])
        return {"page": 1, "results": results, "total_pages": 1, "total_results": len(results)}
    return {"results": []}   # videos


def gallery(f: Film) -> dict[str, Any]:
    """`/movie/{id}/images`: posters in English, French and no language, backdrops, with
    votes (every file served by the fake's image host)."""
    def img(kind: str, n: int, lang: str | None, votes: float) -> dict[str, Any]:
        w, h = (200, 300) if kind == "poster" else (320, 180)
        return {"aspect_ratio": round(w / h, 3), "height": h, "iso_639_1": lang,
                "file_path": f"/{kind}-{f.id}-{n}.jpg", "vote_average": votes, "vote_count": n * 3, "width": w}
    return {"id": f.id, "posters": [img("poster", 1, "en", 5.4), img("poster", 2, "fr", 5.2),
                                    img("poster", 3, None, 4.9)],
            "backdrops": [img("backdrop", 1, None, 5.3), img("backdrop", 2, "en", 5.1)], "logos": []}


def image_bytes(path: str) -> bytes:
    """A small JPEG drawn from its path, so every file differs and stays the same."""
    import hashlib
    import io

    from PIL import Image

    seed = hashlib.sha256(path.encode()).digest()
    size = (320, 180) if "backdrop" in path else (200, 300)
    out = io.BytesIO()
    Image.new("RGB", size, tuple(seed[:3])).save(out, "JPEG", quality=80)
    return out.getvalue()


class FakeTmdb(FakeApiServer):
    """Switches beyond the base class: `bad_key` (reject every credential)."""

    def __init__(self, catalogue: tuple[Film, ...] = CATALOGUE, latency: float = 0.0):
        super().__init__(latency)
        self.films = {f.id: f for f in catalogue if f.id != DELETED_ID}
        self.bad_key = False

    def error_body(self, status: int) -> dict[str, Any]:
        code, message = ERRORS.get(status, (11, "Internal error"))
        return {"status_code": code, "status_message": message, "success": False}

    def _error(self, status: int) -> tuple[int, dict[str, str], Any]:
        return status, {}, self.error_body(status)

    def _authorized(self, query: dict[str, str], headers: dict[str, str]) -> bool:
        if self.bad_key:
            return False
        return (query.get("api_key") == API_KEY
                or headers.get("authorization") == f"Bearer {READ_TOKEN}")

    def route(self, path: str, query: dict[str, str], headers: dict[str, str]):
        parts = path.strip("/").split("/")
        if parts[:2] == ["t", "p"] and len(parts) == 4:   # the image host (no key), on this server here
            return 200, {"Content-Type": "image/jpeg"}, image_bytes(parts[3])
        if not self._authorized(query, headers):
            return self._error(401)
        if parts[:1] == ["3"]:
            parts = parts[1:]
        if parts == ["search", "movie"]:
            return 200, {}, self._search(query)
        if len(parts) == 2 and parts[0] == "movie" and parts[1].isdigit():
            film = self.films.get(int(parts[1]))
            if not film:
                return self._error(404)
            append = [a for a in query.get("append_to_response", "").split(",") if a]
            if len(append) > 20:
                return 400, {}, {"status_code": 27, "success": False,
                                 "status_message": "Too many append to response objects."}
            return 200, {}, details(film, append)
        if len(parts) == 3 and parts[0] == "movie" and parts[2] == "recommendations" and parts[1].isdigit():
            film = self.films.get(int(parts[1]))     # the standalone body carries the movie's id
            return (200, {}, {"id": film.id, **_appended(film, "recommendations")}) if film else self._error(404)
        if len(parts) == 3 and parts[0] == "movie" and parts[2] == "images" and parts[1].isdigit():
            film = self.films.get(int(parts[1]))
            return (200, {}, gallery(film)) if film else self._error(404)
        if len(parts) == 2 and parts[0] == "find":
            return 200, {}, self._find(parts[1], query.get("external_source", ""))
        if len(parts) == 2 and parts[0] == "collection" and parts[1].isdigit():
            return self._collection(int(parts[1]))
        if parts == ["configuration"]:
            return 200, {}, CONFIGURATION
        return self._error(404)

    def _search(self, query: dict[str, str]) -> dict[str, Any]:
        wanted = fold(query.get("query", ""))
        year = query.get("primary_release_year") or query.get("year")
        hits = [f for f in self.films.values()
                if wanted and (wanted in fold(f.title) or wanted in fold(f.original_title or ""))
                and (not year or f.date[:4] == str(year))]
        hits.sort(key=lambda f: -f.popularity)
        results = [search_hit(f) for f in hits[:20]]
        return {"page": 1, "results": results, "total_pages": 1 if hits else 0,
                "total_results": len(hits)}

    def _collection(self, collection_id: int):
        films = [f for f in self.films.values() if f.collection and f.collection[0] == collection_id]
        if not films:
            return self._error(404)
        # Sources disagree on title/name for parts; emit both. Newest first: the API does
        # not promise release order.
        parts = [dict(search_hit(f), media_type="movie", name=f.title,
                      original_name=f.original_title or f.title)
                 for f in sorted(films, key=lambda f: f.date, reverse=True)]
        name = films[0].collection[1]
        return 200, {}, {"id": collection_id, "name": name, "original_language": "en",
                         "original_name": name, "overview": f"Every film of the {name}.",
                         "poster_path": None,
                         "backdrop_path": None, "parts": parts}

    def _find(self, external_id: str, source: str) -> dict[str, Any]:
        movies = [dict(search_hit(f), media_type="movie") for f in self.films.values()
                  if source == "imdb_id" and f.imdb == external_id]
        return {"movie_results": movies, "person_results": [], "tv_results": [],
                "tv_episode_results": [], "tv_season_results": []}


CONFIGURATION = {
    "images": {
        "base_url": "http://image.tmdb.org/t/p/",
        "secure_base_url": "https://image.tmdb.org/t/p/",
        "backdrop_sizes": ["w300", "w780", "w1280", "original"],
        "logo_sizes": ["w45", "w92", "w154", "w185", "w300", "w500", "original"],
        "poster_sizes": ["w92", "w154", "w185", "w342", "w500", "w780", "original"],
        "profile_sizes": ["w45", "w185", "h632", "original"],
        "still_sizes": ["w92", "w185", "w300", "original"],
    },
    "change_keys": ["adult", "air_date"],
}
