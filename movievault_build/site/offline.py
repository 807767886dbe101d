"""Offline and installable: the service worker at the site root, written at the end of a build.

`sw.js` holds only data — the list of files to precache, each with a digest of its bytes as
it now is in site/ — and imports Workbox and the worker itself (assets/movievault/sw-main.js,
shipped in the theme like every other asset). The worker's scope is the folder sw.js is in,
so it must sit at the site root; every URL in it is relative to that root, so a site served
under a sub-path (a GitHub Pages project site) works as is. A build that changes any
precached file writes a different sw.js, which is how a visitor's browser learns that a
new build is out. Nothing here needs Node: the lists are made by Python from the built files.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from ..cache.keys import digester

SERVICE_WORKER = "sw.js"
OFFLINE_PAGE = "offline.html"
WORKBOX_VERSION = "7.4.1"
WORKBOX = "assets/movievault/workbox/"
# What a visitor needs to browse the library with no network, once they have been here.
SHELL_GLOBS = ("assets/movievault/*.css", "assets/movievault/*.js", "assets/movievault/workbox/*.js",
               "assets/movievault/icons/*.png", "assets/stylesheets/*.css", "assets/javascripts/*.js")
PAGES = ("index.html", "library/index.html", OFFLINE_PAGE)
DATA = ("api/library-index.json", "api/user-state.json", "manifest.webmanifest", "search/meta.json")


def precache_list(site_dir: Path, extra: Iterable[str] = ()) -> list[dict[str, str]]:
    """[{url, revision}] of every shell file, page and data file present in site_dir, in a
    fixed order; a missing file (a site without a home page, say) is left out."""
    site = Path(site_dir)
    found: dict[str, Path] = {}
    for pattern in SHELL_GLOBS:
        for path in sorted(site.glob(pattern)):
            if not path.name.startswith("sw") and not path.name.endswith(".map"):     # not the worker's own files
                found[path.relative_to(site).as_posix()] = path
    for rel in (*PAGES, *DATA, *extra):
        if (site / rel).is_file():
            found[rel] = site / rel
    return [{"url": _url(rel), "revision": _digest(path)} for rel, path in found.items()]


def _url(rel: str) -> str:
    """A page is asked for by its folder (`library/`), everything else by its name."""
    if rel == "index.html":
        return "./"
    return rel[: -len("index.html")] if rel.endswith("/index.html") else rel


def _digest(path: Path) -> str:
    h = digester(12)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def service_worker(precache: list[dict[str, str]]) -> str:
    """The text of sw.js: the precache list, then Workbox and the worker itself."""
    config = {"precache": precache, "offline": OFFLINE_PAGE}
    return ("/* MovieVault's service worker: written by the movievault plugin at build time (do not edit).\n"
            "   The worker is assets/movievault/sw-main.js; Workbox " + WORKBOX_VERSION + " is in " + WORKBOX + ". */\n"
            "self.MOVIEVAULT = " + json.dumps(config, separators=(",", ":"), sort_keys=True) + ";\n"
            f'importScripts("{WORKBOX}workbox-sw.js", "assets/movievault/sw-main.js");\n')


# Under `mkdocs serve` a page must show the last save at once, not a copy kept offline: the
# worker there removes itself (and what an earlier one kept) from the browser.
RETIRE = ("/* MovieVault under `mkdocs serve`: written by the movievault plugin (do not edit). */\n"
          'importScripts("assets/movievault/sw-retire.js");\n')


def write_service_worker(site_dir: Path, offline: bool = True) -> Path:
    """Write sw.js into site_dir from the files now there (or, without `offline`, the worker
    that retires itself); returns its path."""
    path = Path(site_dir) / SERVICE_WORKER
    text = service_worker(precache_list(site_dir)) if offline else RETIRE
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(text, "utf-8")
    os.replace(tmp, path)
    return path
