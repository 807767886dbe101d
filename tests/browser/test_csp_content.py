"""Class: a CSP that actually stops injected scripts. Only the inline scripts the theme's
and the plugin's templates ship are hashed; a `<script>` (or an inline handler) carried by
a content file's body or a hand-written page is not, and Chromium refuses it while the
theme's own scripts run."""
from __future__ import annotations

import functools

import pytest

from movievault_build.site.headers import HEADERS_FILE, parse_headers_file, script_hash
from tests.browser.test_csp import WATCH_CSP, _HeadersHandler
from tests.fakes.loopback import serving
from tests.helpers import make_site, mkdocs_build, write

INJECTED = ["window.__pwned = 1", "window.__pwned_page = 1",
            '__md_scope=new URL(".",location),window.__pwned_lookalike=1']


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("csp-content")
    cfg = make_site(tmp, "[]")
    cfg.write_text(cfg.read_text().replace("library: []", "library: []\n      scan: never")
                   .replace("  name: material\n", "  name: material\n  font: false\n"))   # no third-party fonts
    write(tmp, "content/movies/heat-1995.md",
          f"---\ntitle: Heat\nyear: 1995\n---\nA plot.\n\n<script>{INJECTED[0]}</script>\n\n"
          f'<img src="x" onerror="window.__pwned_handler = 1">\n\n<script>{INJECTED[2]}</script>\n')
    write(tmp, "docs/about.md", f"# About\n\n<script>{INJECTED[1]}</script>\n")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp / "site"
    rules = parse_headers_file((site / HEADERS_FILE).read_text("utf-8"))
    handler = functools.partial(type("H", (_HeadersHandler,), {"rules": rules}), directory=str(site))
    with serving(handler) as server:
        yield server.url, dict(rules)["/*"]["Content-Security-Policy"], site


def test_no_content_script_is_hashed(hostile_site):
    _url, policy, site = hostile_site
    assert INJECTED[0] in (site / "movies" / "heat-1995" / "index.html").read_text()   # it is in the page …
    for script in INJECTED:
        assert script_hash(script) not in policy                                         # … but not allowed
    assert policy.count("'sha256-") >= 2                                                 # the theme's are


@pytest.mark.parametrize("path,flags", [("/movies/heat-1995/", ["__pwned", "__pwned_handler", "__pwned_lookalike"]),
                                        ("/about/", ["__pwned_page"])])
def test_chromium_refuses_content_scripts_and_runs_the_themes(browser, hostile_site, path, flags):
    url, _policy, _site = hostile_site
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort())
    page.goto(url + path)
    page.wait_for_load_state("load")
    for flag in flags:
        assert page.evaluate(f"() => window.{flag}") is None, flag
    assert page.evaluate("() => typeof __md_get") == "function"        # material's set-up script ran
    violations = [line for line in console if line.startswith("CSP violation")]
    assert violations and all("script-src" in line for line in violations), console
    context.close()
