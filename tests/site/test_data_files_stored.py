"""The data files made in the background (the movies' documents, the search) go into the
file cache as each task makes them; the build process gets back their paths alone, never
a library's worth of bytes."""
from __future__ import annotations

from pathlib import Path

from movievault_build.cache.files import FileCache
from movievault_build.process.forked import in_background
from movievault_build.site import data_files


def test_background_files_are_stored_as_made_and_only_paths_come_back(tmp_path):
    cache = FileCache(tmp_path / "files", ".json")
    made = {"api/movies/a.json": b'{"slug": "a"}', "api/movies/b.json": b'{"slug": "b"}', "search/0.json": b"[1]"}
    tasks = [lambda: {k: v for k, v in made.items() if k.startswith("api/")},
             lambda: {"search/0.json": made["search/0.json"]}]
    stored = in_background(lambda: data_files._stored(tasks, cache))()
    assert set(stored) == set(made)
    assert all(isinstance(path, str) for path in stored.values())
    assert {rel: Path(path).read_bytes() for rel, path in stored.items()} == made
    assert all(cache.has(cache.key_of(path)) for path in stored.values())


def test_nothing_to_make_forks_nothing(tmp_path, monkeypatch):
    cache = FileCache(tmp_path / "files", ".json")
    forked = []
    monkeypatch.setattr(data_files, "in_background", lambda work: forked.append(work) or work)
    assert data_files._stored_later([], cache)() == {} and forked == []
    made = data_files._stored_later([lambda: {"api/movies/a.json": b"{}"}], cache)()
    assert set(made) == {"api/movies/a.json"} and len(forked) == 1
