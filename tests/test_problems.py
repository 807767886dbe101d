"""Accepted problems: reported as information, so only new ones fail a strict build."""
from __future__ import annotations

import logging
from pathlib import Path

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
