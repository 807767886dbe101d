"""Write -> read gives the same facts: every demo movie (scanned from demo/library) and
every corpus NFO that parses, in each flavour. Lossy parts: see facts.comparable."""
from __future__ import annotations

from pathlib import Path

import pytest

from movievault_build.errors import ReadError
from movievault_build.identify.nfo import parse_nfo, read_nfo
from movievault_build.nfo.build import FORMATS, build_nfo
from movievault_build.store import library

from .conftest import CORPUS, corpus_files
from .facts import comparable


@pytest.mark.parametrize("flavour", FORMATS)
def test_every_demo_movie_round_trips(demo, flavour: str) -> None:
    movies, problems = library.load_movies(demo.content_dir)
    assert len(movies) == 32 and not problems
    for movie in movies:
        meta = movie.metadata()
        back = parse_nfo(build_nfo(meta, flavour).encode("utf-8"), movie.slug).metadata
        assert comparable(back, meta) == comparable(meta, meta), movie.slug


def _readable() -> list[Path]:
    out = []
    for path in corpus_files():
        try:
            read_nfo(path)
        except ReadError:
            continue
        out.append(path)
    return out


@pytest.mark.skipif(not CORPUS.is_dir(), reason="shared NFO corpus not present")
@pytest.mark.parametrize("path", _readable(), ids=lambda p: p.name)
@pytest.mark.parametrize("flavour", FORMATS)
def test_every_corpus_nfo_round_trips(path: Path, flavour: str) -> None:
    meta = read_nfo(path).metadata
    if not meta.get("title"):
        # URL-only and title-less files: the writer refuses rather than write what Plex rejects
        with pytest.raises(ValueError, match="title"):
            build_nfo(meta, flavour)
        return
    back = parse_nfo(build_nfo(meta, flavour).encode("utf-8"), path.name).metadata
    assert comparable(back, meta) == comparable(meta, meta)
