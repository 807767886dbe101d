"""The demo site in a real browser: grid, movie page, links, light and dark."""
from __future__ import annotations


from tests.browser.conftest import screenshot, set_scheme
from tests.helpers import broken_links

DEMO_COUNT = 32


def test_library_grid_shows_every_demo_movie(page):
    page.goto_site("library/")
    cards = page.locator(".mv-card")
    assert cards.count() == DEMO_COUNT
    titles = cards.locator(".mv-card__title").all_inner_texts()
    assert "The Matrix" in titles and "Amélie" in titles and "千と千尋の神隠し" in titles or "Spirited Away" in titles


def test_grid_is_a_grid_not_a_column(page):
    page.goto_site("library/")
    boxes = [page.locator(".mv-card").nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] == boxes[1]["y"] == boxes[2]["y"]       # three posters side by side
    assert boxes[0]["width"] < 300


def test_movie_page_shows_poster_cast_and_escaped_facts(page):
    page.goto_site("movies/the-matrix-1999/")
    assert page.locator("h1.mv-title").inner_text().startswith("The Matrix")
    assert page.locator(".mv-hero__poster .mv-poster").first.is_visible()
    cast = page.locator(".mv-row--people li").all_inner_texts()
    assert any("Keanu Reeves" in c for c in cast)


def test_every_internal_link_resolves(demo_site):
    assert broken_links(demo_site) == []


def test_screenshots_light_and_dark(page):
    for scheme in ("default", "slate"):
        for path, name in (("library/", "library"), ("movies/the-matrix-1999/", "movie")):
            page.goto_site(path)
            set_scheme(page, scheme)
            shot = screenshot(page, f"{name}-{'dark' if scheme == 'slate' else 'light'}")
            assert shot.stat().st_size > 5_000


def test_phone_sized_screen_has_no_horizontal_scroll(browser, site_url):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    page = context.new_page()
    for path in ("library/", "movies/the-matrix-1999/"):
        page.goto(f"{site_url}/{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    screenshot(page, "movie-phone")
    context.close()


def test_collection_person_genre_and_decade_pages_render(page):
    page.goto_site("collections/back-to-the-future-collection/")
    titles = page.locator(".mv-card__title").all_inner_texts()
    assert titles == ["Back to the Future", "Back to the Future Part II", "Back to the Future Part III"]
    page.goto_site("movies/alien-1979/")
    page.get_by_role("link", name="Ridley Scott").first.click()
    page.wait_for_url("**/people/ridley-scott/")
    page.wait_for_selector("h1:has-text('Ridley Scott')")     # instant navigation swaps content late
    films = page.locator(".mv-card__title").all_inner_texts()
    assert "Alien" in films and "Blade Runner" in films
    page.goto_site("decades/")
    page.get_by_role("link", name="1950s").click()
    page.wait_for_selector("h1:has-text('1950s')")
    assert "Seven Samurai" in page.locator(".mv-card__title").all_inner_texts()


def test_movie_page_links_the_rest_of_its_collection_and_neighbours(page):
    page.goto_site("movies/back-to-the-future-part-ii-1989/")
    current = page.locator(".mv-card--current .mv-card__title").all_inner_texts()
    assert current == ["Back to the Future Part II"]
    assert page.locator("a[rel=next]").count() == 1 and page.locator("a[rel=prev]").count() == 1
