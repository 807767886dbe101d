"""MkDocs' own pages of the plugin (health, statistics, playlists, discover, indexes,
library) are kept whole while their inputs are the same (site/known_pages.py): a warm
build reuses them, and any input that changes one makes it again, as a clean build would."""
from __future__ import annotations

import re
import shutil

import pytest

from movievault_build.site.known_pages import context_digest
from movievault_build.site.theme import THEME_DIR
from tests.helpers import jpeg, make_site, mkdocs_build, write

NFO = "<movie><title>{title}</title><year>{year}</year><genre>Crime</genre><rating>{rating}</rating></movie>"
OURS = ("health/index.md", "stats/index.md", "playlists/index.md", "discover/index.md", "genres/index.md",
        "people/index.md", "library/index.md")


def reused(result) -> set[str]:
    assert result.returncode == 0, result.stderr
    return {uri for uri in OURS if f"page {uri}: as last build" in result.stderr}


def page(tmp_path, uri: str) -> str:
    dest = uri.replace(".md", ".html") if uri.endswith("/index.md") else uri.replace(".md", "/index.html")
    return (tmp_path / "site" / dest).read_text("utf-8")


@pytest.fixture
def site(tmp_path):
    lib = tmp_path / "films"
    for title, year in (("Heat", 1995), ("Thief", 1981), ("Alien", 1979)):
        write(lib, f"{title} ({year})/{title} ({year}).mkv")
        write(lib, f"{title} ({year})/movie.nfo", NFO.format(title=title, year=year, rating=7))
        write(lib, f"{title} ({year})/poster.jpg", jpeg())
    return lib, make_site(tmp_path, [lib])


def clean_pages(tmp_path, cfg, *uris: str) -> dict[str, str]:
    """The pages as one build with no kept pages makes them."""
    shutil.rmtree(tmp_path / ".cache" / "movievault" / "pages" / "known")
    again = mkdocs_build(cfg, "-v")
    assert reused(again).isdisjoint(uris)
    return {uri: page(tmp_path, uri) for uri in uris}


def clean_page(tmp_path, cfg, uri: str) -> str:
    return clean_pages(tmp_path, cfg, uri)[uri]


def test_a_warm_build_reuses_every_page_and_writes_the_same_bytes(site, tmp_path):
    lib, cfg = site
    assert reused(mkdocs_build(cfg, "-v")) == set()
    cold = {uri: page(tmp_path, uri) for uri in OURS}
    warm = mkdocs_build(cfg, "-v")
    assert reused(warm) == set(OURS)
    assert {uri: page(tmp_path, uri) for uri in OURS} == cold
    dirty = mkdocs_build(cfg, "-v", "--dirty")
    assert reused(dirty) == set(OURS)
    assert {uri: page(tmp_path, uri) for uri in OURS} == cold


@pytest.mark.slow
def test_each_input_of_the_health_page_makes_it_again(site, tmp_path):
    lib, cfg = site
    assert mkdocs_build(cfg).returncode == 0
    assert "health/index.md" in reused(mkdocs_build(cfg, "-v"))
    # the scan's problems: a broken NFO
    write(lib, "Thief (1981)/movie.nfo", "<movie><title>Thief</title><year>1981")
    result = mkdocs_build(cfg, "-v")
    assert "health/index.md" not in reused(result) and "movie.nfo" in page(tmp_path, "health/index.md")
    # the files the scan skipped
    write(lib, "Heat (1995)/Heat (1995)-sample.mkv")
    result = mkdocs_build(cfg, "-v")
    assert "health/index.md" not in reused(result) and "Heat (1995)-sample.mkv" in page(tmp_path, "health/index.md")
    # the report's sections: a poster gone
    posterless = lambda: re.search(r"Movies without a poster \((\d+)\)", page(tmp_path, "health/index.md"))  # noqa: E731
    before = int(posterless()[1]) if posterless() else 0
    (lib / "Alien (1979)" / "poster.jpg").unlink()
    result = mkdocs_build(cfg, "-v")
    assert "health/index.md" not in reused(result) and int(posterless()[1]) == before + 1
    # a setting the report reads: the broken NFO accepted as known
    before = page(tmp_path, "health/index.md")
    cfg.write_text(cfg.read_text().replace("content_dir: content\n", "content_dir: content\n      scan:\n"
                                           f"        known_problems: [\"{lib / 'Thief (1981)' / 'movie.nfo'}\"]\n"))
    result = mkdocs_build(cfg, "-v")
    assert "health/index.md" not in reused(result) and page(tmp_path, "health/index.md") != before
    assert page(tmp_path, "health/index.md") == clean_page(tmp_path, cfg, "health/index.md")


