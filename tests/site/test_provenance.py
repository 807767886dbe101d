"""The movie page's "Where this comes from": each source of the content file with the fields
it gave, the user's overrides shown as the user's, everything escaped."""
from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

from movievault_build.model import Movie
from movievault_build.views.provenance import provenance_view
from tests.helpers import make_site, mkdocs_build

REPO = Path(__file__).resolve().parents[2]


class _Provenance(HTMLParser):
    """(source, fields text) pairs inside <details class="… mv-provenance">."""

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


def test_view_groups_fields_by_source_in_order_with_user_overrides():
    movie = Movie(slug="m", title="T", sources={"plot": "tmdb", "title": "nfo", "ids": "nfo+tmdb", "year": "nfo+nfo",
                                                "odd": "x"},
                  user={"overrides": {"title": "Mine"}})
    rows = provenance_view(movie)
    assert [r["source"] for r in rows] == ["You", "NFO file", "TMDB", "x"]
    assert rows[0]["fields"] == [{"field": "Title", "replaces": ["NFO file"]}]
    assert [f["field"] for f in rows[1]["fields"]] == ["Year", "Ids"]        # a source named twice, once
    assert [f["field"] for f in rows[2]["fields"]] == ["Ids", "Plot"] and rows[3]["fields"][0]["field"] == "Odd"
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
    assert "<script>alert(1)" not in page and "<dt>&lt;script&gt;alert(1)&lt;/script&gt;</dt><dd>Plot</dd>" in page
    parser = _Provenance()
    parser.feed(page)
    rows = {source: fields.split(", ") for source, fields in parser.rows}
    assert parser.summary and rows["NFO file"][:2] == ["Title", "Original title"] and "Genres" in rows["NFO file"]
    assert "Plot" not in rows["NFO file"] and rows["OMDb"] == ["Plot"] and rows["<script>alert(1)</script>"] == ["Plot"]
    assert "Artwork" in rows["Local artwork"]
    assert rows["You"] == ["Certification (instead of NFO file)", "Tagline"]
