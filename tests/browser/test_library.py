"""The library browser in a real browser: facets, sort, search, URL state, keyboard, phones.
Expected sets are computed from content/ front matter, never written out by hand."""
from __future__ import annotations

import functools
import re
import shutil
import unicodedata

import pytest

from movievault_build.views.library_index import INDEX_PATH, build_library_index, decode_library_index, sort_key
from movievault_build.store.library import load_movies
from tests.browser.conftest import _QuietHandler, screenshot, set_scheme
from tests.fakes.loopback import LoopbackServer
from tests.helpers import CARD_SLUG, REPO

READY = "#mv-library[data-state=ready]"


@pytest.fixture(scope="module")
def movies():
    found, problems = load_movies(REPO / "content")
    assert not problems
    return found


def open_library(page, query: str = ""):
    page.goto_site(f"library/{query}")
    page.wait_for_selector(READY)


def shown(page) -> list[str]:
    return page.locator("#mv-grid > .mv-card").evaluate_all(f"els => els.map({CARD_SLUG})")


def wait_for_query(page, fragment: str) -> None:
    page.wait_for_function("f => location.search.includes(f)", arg=fragment)


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).casefold()


def test_build_writes_the_index_of_every_movie(demo_site, movies):
    decoded = decode_library_index((demo_site / INDEX_PATH).read_bytes())
    assert [m["slug"] for m in decoded] == [m.slug for m in sorted(movies, key=sort_key)]
    for row in decoded:
        assert (demo_site / row["url"] / "index.html").is_file()
        assert row["poster"] is None or (demo_site / row["poster"]).is_file()
        assert row["poster_fallback"] is None or (demo_site / row["poster_fallback"]).is_file()
    # The default profile's grid poster is AVIF; browsers without it get the JPEG.
    assert any(r["poster"].endswith(".avif") and r["poster_fallback"].endswith(".jpg")
               for r in decoded if r["poster"] and r["poster_fallback"])


def test_all_movies_and_the_count(page, movies):
    open_library(page)
    assert sorted(shown(page)) == sorted(m.slug for m in movies)
    assert page.locator("#mv-count").inner_text() == f"{len(movies)} movies"
    assert page.locator("#mv-bar").is_visible()


def test_genre_filter_survives_reload_and_back_restores(page, movies):
    open_library(page)
    expected = {m.slug for m in movies if "Science Fiction" in m.genres}
    assert 0 < len(expected) < len(movies)
    page.get_by_label(re.compile(r"^\s*Science Fiction")).check()
    wait_for_query(page, "g=Science+Fiction")
    assert set(shown(page)) == expected
    assert page.locator("#mv-count").inner_text() == f"{len(expected)} of {len(movies)} movies"
    page.reload()
    page.wait_for_selector(READY)
    assert set(shown(page)) == expected
    assert page.get_by_label(re.compile(r"^\s*Science Fiction")).is_checked()
    page.go_back()
    page.wait_for_function("!location.search.includes('g=')")
    assert len(shown(page)) == len(movies)


def test_two_genres_mean_either(page, movies):
    open_library(page, "?g=Western&g=Horror")
    assert set(shown(page)) == {m.slug for m in movies if {"Western", "Horror"} & set(m.genres)}


def test_year_range_typed_then_reloaded(page, movies):
    open_library(page)
    page.fill("#mv-y-min", "1970")
    page.fill("#mv-y-max", "1989")
    wait_for_query(page, "y=1970-1989")
    expected = {m.slug for m in movies if m.year and 1970 <= m.year <= 1989}
    assert set(shown(page)) == expected
    page.reload()
    page.wait_for_selector(READY)
    assert set(shown(page)) == expected
    assert page.input_value("#mv-y-min") == "1970"


def test_decade_select_sets_the_range(page, movies):
    open_library(page)
    page.select_option("#mv-decade", "1990")
    wait_for_query(page, "y=1990-1999")
    assert set(shown(page)) == {m.slug for m in movies if m.year and 1990 <= m.year <= 1999}


