"""The demo site under the Content-Security-Policy its build computed: served with the
headers of the generated `_headers` file, real Chromium must report no violation while a
visitor browses, searches and filters — and must refuse a script the build did not make."""
from __future__ import annotations

import functools
import re
from fnmatch import fnmatchcase

import pytest

from movievault_build.site.headers import HEADERS_FILE, parse_headers_file
from tests.browser.conftest import _QuietHandler
from tests.fakes.loopback import serving

# Every violation also reaches the console (Chromium logs "Refused to …" for most, not all).
WATCH_CSP = """document.addEventListener('securitypolicyviolation', e =>
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));"""


class _HeadersHandler(_QuietHandler):
    rules: list = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        for pattern, headers in self.rules:   # Netlify's splat: `*` matches the rest of the path
            if fnmatchcase(path, pattern):
                for name, value in headers.items():
                    self.send_header(name, value)
        super().end_headers()


@pytest.fixture(scope="module")
def csp_site(demo_site):
    rules = parse_headers_file((demo_site / HEADERS_FILE).read_text("utf-8"))
    handler = functools.partial(type("H", (_HeadersHandler,), {"rules": rules}), directory=str(demo_site))
    with serving(handler) as server:
        yield server.url, rules


@pytest.fixture
def csp_page(browser, csp_site):
    url, _ = csp_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console: list[tuple[str, str]] = []
    page.on("console", lambda msg: console.append((msg.type, msg.text)))
    page.on("pageerror", lambda exc: console.append(("pageerror", str(exc))))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
               or route.request.url.startswith("data:") else route.abort())
    page.console = console
    yield page
    context.close()


def problems(console) -> list[str]:
    return [text for kind, text in console
            if kind in ("error", "pageerror") or "Refused to" in text or "CSP violation" in text]


def test_the_policy_is_served_and_hashes_inline_scripts(csp_page, csp_site):
    url, rules = csp_site
    policy = dict(rules)["/*"]["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert re.search(r"script-src 'self'( 'sha256-[A-Za-z0-9+/=]+')+;", policy), policy
    response = csp_page.goto(url + "/")
    assert response.headers["content-security-policy"] == policy


def test_browsing_searching_and_filtering_break_no_rule(csp_page, csp_site):
    url, _ = csp_site
    page = csp_page
    page.goto(url + "/")
    page.wait_for_load_state("load")
    # the header search box (assets/movievault/search.js)
    page.locator(".mv-search__input").fill("matrix")
    page.wait_for_selector(".mv-search__list:not([hidden]) .mv-search__option")
    page.locator(".mv-search__input").press("Enter")
    page.wait_for_url(f"{url}/movies/the-matrix-1999/")
    assert page.locator("h1.mv-title").inner_text().startswith("The Matrix")
    # a movie page opened directly, with its poster and backdrop
    page.goto(url + "/movies/alien-1979/")
    page.wait_for_load_state("load")
    # the library browser and one of its filters
    page.goto(url + "/library/")
    page.wait_for_selector("#mv-library[data-state=ready]")
    page.get_by_label(re.compile(r"^\s*Science Fiction")).check()
    page.wait_for_function("() => location.search.includes('g=Science+Fiction')")
    # material's instant navigation loads the next page by script, under the same policy
    page.locator("#mv-grid > .mv-card a").first.click()
    page.wait_for_selector("h1.mv-title")
    page.wait_for_load_state("load")
    assert problems(page.console) == [], page.console


def test_a_script_the_build_did_not_make_is_refused(csp_page, csp_site):
    url, _ = csp_site
    page = csp_page
    page.goto(url + "/")
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.__injected = true'; document.head.appendChild(s); }""")
    page.wait_for_function("() => true")
    assert page.evaluate("() => window.__injected") is None
    assert any("CSP violation: script-src" in text for _, text in page.console), page.console
