"""After an edit that moves only the library's text (a plot, an outline), the catalog is
last build's with the related lists of the films whose text neighbours changed scored again
(views/catalog.py `retexted_catalog`): equal to the catalog built whole, step after step of
random edits; a related index kept for another catalog, in an older shape or damaged, is
never taken for this one."""
from __future__ import annotations

import logging
import random
from dataclasses import replace

import pytest

from movievault_build.cache.keys import code_fingerprint, digest
from movievault_build.cache.memo import keep, read_memo
from movievault_build.model import movie_from_metadata
from movievault_build.recommend.analysis import analyse
from movievault_build.site import pages as site_pages
from movievault_build.site.page_inputs import PageInputs
from movievault_build.site.pages import remembered_catalog
from movievault_build.views.catalog import build_catalog, catalog_to_plain
from movievault_build.views.catalog_changes import catalog_changes

GENRES = ["Drama", "Crime", "Comedy", "Horror"]
# Zipf-like: a few words in many plots, most in a handful, as in a real library.
WORDS = [f"{a}{b}{c}" for a in ("bar", "cor", "dun", "fel", "gal", "hox", "jin", "kel", "lom", "mur")
         for b in ("ada", "eko", "ira", "oru", "uma", "yel", "zan", "qua", "wio", "pex")
         for c in ("ank", "bel", "cit", "dor", "esk", "fim", "gro", "hul", "ivo", "jax")]


def words(rng: random.Random, n: int) -> str:
    return " ".join(WORDS[min(int(rng.paretovariate(0.9)) - 1, len(WORDS) - 1) if rng.random() < 0.5
                          else rng.randrange(len(WORDS))] for _ in range(n))


def film(rng: random.Random, i: int):
    return movie_from_metadata(f"film-{i}", {
        "title": f"Film {i:04d}", "year": 1950 + i % 40, "rating": rng.randrange(0, 100) / 10,
        "plot": words(rng, rng.randint(4, 30)),
        "genres": rng.sample(GENRES, rng.randint(0, 2)), "directors": [f"Director {rng.randrange(12)}"],
        "cast": [{"name": f"Actor {rng.randrange(25)}", "order": o} for o in range(rng.randint(0, 4))],
        "tags": rng.sample(["heist", "space", "noir"], rng.randint(0, 1)), "ids": {"tmdb": f"tmdb-{i}"}})


def edit(rng: random.Random, films: list, made: int) -> tuple[list, str]:
    kind = rng.choice(["word", "word", "plot", "plot", "outline", "punctuation", "rating", "genres", "title",
                       "added", "nothing"])
    i = rng.randrange(len(films))
    films, m = list(films), films[i]
    change = {
        "word": lambda: dict(plot=f"{m.plot} {rng.choice(WORDS)}"),
        "plot": lambda: dict(plot=words(rng, rng.randint(4, 30))),
        "outline": lambda: dict(outline=words(rng, 2)),
        "punctuation": lambda: dict(plot=f"{m.plot}!"),
        "rating": lambda: dict(rating=rng.randrange(0, 100) / 10),
        "genres": lambda: dict(genres=tuple(rng.sample(GENRES, rng.randint(0, 2)))),
        "title": lambda: dict(title=f"Aaa {made}"),
        "nothing": dict,
    }
    if kind == "added":
        films.insert(i, film(rng, 1000 + made))
    else:
        films[i] = replace(m, **change[kind]())
    return films, kind


def built(films, tmp_path):
    inputs = PageInputs(tmp_path / "digests.marshal")
    inputs.add_library(films, {m.slug: digest(repr(m)) for m in films}, "art", "min=1")
    return remembered_catalog(films, inputs.library, tmp_path / "catalog.marshal")