@pytest.mark.slow
def test_the_site_and_the_templates_make_the_pages_again(site, tmp_path):
    lib, cfg = site
    assert mkdocs_build(cfg).returncode == 0
    cfg.write_text(cfg.read_text().replace("site_name: Test Vault", "site_name: Renamed Vault"))
    result = mkdocs_build(cfg, "-v")
    assert reused(result) == set()
    assert all("Renamed Vault" in page(tmp_path, uri) for uri in OURS)
    custom = tmp_path / "custom"
    custom.mkdir()
    (custom / "health.html").write_text((THEME_DIR / "health.html").read_text().replace(
        '<article class="mv-app mv-health">', '<article class="mv-app mv-health mv-edited">'))
    cfg.write_text(cfg.read_text().replace("  name: material\n", f"  name: material\n  custom_dir: {custom}\n"))
    result = mkdocs_build(cfg, "-v")
    assert "health/index.md" not in reused(result) and "stats/index.md" in reused(result)
    assert "mv-edited" in page(tmp_path, "health/index.md")
    assert page(tmp_path, "health/index.md") == clean_page(tmp_path, cfg, "health/index.md")


@pytest.mark.slow
def test_the_other_pages_follow_their_own_inputs(site, tmp_path):
    lib, cfg = site
    assert mkdocs_build(cfg).returncode == 0
    stats = page(tmp_path, "stats/index.md")
    # a rating: the statistics (and the library's cards) change; the genres index does not
    write(lib, "Alien (1979)/movie.nfo", NFO.format(title="Alien", year=1979, rating=9.5))
    result = mkdocs_build(cfg, "-v")
    assert {"stats/index.md", "library/index.md"}.isdisjoint(reused(result))
    assert "genres/index.md" in reused(result)
    assert page(tmp_path, "stats/index.md") != stats
    # a new genre: the genres index
    write(lib, "Heat (1995)/movie.nfo", NFO.format(title="Heat", year=1995, rating=7).replace(
        "<genre>Crime</genre>", "<genre>Crime</genre><genre>Western</genre>"))
    result = mkdocs_build(cfg, "-v")
    assert "genres/index.md" not in reused(result) and "Western" in page(tmp_path, "genres/index.md")
    # a playlist: its page and the playlists index
    write(tmp_path, "content/playlists.yml", "playlists:\n  - name: Top rated\n    rules: 'rating:9..'\n")
    result = mkdocs_build(cfg, "-v")
    assert "playlists/index.md" not in reused(result) and "Top rated" in page(tmp_path, "playlists/index.md")
    assert "Alien" in page(tmp_path, "playlists/top-rated/index.md")
    assert "page playlists/top-rated/index.md: as last build" in mkdocs_build(cfg, "-v").stderr
    uris = ("stats/index.md", "genres/index.md", "playlists/index.md", "library/index.md")
    kept = {uri: page(tmp_path, uri) for uri in uris}
    assert kept == clean_pages(tmp_path, cfg, *uris)


def test_a_context_of_plain_values_has_a_digest_and_any_other_has_none():
    assert context_digest({"a": [1, "x", None]}) == context_digest({"a": [1, "x", None]})
    assert context_digest({"a": [1, "x", None]}) != context_digest({"a": [1, "y", None]})
    assert context_digest({"a": {1, 2}}) is None          # a set: no fixed order to hash
    assert context_digest({"a": object()}) is None
    assert context_digest(None) is None