def test_sort_by_year_newest_first_and_back(page, movies):
    open_library(page)
    first_by_title = shown(page)[0]
    page.select_option("#mv-sort", "year-desc")
    wait_for_query(page, "sort=year-desc")
    years = page.locator("#mv-grid .mv-card__year").all_inner_texts()
    assert int(years[0]) == max(m.year for m in movies if m.year)
    assert [int(y) for y in years] == sorted((int(y) for y in years), reverse=True)
    page.go_back()
    page.wait_for_function("!location.search.includes('sort=')")
    page.wait_for_selector(READY)
    assert shown(page)[0] == first_by_title
    assert page.input_value("#mv-sort") == "title"


def test_search_finds_cast_accent_and_case_free(page, movies):
    open_library(page)
    page.fill("#mv-q", "keanu")
    wait_for_query(page, "q=keanu")
    expected = {m.slug for m in movies if any("keanu" in fold(p.name) for p in m.cast[:5])
                or any("keanu" in fold(t or "") for t in (m.title, m.original_title))}
    assert "the-matrix-1999" in expected and set(shown(page)) == expected
    page.fill("#mv-q", "AMELIE")              # folds to the accented title
    wait_for_query(page, "q=AMELIE")
    assert "amelie-2001" in shown(page)
    page.go_back()                            # typing was one history entry: back clears it
    page.wait_for_function("!location.search.includes('q=')")
    assert page.input_value("#mv-q") == "" and len(shown(page)) == len(movies)


def test_search_by_director_then_reload(page, movies):
    open_library(page, "?q=ridley")
    expected = {m.slug for m in movies if any("ridley" in fold(d) for d in m.directors)}
    assert expected and set(shown(page)) == expected
    assert page.input_value("#mv-q") == "ridley"


def test_list_view_toggle_is_remembered(page, movies):
    open_library(page)
    page.get_by_role("button", name="List").click()
    wait_for_query(page, "view=list")
    assert "mv-grid--list" in page.get_attribute("#mv-grid", "class")
    assert page.get_by_role("button", name="List").get_attribute("aria-pressed") == "true"
    boxes = [page.locator(".mv-card").nth(i).bounding_box() for i in range(2)]
    assert boxes[1]["y"] > boxes[0]["y"] and boxes[0]["x"] == boxes[1]["x"]     # rows, not columns
    assert "Science Fiction" in page.locator("#mv-grid > .mv-card").filter(
        has=page.locator('a[href*="movies/alien-1979/"]')).locator(".mv-card__meta").inner_text()
    page.reload()
    page.wait_for_selector(READY)
    assert "mv-grid--list" in page.get_attribute("#mv-grid", "class")
    screenshot(page, "library-list-light")


