"""Content files: scanner keys update, user keys, comments, order and body survive."""
from __future__ import annotations

import os

from movievault_build.store import document, library

GENERATED = {
    "title": "Heat", "year": 1995, "genres": ["Crime", "Thriller"],
    "files": [{"library": "films", "path": "Heat (1995)/Heat.mkv", "size": 10}],
    "sources": {"title": "nfo", "year": "nfo"}, "added": "2026-01-02", "confidence": 1.0,
}


def write(tmp_path, generated=GENERATED):
    return library.write_movie(tmp_path, "heat-1995", generated)


def path_of(tmp_path):
    return tmp_path / "movies" / "heat-1995.md"


def test_new_file_has_schema_metadata_and_user_block(tmp_path):
    assert write(tmp_path) is True
    data, body = document.load_plain(path_of(tmp_path).read_text(), "x")
    assert data["schema"] == 1
    assert data["title"] == "Heat" and data["year"] == 1995
    assert data["user"] == {"tags": [], "watched": False, "favorite": False, "rating": None, "notes": ""}
    assert data["added"] == "2026-01-02"  # stays a string, not a YAML date
    assert body == ""


def test_unchanged_rescan_rewrites_nothing(tmp_path):
    write(tmp_path)
    p = path_of(tmp_path)
    os.utime(p, (1_000_000, 1_000_000))
    assert write(tmp_path) is False
    assert p.stat().st_mtime == 1_000_000


def test_user_edits_comments_order_and_body_survive_a_rescan(tmp_path):
    write(tmp_path)
    p = path_of(tmp_path)
    text = p.read_text()
    text = text.replace("  watched: false", "  watched: true  # saw it in 2024")
    text = text.replace("  tags: []", "  tags:\n    - heist\n    - favourites")
    text = text.replace("title: Heat", "# my note about the title\ntitle: Heat")
    text += "\nMy own review.\n\n- seen twice\n"
    text = text.replace("schema: 1\n", "schema: 1\nmy_key: kept  # mine\n")
    p.write_text(text)
    changed = dict(GENERATED, genres=["Crime", "Drama"], plot="A heist goes wrong.")
    assert write(tmp_path, changed) is True
    out = p.read_text()
    assert "watched: true  # saw it in 2024" in out
    assert "- heist" in out and "- favourites" in out
    assert "# my note about the title" in out
    assert "my_key: kept  # mine" in out
    assert out.endswith("My own review.\n\n- seen twice\n")
    data, _ = document.load_plain(out, "x")
    assert data["genres"] == ["Crime", "Drama"] and data["plot"] == "A heist goes wrong."
    # a new scanner key lands among the scanner keys, before user:
    keys = list(data)
    assert keys.index("plot") < keys.index("user")


def test_scanner_keys_no_longer_produced_are_removed_but_user_keys_stay(tmp_path):
    write(tmp_path, dict(GENERATED, tagline="Old tagline"))
    less = dict(GENERATED)
    assert write(tmp_path, less) is True
    data, _ = document.load_plain(path_of(tmp_path).read_text(), "x")
    assert "tagline" not in data and "user" in data


def test_long_plots_and_odd_text_round_trip(tmp_path):
    plot = "x" * 500 + " : - # { } [ ] & * ! | > ' \" % @ `"
    write(tmp_path, dict(GENERATED, plot=plot, title="Ça: «Heat» — 熱"))
    data, _ = document.load_plain(path_of(tmp_path).read_text(), "x")
    assert data["plot"] == plot and data["title"] == "Ça: «Heat» — 熱"


def test_broken_front_matter_is_a_read_error_naming_the_file(tmp_path):
    p = tmp_path / "movies" / "bad.md"
    p.parent.mkdir(parents=True)
    p.write_text("---\ntitle: [unclosed\n---\n")
    movies, problems = library.load_movies(tmp_path)
    assert movies == []
    assert len(problems) == 1 and "bad.md" in problems[0] and "invalid YAML" in problems[0]


def test_user_overrides_win_when_building_the_movie(tmp_path):
    write(tmp_path)
    p = path_of(tmp_path)
    p.write_text(p.read_text().replace("  notes: ''", "  notes: ''\n  overrides:\n    title: Heat (Director's Cut)"))
    movie = library.read_movie(p)
    assert movie.title == "Heat (Director's Cut)"
    assert movie.files[0].path == "Heat (1995)/Heat.mkv" and movie.files[0].root == "films"
