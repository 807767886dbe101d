"""Related lists rescored after an edit (build_catalog with last build's RelatedIndex) equal
the whole scoring exactly, step after step of random edits; a damaged index is scored whole."""
from __future__ import annotations

import random

import pytest

from movievault_build.cache.keys import code_fingerprint, digest
from movievault_build.cache.memo import keep, read_memo
from movievault_build.model import movie_from_metadata
from movievault_build.recommend.analysis import analysed
from movievault_build.site.pages import remembered_catalog
from movievault_build.views.catalog import build_catalog

GENRES = ["Drama", "Crime", "Comedy", "Horror", "Western"]
WORDS = [f"{a}{b}" for a in ("bar", "cor", "dun", "fel", "gal", "hox", "jin", "kel")
         for b in ("ada", "eko", "ira", "oru", "uma", "yel", "zan", "qua", "wio", "pex")]


def film(rng: random.Random, i: int):
    cast = [{"name": f"Actor {rng.randrange(60)}", "order": o} for o in range(rng.randint(0, 8))]
    return movie_from_metadata(f"film-{i}", {
        "title": f"Film {i:04d}", "year": 1950 + i % 70, "rating": rng.randrange(0, 100) / 10,
        "plot": " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12))),
        "genres": rng.sample(GENRES, rng.randint(0, 2)), "directors": [f"Director {rng.randrange(30)}"],
        "cast": cast, "tags": rng.sample(["heist", "space", "noir", "road"], rng.randint(0, 2)),
        **({"collection": {"name": f"Saga {i % 9}"}} if rng.random() < 0.2 else {})})


def edit(rng: random.Random, films: list, made: int) -> tuple[list, str]:
    kind = rng.choice(["rating", "plot", "cast", "genres", "tags", "nothing", "title", "added", "removed"])
    i = rng.randrange(len(films))
    films, m = list(films), films[i]
    if kind == "rating":
        films[i] = m.with_changes(rating=rng.randrange(0, 100) / 10)
    elif kind == "plot":
        films[i] = m.with_changes(plot=f"{m.plot} {rng.choice(WORDS)}")
    elif kind == "cast":
        films[i] = m.with_changes(cast=tuple(reversed(m.cast)))
    elif kind == "genres":
        films[i] = m.with_changes(genres=tuple(rng.sample(GENRES, rng.randint(0, 2))))
    elif kind == "tags":
        films[i] = m.with_changes(tags=("space",))
    elif kind == "title":
        films[i] = m.with_changes(title=f"Aaa {made}")
    elif kind == "added":
        films.insert(i, film(rng, 1000 + made))
    elif kind == "removed":
        del films[i]
    return films, kind


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_give_the_whole_scoring_exactly(seed):
    rng = random.Random(seed)
    films = [film(rng, i) for i in range(300)]
    text, index = analysed(films)
    last = build_catalog(films, text=text).related_index
    reused = 0
    for step in range(30):
        films, kind = edit(rng, films, step)
        text, index = analysed(films, index)
        whole = build_catalog(films, text=text)
        updated = build_catalog(films, text=text, last=last)
        assert [(s, [m.slug for m in found]) for s, found in updated.related.items()] == \
            [(s, [m.slug for m in found]) for s, found in whole.related.items()], (step, kind)
        assert updated.related_index.related == whole.related_index.related
        if kind not in ("title", "added", "removed"):
            reused += any(a is b and a for a, b in zip(updated.related_index.related, last.related))
        last = updated.related_index
    assert reused >= 5               # lists were carried over, not all scored again


def test_a_damaged_related_index_is_scored_whole(tmp_path):
    rng = random.Random(5)
    films = [film(rng, i) for i in range(80)]
    memo = tmp_path / "catalog.marshal"
    remembered_catalog(films, "lib-1", memo)
    related_memo = tmp_path / "related-index.marshal"
    key, (made_for, plain) = read_memo(related_memo, tuple)
    assert key == digest("related-index", code_fingerprint())
    edited = [films[0].with_changes(rating=9.9), *films[1:]]
    want = build_catalog(edited, text=analysed(edited)[0]).related
    n = len(plain[1])
    broken = [plain[:3], (*plain[:4], [(n + 5,)] * n), (*plain[:2], {("genre", "Drama"): "x"}, *plain[3:]),
              (plain[0], plain[1][:-1], *plain[2:])]
    for value in broken:
        keep(related_memo, key, (made_for, value))
        assert remembered_catalog(edited, f"lib-{len(value)}-{id(value)}", memo).related == want
    related_memo.write_bytes(b"not marshal")
    assert remembered_catalog(edited, "lib-garbage", memo).related == want
