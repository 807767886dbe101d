"""The plugin's folders in site/ survive MkDocs' clean and end as a clean build would."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from movievault_build.site.output_tree import FileCache, OutputTree, store_files


def clean(site):
    """What MkDocs does between on_pre_build and on_files."""
    site.mkdir(exist_ok=True)
    for entry in site.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def files_in(site):
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_a_cycle_keeps_outputs_in_place_and_removes_what_the_build_no_longer_makes(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "cache" / "files", ".json")
    first = store_files(cache, {"api/movies/a.json": b"{1}", "api/movies/b.json": b"{2}"})
    tree = OutputTree(site, tmp_path / "keep", ["api", "movies"])
    tree.set_aside(); clean(site); tree.bring_back(first)
    assert tree.place(first) == 2
    (site / "api" / "index.html").write_text("written by MkDocs last time")
    (site / "movies" / "stray").mkdir(parents=True)
    (site / "movies" / "stray" / "junk.txt").write_text("x")
    (site / "other.html").write_text("not ours")
    inode = os.stat(site / "api" / "movies" / "a.json").st_ino

    second = store_files(cache, {"api/movies/a.json": b"{1}", "api/movies/c.json": b"{3}"})
    tree = OutputTree(site, tmp_path / "keep", ["api", "movies"])
    tree.set_aside()
    assert not (site / "api").exists()
    clean(site)
    assert tree.bring_back(second) == 3          # b.json, index.html, junk.txt
    assert tree.place(second) == 1               # only c.json; a.json is already that file
    assert files_in(site) == ["api/movies/a.json", "api/movies/c.json"]
    assert not (site / "movies").exists()        # emptied folders go, as after a clean build
    assert os.stat(site / "api" / "movies" / "a.json").st_ino == inode
    assert (site / "api" / "movies" / "c.json").read_bytes() == b"{3}"
    assert len(list(cache.root.rglob("*.json"))) == 2      # the cache keeps this build's files only


def test_a_changed_file_is_replaced_not_written_through(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".html")
    old = cache.put(b"old page")
    tree = OutputTree(site, tmp_path / "keep", ["movies"])
    tree.place({"movies/a/index.html": old})
    new = cache.put(b"new page")
    tree.set_aside(); clean(site); tree.bring_back(["movies/a/index.html"])
    assert tree.place({"movies/a/index.html": new}) == 1
    assert (site / "movies" / "a" / "index.html").read_bytes() == b"new page"
    assert Path(old).read_bytes() == b"old page"       # the cached render is untouched


def test_leftovers_of_a_failed_build_are_dropped(tmp_path):
    site = tmp_path / "site"
    (site / "movies").mkdir(parents=True)
    (site / "movies" / "x.html").write_text("current")
    tree = OutputTree(site, tmp_path / "keep", ["movies"])
    (tree.keep / "movies").mkdir(parents=True)
    (tree.keep / "movies" / "stale.html").write_text("from a build that died")
    tree.set_aside(); clean(site); tree.bring_back(["movies/x.html"])
    assert files_in(site) == ["movies/x.html"]
    assert not tree.keep.exists()


def test_a_folder_that_cannot_be_moved_is_left_to_the_clean(tmp_path):
    site = tmp_path / "site"
    (site / "img").mkdir(parents=True)
    (site / "img" / "a.webp").write_bytes(b"x")
    keep_root = tmp_path / "keep"
    keep_root.write_text("a file where the keep folder would go")
    tree = OutputTree(site, keep_root, ["img"])
    tree.set_aside()                             # cannot move: no error, nothing moved
    assert (site / "img" / "a.webp").exists()
    clean(site)
    tree.bring_back(["img/a.webp"])
    assert files_in(site) == []


def test_a_site_on_another_file_system_keeps_its_copies(tmp_path):
    """`mkdocs serve` builds into a temp dir, often a tmpfs: no rename into the cache, no
    hard links. The folders wait beside the site and the copies stay when unchanged."""
    import tempfile

    import pytest
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    with tempfile.TemporaryDirectory(dir=shm) as other:
        site, cache = Path(other) / "site", FileCache(tmp_path / "files", ".json")
        stored = store_files(cache, {"api/movies/a.json": b"{1}", "api/movies/b.json": b"{2}"})
        tree = OutputTree(site, tmp_path / "keep", ["api"])
        assert tree.place(stored) == 2                         # copies: a link cannot cross
        tree = OutputTree(site, tmp_path / "keep", ["api"])
        tree.set_aside()
        assert tree.keep == tree.beside and (tree.keep / "api").is_dir() and not (site / "api").exists()
        clean(site)
        tree.bring_back(stored)
        assert tree.place(stored) == 0                         # the copies are the cache files' bytes
        assert not tree.beside.exists() and files_in(site) == ["api/movies/a.json", "api/movies/b.json"]
        changed = store_files(cache, {"api/movies/a.json": b"{1, changed}", "api/movies/b.json": b"{2}"})
        assert tree.place(changed) == 1 and (site / "api" / "movies" / "a.json").read_bytes() == b"{1, changed}"
