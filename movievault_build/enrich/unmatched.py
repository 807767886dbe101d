"""The films that need a look: no id at all (identified from the name alone), or a
confidence under the configured threshold. `movievault unmatched` and the site's health
page show this one list; `movievault identify SLUG` is how each is fixed.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .identity import name_agreement
from ..model import Movie


@dataclass(frozen=True)
class Unmatched:
    slug: str
    title: str
    year: int | None
    confidence: float | None
    reasons: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


def reasons(movie: Movie, threshold: float) -> list[str]:
    """Why `movie` needs a look; empty when it does not (or the user identified it)."""
    if movie.user.get("ids"):
        return []
    out = []
    if not movie.ids:
        out.append("no TMDB or IMDb id: known from its file name only")
    if movie.confidence is not None and movie.confidence < threshold:
        out.append(f"confidence {movie.confidence:.2f}")
        if (named := name_of(movie)) and movie.ids:
            out.append(f"its file is named “{named}”")
    return out


def name_of(movie: Movie) -> str | None:
    """What the movie's first file name says it is, when that disagrees with the match."""
    if not movie.files:
        return None
    from ..identify.filename import parse   # the parser's rules take ~40 ms to import; few films get here
    guess = parse(movie.files[0].path)
    if guess.year is None:
        return None
    agreement = name_agreement(guess.title, guess.year, {"title": movie.title, "year": movie.year,
                                                         "original_title": movie.original_title})
    if agreement is None or agreement >= 0.9:
        return None
    return f"{guess.title} ({guess.year})" if guess.year else guess.title


def unmatched(movies: Iterable[Movie], threshold: float) -> list[Unmatched]:
    """The films needing a look, least sure first."""
    out = [Unmatched(m.slug, m.title, m.year, m.confidence, tuple(why))
           for m in movies if (why := reasons(m, threshold))]
    return sorted(out, key=lambda u: (u.confidence if u.confidence is not None else 0.0, u.slug))
