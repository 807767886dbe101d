"""TMDB's candidates for one film, ranked, each with the reasons for its score — what
`movievault identify` shows before the user picks."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping

from ..cache.layout import cache_path
from ..providers import match
from ..errors import UserError
from ..identify.filename import parse
from ..providers.base import Query
from ..providers.tmdb import TmdbProvider, candidate_of
from ..settings import ScanSettings

SHOWN = 10


@dataclass(frozen=True)
class Choice:
    tmdb: str
    title: str
    year: int | None
    original_title: str | None
    parts: match.Parts

    @property
    def score(self) -> float:
        return self.parts.score

    @property
    def label(self) -> str:
        original = f" / {self.original_title}" if self.original_title and self.original_title != self.title else ""
        return f"{self.title}{original} ({self.year or '?'})"

    def why(self, wanted_year: int | None) -> str:
        year = f"{self.year or '?'} for {wanted_year}" if wanted_year else "no year to compare"
        return (f"title {self.parts.title:.2f} · year {self.parts.year:.2f} ({year}) · "
                f"popularity {self.parts.popularity:.2f}")


@dataclass(frozen=True)
class Wanted:
    """What to look for: the titles the film goes by (its file name first) and a year."""
    titles: tuple[str, ...]
    year: int | None


def wanted(front: Mapping[str, Any]) -> Wanted:
    """From a content file: the first file's name (it names the film the user has, even when
    the match is wrong), then the stored title and original title."""
    files = [f for f in front.get("files") or () if isinstance(f, Mapping) and f.get("path")]
    guess = parse(str(files[0]["path"])) if files else None
    titles = [t for t in (guess.title if guess else None, front.get("title"), front.get("original_title")) if t]
    year = (guess.year if guess else None) or (front.get("year") if isinstance(front.get("year"), int) else None)
    return Wanted(tuple(dict.fromkeys(str(t) for t in titles)), year)


def provider(settings: ScanSettings) -> TmdbProvider:
    """TMDB with the scan's settings and HTTP cache; an error when no key is configured."""
    ps = replace(settings.online.providers, cache_path=cache_path(settings.cache_dir, "http"))
    tmdb = TmdbProvider(ps)
    if not tmdb.available():
        tmdb.http.close()
        raise UserError("this needs TMDB: set TMDB_API_KEY (mkdocs.yml: tmdb_api_key: !ENV TMDB_API_KEY)")
    return tmdb


def candidates(tmdb: TmdbProvider, want: Wanted, language: str) -> list[Choice]:
    """Every hit for the wanted titles, best first (at most SHOWN)."""
    if not want.titles:
        raise UserError("nothing to search for: the film has no title and no file name")
    hits = []
    for title in want.titles[:2]:   # the name's title, then the stored one when it differs
        hits += tmdb.search_hits(Query(title=title, year=want.year, language=language))
    unique = {str(h["id"]): candidate_of(h) for h in hits}
    top = max((c.popularity for c in unique.values()), default=0.0)
    ranked = [Choice(c.id, c.title, c.year, c.original_title, match.score_parts(want.titles, want.year, c, top))
              for c in unique.values()]
    return sorted(ranked, key=lambda ch: -ch.score)[:SHOWN]
