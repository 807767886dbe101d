"""The header's search box in the demo site: typos, cast, directors, accents, keyboard."""
from __future__ import annotations

import json

import pytest

from movievault_build.views.search_index import tokenize


def search(page, query: str) -> list[str]:
    box = page.locator(".mv-search__input")
    box.fill(query)
    # The list says which query it shows: wait for this one, not the one before.
    page.wait_for_function("q => document.querySelector('.mv-search__list').dataset.query === q", arg=query)
    page.wait_for_selector(".mv-search__list:not([hidden])")
    return page.locator(".mv-search__option .mv-search__title").all_inner_texts()


@pytest.mark.parametrize("query, expected", [
    ("matrix", {"The Matrix"}),
    ("matricx", {"The Matrix"}),          # typo
    ("keanu", {"The Matrix"}),            # cast
    ("amelie", {"Amélie"}),               # accents folded
    ("hitchcock", {"Psycho", "Vertigo"}),  # director
    ("千尋", {"Spirited Away"}),            # original title, CJK bigrams
])
def test_queries_find_their_movies(page, query, expected):
    page.goto_site("")
    titles = search(page, query)
    assert expected <= set(titles), titles


def test_title_match_ranks_first_and_all_words_must_match(page):
    page.goto_site("")
    assert search(page, "matrix")[0] == "The Matrix"
    back = search(page, "back future")
    assert len(back) == 3 and all(t.startswith("Back to the Future") for t in back), back
    assert search(page, "matrix hitchcock") == []
    assert page.locator(".mv-search__none").inner_text() == "No results"


def test_enter_opens_the_first_result_and_search_works_from_a_movie_page(page, site_url):
    page.goto_site("movies/alien-1979/")
    search(page, "keanu")
    page.locator(".mv-search__input").press("Enter")
    page.wait_for_url(f"{site_url}/movies/the-matrix-1999/")
    assert page.locator("h1.mv-title").inner_text().startswith("The Matrix")
    # The header survives navigation: search again from the movie page, deeper in the site.
    titles = search(page, "vertigo")
    assert titles[0] == "Vertigo"
    assert page.locator(".mv-search__option a").first.get_attribute("href").endswith("/movies/vertigo-1958/")


def test_keyboard_slash_arrows_escape_and_aria(page):
    page.goto_site("stats/")
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.classList.contains('mv-search__input')")
    box = page.locator(".mv-search__input")
    search(page, "hitchcock")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active == "mv-search-opt-1"
    assert page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Escape")
    assert page.locator(".mv-search__list").is_hidden() and box.get_attribute("aria-expanded") == "false"


def test_a_query_fetches_meta_its_shards_and_one_doc_chunk_once(page):
    page.goto_site("")
    fetched: list[str] = []
    page.on("response", lambda r: fetched.append(r.url.split("/search/", 1)[1]) if "/search/" in r.url else None)
    assert search(page, "matrix") == ["The Matrix"]
    assert sorted(fetched) == ["docs-1.json", "meta.json", "terms-ma.json"]
    search(page, "keanu reeves")
    assert sorted(fetched[3:]) == ["terms-ke.json", "terms-re.json"]     # the rest is cached


def test_browser_tokenizer_agrees_with_the_builder(page):
    page.goto_site("")
    samples = ["Le Fabuleux Destin d'Amélie Poulain", "千と千尋の神隠し", "Straße ΟΔΥΣΣΕΥΣ", "Crème brûlée!",
               "WALL·E", "Leon: The Professional", "한국 영화", "Ça tourne 2", "İstanbul"]
    got = page.evaluate("s => s.map(t => window.MovieVaultSearch.tokenize(t))", samples)
    assert got == [tokenize(s) for s in samples]


def test_material_index_keeps_hand_written_pages_and_ours_has_every_movie(demo_site):
    material = json.loads((demo_site / "search" / "search_index.json").read_text())
    locations = [d["location"] for d in material["docs"]]
    assert locations and not any(loc.startswith("movies/") for loc in locations)
    meta = json.loads((demo_site / "search" / "meta.json").read_text())
    assert meta["docs"] == 32
    assert all((demo_site / "search" / f"docs-{c}.json").exists() for c in range(-(-32 // meta["chunk"])))


def test_one_search_field_on_the_library_page_and_slash_goes_to_it(page):
    page.goto_site("library/")
    page.wait_for_selector("#mv-library[data-state=ready]")
    assert page.locator(".mv-search__input").is_hidden()           # the header's steps aside
    assert page.get_by_label("Search this library").is_visible()
    page.locator("body").press("/")
    assert page.evaluate("document.activeElement.id") == "mv-q"
