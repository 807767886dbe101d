"""A one-off build scans in a forked child while MkDocs empties site/ (site/build.py): what the
scan logs still reaches MkDocs (and `--strict`), and it runs there only when the folders it
reads and writes are apart from site_dir and docs_dir."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from movievault_build.settings import ScanSettings
from movievault_build.site.config import apart_from_site
from tests.helpers import make_site, mkdocs_build, write


def _apart(tmp_path: Path, **where: str) -> bool:
    at = {"site": "site", "docs": "docs", "root": "films", "content": "content", "cache": ".cache/movievault",
          **where}
    settings = ScanSettings(roots=(tmp_path / at["root"],), content_dir=tmp_path / at["content"],
                            cache_dir=tmp_path / at["cache"])
    return apart_from_site(settings, SimpleNamespace(site_dir=str(tmp_path / at["site"]),
                                                     docs_dir=str(tmp_path / at["docs"])))


def test_folders_apart_scan_beside_the_clean(tmp_path):
    assert _apart(tmp_path)


@pytest.mark.parametrize("where", [
    {"content": "docs/content"},             # MkDocs lists docs_dir meanwhile
    {"cache": "site/.cache"},                # MkDocs empties site_dir meanwhile
    {"site": "films/site"},                  # the scan walks what is being emptied
    {"root": "docs"},
    {"docs": "content/pages"},
])
def test_folders_that_overlap_scan_first(tmp_path, where):
    assert not _apart(tmp_path, **where)


def test_a_link_into_the_site_is_seen_through(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "content").symlink_to(tmp_path / "site")
    assert not _apart(tmp_path)


def test_the_scans_warnings_reach_mkdocs_and_strict_from_the_child(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/movie.nfo", "<movie><title>Heat</title><year>1995")      # cut short
    cfg = make_site(tmp_path, [lib])
    done = mkdocs_build(cfg, "-v")
    assert done.returncode == 0, done.stderr
    warned = [l for l in done.stderr.splitlines() if l.startswith("WARNING") and "movie.nfo" in l]
    assert len(warned) == 1, done.stderr
    assert "the scan ran in another process, beside MkDocs' clean" in done.stderr
    assert mkdocs_build(cfg, "--strict").returncode != 0


def test_a_scan_bound_to_fail_fails_before_mkdocs_empties_the_last_site(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    cfg = make_site(tmp_path, [lib], "\n".join(["", "      scan:", "        when: always", ""]))
    assert mkdocs_build(cfg).returncode == 0, cfg.read_text()
    page = tmp_path / "site" / "movies" / "heat-1995" / "index.html"
    assert page.is_file()
    lib.rename(tmp_path / "unmounted")
    done = mkdocs_build(cfg)
    assert done.returncode != 0
    assert "library root not found (scan: always)" in done.stderr
    assert "Traceback" not in done.stderr
    assert page.is_file()                       # the last site stands
