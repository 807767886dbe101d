"""site/'s folders made ahead of MkDocs' copy (site/folders_ahead.py): made from the last
build's listing, tidied to the clean build's, and never outside site/ whatever the listing."""
from __future__ import annotations

import marshal
import os

import pytest

from movievault_build.log import REPEATS
from movievault_build.site import folders_ahead
from movievault_build.site.folders_ahead import folders_of, make_ahead, note, read_listing
from tests.helpers import make_site, mkdocs_build, write


def test_the_folders_of_the_last_outputs_are_made_and_the_unused_tidied(tmp_path):
    listing, site = tmp_path / "cache" / "site-folders.marshal", tmp_path / "site"
    site.mkdir()
    note(listing, folders_of(["movies/heat-1995/index.html", "movies/alien-1979/index.html", "img/ab/x.avif", "404.html"]))
    assert read_listing(listing) == ["img/ab", "movies/alien-1979", "movies/heat-1995"]
    ahead = make_ahead(str(site), listing)
    ahead.wait()
    assert all((site / rel).is_dir() for rel in ("img/ab", "movies/alien-1979", "movies/heat-1995"))
    write(site, "img/ab/kept-by-mkdocs.txt")          # a file that is not ours: its folder stays
    # This build's outputs: Alien is gone, a new film came.
    assert ahead.tidy(str(site), folders_of(["movies/heat-1995/index.html", "movies/up-2009/index.html"])) == 1
    assert not (site / "movies" / "alien-1979").exists()
    assert (site / "movies" / "heat-1995").is_dir() and (site / "img" / "ab").is_dir()


def test_an_unchanged_listing_is_not_written_again(tmp_path):
    listing = tmp_path / "site-folders.marshal"
    note(listing, folders_of(["movies/a/index.html"]))
    os.utime(listing, ns=(1, 1))
    note(listing, folders_of(["movies/a/index.html", "movies/a/other.html"]))
    assert listing.stat().st_mtime_ns == 1
    note(listing, folders_of(["movies/b/index.html"]))
    assert read_listing(listing) == ["movies/b"]


@pytest.mark.parametrize("folders", [
    ["/tmp/elsewhere"], ["../outside"], ["movies/../../outside"], [".git/hooks"], ["movies/.hidden"],
    ["movies//x"], [""], ["a\\..\\..\\b"], ["nul\0byte"], "not a list", [1, 2], {"movies": 1},
])
def test_a_hostile_listing_makes_nothing(tmp_path, folders):
    listing, site = tmp_path / "cache" / "site-folders.marshal", tmp_path / "site"
    site.mkdir()
    listing.parent.mkdir()
    listing.write_bytes(marshal.dumps(folders))
    ahead = make_ahead(str(site), listing)
    ahead.wait()
    assert ahead.made == [] and list(site.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "site"]
    assert [p.name for p in listing.parent.iterdir()] == ["site-folders.marshal.broken"]


@pytest.mark.parametrize("data", [b"\x00garbage", marshal.dumps(["ok"])[:-2], b"x" * 100])
def test_a_damaged_listing_names_no_folder_and_is_set_aside(tmp_path, data, caplog):
    REPEATS.start_run()        # the hostile listings above warned of this kind more than it shows
    listing = tmp_path / "site-folders.marshal"
    listing.write_bytes(data)
    assert read_listing(listing) == []
    assert not listing.exists() and (tmp_path / "site-folders.marshal.broken").read_bytes() == data
    assert any("site-folders.marshal" in r.getMessage() for r in caplog.records)


def test_a_listing_that_is_a_link_is_not_followed(tmp_path):
    elsewhere = tmp_path / "elsewhere.marshal"
    elsewhere.write_bytes(marshal.dumps(["movies/x"]))
    listing = tmp_path / "cache" / "site-folders.marshal"
    listing.parent.mkdir()
    listing.symlink_to(elsewhere)
    assert read_listing(listing) == []


def test_a_site_that_cannot_be_written_fails_in_mkdocs_words_not_here(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "movies").write_text("a file where a folder goes")
    assert folders_ahead._make(str(site), ["movies", "movies/x"]) == 0


def test_a_clean_build_after_a_film_left_has_no_folder_of_it(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Alien (1979)/Alien (1979).mkv")
    cfg = make_site(tmp_path, [lib])
    assert mkdocs_build(cfg).returncode == 0
    assert (tmp_path / "site" / "movies" / "alien-1979" / "index.html").is_file()
    for f in (lib / "Alien (1979)").iterdir():          # the film, and its content file, gone
        f.unlink()
    (lib / "Alien (1979)").rmdir()
    (tmp_path / "content" / "movies" / "alien-1979.md").unlink()
    done = mkdocs_build(cfg)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert not (site / "movies" / "alien-1979").exists()
    assert (site / "movies" / "heat-1995" / "index.html").is_file()
    assert [str(d.relative_to(site)) for d in site.rglob("*") if d.is_dir() and not any(d.iterdir())] == []


def test_mkdocs_copy_does_not_wait_for_the_folders_child(tmp_path, monkeypatch):
    """The folders are made beside MkDocs' copy, which makes any not there yet: the build
    waits for the child only to tidy, once MkDocs has written the site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from movievault_build.site import build as site_build

    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    cfg = make_site(tmp_path, [lib])
    assert mkdocs_build(cfg).returncode == 0
    page = tmp_path / "site" / "movies" / "heat-1995" / "index.html"
    seen = []            # whether MkDocs had copied the page when the build waited for the child
    monkeypatch.setattr(site_build, "make_ahead",
                        lambda site_dir, listing: folders_ahead.Ahead([], lambda: seen.append(page.is_file())))
    build(load_config(config_file=str(cfg)))
    assert seen == [True]
    assert page.is_file()


def test_folders_are_made_from_the_end_of_the_listing_with_their_parents(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    listing = tmp_path / "site-folders.marshal"
    note(listing, folders_of(["api/movies/a.json", "movies/a/index.html", "movies/b/index.html"]))
    ahead = make_ahead(str(site), listing)
    ahead.wait()
    assert sorted(str(p.relative_to(site)) for p in site.rglob("*")) == [
        "api", "api/movies", "movies", "movies/a", "movies/b"]


def test_where_no_child_can_be_forked_the_folders_are_left_to_mkdocs_copy(tmp_path, monkeypatch):
    # `mkdocs serve` (its server's threads): made in this process they would only be made
    # after MkDocs' copy had made them, one failed mkdir each.
    site = tmp_path / "site"
    site.mkdir()
    listing = tmp_path / "site-folders.marshal"
    note(listing, folders_of(["movies/a/index.html"]))
    monkeypatch.setattr(folders_ahead, "can_fork", lambda: False)
    ahead = make_ahead(str(site), listing)
    ahead.wait()
    assert ahead.made == [] and list(site.iterdir()) == []
