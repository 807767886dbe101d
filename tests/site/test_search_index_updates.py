"""The search brought up to an edit (views/search_index.py updated_search_index: the
changed movies' postings taken out and indexed again) equals the search made whole, step
after step of random edits; another order or other files are made whole instead."""
from __future__ import annotations

import random

import pytest

from movievault_build.views.search_index import build_search_index, updated_search_index
from tests.site.test_kept_shows_updates import edit, film


def urls(films) -> dict[str, str]:
    return {m.slug: f"movies/{m.slug}/" for m in films}


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_give_the_whole_index_exactly(seed):
    rng = random.Random(seed)
    films = [film(rng, i) for i in range(150)]
    posters = {m.slug: f"img/{m.slug}.jpg" for m in films[::3]}
    last = build_search_index(films, urls(films), posters)
    updated = 0
    for step in range(60):
        edited, kind = edit(rng, films, step)
        changed = {m.slug for m in edited if m not in films}
        whole = build_search_index(edited, urls(edited), posters)
        found = updated_search_index(last, edited, urls(edited), posters, changed)
        if found is None:        # the docs' numbers moved: made whole
            assert kind in ("title", "added", "removed"), (step, kind)
        else:
            assert found == whole, (step, kind)
            updated += 1
        films, last = edited, whole
    assert updated >= 35


def test_files_of_another_index_are_not_brought_up_to_date():
    rng = random.Random(4)
    films = [film(rng, i) for i in range(40)]
    last = build_search_index(films, urls(films))
    assert updated_search_index(last, films[1:], urls(films[1:]), None, set()) is None       # a film gone
    assert updated_search_index({k: v for k, v in last.items() if "docs-0" not in k}, films, urls(films),
                                None, set()) is None
    assert updated_search_index({**last, "search/meta.json": b"{"}, films, urls(films), None, set()) is None
    assert updated_search_index(last, films, urls(films), None, set()) == last                 # nothing changed
