"""The movie snapshot: a warm load takes last load's movies for unchanged files, makes
the changed ones, and never trusts a damaged, foreign or outdated snapshot."""
from __future__ import annotations

import os
import pickle

import pytest

from movievault_build.cache import in_memory
from movievault_build.store import library, movie_snapshot

GENERATED = {"title": "Heat", "year": 1995, "files": [{"library": "films", "path": "Heat/Heat.mkv"}]}


def made(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = library.movie_from_front_matter

    def spy(slug, *args):
        calls.append(slug)
        return real(slug, *args)

    monkeypatch.setattr(library, "movie_from_front_matter", spy)
    return calls


def touch_edit(path, old, new):
    st = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))


def library_of(tmp_path):
    content = tmp_path / "content"
    library.write_movie(content, "heat-1995", GENERATED)
    library.write_movie(content, "alien-1979", {**GENERATED, "title": "Alien", "year": 1979})
    return content, tmp_path / "cache"



@pytest.fixture
def serving():
    """As under `mkdocs serve`, which builds again in this process."""
    in_memory.between_builds(True)
    yield
    in_memory.between_builds(False)

def test_a_warm_load_makes_only_what_changed_and_equals_a_fresh_load(tmp_path, monkeypatch):
    content, cache = library_of(tmp_path)
    calls = made(monkeypatch)
    first_digests: dict[str, str] = {}
    first, _ = library.load_movies(content, cache, digests=first_digests)
    assert sorted(calls) == ["alien-1979", "heat-1995"]
    digests: dict[str, str] = {}
    second, _ = library.load_movies(content, cache, digests=digests)
    assert len(calls) == 2 and second == first and digests == first_digests
    touch_edit(content / "movies" / "heat-1995.md", "watched: false", "watched: true")
    library.write_movie(content, "thief-1981", {**GENERATED, "title": "Thief", "year": 1981})
    (content / "movies" / "alien-1979.md").unlink()
    third_digests: dict[str, str] = {}
    third, _ = library.load_movies(content, cache, digests=third_digests)
    assert sorted(calls[2:]) == ["heat-1995", "thief-1981"]
    assert third == library.load_movies(content)[0]             # as read without any cache
    assert sorted(third_digests) == ["heat-1995", "thief-1981"]
    assert third_digests["heat-1995"] != first_digests["heat-1995"]


def test_a_damaged_snapshot_is_ignored_and_written_again(tmp_path, monkeypatch):
    content, cache = library_of(tmp_path)
    library.load_movies(content, cache)
    snapshot = cache / "movies.pickle"
    snapshot.write_bytes(snapshot.read_bytes()[:100])
    calls = made(monkeypatch)
    movies, problems = library.load_movies(content, cache)
    assert [m.title for m in movies] == ["Alien", "Heat"] and problems == [] and len(calls) == 2
    library.load_movies(content, cache)
    assert len(calls) == 2                                       # the rewritten snapshot serves


def test_a_snapshot_naming_other_code_is_refused_without_running_it(tmp_path, monkeypatch):
    content, cache = library_of(tmp_path)
    library.load_movies(content, cache)
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    head = movie_snapshot.MovieSnapshot(cache / "movies.pickle")._head()
    (cache / "movies.pickle").write_bytes(pickle.dumps((head, {"x": Hostile()})))
    movies, _ = library.load_movies(content, cache)
    assert not marker.exists() and [m.title for m in movies] == ["Alien", "Heat"]


def test_other_code_means_a_snapshot_serves_nothing(tmp_path, monkeypatch):
    content, cache = library_of(tmp_path)
    library.load_movies(content, cache)
    monkeypatch.setattr(movie_snapshot, "code_fingerprint", lambda: "an upgrade")
    calls = made(monkeypatch)
    library.load_movies(content, cache)
    assert len(calls) == 2


def test_a_few_changes_go_to_an_overlay_and_many_rewrite_the_snapshot(tmp_path, monkeypatch):
    content, cache = tmp_path / "content", tmp_path / "cache"
    for i in range(80):
        library.write_movie(content, f"film-{i:02d}", {**GENERATED, "title": f"Film {i}"})
    library.load_movies(content, cache)
    base = (cache / "movies.pickle").read_bytes()
    touch_edit(content / "movies" / "film-03.md", "watched: false", "watched: true")
    (content / "movies" / "film-04.md").unlink()
    library.load_movies(content, cache)
    assert (cache / "movies.pickle").read_bytes() == base
    assert (cache / "movies.pickle.overlay").exists()
    calls = made(monkeypatch)
    movies, _ = library.load_movies(content, cache)
    assert calls == []
    assert movies == library.load_movies(content)[0]
    for i in range(10, 80):                          # most of the library: written whole again
        touch_edit(content / "movies" / f"film-{i:02d}.md", "watched: false", "watched: true")
    calls.clear()
    library.load_movies(content, cache)
    assert len(calls) == 70
    assert (cache / "movies.pickle").read_bytes() != base and not (cache / "movies.pickle.overlay").exists()
    again, _ = library.load_movies(content, cache)
    assert len(calls) == 70 and again == library.load_movies(content)[0]


def test_a_snapshot_this_process_wrote_or_read_is_not_unpickled_again(tmp_path, serving, monkeypatch):
    content, cache = library_of(tmp_path)
    first, _ = library.load_movies(content, cache)
    unpickled: list[str] = []
    real = movie_snapshot._unpickled

    def spy(path):
        if path.exists():               # (no overlay: nothing to read)
            unpickled.append(path.name)
        return real(path)

    monkeypatch.setattr(movie_snapshot, "_unpickled", spy)
    assert library.load_movies(content, cache)[0] == first and unpickled == []   # `mkdocs serve`
    touch_edit(content / "movies" / "heat-1995.md", "watched: false", "watched: true")
    edited, _ = library.load_movies(content, cache)                # the overlay written, and kept
    assert library.load_movies(content, cache)[0] == edited and unpickled == []
    in_memory.clear()                                              # another process: read from the files
    assert library.load_movies(content, cache)[0] == edited == library.load_movies(content)[0]
    assert sorted(unpickled) == ["movies.pickle", "movies.pickle.overlay"]
    snapshot = cache / "movies.pickle"
    snapshot.write_bytes(snapshot.read_bytes()[:100])              # changed by anyone else: read again
    assert library.load_movies(content, cache)[0] == edited and unpickled.count("movies.pickle") == 2
