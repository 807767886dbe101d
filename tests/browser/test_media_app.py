"""The demo site as a media app, on a phone (390×844) and a laptop (1280×720) and from 320 to
2560 px wide: every section one tap away, a full-width poster grid, a film's essentials above
the fold, badges on the posters, counts that follow the filters, nothing wider than the
screen, no serious accessibility violation (axe-core), everything reachable by keyboard.
Screenshots go to test-artifacts/."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot, serious_violations, set_scheme, sized_page
from tests.helpers import CARD_SLUG

SECTIONS = ["Home", "Library", "Collections", "People", "Genres", "Decades", "Tags", "Playlists", "Discover", "Stats",
            "Health"]
PAGES = {   # name -> path: one page of every kind
    "home": "", "library": "library/", "library-list": "library/?view=list", "movie": "movies/the-matrix-1999/",
    "person": "people/ridley-scott/", "collection": "collections/back-to-the-future-collection/",
    "genres": "genres/", "people": "people/", "playlists": "playlists/", "stats": "stats/", "health": "health/",
}
SIZES = {"phone": PHONE, "desktop": DESKTOP}


# Each link of the bar scrolled into view: its accessible name (aria-label, else its text),
# whether it shows (a box of some size, not visibility: hidden — Playwright's is_visible)
# and its height in CSS pixels.
SCROLLED_TO = """links => links.map(a => { a.scrollIntoView({block: 'nearest', inline: 'nearest'});
    const box = a.getBoundingClientRect();
    return [(a.getAttribute('aria-label') || a.textContent).trim(),
            box.width > 0 && box.height > 0 && getComputedStyle(a).visibility !== 'hidden', box.height]; })"""


def loaded(page, path: str) -> None:
    page.goto_site(path)
    if path.startswith("library/"):
        page.wait_for_selector("#mv-library[data-state=ready]")
    page.wait_for_load_state("load")


@pytest.mark.parametrize("size", SIZES)
def test_every_section_is_one_tap_away_on_every_page(browser, site_url, size):
    with sized_page(browser, site_url, SIZES[size]) as page:
        for name, path in PAGES.items():
            loaded(page, path)
            bar = page.get_by_role("navigation", name="Sections")
            links = bar.get_by_role("link")
            assert links.all_inner_texts() == SECTIONS, name
            # each one visible once the bar is scrolled to it, no menu: one round trip a page
            # (the bar's links in order, each by its accessible name) instead of three a link
            shown = links.evaluate_all(SCROLLED_TO)
            assert [label for label, _visible, _height in shown] == SECTIONS, name
            for label, visible, height in shown:
                assert visible and height >= 24, (name, label)
            current = bar.locator("[aria-current=page]").all_inner_texts()
            expected = {"home": "Home", "movie": "Library", "person": "People", "collection": "Collections"}
            assert current == [expected.get(name, name.split("-")[0].capitalize())], name
        bar.get_by_role("link", name="Health").click()
        page.wait_for_selector("h1:has-text('Library health')")
        assert page.locator("footer").inner_text().count("Made with") == 0        # no documentation chrome
        screenshot(page, f"sections-{size}")


@pytest.mark.parametrize("width", [320, 390, 768, 1280, 1920, 2560])
def test_nothing_is_wider_than_the_screen(browser, site_url, width):
    with sized_page(browser, site_url, {"width": width, "height": 900}) as page:
        for name, path in PAGES.items():
            loaded(page, path)
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{name} at {width} px is {wide} px wide"
        if width in (320, 2560):
            loaded(page, "stats/")
            screenshot(page, f"stats-{width}")


@pytest.mark.parametrize("width, least", [(360, 3), (390, 3), (1920, 8)])
def test_the_grid_fills_the_width(browser, site_url, width, least):
    with sized_page(browser, site_url, {"width": width, "height": 1000}) as page:
        loaded(page, "library/")
        tops = page.locator("#mv-grid > .mv-card").evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
        per_row = tops.count(tops[0])
        assert per_row >= least, f"{per_row} posters a row at {width} px"
        screenshot(page, f"library-{width}")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("slug", ["the-matrix-1999", "blade-runner-1982"])
def test_a_films_essentials_are_above_the_fold(browser, site_url, size, slug):
    with sized_page(browser, site_url, SIZES[size]) as page:
        loaded(page, f"movies/{slug}/")
        fold = page.viewport_size["height"]
        hero = page.locator(".mv-hero")
        assert hero.bounding_box()["y"] + hero.bounding_box()["height"] <= fold
        for part in (".mv-hero__poster .mv-poster", "h1.mv-title", ".mv-year", ".mv-rating", ".mv-meta", ".mv-cert",
                     ".mv-genres", ".mv-actions", ".mv-user"):
            box = page.locator(part).first.bounding_box()
            assert box and box["y"] + box["height"] <= fold and box["width"] > 0, part
        actions = page.locator(".mv-actions a").all_inner_texts()
        if slug == "the-matrix-1999":
            assert page.get_by_role("link", name=re.compile("Trailer")).get_attribute("href") == \
                "https://www.youtube.com/watch?v=vKQi3bBA1y8"
            assert page.locator(".mv-user").inner_text().split() == ["Watched", "Favourite", "Your", "rating", "9/10"]
        else:
            assert any("2 versions" in a for a in actions)
            page.get_by_role("link", name="2 versions").click()
            assert page.locator("#versions").is_visible()
        screenshot(page, f"movie-{slug}-{size}")


def test_movie_page_rows_and_tables(browser, site_url):
    with sized_page(browser, site_url, DESKTOP) as page:
        loaded(page, "movies/back-to-the-future-part-ii-1989/")
        cast = page.locator(".mv-row--people .mv-person")
        assert cast.count() >= 3
        assert cast.first.locator("a").evaluate("a => a.pathname").startswith("/people/")
        # rows off the screen are not rendered yet (content-visibility), so their text is read, not their rendering
        rows = page.locator("section.mv-shelf h2").all_text_contents()
        assert "Cast" in rows and "Back to the Future Collection" in rows and "You might also like" in rows
        assert page.locator("section[aria-labelledby=collection] .mv-card--current").count() == 1
        files = page.locator("section[aria-labelledby=files] table.mv-table")
        assert files.locator("th").all_text_contents() == ["File", "Quality", "Size"]
        assert files.evaluate("t => getComputedStyle(t).borderCollapse") == "collapse"
        # links in running text are underlined; a card's, a cast member's and a genre chip's are not
        underline = "a => getComputedStyle(a).textDecorationLine"
        assert page.locator(".mv-credits dd > a").first.evaluate(underline) == "underline"
        for link in (".mv-card > a", ".mv-person > a", ".mv-genres > a"):
            assert page.locator(link).first.evaluate(underline) == "none", link
        screenshot(page, "movie-rows-desktop")


@pytest.mark.parametrize("size", SIZES)
def test_home_is_a_dashboard_with_badges(browser, site_url, size):
    with sized_page(browser, site_url, SIZES[size]) as page:
        loaded(page, "")
        rows = [r.strip() for r in page.locator(".mv-shelf h2").all_text_contents()]
        for row in ("Recently added", "Unwatched favourites", "On your watchlist", "Top rated", "Collections"):
            assert row in rows, rows
        assert sum(1 for r in rows if r in ("Drama", "Science Fiction", "Action", "Crime", "Adventure", "Comedy")) >= 2
        favourites = page.locator("section[aria-labelledby=favourites] .mv-card > a").evaluate_all(
            "els => els.map(e => e.pathname.split('/').at(-2))")
        assert set(favourites) == {"amelie-2001", "spirited-away-2001", "seven-samurai-1954"}   # favourites, not watched
        matrix = page.locator('section[aria-labelledby=top] .mv-card:has(> a[href$="/the-matrix-1999/"])')
        page.wait_for_function("() => document.querySelector('.mv-card__state')")
        marks = matrix.locator(".mv-card__mark").evaluate_all("els => els.map(e => e.textContent)")
        assert "Watched" in " ".join(marks) and "Favourite" in " ".join(marks) and "Your rating 9 of 10" in " ".join(marks)
        assert page.locator('.mv-card > a[href$="/2001-a-space-odyssey-1968/"] .mv-badge').first.inner_text() == "4K"
        assert page.get_by_role("link", name=re.compile("Browse all")).count() >= 1
        screenshot(page, f"home-{size}")


def test_list_view_shows_every_poster(browser, site_url):
    with sized_page(browser, site_url, DESKTOP) as page:
        loaded(page, "library/?view=list")
        cards = page.locator("#mv-grid > .mv-card")
        rows = cards.evaluate_all("""els => els.map(li => { const a = li.querySelector('.mv-card__art').getBoundingClientRect(),
            r = li.getBoundingClientRect(); return [a.width, a.height, r.height, r.top]; })""")
        assert len(rows) >= 6
        for width, height, row, _ in rows:
            assert 20 <= width <= 60 and height <= row            # a thumbnail inside its row, not a full poster
        assert [r[3] for r in rows] == sorted(r[3] for r in rows) and rows[1][3] - rows[0][3] >= rows[0][2]
        assert page.locator("#mv-grid img.mv-poster").first.is_visible()
        screenshot(page, "library-list-desktop")


def test_facet_counts_follow_the_filters_and_reset(browser, site_url):
    with sized_page(browser, site_url, DESKTOP) as page:
        loaded(page, "library/")

        def count(facet: str, value: str) -> tuple[int, bool]:
            box = page.locator(f'#mv-facets input[name="{facet}"][value="{value}"]')
            label = box.locator("xpath=..")
            return int(label.locator(".mv-facet__n").inner_text()), box.is_disabled()

        drama, _ = count("g", "Drama")
        page.get_by_label(re.compile(r"^\s*Horror")).check()
        page.wait_for_function("location.search.includes('g=Horror')")
        assert count("g", "Drama") == (drama, False)        # a genre's own values stay alternatives
        horror = {s for s in page.locator("#mv-grid > .mv-card").evaluate_all(f"els => els.map({CARD_SLUG})")}
        assert horror == {"alien-1979", "the-thing-2011"}   # The Thing (1982) matched as the 2011 film
        assert count("res", "2160p") == (0, True)           # would leave nothing: dimmed, not a dead end
        assert page.locator('#mv-facets input[value="2160p"]').locator("xpath=..").evaluate(
            "l => parseFloat(getComputedStyle(l).opacity)") < 1
        assert page.locator("#mv-chips").inner_text().strip().startswith("Genre: Horror")
        page.fill("#mv-q", "zzzz no such film")
        page.wait_for_function("!document.getElementById('mv-empty').hidden")
        screenshot(page, "library-empty-desktop")
        page.get_by_role("button", name="Clear all filters").last.click()
        page.wait_for_function("location.search === ''")
        assert page.locator("#mv-count").inner_text() == "32 movies" and page.locator("#mv-active-filters").is_hidden()


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("name", ["home", "library", "library-list", "movie", "person", "collection", "stats", "health"])
def test_no_serious_accessibility_violations(browser, site_url, name, scheme):
    with sized_page(browser, site_url, DESKTOP if scheme == "default" else PHONE) as page:
        loaded(page, PAGES[name])
        if scheme == "slate":
            set_scheme(page, "slate")
            loaded(page, PAGES[name])
        assert serious_violations(page) == []


def test_keyboard_reaches_every_section_and_a_card_with_a_visible_focus(browser, site_url):
    with sized_page(browser, site_url, DESKTOP) as page:
        loaded(page, "")
        seen, unmarked = set(), []
        for _ in range(60):
            page.keyboard.press("Tab")
            # material's palette toggle is an <input> whose <label> shows the ring
            focus = page.evaluate("""() => { const a = document.activeElement,
                s = getComputedStyle(a.matches('input.md-option') ? a.nextElementSibling : a);
                const art = a.querySelector('.mv-card__art, .mv-person__photo');
                const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                          || (art && getComputedStyle(art).outlineStyle !== 'none') || s.boxShadow !== 'none';
                return {text: a.innerText || a.getAttribute('aria-label') || a.tagName, ring,
                        card: !!a.closest('.mv-card'), section: !!a.closest('.mv-sections')}; }""")
            if not focus["ring"]:
                unmarked.append(focus["text"])
            if focus["section"]:
                seen.add(focus["text"].strip())
            if focus["card"]:
                break
        assert seen == set(SECTIONS) and focus["card"], seen
        assert unmarked == []


@pytest.mark.parametrize("size", SIZES)
def test_screenshots_light_and_dark(browser, site_url, size):
    with sized_page(browser, site_url, SIZES[size]) as page:
        for scheme in ("default", "slate"):
            for name in ("home", "library", "movie", "collection", "health"):
                loaded(page, PAGES[name])
                if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
                    set_scheme(page, scheme)
                shot = screenshot(page, f"{name}-{size}-{'dark' if scheme == 'slate' else 'light'}")
                assert shot.stat().st_size > 5_000
