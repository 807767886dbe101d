"""Smart playlists: loading, errors naming the playlist, M3U, and the built site."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from movievault_build.errors import UserError
from movievault_build.vault.playlists import load_playlists, m3u
from tests.helpers import make_site

PLAYLISTS = textwrap.dedent("""\
    playlists:
      - name: Sci-fi classics
        description: Old science fiction.
        rules: genre:"Science Fiction" year:..1999
        sort: rating desc
      - name: Nineties
        rules: {release_year: "1990-1999", rating: ">= 8.0"}
        limit: 2
        sort: -rating
    """)


def test_playlists_select_sort_and_limit(content, demo_movies):
    (content / "playlists.yml").write_text(PLAYLISTS)
    scifi, nineties = load_playlists(content)
    chosen = scifi.select(demo_movies)
    assert [m.slug for m in chosen][:2] == ["the-matrix-1999", "alien-1979"]
    assert all("Science Fiction" in m.genres and m.year <= 1999 for m in chosen)
    assert [m.slug for m in nineties.select(demo_movies)] == ["the-shawshank-redemption-1994", "pulp-fiction-1994"]


@pytest.mark.parametrize("body, fragment", [
    ("- name: Broken\n  rules: year:19x9\n", "playlist 'Broken': bad query: year:19x9"),
    ("- name: Rule\n  rules: {rating: lots}\n", "playlist 'Rule': bad rule rating: 'lots'"),
    ("- name: Sorted\n  sort: colour\n", "playlist 'Sorted': bad sort"),
    ("- rules: genre:x\n", "needs a `name:`"),
    ("- name: X\n  limit: -1\n", "limit must be"),
])
def test_bad_playlists_name_themselves(tmp_path, body, fragment):
    (tmp_path / "playlists.yml").write_text("playlists:\n" + textwrap.indent(body, "  "))
    with pytest.raises(UserError) as err:
        load_playlists(tmp_path)
    assert fragment in str(err.value) and "playlists.yml" in str(err.value)


def test_m3u_maps_library_labels_to_roots(content, demo_movies, tmp_path):
    (content / "playlists.yml").write_text(PLAYLISTS)
    scifi = load_playlists(content)[0]
    root = tmp_path / "media" / "films"
    text = m3u(scifi.select(demo_movies), {"library": root}, base=tmp_path / "media")
    lines = text.splitlines()
    assert lines[0] == "#EXTM3U" and lines[1].startswith("#EXTINF:") and "The Matrix (1999)" in lines[1]
    assert lines[2].startswith("films/Movies/The Matrix (1999)")
    with pytest.raises(UserError, match="not one of the configured roots"):
        m3u(scifi.select(demo_movies), {"other": root})


def _build(cfg: Path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(config_file=str(cfg)))


def test_site_has_playlist_pages_api_and_links(content, tmp_path):
    (content / "playlists.yml").write_text(PLAYLISTS)
    cfg = make_site(tmp_path, [str(tmp_path / "no-library")])
    _build(cfg)
    site = tmp_path / "site"
    page = (site / "playlists" / "sci-fi-classics" / "index.html").read_text()
    assert "<h1>Sci-fi classics</h1>" in page and 'href="../../movies/the-matrix-1999/"' in page
    assert "movies/heat-1995/" not in page
    api = json.loads((site / "api" / "playlists.json").read_text())
    assert [p["slug"] for p in api["playlists"]] == ["sci-fi-classics", "nineties"]
    assert len(api["playlists"][1]["movies"]) == 2
    library = (site / "library" / "index.html").read_text()
    assert 'href="../playlists/"' in library                 # the sections bar, on every page
    index = (site / "playlists" / "index.html").read_text()
    assert "Sci-fi classics" in index and 'href="sci-fi-classics/"' in index
    assert 'href="../movies/the-matrix-1999/"' in index            # each playlist a row of its posters


def test_bad_playlist_fails_the_build(content, tmp_path, caplog):
    from mkdocs.exceptions import Abort

    (content / "playlists.yml").write_text("playlists:\n  - name: Broken\n    rules: rating:abc\n")
    with pytest.raises(Abort):
        _build(make_site(tmp_path, [str(tmp_path / "no-library")]))
    assert any("playlist 'Broken': bad query: rating:abc" in r.getMessage() for r in caplog.records)
