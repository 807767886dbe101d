"""The parsed-content cache: unchanged files are not parsed again, edits are, and a
damaged cache is rebuilt rather than trusted."""
from __future__ import annotations

import os

from movievault_build.store import document, library

GENERATED = {"title": "Heat", "year": 1995, "files": [{"library": "films", "path": "Heat/Heat.mkv"}]}


def counting(monkeypatch):
    calls = []
    real = document.load_plain

    def spy(text, path):
        calls.append(path)
        return real(text, path)

    monkeypatch.setattr(document, "load_plain", spy)
    return calls


def test_second_load_parses_nothing_and_an_edit_is_parsed_again(tmp_path, monkeypatch):
    library.write_movie(tmp_path / "content", "heat-1995", GENERATED)
    library.write_movie(tmp_path / "content", "alien-1979", {**GENERATED, "title": "Alien", "year": 1979})
    calls = counting(monkeypatch)
    first, _ = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert len(calls) == 2
    second, _ = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert len(calls) == 2 and [m.title for m in second] == [m.title for m in first]
    p = tmp_path / "content" / "movies" / "heat-1995.md"
    p.write_text(p.read_text().replace("watched: false", "watched: true"))
    os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10_000_000))
    third, _ = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert len(calls) == 3
    assert next(m for m in third if m.slug == "heat-1995").user["watched"] is True


def test_damaged_cache_is_rebuilt(tmp_path):
    library.write_movie(tmp_path / "content", "heat-1995", GENERATED)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "parsed-content.sqlite").write_bytes(b"not a database at all" * 100)
    movies, problems = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert [m.title for m in movies] == ["Heat"] and problems == []


def test_broken_file_is_a_problem_with_or_without_cache(tmp_path):
    library.write_movie(tmp_path / "content", "heat-1995", GENERATED)
    (tmp_path / "content" / "movies" / "bad.md").write_text("---\ntitle: [\n---\n")
    for cache in (None, tmp_path / "cache"):
        movies, problems = library.load_movies(tmp_path / "content", cache)
        assert [m.title for m in movies] == ["Heat"] and len(problems) == 1 and "bad.md" in problems[0]


def test_a_cold_load_of_many_files_parses_on_every_core_and_reads_the_same(tmp_path):
    for i in range(260):      # enough files for forked workers (forked.fork_map)
        library.write_movie(tmp_path / "content", f"film-{i:03d}", {**GENERATED, "title": f"Film {i}"})
    (tmp_path / "content" / "movies" / "film-007.md").write_text("---\ntitle: [\n---\n")
    plain, plain_problems = library.load_movies(tmp_path / "content")
    cold, cold_problems = library.load_movies(tmp_path / "content", tmp_path / "cache")
    warm, warm_problems = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert cold == plain == warm and len(cold) == 259
    assert cold_problems == plain_problems == warm_problems and "film-007.md" in cold_problems[0]


def test_a_damaged_row_is_parsed_again_where_it_is_met(tmp_path, monkeypatch):
    import sqlite3
    from movievault_build.cache.layout import cache_path

    for slug, title in (("alien-1979", "Alien"), ("heat-1995", "Heat"), ("up-2009", "Up")):
        library.write_movie(tmp_path / "content", slug, {**GENERATED, "title": title})
    first, _ = library.load_movies(tmp_path / "content", tmp_path / "cache")
    cache_path(tmp_path / "cache", "movie_snapshot").unlink()        # the parsed cache is read
    with sqlite3.connect(cache_path(tmp_path / "cache", "parsed_content")) as db:
        db.execute("UPDATE parsed SET data = x'00' WHERE path LIKE '%heat-1995.md'")
    db.close()
    calls = counting(monkeypatch)
    again, problems = library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert [os.path.basename(c) for c in calls] == ["heat-1995.md"]
    assert again == first and problems == []
    cache_path(tmp_path / "cache", "movie_snapshot").unlink()
    library.load_movies(tmp_path / "content", tmp_path / "cache")
    assert len(calls) == 1            # the row was stored again
