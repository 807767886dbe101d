"""The page keys a build gives with last build's `shown` digests kept (site/kept_shows.py:
only the pages the catalog's changes reach worked out again) equal the keys every page
worked out afresh gives, step after step of random edits; a stale or damaged memo is
never taken as known."""
from __future__ import annotations

import random
from dataclasses import replace

import pytest

from movievault_build.cache.keys import digest
from movievault_build.cache.memo import keep, recall
from movievault_build.model import Collection, CollectionPart, movie_from_metadata
from movievault_build.site import pages as site_pages
from movievault_build.site.kept_shows import shows_key
from movievault_build.site.kinds.movie import uri as movie_uri
from movievault_build.site.page_inputs import PageInputs
from movievault_build.site.pages import SitePages, remembered_catalog
from movievault_build.views.pages import Links

GENRES = ["Drama", "Crime", "Comedy", "Horror", "Western"]
WORDS = [f"{a}{b}" for a in ("bar", "cor", "dun", "fel", "gal", "hox", "jin")
         for b in ("ada", "eko", "ira", "oru", "uma", "yel", "zan")]
PARTS = (CollectionPart("901", "Lost One", 1960), CollectionPart("tmdb-3", "Film 0003", 1953))


def film(rng: random.Random, i: int):
    cast = [{"name": f"Actor {rng.randrange(25)}", "order": o} for o in range(rng.randint(0, 5))]
    return movie_from_metadata(f"film-{i}", {
        "title": f"Film {i:04d}", "year": 1950 + i % 40, "rating": rng.randrange(0, 100) / 10,
        "plot": " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 10))),
        "genres": rng.sample(GENRES, rng.randint(0, 2)), "directors": [f"Director {rng.randrange(12)}"],
        "cast": cast, "tags": rng.sample(["heist", "space", "noir"], rng.randint(0, 1)),
        "ids": {"tmdb": f"tmdb-{i}"},
        **({"collection": {"name": f"Saga {i % 4}"}} if rng.random() < 0.25 else {})})


def edit(rng: random.Random, films: list, made: int) -> tuple[list, str]:
    kind = rng.choice(["rating", "plot", "plot", "cast", "genres", "tags", "title", "added", "removed",
                       "collection", "parts", "nothing", "runtime"])
    i = rng.randrange(len(films))
    films, m = list(films), films[i]
    change = {
        "rating": lambda: dict(rating=rng.randrange(0, 100) / 10),
        "plot": lambda: dict(plot=f"{m.plot} {rng.choice(WORDS)}"),
        "cast": lambda: dict(cast=tuple(reversed(m.cast))),
        "genres": lambda: dict(genres=tuple(rng.sample(GENRES, rng.randint(0, 2)))),
        "tags": lambda: dict(tags=("space",)),
        "title": lambda: dict(title=f"Aaa {made}"),
        "collection": lambda: dict(collection=Collection(name=f"Saga {rng.randrange(5)}") if m.collection is None
                                   else None),
        "parts": lambda: dict(collection=Collection(name="Saga 1", overview=f"Take {made}", parts=PARTS)),
        "runtime": lambda: dict(runtime=90 + made),          # its own page only
        "nothing": dict,
    }
    if kind == "added":
        films.insert(i, film(rng, 1000 + made))
    elif kind == "removed":
        del films[i]
    else:
        films[i] = replace(m, **change[kind]())
    return films, kind


def keys(films, tmp_path, min_films: int, memo_too: bool = True):
    """Every movie and group page's input digest as a build gives it (the kept `shown`
    digests used and kept again), and as worked out afresh."""
    inputs = PageInputs(tmp_path / "digests.marshal")
    inputs.add_library(films, {m.slug: digest(repr(m)) for m in films}, "art", f"min={min_films}")
    catalog = remembered_catalog(films, inputs.library, tmp_path / "catalog.marshal", min_films)
    pages = SitePages(catalog=catalog, links=Links(
        movies={m.slug: f"movies/{m.slug}/" for m in films},
        groups={(g.kind, g.name): f"{g.uri[:-3]}/" for g in catalog.all_groups()}, indexes={}))
    for m in films:
        pages.movies[movie_uri(m.slug)], pages.dests[movie_uri(m.slug)] = m, f"movies/{m.slug}/index.html"
    for g in catalog.all_groups():
        pages.groups[g.uri], pages.dests[g.uri] = g, g.uri[:-3] + "/index.html"
    kept = pages.inputs(inputs, tmp_path / "shows.marshal") if memo_too else None
    return kept, pages.inputs(inputs)


