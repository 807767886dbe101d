"""The cache room's table (movievault_build/cache/layout.py) names every file a scan and
a build leave under the cache folder: a cache that builds its own path outside the table
fails here."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from movievault_build.cache.layout import ENTRIES, PATHS, cache_path, owner
from tests.helpers import jpeg, mkdocs_build, site_with_plugin, write

NFO = """<movie><title>{title}</title><year>{year}</year><director>Michael Mann</director>
<actor><name>Al Pacino</name><order>0</order></actor><genre>Crime</genre><plot>A plot.</plot></movie>"""


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=root, env=env, check=True, capture_output=True)


def library(root: Path) -> Path:
    lib = root / "lib"
    for title, year in (("Heat", 1995), ("Thief", 1981)):
        folder = f"{title} ({year})"
        write(lib, f"{folder}/{folder}.mkv", b"\x1aE\xdf\xa3")
        write(lib, f"{folder}/{folder}.nfo", NFO.format(title=title, year=year))
        write(lib, f"{folder}/poster.jpg", jpeg())
    return lib


def kept_files(cache: Path) -> list[str]:
    return sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*") if not p.is_dir())


def test_the_table_has_one_path_per_entry_and_no_entry_holds_another_by_accident():
    assert len(set(PATHS.values())) == len(PATHS)
    assert owner("pages/ab/" + "c" * 64 + ".html") == "pages"
    assert owner("pages/catalog.marshal") == "catalog"          # the memo, not the page folder
    assert owner("scan-state.sqlite-wal") == "scan_state"
    assert owner("pages/notes.txt") is None and owner("stray.json") is None
    assert cache_path("/c", "images") == Path("/c/images")
    assert owner("images/ab/" + "c" * 16 + ".webp") == "images"
    assert owner("images/manifest.sqlite-wal") == "image_manifest"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_every_file_a_scan_and_builds_keep_is_a_declared_entry(tmp_path, monkeypatch):
    for var in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    lib = library(tmp_path)
    cfg = site_with_plugin(tmp_path, f"library: ['{lib}']\ncontent_dir: content\nonline: {{offline: true}}\n")
    git(tmp_path, "init", "-q")
    first = mkdocs_build(cfg)
    assert first.returncode == 0, first.stderr
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "two films")
    (tmp_path / "content" / "movies" / "heat-1995.md").write_text(
        (tmp_path / "content" / "movies" / "heat-1995.md").read_text().replace("A plot.", "Another plot."))
    warm = mkdocs_build(cfg)
    assert warm.returncode == 0, warm.stderr

    cache = tmp_path / ".cache" / "movievault"
    from movievault_build.vault.index import open_index      # the CLI's index, at its default place
    db, _ = open_index(cache_path(cache, "index"), tmp_path / "content")
    db.close()

    kept = kept_files(cache)
    assert [rel for rel in kept if owner(rel) is None] == []
    used = {owner(rel) for rel in kept}
    # Not vacuous: the scan's and the site's caches are all there.
    assert {"scan_state", "parsed_content", "movie_snapshot", "index", "images", "image_manifest", "pages", "page_notes",
            "shared_digests", "catalog", "text", "related_index", "stats", "growth", "known_pages", "page_shows", "template_refs", "scripts",
            "files", "movie_documents", "whole_library", "templates"} <= used
    assert used <= set(ENTRIES)