def test_keyboard_reaches_filters_and_opens_a_card(page):
    open_library(page)
    reached_filter = False
    for _ in range(200):
        page.keyboard.press("Tab")
        where = page.evaluate("""() => { const a = document.activeElement;
            return a.closest('#mv-facets') ? 'filter' : a.closest('.mv-card') ? 'card' : ''; }""")
        reached_filter = reached_filter or where == "filter"
        if where == "card":
            break
    assert reached_filter and where == "card"
    href = page.evaluate("document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert page.locator("h1.mv-title").is_visible()


def test_phone_facets_collapse_and_nothing_scrolls_sideways(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{site_url}/library/")
    page.wait_for_selector(READY)
    assert not page.locator("#mv-facets").is_visible()
    page.locator("#mv-panel summary").click()
    assert page.locator("#mv-facets").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    screenshot(page, "library-phone")
    context.close()
    assert errors == []


def test_without_javascript_the_full_grid_remains(browser, site_url, movies):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/library/")
    assert page.locator(".mv-card").count() == len(movies)
    assert not page.locator("#mv-bar").is_visible()
    context.close()


def test_screenshots_light_and_dark(page):
    for scheme in ("default", "slate"):
        open_library(page, "?g=Drama&sort=rating-desc")
        set_scheme(page, scheme)
        assert page.evaluate("document.body.dataset.mdColorScheme") == scheme
        shot = screenshot(page, f"library-browser-{'dark' if scheme == 'slate' else 'light'}")
        assert shot.stat().st_size > 5_000


def test_instant_navigation_in_and_back_out_keeps_the_state(page, movies):
    page.goto_site("")
    page.get_by_role("navigation", name="Sections").get_by_role("link", name="Library").click()   # instant navigation
    page.wait_for_selector(READY)
    assert len(shown(page)) == len(movies)
    page.get_by_label(re.compile(r"^\s*Drama")).check()
    wait_for_query(page, "g=Drama")
    drama = set(shown(page))
    page.locator("#mv-grid .mv-card a").first.click()
    page.wait_for_selector("h1.mv-title")
    page.go_back()
    page.wait_for_selector(READY)
    page.wait_for_function("document.querySelectorAll('#mv-grid > .mv-card').length > 0")
    assert set(shown(page)) == drama and "g=Drama" in page.url


def swapped_site(demo_site, tmp_path_factory, films, posters=None, fallbacks=None):
    """A copy of the demo site whose index holds `films` instead: none of them has a
    server-rendered card, so the script builds every card shown."""
    site = tmp_path_factory.mktemp("swapped") / "site"
    shutil.copytree(demo_site, site)
    (site / INDEX_PATH).write_bytes(build_library_index(films, {m.slug: f"movies/{m.slug}/" for m in films},
                                                        posters, fallbacks))
    handler = functools.partial(_QuietHandler, directory=str(site))
    return LoopbackServer(handler).start()


@pytest.fixture(scope="module")
def big_site_url(demo_site, tmp_path_factory):
    """The demo site with a 2,000-movie index swapped in (posterless, so nothing is fetched)."""
    from tests.site.test_library_index import synthetic
    server = swapped_site(demo_site, tmp_path_factory, [m.with_changes(images=()) for m in synthetic(2000)])
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def poster_site_url(demo_site, tmp_path_factory):
    """Twelve script-built cards, each with the demo's first AVIF poster and its JPEG."""
    from tests.site.test_library_index import synthetic
    row = next(r for r in decode_library_index((demo_site / INDEX_PATH).read_bytes())
               if r["poster"] and r["poster"].endswith(".avif") and r["poster_fallback"])
    films = synthetic(12)
    server = swapped_site(demo_site, tmp_path_factory, films, {m.slug: row["poster"] for m in films},
                          {m.slug: row["poster_fallback"] for m in films})
    yield server.url, row
    server.stop()


def test_script_built_cards_offer_the_jpeg_to_browsers_without_avif(browser, poster_site_url):
    url, row = poster_site_url
    page = browser.new_page()
    page.goto(f"{url}/library/")
    page.wait_for_selector(READY)
    cards = page.locator("#mv-grid > .mv-card").evaluate_all("""els => els.map(li => {
        const pic = li.querySelector('.mv-card__art > picture'), img = pic && pic.querySelector('img.mv-poster');
        const source = pic && pic.querySelector('source');
        return pic && {type: source.type, srcset: source.srcset, src: img.getAttribute('src')};
    })""")
    assert len(cards) == 12
    for card in cards:       # the server-rendered card's shape: an AVIF <source>, the JPEG <img>
        assert card["type"] == "image/avif" and card["srcset"].endswith(row["poster"])
        assert card["src"].endswith(row["poster_fallback"])
    # Chromium decodes AVIF, so it shows the <source>; the JPEG is there for those that do not.
    page.wait_for_function("""() => { const img = document.querySelector('#mv-grid img.mv-poster');
        return img.complete && img.naturalWidth > 0; }""")
    assert page.evaluate("document.querySelector('#mv-grid img.mv-poster').currentSrc").endswith(".avif")
    assert page.request.get(f"{url}/{row['poster_fallback']}").headers["content-type"] == "image/jpeg"
    page.close()


def test_large_library_is_a_window_over_the_results(browser, big_site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{big_site_url}/library/")
    page.wait_for_selector(READY)
    assert page.locator("#mv-count").inner_text() == "2000 movies"
    first = page.locator("#mv-grid > .mv-card").count()
    assert 0 < first < 200                                   # the rows near the screen, not 2,000 cards
    assert page.evaluate("document.documentElement.scrollHeight") > 20 * 900   # but the whole list's height
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_function("""() => { const cards = document.querySelectorAll('#mv-grid > .mv-card');
        return cards.length && cards[cards.length - 1].getAttribute('aria-posinset') === '2000'; }""")
    assert page.locator("#mv-grid > .mv-card").count() < 200   # still a window at the end
    assert page.locator("#mv-grid > .mv-card").last.get_attribute("aria-setsize") == "2000"
    page.select_option("#mv-sort", "rating-desc")
    page.wait_for_function("location.search.includes('sort=rating-desc')")
    assert page.locator("#mv-grid > .mv-card").count() < 200
    page.close()
