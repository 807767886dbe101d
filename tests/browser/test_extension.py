"""The "in my library" browser extension in a real headless Chromium: loaded unpacked from
`movievault extension export`, on our own copies of TMDB, IMDb, Letterboxd and Trakt film
pages (tests/fakes/film_pages.py) reached at their real URLs through Playwright routes,
against the demo site or small fixture sites served on 127.0.0.1. Every other request is
refused and recorded: nothing leaves the machine.

The options page asks the browser for the site's origin; a headless browser cannot show
that prompt, so the test's copy of the manifest lists http://127.0.0.1/* as granted —
what a user's "Allow" gives — and the request then answers at once, as it does for an
origin already allowed. The badge sits in a closed shadow root (the host page cannot read
it), so the tests read it through the DevTools protocol, which pierces it."""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from movievault_build.extension import export
from movievault_build.views.user_state import viewer_state
from movievault_build.store.library import load_movies
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.fakes.loopback import serving
from tests.fakes.film_pages import FILMS, SITES, FilmPages
from tests.helpers import REPO

pytestmark = pytest.mark.browser
LOOPBACK = "http://127.0.0.1"


class _Recording(http.server.SimpleHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def recorded_site(folder: Path):
    """`folder` served on 127.0.0.1; yields (its URL with a slash, the paths asked for)."""
    with serving(functools.partial(_Recording, directory=str(folder))) as server:
        server.requests = []
        yield f"{LOOPBACK}:{server.server_address[1]}/", server.requests


def fixture_site(root: Path, files: dict[str, str | dict]) -> Path:
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body if isinstance(body, str) else json.dumps(body), "utf-8")
    return root


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("extension") / "unpacked"
    export(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["host_permissions"] = [f"{LOOPBACK}/*"]       # the user's "Allow" (see above)
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return folder


@pytest.fixture(scope="module")
def film_pages():
    pages = FilmPages()
    yield pages
    pages.close()


class Browser:
    """Chromium with the extension: `sw` its background, `outside` every refused request."""

    def __init__(self, context, film_pages: FilmPages) -> None:
        self.context, self.outside, self.asked = context, [], []
        self.pages = film_pages
        context.route("**/*", self._route)
        self.sw = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        self.id = urlsplit(self.sw.url).hostname

    def _route(self, route) -> None:
        url = route.request.url
        self.asked.append(url)
        if urlsplit(url).hostname in SITES:
            route.fulfill(response=route.fetch(url=self.pages.local(url)))
        elif url.startswith((LOOPBACK + ":", LOOPBACK + "/", "chrome-extension://", "data:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def configure(self, site: str | None) -> None:
        self.sw.evaluate("s => s ? chrome.storage.local.set({site: s}) : chrome.storage.local.clear()", site)

    @contextlib.contextmanager
    def open(self, url: str):
        """A new tab at `url`, keeping its console errors and uncaught exceptions in `page.errors`."""
        page = self.context.new_page()
        page.errors = []
        page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        try:
            page.goto(url)
            yield page
        finally:
            page.close()

    def toolbar_mark(self) -> str:
        """The toolbar button's badge text on the one tab the extension has marked, once it has
        (the tabs' URLs are not the extension's to read: it has no "tabs" permission)."""
        return self.sw.evaluate("""async () => {
            for (let tries = 0; tries < 600; tries++) {     // a bound, so a missing mark fails instead of hanging
              for (const tab of await chrome.tabs.query({})) {
                const title = await chrome.action.getTitle({tabId: tab.id});
                if (title !== 'MovieVault: in my library') return chrome.action.getBadgeText({tabId: tab.id});
              }
              await new Promise(r => setTimeout(r, 50));
            }
            return null; }""")


@pytest.fixture(scope="module")
def chromium(unpacked, film_pages, tmp_path_factory, playwright):
    args = CHROMIUM_ARGS + ["--headless=new", f"--disable-extensions-except={unpacked}", f"--load-extension={unpacked}",
                            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("profile")), executable_path=CHROMIUM, headless=False, args=args,
        ignore_default_args=["--disable-extensions"], viewport={"width": 1280, "height": 800})
    browser = Browser(context, film_pages)
    yield browser
    context.close()
    assert browser.outside == [], f"requests that would have left the machine: {browser.outside}"


@pytest.fixture
def browser(demo, chromium):
    """The extension with no site set; the demo site is built before Chromium starts."""
    chromium.configure(None)
    return chromium


@pytest.fixture(scope="module")
def demo(demo_site):
    with recorded_site(demo_site) as (url, requests):
        yield url, requests


def badge(page, state: str) -> lxml.html.HtmlElement:
    """The badge once it shows `state`, as markup read through its closed shadow root."""
    page.locator(f"movievault-badge[data-state={state}]").wait_for(state="attached")
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = [cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]]
        while nodes and nodes[0]["nodeName"] != "MOVIEVAULT-BADGE":
            node = nodes.pop(0)
            nodes += node.get("children", []) + node.get("shadowRoots", [])
        shadow = nodes[0]["shadowRoots"][0]
        assert shadow["shadowRootType"] == "closed"
        inner = "".join(cdp.send("DOM.getOuterHTML", {"nodeId": c["nodeId"]})["outerHTML"] for c in shadow["children"])
    finally:
        cdp.detach()
    return lxml.html.fragment_fromstring(inner, create_parent="div")


def text_of(element) -> str:
    return " ".join(element.text_content().split())


def assert_host_page_intact(page, title: str) -> None:
    """The page's own script ran, its heading is its own, and the badge is the one thing added."""
    assert page.evaluate("document.documentElement.dataset.hostScript") == "ran"
    assert title in page.locator("h1, h2").first.text_content()
    assert page.evaluate("[...document.body.children].filter(e => e.tagName === 'MOVIEVAULT-BADGE').length") <= 1
    assert page.errors == []


def watch_words(state: dict) -> list[str]:
    """What the badge's watch line must say about a viewer state (api/user-state.json)."""
    plays = state.get("plays", 0)
    words = [("Watched" if plays <= 1 else f"Watched {plays} times") if state.get("watched")
             else "On your watchlist" if state.get("watchlist") else "Not watched yet"]
    if state.get("last_played"):
        words.append(f"last {state['last_played'][:10]}")
    if state.get("favorite"):
        words.append("★ favourite")
    if state.get("rating"):
        words.append(f"rated {state['rating']}/10")
    return words


@pytest.fixture(scope="module")
def demo_states():
    movies, _ = load_movies(REPO / "content")
    return {m.slug: viewer_state(m) for m in movies}


@pytest.mark.parametrize("url, slug", [
    ("https://www.themoviedb.org/movie/949-heat", "heat-1995"),
    ("https://www.imdb.com/title/tt0133093/", "the-matrix-1999"),
    ("https://www.imdb.com/de/title/tt0033467/?ref_=nv_sr_1", "citizen-kane-1941"),
    ("https://letterboxd.com/film/the-matrix-1999/", "the-matrix-1999"),
    ("https://trakt.tv/movies/amelie-2001", "amelie-2001"),
])
def test_a_film_in_the_library_links_to_its_page_with_the_watch_state(browser, demo, demo_states, url, slug):
    site, _ = demo
    browser.configure(site)
    with browser.open(url) as page:
        shown = badge(page, "found")
        link, title = shown.find(".//a"), FILMS[slug][2]
        assert text_of(link).startswith(f"{title} (") and "In your library" in text_of(shown)
        assert " · ".join(watch_words(demo_states[slug])) in text_of(shown)
        assert link.get("href") == f"{site}movies/{slug}/" and link.get("rel") == "noopener noreferrer"
        assert browser.toolbar_mark() == "✓"
        assert_host_page_intact(page, title)
        page.goto(link.get("href"))           # the link is the film's own page on the site
        assert title in page.title()


def test_a_film_not_in_the_library_says_so_without_a_link(browser, demo):
    site, _ = demo
    browser.configure(site)
    with browser.open("https://trakt.tv/movies/se7en-1995") as page:
        shown = badge(page, "absent")
        assert text_of(shown).startswith("Not in your library") and shown.find(".//a") is None
        assert browser.toolbar_mark() == ""
        assert_host_page_intact(page, "Se7en")


def test_without_a_site_nothing_is_fetched_and_nothing_shown(browser):
    before = len(browser.asked)
    with browser.open("https://www.themoviedb.org/movie/949-heat") as page:
        assert browser.toolbar_mark() == "?"       # the lookup ran and found no address
        assert page.locator("movievault-badge").count() == 0
        assert browser.asked[before:] == ["https://www.themoviedb.org/movie/949-heat",
                                          "https://www.themoviedb.org/host.js"]
        assert_host_page_intact(page, "Heat")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("files", [
    {"api/ids.json": '{"version": 1, "movies": [["heat-1995", "movies/heat-1995/"]], "ids": {"tmdb": {"949": 0'},
    {"api/ids.json": '["not", "an", "index"]'},
    {"api/ids.json": '{"version": 1, "movies": [["../../etc", "x/"]], "ids": {"tmdb": {"949": 0}}}'},
    {"index.html": "<p>a site without the API</p>"},
    None,                                      # nothing listens at the address
], ids=["truncated-json", "wrong-shape", "bad-slug", "no-api", "unreachable"])
def test_a_broken_or_unreachable_site_gives_a_quiet_error_and_leaves_the_page_alone(browser, tmp_path, files):
    with contextlib.ExitStack() as stack:
        if files is None:
            site = f"{LOOPBACK}:{_closed_port()}/"
        else:
            site, _ = stack.enter_context(recorded_site(fixture_site(tmp_path, files)))
        browser.configure(site)
        with browser.open("https://www.themoviedb.org/movie/949-heat") as page:
            shown = badge(page, "error")
            assert text_of(shown).startswith("MovieVault: library unavailable") and shown.find(".//a") is None
            assert browser.toolbar_mark() == "!"
            assert_host_page_intact(page, "Heat")


HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>&amp; "Film"'


def test_hostile_titles_and_links_from_the_site_are_shown_as_text(browser, tmp_path):
    index = {"version": 1, "ids": {"tmdb": {"990001": 0, "949": 1, "603": 2}, "imdb": {"__proto__": 0}},
             "movies": [["hostile-film", "movies/hostile-film/"], ["heat-1995", "javascript:document.title='pwned'"],
                        ["the-matrix-1999", "https://elsewhere.example/matrix/"]]}
    files = {"api/ids.json": index, "api/movies/hostile-film.json": {"title": HOSTILE, "year": "<b>1999</b>"},
             "api/user-state.json": {"movies": {"hostile-film": {"watched": "<i>yes</i>", "rating": "<b>10</b>",
                                                                  "plays": 3, "last_played": "<script>"}}}}
    with recorded_site(fixture_site(tmp_path, files)) as (site, _):
        browser.configure(site)
        with browser.open("https://letterboxd.com/film/hostile-film/") as page:
            shown = badge(page, "found")
            assert shown.find(".//a").text_content() == HOSTILE      # as written; a year that is no number left out
            assert shown.find(".//img") is None and shown.find(".//script") is None and shown.find(".//b") is None
            assert "Not watched yet" in text_of(shown) and "rated" not in text_of(shown)
            assert page.title() != "pwned"
            assert_host_page_intact(page, "Hostile")
        for url in ("https://www.themoviedb.org/movie/949-heat", "https://www.themoviedb.org/movie/603-the-matrix"):
            with browser.open(url) as page:     # a page link off the site, or not http(s), is no link at all
                assert badge(page, "found").find(".//a") is None and page.title() != "pwned"


def test_the_options_page_stores_the_site_and_checks_it(browser, demo, demo_site):
    site, _ = demo
    with browser.open(f"chrome-extension://{browser.id}/options.html") as page:
        status = page.locator("#status")
        # The page's script writes the status after load: wait for it, do not read at once.
        page.locator("#status", has_text="No site yet").wait_for()
        page.fill("#site", "ftp://example.org/")
        page.click("#save")
        page.locator("#status[data-state=error]").wait_for()
        assert "http(s) address" in status.text_content()
        page.fill("#site", site.rstrip("/") + "?utm=x#top")     # stored as the site's root, no query or fragment
        page.click("#save")
        page.locator("#status[data-state=ok]").wait_for()
        films = len(json.loads((demo_site / "api/ids.json").read_bytes())["movies"])
        assert status.text_content() == f"Connected: {films} films in the library at {site}"
        assert browser.sw.evaluate("chrome.storage.local.get('site')") == {"site": site}
        assert page.locator("#user-choice").is_hidden()        # the demo has one user: nothing to choose
        with browser.open("https://www.themoviedb.org/movie/949-heat") as film:
            badge(film, "found")
        page.click("#forget")
        page.locator("#status", has_text="Forgotten").wait_for()
        assert browser.sw.evaluate("chrome.storage.local.get('site')") == {} and page.input_value("#site") == ""
        assert page.errors == []


def test_on_a_site_with_several_users_the_options_choose_whose_state_shows(browser, tmp_path):
    users = [{"name": "alice", "label": "Alice", "state": "api/user-state.json"},
             {"name": "bob", "label": "Bob <b>", "state": "api/users/bob.json"},
             {"name": "eve", "label": "Eve", "state": "https://elsewhere.example/eve.json"}]     # not the site's: left out
    files = {"api/ids.json": {"version": 1, "movies": [["heat-1995", "movies/heat-1995/"]], "ids": {"tmdb": {"949": 0}}},
             "api/movies/heat-1995.json": {"title": "Heat", "year": 1995},
             "api/user-state.json": {"version": 1, "user": "alice", "movies": {"heat-1995": {"watched": True, "plays": 2}}},
             "api/users/bob.json": {"version": 1, "user": "bob", "movies": {"heat-1995": {"watchlist": True}}},
             "api/users.json": {"version": 1, "default": "alice", "users": users}}
    with recorded_site(fixture_site(tmp_path, files)) as (site, requests):
        browser.configure(site)
        with browser.open("https://www.themoviedb.org/movie/949-heat") as film:
            assert "Watched 2 times" in text_of(badge(film, "found"))
        with browser.open(f"chrome-extension://{browser.id}/options.html") as page:
            page.locator("#user-choice:not([hidden])").wait_for()
            assert page.locator("#user option").all_text_contents() == ["Alice", "Bob <b>"]
            page.select_option("#user", "api/users/bob.json")
            page.locator("#status", has_text="Showing Bob <b>'s watch state.").wait_for()
            assert page.errors == []
        with browser.open("https://www.themoviedb.org/movie/949-heat") as film:
            assert "On your watchlist" in text_of(badge(film, "found"))
        assert "/api/users/bob.json" in requests and not any("eve" in r for r in requests)
