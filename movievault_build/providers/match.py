"""Match scoring: how close a provider's candidate is to what we are looking for.

Pure functions only. A candidate's score mixes three distances, each 0..1:
title similarity (after normalisation), year closeness and relative popularity.
The score of the best candidate is the match confidence.

>>> normalize_title("Amélie")
'amelie'
>>> normalize_title("Rocky II") == normalize_title("Rocky 2")
True
>>> normalize_title("Fast & Furious") == normalize_title("Fast and Furious")
True
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable

TITLE_WEIGHT = 0.55
YEAR_WEIGHT = 0.35
POPULARITY_WEIGHT = 0.10

# A year one off is common (festival vs release year); further off is usually a remake,
# so an exact title in the wrong decade (at most 0.55 + 0.10) stays below a 0.7 threshold.
YEAR_CLOSENESS = {0: 1.0, 1: 0.8, 2: 0.3}
UNKNOWN_YEAR = 0.5

_ROMAN = {"ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6",
          "vii": "7", "viii": "8", "ix": "9", "x": "10"}
_ARTICLES = ("the ", "a ", "an ")


@dataclass(frozen=True)
class Candidate:
    """One search hit, reduced to what scoring needs."""
    id: str
    title: str
    original_title: str | None = None
    year: int | None = None
    popularity: float = 0.0


@dataclass(frozen=True)
class Scored:
    candidate: Candidate
    score: float


def normalize_title(title: str) -> str:
    """Lower-case ASCII words: accents folded, `&` spelled out, punctuation dropped,
    roman numerals II..X written as digits, a leading article removed."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"['’`]", "", text)              # "Schindler's" -> "schindlers"
    words = re.sub(r"[^\w]+", " ", text).split()
    words = [_ROMAN.get(w, w) for w in words]
    joined = " ".join(words)
    for article in _ARTICLES:
        if joined.startswith(article) and len(joined) > len(article):
            return joined[len(article):]
    return joined


def title_similarity(a: str, b: str) -> float:
    """0..1; 1 when the normalised titles are equal."""
    na, nb = normalize_title(a), normalize_title(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    return SequenceMatcher(None, na, nb).ratio()


def year_closeness(wanted: int | None, found: int | None) -> float:
    """1 for the same year, less for one or two off, 0 beyond; neutral when unknown."""
    if wanted is None or found is None:
        return UNKNOWN_YEAR
    return YEAR_CLOSENESS.get(abs(wanted - found), 0.0)


def year_of(date: str | None) -> int | None:
    """The year of a `YYYY-MM-DD` (or `YYYY`) string; None for "" and junk."""
    match = re.match(r"(\d{4})", date or "")
    return int(match.group(1)) if match else None


@dataclass(frozen=True)
class Parts:
    """Why a candidate scores what it does: each distance 0..1, before weighting."""
    title: float
    year: float
    popularity: float

    @property
    def score(self) -> float:
        score = TITLE_WEIGHT * self.title + YEAR_WEIGHT * self.year + POPULARITY_WEIGHT * self.popularity
        return round(min(max(score, 0.0), 1.0), 4)


def score_parts(titles: Iterable[str], year: int | None, cand: Candidate, max_popularity: float) -> Parts:
    """The three distances of one candidate against the wanted titles (title and original)."""
    theirs = [t for t in (cand.title, cand.original_title) if t]
    sim = max((title_similarity(mine, t) for mine in titles if mine for t in theirs), default=0.0)
    pop = (math.log1p(max(cand.popularity, 0.0)) / math.log1p(max_popularity)
           if max_popularity > 0 else 0.0)
    return Parts(sim, year_closeness(year, cand.year), pop)


def score_candidate(titles: Iterable[str], year: int | None, cand: Candidate,
                    max_popularity: float) -> float:
    """Score one candidate against the wanted titles (title and original title)."""
    return score_parts(titles, year, cand, max_popularity).score


def rank(titles: Iterable[str], year: int | None, candidates: Iterable[Candidate]) -> list[Scored]:
    """Candidates best first. Ties keep the provider's order (its own relevance)."""
    titles = [t for t in titles if t]
    cands = list(candidates)
    top = max((c.popularity for c in cands), default=0.0)
    scored = [Scored(c, score_candidate(titles, year, c, top)) for c in cands]
    return sorted(scored, key=lambda s: -s.score)


def best(titles: Iterable[str], year: int | None, candidates: Iterable[Candidate]) -> Scored | None:
    ranked = rank(titles, year, candidates)
    return ranked[0] if ranked else None
