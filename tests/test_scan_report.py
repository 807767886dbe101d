"""The scan report names the files it skipped and the ones it could not identify:
listed with `-v`, written whole with `--report FILE`, repeated by a warm re-scan, and
shown on the built site's health page."""
from __future__ import annotations

import json
import shutil

import pytest

from movievault_build.cli import main
from movievault_build.store import skipped
from tests.fakes.conftest_fixtures import no_provider_env  # noqa: F401 (a fixture)
from tests.helpers import make_site, mkdocs_build, site_with_plugin, write

EPISODE = "Shows/Some Show/Some.Show.S01E01.720p.HDTV.x264-GRP.mkv"
SAMPLE = "Some.Film.2010.1080p.BluRay.x264-GRP/sample-some.film.mkv"
NO_TITLE = "Misc/170424_26.mkv"


@pytest.fixture
def library(tmp_path, monkeypatch, no_provider_env):
    monkeypatch.chdir(tmp_path)
    lib = tmp_path / "lib"
    for rel in ("Heat.1995.1080p.BluRay.x264-GRP/Heat.1995.1080p.BluRay.x264-GRP.mkv", EPISODE, SAMPLE, NO_TITLE):
        write(lib, rel)
    site_with_plugin(tmp_path, "library: [lib]\ncontent_dir: content\n")
    return tmp_path


def scan(*args: str) -> int:
    return main(["scan", "--library", "lib", "--content", "content", *args])


def test_verbose_scan_names_skipped_and_unidentified_files(library, capsys):
    assert scan("-v") == 0
    out = capsys.readouterr().out
    assert f"  skipped  {EPISODE} (episode)" in out
    assert f"  skipped  {SAMPLE} (sample)" in out
    assert f"  unsure   {NO_TITLE}: no title in its name; the folder name “Misc” stands in, confidence 0.35" in out
    assert "2 skipped (1 episode, 1 sample)" in out
    assert scan() == 0
    assert "skipped  " not in capsys.readouterr().out       # only with -v


def test_report_file_holds_the_lists_and_a_warm_rescan_repeats_them(library, capsys):
    assert scan("--report", "first.json") == 0
    first = json.loads((library / "first.json").read_text("utf-8"))
    assert first["skipped"] == sorted([{"library": "lib", "path": EPISODE, "kind": "episode"},
                                       {"library": "lib", "path": SAMPLE, "kind": "sample"}],
                                      key=lambda d: d["path"])
    assert [u["path"] for u in first["unidentified"]] == [NO_TITLE]
    assert first["found"] == 2 and len(first["new"]) == 2
    assert scan("--report", "again.json") == 0   # nothing changed: every file is as last scan left it
    again = json.loads((library / "again.json").read_text("utf-8"))
    assert again["unchanged"] == 2 and again["new"] == []
    assert (again["skipped"], again["unidentified"]) == (first["skipped"], first["unidentified"])


def test_an_unwritable_report_is_one_line(library, capsys):
    write(library, "blocker", "a file, not a folder")
    assert scan("--report", str(library / "blocker" / "r.json")) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert [line for line in err if "scan report" in line] == [
        next(line for line in err if line.startswith("movievault: cannot write the scan report"))]


def test_skipped_files_are_kept_in_content_for_builds_without_the_library(library, capsys):
    assert scan("--dry-run") == 0
    assert not (library / "content" / "skipped.yml").exists()
    assert scan() == 0
    listed = skipped.load(library / "content")
    assert [(e["library"], e["path"], e["kind"]) for e in listed] == sorted(
        [("lib", EPISODE, "episode"), ("lib", SAMPLE, "sample")], key=lambda e: e[1])
    text = (library / "content" / "skipped.yml").read_text("utf-8")
    assert scan() == 0                                   # unchanged: the file is not rewritten
    assert (library / "content" / "skipped.yml").read_text("utf-8") == text
    (library / "lib" / EPISODE).unlink()
    (library / "lib" / SAMPLE).unlink()
    assert scan() == 0                                   # none left: the file goes
    assert not (library / "content" / "skipped.yml").exists()


def test_entries_of_a_library_not_mounted_are_kept(tmp_path):
    content = tmp_path / "content"
    skipped.save(content, [("a", "x.S01E01.mkv", "episode"), ("b", "y-sample.mkv", "sample")], lambda lib, path: True)
    skipped.save(content, [], lambda lib, path: lib == "a")   # only library a was scanned, and had none
    assert skipped.load(content) == [{"library": "b", "path": "y-sample.mkv", "kind": "sample"}]


@pytest.mark.parametrize("junk", ["skipped: 3", "- a\n- b", ": : :", "skipped:\n  - {library: a}\n  - 7"])
def test_a_damaged_list_reads_as_empty(tmp_path, junk):
    write(tmp_path, "skipped.yml", junk)
    assert skipped.load(tmp_path) == []


@pytest.mark.slow
def test_the_health_page_lists_skipped_files_and_unsure_movies_with_their_files(tmp_path, no_provider_env):
    lib = tmp_path / "films"
    for rel in ("Heat (1995)/Heat (1995).mkv", EPISODE, NO_TITLE):
        write(lib, rel)
    result = mkdocs_build(make_site(tmp_path, [lib]))
    assert result.returncode == 0, result.stderr
    health = (tmp_path / "site/health/index.html").read_text("utf-8")
    assert "Files the scan skipped" in health and "TV episodes" in health
    assert f"<code>{EPISODE}</code>" in health
    assert "Unmatched or low-confidence matches" in health and f"({NO_TITLE})" in health
    # a build from content/ alone (no library mounted) shows the same list
    shutil.rmtree(lib)
    result = mkdocs_build(make_site(tmp_path, [lib]))
    assert result.returncode == 0, result.stderr
    assert f"<code>{EPISODE}</code>" in (tmp_path / "site/health/index.html").read_text("utf-8")
