"""The library's text analysis in one call, for the site and the CLI alike: each film's
text neighbours and the genres suggested for films without any, with a digest of exactly
what they are computed from (the cache key)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..cache.keys import digester
from ..model import Movie
from .genres import suggest_genres
from .text import Document, TextIndex

VERSION = "1"     # bump when what is computed from the same text changes


@dataclass(frozen=True)
class TextAnalysis:
    near: dict[str, list[tuple[str, float]]] = field(default_factory=dict)       # slug -> [(slug, cosine)]
    suggested: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # slug -> [(genre, confidence)]

    def to_plain(self) -> tuple:
        return (self.near, self.suggested)

    @classmethod
    def from_plain(cls, plain: tuple) -> "TextAnalysis":
        near, suggested = plain
        return cls({s: [(o, float(v)) for o, v in found] for s, found in near.items()},
                   {s: [(g, float(c)) for g, c in found] for s, found in suggested.items()})


def document(movie: Movie) -> Document:
    text = " ".join(t for t in (movie.plot, movie.outline, movie.tagline) if t)
    keywords = list(dict.fromkeys([*movie.tags, *(str(t) for t in movie.user.get("tags") or ())]))
    return movie.slug, text, keywords


def documents(movies: Sequence[Movie]) -> list[Document]:
    """Each film's document, in order: made once, for the digest and the analysis alike."""
    return [document(m) for m in movies]


def text_digest(movies: Sequence[Movie], docs: Sequence[Document] | None = None) -> str:
    """What the analysis reads of every film: its text, keywords and genres, in order
    (`docs`: `documents(movies)`, when already made)."""
    h = digester()
    h.update(VERSION.encode())
    for m, (slug, text, keywords) in zip(movies, docs if docs is not None else documents(movies)):
        h.update("\x1e".join((slug, text, "\x1f".join(keywords), "\x1f".join(m.genres))).encode("utf-8", "surrogatepass"))
        h.update(b"\x1d")
    return h.hexdigest()


def analyse(movies: Sequence[Movie]) -> TextAnalysis:
    return analysed(movies)[0]


def analysed(movies: Sequence[Movie], last: TextIndex | None = None,
             docs: Sequence[Document] | None = None) -> tuple[TextAnalysis, TextIndex]:
    """analyse(movies) and the index it came from. With `last`, an earlier analysis's index,
    only what the edits since reach is worked out again (TextIndex.updated), the same result.
    `docs`: `documents(movies)`, when already made."""
    docs = docs if docs is not None else documents(movies)
    index = (last.updated(docs) if last is not None else None) or TextIndex.build(docs)
    near = index.by_slug()
    return TextAnalysis(near, suggest_genres(near, {m.slug: m.genres for m in movies})), index
