"""Class: content image paths are confined. The build reads masters only from inside
content/images/ (`../`, absolute paths, user overrides and committed symlinks leading out
are refused with a warning), and the scan never writes an image through a symlink."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings
from movievault_build.site.artwork import build_art
from movievault_build.artwork.variants import ImageSettings
from movievault_build.store.library import load_movies
from tests.helpers import jpeg, make_site, mkdocs_build, write

from .conftest import snapshot


def _movie(content: Path, slug: str, rel: str, where: str = "images") -> None:
    image = f"[{{kind: poster, path: '{rel}'}}]"
    block = f"images: {image}\n" if where == "images" else f"user: {{overrides: {{images: {image}}}}}\n"
    write(content, f"movies/{slug}.md", f"---\ntitle: {slug}\ncast: [{{name: Al Pacino}}]\n{block}---\n")


@pytest.fixture
def hostile(tmp_path, outside):
    content = tmp_path / "content"
    secret = outside / "secret.jpg"
    secret.write_bytes(jpeg(50, 70, (1, 2, 3)))
    write(content, "images/good/poster.jpg", jpeg())
    (content / "images" / "a").mkdir(parents=True)
    (content / "images" / "a" / "poster.jpg").symlink_to(secret)
    (content / "images" / "linked").symlink_to(outside)
    (content / "images" / "people").mkdir()
    (content / "images" / "people" / "al-pacino.jpg").symlink_to(secret)
    (content / "images" / "zero.jpg").symlink_to("/dev/zero")
    os.mkfifo(content / "images" / "fifo.jpg")
    cases = {"dotdot": ("../../outside/secret.jpg", "images"), "deeper": ("images/../../outside/secret.jpg", "images"),
             "absolute": (str(secret), "images"), "override": ("../../outside/secret.jpg", "overrides"),
             "symlink": ("images/a/poster.jpg", "images"), "linkdir": ("images/linked/secret.jpg", "images"),
             "zero": ("images/zero.jpg", "images"), "fifo": ("images/fifo.jpg", "images"),
             "good": ("images/good/poster.jpg", "images")}
    for slug, (rel, where) in cases.items():
        _movie(content, slug, rel, where)
    return content, cases


def test_only_masters_inside_content_images_are_read(tmp_path, hostile):
    content, cases = hostile
    movies, problems = load_movies(content)
    assert not problems
    art = build_art(movies, content, tmp_path / "cache", ImageSettings(formats=("webp",), widths={"poster": [100]}))
    assert set(art.views) == {("good", "poster")}
    for slug in ("dotdot", "deeper", "absolute", "override", "symlink", "linkdir", "Al Pacino"):
        assert sum(line.startswith(f"{slug}: ") and "refused" in line for line in art.problems) == 1, slug
    assert sum("zero.jpg" in p for p in art.problems) == 1 and sum("fifo.jpg" in p for p in art.problems) == 1
    assert len(art.problems) == 9


def test_the_build_publishes_no_image_from_outside(tmp_path, hostile):
    content, _cases = hostile
    cfg = make_site(tmp_path, "[]")
    cfg.write_text(cfg.read_text().replace("library: []", "library: []\n      scan: never"))
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-2000:]
    assert sum("refused" in line for line in result.stderr.splitlines()) == 8     # /dev/zero resolves outside too
    from PIL import Image
    for variant in (tmp_path / "site" / "img").rglob("*.*"):
        with Image.open(variant) as im:
            assert im.convert("RGB").getpixel((0, 0)) != (1, 2, 3), variant


def test_the_scan_never_writes_a_master_through_a_committed_symlink(tmp_path, outside):
    lib, content = tmp_path / "lib", tmp_path / "content"
    write(lib, "Heat (1995)/movie.mkv")
    write(lib, "Heat (1995)/poster.jpg", jpeg())
    (content / "images").mkdir(parents=True)
    (content / "images" / "heat-1995").symlink_to(outside)       # committed: images/heat-1995 -> outside
    before = snapshot(outside)
    report = pipeline.scan(ScanSettings(roots=(lib,), content_dir=content))
    assert snapshot(outside) == before
    assert any("symlink" in p and "not written" in p for p in report.problems)
