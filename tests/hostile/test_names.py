"""Class: names of any length. Titles and actor, genre, tag, collection, studio and
playlist names of hundreds of characters (ASCII and not) become capped slugs with a
short hash, everywhere a name becomes a path; user-data commands refuse a path as a slug."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from movievault_build.artwork.names import collection_stem, person_stem
from movievault_build.cli import main
from movievault_build.slugs import SLUG_MAX, movie_slug, slugify
from tests.helpers import make_site, mkdocs_build, write

from .conftest import one_line, snapshot

LONG = ["T" * 260, "Ä" * 130 + "b" * 140, "宮崎" * 150, "a-" * 200, "x" * 1000 + "&" * 10]


@pytest.mark.parametrize("name", LONG)
def test_every_slug_is_capped_and_long_names_stay_apart(name):
    for slug in (slugify(name), movie_slug(name, 1995), person_stem(name).rsplit("/", 1)[1],
                 collection_stem(name, "poster").rsplit("/", 1)[1]):
        assert len(slug.encode()) <= SLUG_MAX + 20 and slug.isascii()
    assert slugify(name) != slugify(name + "z")          # a shared beginning, different names


def _longest_name(folder: Path) -> int:
    return max((len(n.encode()) for _d, dirs, files in os.walk(folder) for n in dirs + files), default=0)


def test_a_library_of_long_names_scans_and_builds_twice(tmp_path):
    lib = tmp_path / "lib"
    people = "".join(f"<actor><name>{n}{i}</name><role>r</role></actor>" for i, n in enumerate(LONG))
    nfo = (f"<movie><title>{LONG[0]}</title><year>1995</year><genre>{LONG[1]}</genre><tag>{LONG[2]}</tag>"
           f"<set><name>{LONG[3]}</name></set><director>{LONG[4]}</director>{people}"
           f"<studio>{LONG[1]}s</studio><country>{LONG[1]}c</country><credits>{LONG[2]}w</credits>"
           f"<thumb aspect='poster'>{'p' * 300}.jpg</thumb></movie>")
    write(lib, "Heat (1995)/movie.mkv")
    write(lib, "Heat (1995)/movie.nfo", nfo)
    write(lib, "X" * 240 + " (1999)/movie.mkv")
    write(lib, "Y" * 240 + " (1999)/movie.mkv")
    cfg = make_site(tmp_path, [lib])
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "playlists.yml").write_text(f"playlists:\n  - name: {'P' * 400}\n    rules: year:1995\n")
    for _ in range(2):
        result = mkdocs_build(cfg)
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert all("from nfo (pppp" in line for line in result.stderr.splitlines() if "too long" in line)
    assert len(list((tmp_path / "content" / "movies").glob("*.md"))) == 3
    assert _longest_name(tmp_path / "site") <= 120 and _longest_name(tmp_path / "content") <= 120


@pytest.mark.parametrize("slug", ["../../mkdocs", "../movies/heat-1995", "/etc/passwd", ".hidden", "a\\b",
                                  "x" * 300, "bad\x1b[2Jslug", "nul\x00"])
def test_user_data_commands_refuse_a_path_as_a_slug(tmp_path, slug, capsys, monkeypatch):
    content = tmp_path / "content"
    write(content, "movies/heat-1995.md", "---\ntitle: Heat\n---\n")
    write(tmp_path, "mkdocs.md", "---\ntitle: not a movie\n---\n")
    monkeypatch.chdir(tmp_path)
    before = snapshot(tmp_path)
    for args in (["tag", slug, "x"], ["untag", slug, "x"], ["favorite", slug], ["rate", slug, "5"],
                 ["watchlist", "add", slug], ["watchlist", "watched", slug], ["history", slug]):
        assert main([*args, "--content", str(content)] if args[0] != "watchlist" else
                    [args[0], args[1], slug, "--content", str(content)]) != 0
        err = capsys.readouterr().err
        assert one_line(err) and "\x1b" not in err, (args, err)
    assert snapshot(tmp_path) == before
