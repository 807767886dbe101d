"""Users on the site, in a real browser at phone and desktop sizes: a site whose `users:` name
two people has a switcher in the header; the chosen user's badges, "Your movies" counts and
filters, home rows and a movie page's own line follow it, and the choice outlives a reload.
A single-user site shows no switcher. Expected sets come from content/, never by hand."""
from __future__ import annotations

import shutil

import pytest

from movievault_build.views.user_state import viewer_state
from movievault_build.store.library import load_movies
from tests.browser.conftest import DESKTOP, PHONE, screenshot, serious_violations, served, sized_page
from tests.helpers import CARD_SLUG, REPO, mkdocs_build

SIZES = {"phone": PHONE, "desktop": DESKTOP}
READY = "#mv-library[data-state=ready]"
# bob's own state: films alice (the demo's default user) has not watched, and one she has
BOB = {"jaws-1975": "watched: true, playcount: 2", "psycho-1960": "watched: true",
       "alien-1979": "watched: true", "amelie-2001": "favorite: true", "vertigo-1958": "watchlist: true"}


@pytest.fixture(scope="module")
def alice():
    movies, problems = load_movies(REPO / "content")
    assert not problems
    return {m.slug: viewer_state(m) for m in movies}


@pytest.fixture(scope="module")
def two_users(tmp_path_factory):
    """The demo site with two users: alice (the content files' `user:` blocks) and bob."""
    tmp = tmp_path_factory.mktemp("two-users")
    shutil.copytree(REPO / "site_src", tmp / "site_src")
    shutil.copytree(REPO / "content", tmp / "content")
    (tmp / "content" / "users").mkdir(exist_ok=True)
    (tmp / "content" / "users" / "bob.yml").write_text(
        "user: bob\nmovies:\n" + "".join(f"  {slug}: {{{state}}}\n" for slug, state in BOB.items()), "utf-8")
    config = (REPO / "mkdocs.yml").read_text().replace("      scan: auto\n", "      scan: never\n").replace(
        "  - movievault:\n", "  - movievault:\n      users:\n        - {name: alice, display_name: Alice}\n"
                             "        - {name: bob, display_name: Bob}\n")
    (tmp / "mkdocs.yml").write_text(config)
    built = mkdocs_build(tmp / "mkdocs.yml")
    assert built.returncode == 0, built.stderr
    with served(tmp / "site") as url:
        yield url


def watched_of(states: dict) -> set[str]:
    return {slug for slug, s in states.items() if s.get("watched")}


def badges(page, kind: str = "watched") -> dict[str, bool]:
    """slug -> whether the card has the badge, for every card in the page now."""
    return page.locator("#mv-grid > .mv-card").evaluate_all(
        f"(els, kind) => Object.fromEntries(els.map(e => [{CARD_SLUG}(e), !!e.querySelector('.mv-card__mark--' + kind)]))",
        kind)


def status_counts(page) -> tuple[str, ...]:
    """"Your movies" as the filter panel says them (folded away on a phone: read, not seen)."""
    return tuple(page.locator(sel).text_content() for sel in (
        '#mv-w option[value="1"]', '#mv-w option[value="0"]', "#mv-fav ~ .mv-facet__n", "#mv-wl ~ .mv-facet__n"))


def expect_user(page, watched: set[str], total: int) -> None:
    """The library shows `watched` as this user's: counts first (they come last), then badges."""
    page.wait_for_function("t => document.querySelector('#mv-w option[value=\"1\"]').textContent === t",
                           arg=f"Watched ({len(watched)})")
    assert status_counts(page)[:2] == (f"Watched ({len(watched)})", f"Not watched ({total - len(watched)})")
    page.wait_for_function(f"""w => [...document.querySelectorAll('#mv-grid > .mv-card')].every(
        e => !!e.querySelector('.mv-card__mark--watched') === w.includes({CARD_SLUG}(e)))""", arg=sorted(watched))
    shown = badges(page)
    assert shown and {s for s, on in shown.items() if on} == watched & set(shown)


@pytest.mark.parametrize("size", SIZES)
def test_switching_user_changes_badges_counts_filters_and_rows(browser, two_users, alice, size):
    bob_watched = {s for s, v in BOB.items() if "watched" in v}
    assert watched_of(alice) and watched_of(alice) != bob_watched
    with sized_page(browser, two_users, SIZES[size]) as page:
        page.goto_site("library/")
        page.wait_for_selector(READY)
        switch = page.get_by_label("Viewing as")
        assert switch.is_visible() and switch.input_value() == "alice"
        assert page.locator("#mv-user option").all_inner_texts() == ["Alice", "Bob"]
        assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["viewport"]["width"]
        expect_user(page, watched_of(alice), len(alice))
        switch.select_option("bob")
        expect_user(page, bob_watched, len(alice))
        assert status_counts(page)[2:] == ("1", "1")               # bob's favourite, bob's watchlist
        screenshot(page, f"users-library-bob-{size}")
        page.reload()                                              # the choice is remembered
        page.wait_for_selector(READY)
        assert page.get_by_label("Viewing as").input_value() == "bob"
        expect_user(page, bob_watched, len(alice))
        if not page.locator("#mv-panel").evaluate("d => d.open"):   # folded away on a phone
            page.locator("#mv-panel > summary").click()
        page.select_option("#mv-w", "1")                           # bob's watched films, and only them
        page.wait_for_function("location.search.includes('w=1')")
        page.wait_for_function("n => document.querySelectorAll('#mv-grid > .mv-card').length === n",
                               arg=len(bob_watched))
        assert set(badges(page)) == bob_watched
        # a movie page's own line and the home page's rows are bob's too
        page.goto_site("movies/jaws-1975/")
        page.wait_for_function("document.querySelector('[data-mv-user]').textContent.includes('Watched 2×')")
        page.goto_site("")
        page.wait_for_selector("[data-mv-for-user=bob]:not([hidden]) .mv-card > a[href$='/amelie-2001/']")
        assert page.locator("[data-mv-for-user=alice]:visible").count() == 0
        assert serious_violations(page) == []
        page.get_by_label("Viewing as").select_option("alice")
        page.wait_for_function("document.querySelectorAll('[data-mv-for-user=bob]:not([hidden])').length === 0")
        page.goto_site("movies/jaws-1975/")
        line = "Watched" if "jaws-1975" in watched_of(alice) else "Not watched yet"
        page.wait_for_function("t => document.querySelector('[data-mv-user]').textContent.includes(t)", arg=line)


def test_the_switcher_is_accessible_at_both_sizes(browser, two_users):
    for size in (DESKTOP, PHONE):
        with sized_page(browser, two_users, size) as page:
            page.goto_site("library/")
            page.wait_for_selector(READY)
            page.get_by_label("Viewing as").focus()
            assert serious_violations(page) == []


@pytest.mark.parametrize("size", SIZES)
def test_a_single_user_site_has_no_switcher(browser, site_url, size):
    with sized_page(browser, site_url, SIZES[size]) as page:
        for path in ("", "library/", "movies/heat-1995/"):
            page.goto_site(path)
            if path == "library/":
                page.wait_for_selector(READY)
            assert page.locator("[data-mv-users], .mv-users").count() == 0, path
            assert page.locator("[data-mv-for-user]").count() == 0, path
