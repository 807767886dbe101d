"""The walk in a forked child hands over exactly what the walk here gives, and the scan
does not depend on the child: when it fails, the walk runs here."""
from __future__ import annotations

import gc
import multiprocessing
import os

import pytest

from movievault_build.process import forked
from movievault_build.discover import background
from movievault_build.discover.walk import Listing, Problem, list_folders
from tests.helpers import write


def plain(walked) -> list:
    return [str(x) if isinstance(x, Problem) else (x.root, x.path, x.names, x.stats, x.dirs, x.disc)
            for x in walked]


@pytest.fixture
def lib(tmp_path):
    for rel in ("Heat (1995)/Heat (1995).mkv", "Heat (1995)/movie.nfo", "Heat (1995)/poster.jpg",
                "Casablanca (1942)/VIDEO_TS/VIDEO_TS.IFO", "Downloads/Alien.1979.avi", "Downloads/Up.2009.mkv"):
        write(tmp_path, rel)
    os.symlink(tmp_path / "Downloads", tmp_path / "Downloads" / "loop")
    return tmp_path


def test_listings_and_problems_travel_as_themselves(lib):
    walked = list(list_folders([lib, lib / "nope"]))
    back = background._decode(background._encode(walked))
    assert plain(back) == plain(walked) and [type(x) for x in back] == [type(x) for x in walked]


@pytest.mark.parametrize("forking", [True, False])
def test_child_walk_equals_walk_here(lib, monkeypatch, forking):
    monkeypatch.setattr(forked, "can_fork", lambda: forking)
    walked = background.start_walk([lib, lib / "nope"])()
    assert plain(walked) == plain(list_folders([lib, lib / "nope"]))
    assert any(isinstance(x, Problem) and "symlink loop" in x.reason for x in walked)
    assert sum(isinstance(x, Listing) for x in walked) == 4   # root, disc, Downloads, Heat


def test_child_that_dies_leaves_the_walk_to_the_parent(lib, monkeypatch):
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    monkeypatch.setattr(forked, "_write_result", lambda *args: os._exit(3))
    assert plain(background.start_walk([lib])()) == plain(list_folders([lib]))


def test_child_does_not_outlive_a_parent_that_stops_listening(tmp_path, monkeypatch):
    """A scan killed mid-walk must not leave its child blocked on a full pipe for ever."""
    for i in range(3000):   # listings of several times a pipe's buffer
        write(tmp_path, f"Downloads/A Film With Quite A Long Name Number {i:04d} 1990.mkv")
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    before = set(multiprocessing.active_children())
    walked = background.start_walk([tmp_path])
    (child,) = set(multiprocessing.active_children()) - before
    del walked   # the parent's end of the pipe goes with it
    gc.collect()
    child.join(timeout=20)
    assert child.exitcode is not None
