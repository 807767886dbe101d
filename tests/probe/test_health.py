"""`movievault cleanup`: the health report, and an auto-fix that can be undone."""
from __future__ import annotations

import hashlib
import json

import click

import pytest
from click.testing import CliRunner

from movievault_build.cli.app import cli
from movievault_build.vault.health import check
from movievault_build.store.library import load_movies
from tests.helpers import jpeg, write

GOOD = """---
title: Heat
year: 1995
ids: {tmdb: '949'}
plot: Cops and robbers.
images:
  - {kind: poster, path: images/heat-1995/poster.jpg}
confidence: 1.0
user: {}
---
"""
WEAK = """---
title: Some Thing
images:
  - {kind: poster, path: images/some-thing/poster.jpg}
missing: true
confidence: 0.4
user: {}
---
"""


@pytest.fixture
def content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    c = tmp_path / "content"
    write(c, "movies/heat-1995.md", GOOD)
    write(c, "movies/some-thing.md", WEAK)
    write(c, "movies/broken.md", "no front matter here")
    write(c, "images/heat-1995/poster.jpg", jpeg())
    write(c, "images/heat-1995/old-fanart.jpg", jpeg())
    write(c, "images/gone-movie/poster.jpg", jpeg())
    return c


def _run(*args):
    result = CliRunner().invoke(cli, ["cleanup", "--library", "lib", "--content", "content", *args],
                                catch_exceptions=False, standalone_mode=False)
    return result


def test_report_lists_every_kind_of_problem(content):
    movies, problems = load_movies(content)
    kinds = {(i.kind, i.subject, i.detail) for i in check(movies, content, problems=problems).issues}
    assert kinds == {
        ("missing", "some-thing", "its files were not found at the last scan"),
        ("incomplete", "some-thing", "no year, no plot, no ids"),
        ("low_confidence", "some-thing", "no TMDB or IMDb id: known from its file name only; confidence 0.40"),
        ("broken", "some-thing", "poster image images/some-thing/poster.jpg does not exist"),
        ("broken", str(content / "movies/broken.md"), "no YAML front matter (a content file starts with ---)"),
        ("unreferenced_images", "images/gone-movie/poster.jpg", ""),
        ("unreferenced_images", "images/heat-1995/old-fanart.jpg", ""),
    }


def test_generated_variants_beside_a_referenced_image_are_not_unreferenced(content):
    write(content, "images/heat-1995/thumb.webp", b"variant")           # beside Heat's poster
    write(content, "images/gone-movie/strip.webp", b"variant")          # beside nothing referenced
    write(content, "images/heat-1995/.poster.jpg.tmp", b"half-written")  # dot-files are not images
    movies, problems = load_movies(content)
    unreferenced = [i.subject for i in check(movies, content, problems=problems).issues
                    if i.kind == "unreferenced_images"]
    assert unreferenced == ["images/gone-movie/poster.jpg", "images/gone-movie/strip.webp",
                            "images/heat-1995/old-fanart.jpg"]


def test_json_and_auto_fix_round_trip(content):
    data = json.loads(_run("--json").output)
    assert [i["subject"] for i in data["unreferenced_images"]] == [
        "images/gone-movie/poster.jpg", "images/heat-1995/old-fanart.jpg"]
    before = {p.relative_to(content): hashlib.sha256(p.read_bytes()).hexdigest()
              for p in (content / "images").rglob("*.jpg")}
    _run("--auto-fix", "--dry-run")
    assert (content / "images/gone-movie/poster.jpg").exists()
    with pytest.raises(click.exceptions.Abort):   # asked first; no terminal answers no
        _run("--auto-fix")
    assert (content / "images/gone-movie/poster.jpg").exists()
    _run("--auto-fix", "--yes")
    assert not (content / "images/gone-movie/poster.jpg").exists()
    assert (content / ".trash/images/gone-movie/poster.jpg").exists()
    assert len(json.loads((content / ".trash/manifest.json").read_text())) == 2
    assert json.loads(_run("--json").output)["unreferenced_images"] == []
    assert _run("restore", "--yes").return_value == 0
    after = {p.relative_to(content): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in (content / "images").rglob("*.jpg")}
    assert after == before
