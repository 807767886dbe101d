"""Publishing needs neither the library nor the network: a build from a copy of content/
alone, with every provider and proxy pointed at a closed port, produces the same site —
file for file, byte for byte — as a build on the machine that has the library mounted."""
from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO, mkdocs_build

CLOSED = "http://127.0.0.1:9"     # the discard port: nothing listens, connections are refused
# sitemap.xml carries the build date as every page's <lastmod>, and gzip stamps its header
# with the time of compression: both legitimately differ between two builds. They are
# compared after decompressing and blanking the dates; every other file must be identical.
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def _site_files(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel, data = path.relative_to(site).as_posix(), path.read_bytes()
        if rel.endswith("sitemap.xml.gz"):
            data = gzip.decompress(data)
        if rel.startswith("sitemap.xml"):
            data = LASTMOD.sub(b"<lastmod/>", data)
        out[rel] = data
    return out


def _project(root: Path, library: Path, content: Path) -> Path:
    root.mkdir()
    for name in ("site_src",):
        shutil.copytree(REPO / name, root / name)
    shutil.copytree(content, root / "content")
    config = (REPO / "mkdocs.yml").read_text().replace("- demo/library", f"- {library}")
    (root / "mkdocs.yml").write_text(config)
    return root / "mkdocs.yml"


def _build(cfg: Path, env: dict[str, str]):
    saved = dict(os.environ)
    try:   # mkdocs_build passes os.environ on: set exactly what this build may see
        os.environ.clear()
        os.environ.update(env)
        return mkdocs_build(cfg)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if not re.match(r"(?i)(TMDB|OMDB|SITE_URL|URL$|HTTPS?_PROXY|ALL_PROXY|NO_PROXY)", k)}
    return {**keep, **extra}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("publish")
    # (a) the library is mounted: `scan: auto` scans it, then the site is built
    mounted = _project(tmp / "mounted", REPO / "demo" / "library", REPO / "content")
    result = _build(mounted, _env())
    assert result.returncode == 0, result.stderr
    # (b) content/ as (a)'s scan left it, and nothing else: no library, no network
    offline = _project(tmp / "offline", tmp / "no-such-library", mounted.parent / "content")
    result = _build(offline, _env(TMDB_API_URL=CLOSED, OMDB_API_URL=CLOSED, HTTP_PROXY=CLOSED,
                                  HTTPS_PROXY=CLOSED, http_proxy=CLOSED, https_proxy=CLOSED))
    assert result.returncode == 0, result.stderr
    assert "library not mounted" in result.stderr
    return mounted.parent / "site", offline.parent / "site"


def test_the_offline_build_publishes_the_same_site(sites):
    mounted, offline = (_site_files(s) for s in sites)
    assert sorted(mounted) == sorted(offline)
    different = [rel for rel in mounted if mounted[rel] != offline[rel]]
    # The health page reports the last scan of the machine that has the library (its
    # problems and skipped files, from the scan state); a build from content/ alone has
    # none to report, and says so. Everything else is the same, sw.js included.
    assert different == ["health/index.html"]
    assert b"movie.nfo</code>" in mounted["health/index.html"] and b"No scan on record" not in mounted["health/index.html"]
    assert b"No scan on record here" in offline["health/index.html"]
    assert len(mounted) > 200 and any(rel.startswith("img/") for rel in mounted)


def test_the_published_site_has_its_api_headers_manifest_and_404(sites):
    site = sites[1]
    assert json.loads((site / "api/movies.json").read_bytes())["movies"]
    assert "Content-Security-Policy: default-src 'self'" in (site / "_headers").read_text()
    manifest = json.loads((site / "manifest.webmanifest").read_text("utf-8"))
    assert manifest["name"] == "MovieVault" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert (site / icon["src"]).is_file(), icon
    assert {"any", "maskable"} == {i["purpose"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= {i["sizes"] for i in manifest["icons"]}
    page = (site / "404.html").read_text("utf-8")
    assert "Browse the library" in page and 'rel="manifest"' in page
    assert not (site / "assets/movievault/icons/make_icons.py").exists()   # the icon script is not published
    assert (site / "assets/movievault/icons/favicon.png").is_file()
