"""The movie page's "Where this comes from": each field's sources from the content file,
the user's overrides shown as the user's, everything escaped."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from movievault_build.model import Movie
from movievault_build.views.provenance import provenance_view
from tests.helpers import make_site, mkdocs_build

REPO = Path(__file__).resolve().parents[2]


class _Provenance(HTMLParser):
    """(field, sources text) pairs inside <details class="… mv-provenance">."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = self.summary = False
        self.rows: list[list[str]] = []
        self.where = ""

    def handle_starttag(self, tag, attrs):
        if tag == "details" and "mv-provenance" in (dict(attrs).get("class") or ""):
            self.inside = True
        elif self.inside and tag in ("dt", "dd", "summary"):
            self.where = tag
            if tag == "dt":
                self.rows.append(["", ""])

    def handle_endtag(self, tag):
        if tag == "details":
            self.inside = False
        if tag in ("dt", "dd", "summary"):
            self.where = ""

    def handle_data(self, data):
        if self.inside and self.where == "summary":
            self.summary = data.strip() == "Where this comes from"
        elif self.inside and self.where in ("dt", "dd"):
            self.rows[-1][self.where == "dd"] += data


def test_view_lists_fields_in_order_with_user_overrides():
    movie = Movie(slug="m", title="T", sources={"plot": "tmdb", "title": "nfo", "ids": "nfo+tmdb", "odd": "x"},
                  user={"overrides": {"title": "Mine"}})
    rows = provenance_view(movie)
    assert [r["field"] for r in rows] == ["Title", "Ids", "Plot", "Odd"]
    assert rows[0] == {"field": "Title", "sources": ["You"], "replaces": ["NFO file"]}
    assert rows[1]["sources"] == ["NFO file", "TMDB"] and rows[3]["sources"] == ["x"]
    assert provenance_view(Movie(slug="n", title="N")) == []


def test_movie_page_shows_sources_escaped(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    heat = tmp_path / "content" / "movies" / "heat-1995.md"
    text = heat.read_text()
    text = text.replace("  plot: nfo\n", "  plot: '<script>alert(1)</script>+omdb'\n", 1)
    text = text.replace("user:\n", "user:\n  overrides:\n    tagline: '<b>mine</b>'\n    certification: R\n", 1)
    heat.write_text(text)
    cfg = make_site(tmp_path, [str(tmp_path / "no-library")])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "movies" / "heat-1995" / "index.html").read_text()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; + OMDb" in page
    parser = _Provenance()
    parser.feed(page)
    rows = dict(parser.rows)
    assert parser.summary and rows["Title"] == "NFO file" and rows["Genres"] == "NFO file"
    assert rows["Artwork"] == "Local artwork" and rows["Plot"] == "<script>alert(1)</script> + OMDb"
    assert rows["Tagline"] == "You" and rows["Certification"] == "You (instead of NFO file)"
    assert list(rows)[:2] == ["Title", "Original title"]
