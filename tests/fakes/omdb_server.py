"""A fake OMDb API (`GET /?apikey=…&i=…` or `&t=…&y=…`) built on the TMDB fake's catalogue.

Like the real service, every value is a string, missing values are "N/A", and errors are
`{"Response": "False", "Error": …}` on 200 (not found) or 401 (key problems, quota).
Switches: `bad_key`, `limit_reached`.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from . import FakeApiServer
from .tmdb_server import CATALOGUE, Film, fold

API_KEY = "fakeomdb"


def _false(error: str) -> dict[str, str]:
    return {"Response": "False", "Error": error}


def movie_body(f: Film) -> dict[str, Any]:
    released = date.fromisoformat(f.date).strftime("%d %b %Y") if f.date else "N/A"
    ratings = [{"Source": "Internet Movie Database", "Value": f"{f.rating}/10"}]
    if f.votes > 5000:   # like the real data, RT/Metacritic are often missing
        ratings += [{"Source": "Rotten Tomatoes", "Value": "79%"},
                    {"Source": "Metacritic", "Value": "66/100"}]
    return {
        "Title": f.title, "Year": f.date[:4] or "N/A", "Rated": f.certification,
        "Released": released, "Runtime": f"{f.runtime} min", "Genre": ", ".join(f.genres),
        "Director": f.director, "Writer": f"{f.writer} (screenplay)",
        "Actors": ", ".join(name for name, _ in f.cast), "Plot": f"Plot of {f.title}.",
        "Language": "English", "Country": f.country[1], "Awards": "N/A",
        "Poster": f"https://m.media-amazon.com/images/{f.imdb}.jpg", "Ratings": ratings,
        "Metascore": "66" if f.votes > 5000 else "N/A", "imdbRating": str(f.rating),
        "imdbVotes": f"{f.votes * 10:,}", "imdbID": f.imdb, "Type": "movie", "DVD": "N/A",
        "BoxOffice": "N/A", "Production": "N/A", "Website": "N/A", "Response": "True",
    }


class FakeOmdb(FakeApiServer):
    def __init__(self, catalogue: tuple[Film, ...] = CATALOGUE, latency: float = 0.0):
        super().__init__(latency)
        self.films = list(catalogue)
        self.bad_key = False
        self.limit_reached = False

    def error_body(self, status: int) -> dict[str, str]:
        return _false("Internal server error")

    def route(self, path: str, query: dict[str, str], headers: dict[str, str]):
        if "apikey" not in query:
            return 401, {}, _false("No API key provided.")
        if self.bad_key or query["apikey"] != API_KEY:
            return 401, {}, _false("Invalid API key!")
        if self.limit_reached:
            return 401, {}, _false("Request limit reached!")
        if path not in ("", "/"):
            return 404, {}, _false("Not found")
        film = self._find(query)
        if isinstance(film, dict):
            return 200, {}, film
        return 200, {}, movie_body(film)

    def _find(self, query: dict[str, str]) -> Film | dict[str, str]:
        if "i" in query:
            if not query["i"].startswith("tt"):
                return _false("Incorrect IMDb ID.")
            match = [f for f in self.films if f.imdb == query["i"]]
        elif "t" in query:
            wanted, year = fold(query["t"]), query.get("y")
            match = [f for f in self.films if fold(f.title) == wanted
                     and (not year or f.date[:4] == year)]
            match.sort(key=lambda f: -f.popularity)
        else:
            return _false("Incorrect IMDb ID.")
        return match[0] if match else _false("Movie not found!")
