"""sw.js: the files the service worker keeps, each under a digest of its bytes as built; every
URL relative to the site root (a sub-path site works); a changed file changes the worker."""
from __future__ import annotations

import json
import re

from movievault_build.site.offline import precache_list, service_worker, write_service_worker
from tests.helpers import write


def site(tmp_path):
    root = tmp_path / "site"
    for rel in ("index.html", "library/index.html", "offline.html", "api/library-index.json", "api/user-state.json",
                "assets/movievault/movievault.css", "assets/movievault/app.js", "assets/movievault/workbox/workbox-sw.js",
                "assets/javascripts/bundle.abc.min.js", "assets/javascripts/bundle.abc.min.js.map",
                "movies/heat-1995/index.html", "img/ab/cd.avif"):
        write(root, rel, f"<{rel}>")
    return root


def test_the_shell_pages_and_data_are_listed_by_digest_and_nothing_else(tmp_path):
    listed = {e["url"]: e["revision"] for e in precache_list(site(tmp_path))}
    assert set(listed) == {"./", "library/", "offline.html", "api/library-index.json", "api/user-state.json",
                           "assets/movievault/movievault.css", "assets/movievault/app.js",
                           "assets/movievault/workbox/workbox-sw.js", "assets/javascripts/bundle.abc.min.js"}
    assert all(re.fullmatch(r"[0-9a-f]{24}", r) for r in listed.values())
    assert not any(u.startswith("/") or "://" in u for u in listed)      # relative: any sub-path works


def test_a_new_build_of_one_file_changes_the_worker(tmp_path):
    root = site(tmp_path)
    first = write_service_worker(root).read_text("utf-8")
    assert first == write_service_worker(root).read_text("utf-8")         # same bytes, same worker
    write(root, "api/user-state.json", '{"movies": {"heat-1995": {"watched": true}}}')
    second = write_service_worker(root).read_text("utf-8")
    assert second != first
    config = json.loads(re.search(r"self\.MOVIEVAULT = (\{.*\});", second).group(1))
    assert config["offline"] == "offline.html"
    assert 'importScripts("assets/movievault/workbox/workbox-sw.js", "assets/movievault/sw-main.js")' in second


def test_the_worker_text_is_data_and_an_import():
    text = service_worker([{"url": "./", "revision": "0" * 24}])
    code = [line for line in text.splitlines() if line and not line.startswith(("/*", "   "))]
    assert len(code) == 2 and code[0].startswith("self.MOVIEVAULT = ") and code[1].startswith("importScripts(")


def test_under_mkdocs_serve_the_worker_retires(tmp_path):
    text = write_service_worker(site(tmp_path), offline=False).read_text("utf-8")
    assert 'importScripts("assets/movievault/sw-retire.js")' in text and "MOVIEVAULT" not in text
