"""Offline and installable, in Chromium with the network off: after one visit the library
browses, filters and shows the movies and posters seen before; a page never visited gets the
offline page; a new build is picked up on the next visit, with a notice. The site is a copy
served by a server of its own, which the tests stop (and Chromium is told it is offline)."""
from __future__ import annotations

import shutil

import pytest

from movievault_build.site.offline import write_service_worker
from tests.browser.conftest import DESKTOP, PHONE, screenshot, served

READY = "#mv-library[data-state=ready]"
CONTROLLED = "() => navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)"


@pytest.fixture
def own_site(demo_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    return site


def fresh_context(browser, size):
    """A context of its own (no request routing: service workers bypass it)."""
    return browser.new_context(**size, service_workers="allow")


def test_sw_js_lists_what_it_caches_relative_to_the_site_root(demo_site):
    text = (demo_site / "sw.js").read_text("utf-8")
    assert 'importScripts("assets/movievault/workbox/workbox-sw.js", "assets/movievault/sw-main.js")' in text
    for url in ('"url":"./"', '"url":"library/"', '"url":"api/library-index.json"', '"url":"api/user-state.json"',
                '"url":"offline.html"', '"url":"assets/movievault/app.js"'):
        assert url in text, url
    assert "/tmp/" not in text and "127.0.0.1" not in text           # nothing absolute: any sub-path works
    assert (demo_site / "assets/movievault/workbox/LICENSE").is_file()


@pytest.mark.parametrize("size", {"phone": PHONE, "desktop": DESKTOP}.items(), ids=["phone", "desktop"])
def test_the_library_browses_offline_after_one_visit(browser, own_site, size):
    name, options = size
    context = fresh_context(browser, options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with served(own_site) as url:
        page.goto(f"{url}/library/")
        page.wait_for_selector(READY)
        page.wait_for_function(CONTROLLED, timeout=30000)
        page.goto(f"{url}/movies/the-matrix-1999/")                    # a movie and its poster, seen once
        page.wait_for_function("[...document.images].every(i => i.complete)")
        page.goto(f"{url}/")
        page.wait_for_load_state("load")
    context.set_offline(True)                                           # and the server is gone too
    page.goto(f"{url}/library/?g=Drama")
    page.wait_for_selector(READY)
    assert page.locator("#mv-count").inner_text().endswith("of 32 movies")
    page.get_by_role("button", name="Remove filter Genre: Drama").click()
    page.wait_for_function("document.getElementById('mv-count').textContent === '32 movies'")
    page.fill("#mv-q", "matrix")
    page.wait_for_function("document.querySelectorAll('#mv-grid > .mv-card').length === 1")
    screenshot(page, f"offline-library-{name}")
    page.goto(f"{url}/movies/the-matrix-1999/")
    assert page.locator("h1.mv-title").inner_text().startswith("The Matrix")
    assert page.evaluate("document.querySelector('.mv-hero__poster img').naturalWidth") > 0
    page.goto(f"{url}/movies/heat-1995/")                               # never visited
    assert page.locator("h1").inner_text() == "You are offline"
    screenshot(page, f"offline-page-{name}")
    page.get_by_role("link", name="Browse the library").click()
    page.wait_for_selector(READY)
    assert page.url == f"{url}/library/"
    context.close()
    assert errors == []


def test_a_new_build_is_picked_up_on_the_next_visit_with_a_notice(browser, own_site):
    context = fresh_context(browser, DESKTOP)
    page = context.new_page()
    with served(own_site) as url:
        page.goto(f"{url}/")
        page.wait_for_function(CONTROLLED, timeout=30000)
        old = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        # A new build: one stylesheet changed, so the worker the plugin writes changes too.
        sheet = own_site / "assets/movievault/movievault.css"
        sheet.write_text(sheet.read_text("utf-8") + "\n.mv-new-build { color: red; }\n", "utf-8")
        before = (own_site / "sw.js").read_bytes()
        write_service_worker(own_site)
        assert (own_site / "sw.js").read_bytes() != before
        page.goto(f"{url}/library/")
        page.wait_for_selector("#mv-toast:not([hidden])", timeout=30000)
        assert "updated" in page.locator("#mv-toast").inner_text()
        assert page.get_by_role("button", name="Reload").is_visible()
        screenshot(page, "offline-updated-notice")
        page.get_by_role("button", name="Reload").click()
        page.wait_for_selector(READY)
        assert page.evaluate("navigator.serviceWorker.controller.scriptURL") == old      # same URL, new worker
        css = page.evaluate("fetch('../assets/movievault/movievault.css').then(r => r.text())")
        assert ".mv-new-build" in css
    context.close()


def test_a_site_under_a_sub_path_keeps_its_worker_there(browser, demo_site, tmp_path):
    """A GitHub Pages project site lives at /<project>/: the worker's scope is that folder."""
    root = tmp_path / "host"
    shutil.copytree(demo_site, root / "project")
    context = fresh_context(browser, DESKTOP)
    page = context.new_page()
    with served(root) as url:
        page.goto(f"{url}/project/library/")
        page.wait_for_selector(READY)
        page.wait_for_function(CONTROLLED, timeout=30000)
        scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
        assert scope == f"{url}/project/"
    context.set_offline(True)
    page.goto(f"{url}/project/library/?view=list")
    page.wait_for_selector(READY)
    assert page.locator("#mv-grid > .mv-card").count() > 5 and "mv-grid--list" in page.get_attribute("#mv-grid", "class")
    context.close()