@pytest.mark.parametrize("seed,min_films", [(1, 1), (2, 2), (3, 1)])
def test_random_edits_give_the_keys_of_every_page_worked_out_afresh(tmp_path, monkeypatch, seed, min_films):
    rng = random.Random(seed)
    films = [film(rng, i) for i in range(120)]
    keys(films, tmp_path, min_films)
    worked = []
    counting = site_pages.movie_shows
    monkeypatch.setattr(site_pages, "movie_shows", lambda *a: worked.append(1) or counting(*a))
    partial = 0
    for step in range(40):
        films, kind = edit(rng, films, step)
        worked.clear()
        kept, afresh = keys(films, tmp_path, min_films)
        by_memo = len(worked) - len(films)      # the afresh pass works out every movie page
        assert kept == afresh, (step, kind)
        partial += by_memo < len(films) // 2
    assert partial >= 15             # most edits worked out a few pages, not all


def test_the_memo_is_kept_under_the_pages_base_and_the_url_scheme():
    assert len({shows_key("base", True), shows_key("other", True), shows_key("base", False)}) == 3
    assert shows_key("", True) == ""                  # never without the library's digests


def test_a_kept_digest_is_read_back_and_a_stale_one_set_aside(tmp_path):
    rng = random.Random(7)
    films = [film(rng, i) for i in range(40)]
    kept, afresh = keys(films, tmp_path, 1)
    assert kept == afresh
    memo = tmp_path / "shows.marshal"
    inputs = PageInputs(tmp_path / "digests.marshal")
    inputs.add_library(films, {m.slug: digest(repr(m)) for m in films}, "art", "min=1")
    key = shows_key(inputs.base, True)
    made_on, shared, shown = recall(memo, key)
    uri = movie_uri(films[0].slug)
    keep(memo, key, (made_on, shared, {**shown, uri: "tampered"}))      # read back: the keys follow it
    assert keys(films, tmp_path, 1)[0][uri].digest == inputs.movie_page_showing(films[0].slug, "tampered")
    keep(memo, key, ("another catalog", shared, {**shown, uri: "tampered"}))   # made on another catalog
    kept, afresh = keys(films, tmp_path, 1)
    assert kept == afresh
    for damaged in [(made_on, shared), (made_on, None, shown), "garbage"]:
        keep(memo, key, damaged)
        assert keys(films, tmp_path, 1) == (afresh, afresh)
    memo.write_bytes(b"not marshal")
    assert keys(films, tmp_path, 1) == (afresh, afresh)


def test_an_edit_that_reaches_no_page_leaves_the_memo_serving_the_next_build(tmp_path, monkeypatch):
    # Punctuation moves the library's text digest, and so the catalog's key, but no term:
    # no related list changes and no page's `shown` digest does.
    rng = random.Random(5)
    films = [film(rng, i) for i in range(60)]
    keys(films, tmp_path, 1)
    films[0] = replace(films[0], plot=films[0].plot + "!")
    worked = []
    counting = site_pages.movie_shows
    monkeypatch.setattr(site_pages, "movie_shows", lambda *a: worked.append(1) or counting(*a))
    kept, afresh = keys(films, tmp_path, 1, memo_too=True)
    assert kept == afresh and len(worked) == len(films)     # the edit reached no page; afresh: all
    worked.clear()
    kept, afresh = keys(films, tmp_path, 1)                  # nothing changed since
    assert kept == afresh and len(worked) == len(films)      # the memo served every page
