"""Accepted problems: reported as information, so only new ones fail a strict build."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from movievault_build import problems

NFO = Path("/lib/Movies/Heat (1995)/movie.nfo")


def records(caplog, found, known, **kw):
    log = logging.getLogger("mkdocs.plugins.movievault.test")
    with caplog.at_level(logging.INFO, logger=log.name):
        problems.report(log, found, known, **kw)
    return [(r.levelname, r.getMessage()) for r in caplog.records]


def test_a_known_file_is_information_and_others_stay_warnings(caplog):
    found = [f"{NFO}: line 3: not well-formed", "/lib/Movies/Alien (1979)/movie.nfo: no title"]
    out = records(caplog, found, (NFO,))
    assert ("WARNING", found[1]) in out
    assert [lvl for lvl, msg in out if msg.endswith(found[0])] == ["INFO"]


def test_a_prefix_of_another_file_is_not_that_file(caplog):
    other = f"{NFO}.bak: unreadable"                     # same prefix, another file
    assert records(caplog, [other], (NFO,)) == [("WARNING", other)]


def test_a_fixed_known_problem_is_pointed_out_only_for_a_whole_scan(caplog):
    assert records(caplog, [], (NFO,)) == []
    out = records(caplog, [], (NFO,), note_fixed=True)
    assert len(out) == 1 and out[0][0] == "INFO" and "remove it from the list" in out[0][1]


ROOTS = {Path("/srv/films"): "films", Path("/srv/more"): "more", Path("/home/me/site/content"): "content"}


@pytest.mark.parametrize("line, where", [
    ("/srv/films/Heat (1995)/movie.nfo: line 19, column 17: not well-formed (invalid token)",
     {"file": "Heat (1995)/movie.nfo", "library": "films", "line": 19, "reason": "not well-formed (invalid token)"}),
    ("/srv/films/Heat: Part 2 (1995)/movie.nfo: line 3: bad",      # a ": " in a folder name
     {"file": "Heat: Part 2 (1995)/movie.nfo", "library": "films", "line": 3, "reason": "bad"}),
    ("/srv/more/Alien (1979)/Alien.mkv: poster from nfo (http://h/p.jpg): HTTP 404",
     {"file": "Alien (1979)/Alien.mkv", "library": "more", "line": None, "reason": "poster from nfo (http://h/p.jpg): HTTP 404"}),
    ("/srv/films/Locked: cannot read (Permission denied)",           # a folder: no extension
     {"file": "Locked", "library": "films", "line": None, "reason": "cannot read (Permission denied)"}),
    ("/home/me/site/content/movies/x.md: front matter is not YAML",
     {"file": "movies/x.md", "library": "content", "line": None, "reason": "front matter is not YAML"}),
    ("/srv/filmsX/odd.mkv: odd",                                      # another folder that starts alike
     {"file": "odd.mkv", "library": None, "line": None, "reason": "odd"}),
    ("/elsewhere/deep/file.nfo: line 2: bad", {"file": "file.nfo", "library": None, "line": 2, "reason": "bad"}),
    ("Movies/rel.mkv: poster from nfo (poster.jpg): not found",
     {"file": "Movies/rel.mkv", "library": None, "line": None, "reason": "poster from nfo (poster.jpg): not found"}),
])
def test_a_problem_is_located_without_its_local_path(line, where):
    assert problems.locate(line, ROOTS) == where
    assert not problems.locate(line, ROOTS)["file"].startswith("/")