def shape(catalog) -> tuple:
    return catalog_to_plain(catalog)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_text_edits_give_the_catalog_built_whole(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    films = [film(rng, i) for i in range(150)]
    built(films, tmp_path)
    last_whole = shape(build_catalog(films, text=analyse(films)))
    retexted = []
    counting = site_pages.retexted_catalog
    monkeypatch.setattr(site_pages, "retexted_catalog", lambda *a: retexted.append(a) or counting(*a))
    partial = 0
    for step in range(40):
        films, kind = edit(rng, films, step)
        retexted.clear()
        catalog = built(films, tmp_path)
        whole = shape(build_catalog(films, text=analyse(films)))
        assert shape(catalog) == whole, (step, kind)
        if catalog.related_index is not None:        # None: last build's catalog, taken whole
            assert catalog.related_index.related == build_catalog(films, text=analyse(films)).related_index.related
        if kind in ("word", "plot", "outline", "punctuation"):
            assert retexted, (step, kind)        # only the text moved: last build's catalog, rescored
            changes = catalog_changes("a", "b", last_whole, whole)
            assert (catalog.changes.movies, catalog.changes.groups) == (changes.movies, changes.groups), (step, kind)
            partial += retexted[0][4] is not None and len(retexted[0][4]) < len(films) // 4
        elif kind in ("rating", "genres", "title", "added"):
            assert not retexted, (step, kind)
        last_whole = whole
    assert partial >= 4         # most text edits looked at a few films' likes, not all


def test_a_related_index_kept_for_another_catalog_is_not_taken(tmp_path):
    # The related index left by an earlier build (its write after a later one failed, say):
    # the directors it scored by are not these, so its lists cannot be carried over.
    rng = random.Random(4)
    films = [film(rng, i) for i in range(80)]
    related_memo = tmp_path / "related-index.marshal"
    built([replace(m, directors=(f"Director {i % 3}",)) for i, m in enumerate(films)], tmp_path)
    stale = related_memo.read_bytes()
    built(films, tmp_path)
    related_memo.write_bytes(stale)
    edited = [replace(films[0], plot=films[1].plot), *films[1:]]      # now reads as film 1 does
    assert shape(built(edited, tmp_path)) == shape(build_catalog(edited, text=analyse(edited)))


def test_a_related_index_of_another_shape_or_damaged_is_not_taken(tmp_path, caplog):
    rng = random.Random(5)
    films = [film(rng, i) for i in range(80)]
    built(films, tmp_path)
    related_memo = tmp_path / "related-index.marshal"
    key, (made_for, plain) = read_memo(related_memo, tuple)
    assert key == digest("related-index", code_fingerprint()) and made_for.count(":") == 1
    n = len(plain[1])
    for step, kept in enumerate([
            plain,                                       # the shape before the catalog's key was kept with it
            (made_for, (*plain[:4], [(n + 5,)] * n)),    # positions past the library
            (made_for, (plain[0], plain[1][:-1], *plain[2:])),
            (made_for, (plain[0], plain[1], {("person", "Actor 1"): [n + 7]}, *plain[3:])),
            "garbage"]):
        films = [replace(films[0], plot=films[step + 1].plot), *films[1:]]
        key_now = read_memo(tmp_path / "catalog.marshal", tuple)[0]
        keep(related_memo, key, kept if step == 0 or kept == "garbage" else (key_now, kept[1]))
        assert shape(built(films, tmp_path)) == shape(build_catalog(films, text=analyse(films))), step
    related_memo.write_bytes(b"not marshal")
    films = [replace(films[0], plot=films[9].plot), *films[1:]]
    caplog.clear()
    assert shape(built(films, tmp_path)) == shape(build_catalog(films, text=analyse(films)))
    aside = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(aside) == 1 and "related-index.marshal" in aside[0].getMessage()     # one line, naming it
    assert (tmp_path / "related-index.marshal.broken").read_bytes() == b"not marshal"
    assert read_memo(related_memo, tuple)[1][0] == read_memo(tmp_path / "catalog.marshal", tuple)[0]  # rebuilt


@pytest.mark.parametrize("part", [7, 8])       # the films' neighbours, then their lists as shown
def test_a_damaged_entry_of_the_text_memo_is_set_aside_with_one_line(tmp_path, caplog, part):
    # Each film's neighbours are kept as their own marshal bytes and read when an edit
    # reaches them (cache/memo.py PerEntry): a damaged one is found then, not on loading.
    rng = random.Random(6)
    films = [film(rng, i) for i in range(80)]
    built(films, tmp_path)
    text_memo = tmp_path / "text.marshal"
    key, (text_key, suggested, plain) = read_memo(text_memo, tuple)
    assert all(type(b) is bytes for b in plain[part])
    keep(text_memo, key, (text_key, suggested, (*plain[:part], [b"\x00damaged"] * len(plain[part]),
                                               *plain[part + 1:])))
    edited = [replace(films[0], plot=f"{films[0].plot} {rare_word(films, films[0])}"), *films[1:]]
    caplog.clear()
    assert shape(built(edited, tmp_path)) == shape(build_catalog(edited, text=analyse(edited)))
    aside = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(aside) == 1 and "text.marshal" in aside[0].getMessage()
    assert (tmp_path / "text.marshal.broken").is_file()
    edited = [replace(edited[2], plot=f"{edited[2].plot} {rare_word(edited, edited[2])}") if m is edited[2] else m
              for m in edited]
    assert shape(built(edited, tmp_path)) == shape(build_catalog(edited, text=analyse(edited)))  # kept anew


def rare_word(films, into) -> str:
    """A word one other film's plot has: added to `into`, it makes a pair, and the edit
    reaches a few films' neighbours (not a whole pass)."""
    seen: dict[str, set[str]] = {}
    for m in films:
        for w in m.plot.split():
            seen.setdefault(w, set()).add(m.slug)
    return next(w for w, slugs in sorted(seen.items()) if len(slugs) == 1 and into.slug not in slugs)
