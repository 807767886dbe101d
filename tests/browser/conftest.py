"""Real headless Chromium (Debian's, driven by Playwright) against the demo site served on
127.0.0.1. The demo is scanned into a temporary content/ so the repo's own stays untouched."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
from pathlib import Path
from typing import Iterator

import pytest

from tests.fakes.loopback import serving
from tests.helpers import REPO, mkdocs_build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = REPO / "test-artifacts"
# As the machine's own probe runs it: no sandbox as root, nothing phoning home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo library built into a site/ of its own."""
    tmp = tmp_path_factory.mktemp("demo-site")
    for name in ("site_src",):
        shutil.copytree(REPO / name, tmp / name)
    shutil.copytree(REPO / "content", tmp / "content")
    config = (REPO / "mkdocs.yml").read_text().replace("- demo/library", f"- {REPO / 'demo' / 'library'}")
    (tmp / "mkdocs.yml").write_text(config)
    result = mkdocs_build(tmp / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """A built site served on 127.0.0.1 for as long as the block runs; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    with serving(handler) as server:     # on leaving, nothing listens any more: the network is really gone
        yield server.url


@pytest.fixture(scope="session")
def site_url(demo_site):
    with served(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def playwright():
    """One Playwright per test process: its sync API cannot run twice at once in one process,
    so every fixture that starts a browser starts it from this one."""
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (python3 dev.py test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 720}}


@contextlib.contextmanager
def sized_page(browser, site_url: str, size: dict, **options) -> Iterator:
    """A page of the given size (PHONE, DESKTOP or a viewport) on the demo site, failing the test
    on any console error or uncaught exception; `page.goto_site(path)` opens a site path."""
    context = browser.new_context(**({"viewport": size} if "width" in size else size), **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto_site = lambda path="": page.goto(f"{site_url}/{path}")
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {n['target']} {n.get('failureSummary', '')[:160]}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")
            for n in v["nodes"]]


@contextlib.contextmanager
def strict_page(browser, allowed: tuple[str, ...]) -> Iterator:
    """A fresh page that fails the test on any console error or uncaught exception, and
    refuses every request whose URL starts with none of `allowed`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(allowed)
               else route.abort())
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def page(browser, site_url):
    """A strict page on the local demo server (and data: URLs)."""
    with strict_page(browser, (site_url, "data:")) as page:
        page.goto_site = lambda path="": page.goto(f"{site_url}/{path}")
        yield page


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def set_scheme(page, scheme: str) -> None:
    """Show the page in material's light ("default") or dark ("slate") palette the way a
    visitor's toggle does: material keeps the chosen palette in localStorage and applies it
    on load (mkdocs.yml lists light first, dark second)."""
    index, media = (1, "(prefers-color-scheme: dark)") if scheme == "slate" else (0, "(prefers-color-scheme: light)")
    value = {"index": index, "color": {"media": media, "scheme": scheme, "primary": "indigo", "accent": "amber"}}
    page.evaluate("""v => { const keys = Object.keys(localStorage).filter(k => k.endsWith('__palette'));
                            for (const k of (keys.length ? keys : ['/.__palette'])) localStorage.setItem(k, JSON.stringify(v)); }""",
                  value)
    page.reload()
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s", arg=scheme, timeout=10000)
