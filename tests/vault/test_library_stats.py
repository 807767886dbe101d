"""Library statistics and the SVG charts: numbers computed from the inputs."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from movievault_build.vault.charts import bar_chart, histogram
from movievault_build.vault.stats import compute_stats, decade_of
from movievault_build.vault.stats_report import chart_svgs, html_report, text_report
from movievault_build.model import MediaFile, Person, Movie

SVG = "{http://www.w3.org/2000/svg}"


def _movie(slug, year=None, rating=None, runtime=None, genres=(), directors=(), cast=(), files=(), sources=None,
           added=None, **kw):
    return Movie(slug=slug, title=slug.title(), year=year, rating=rating, runtime=runtime, genres=tuple(genres),
                 directors=tuple(directors), cast=tuple(Person(n) for n in cast),
                 files=tuple(MediaFile(path=f"{slug}/{i}.mkv", root="r", size=s, resolution=r)
                             for i, (s, r) in enumerate(files)),
                 sources=sources or {}, added=added, **kw)


@pytest.fixture
def library():
    return [
        _movie("a", 1994, 8.0, 120, ["Drama", "Crime"], ["Ann"], ["Xi", "Yu"], [(1000, "1080p")],
               {"title": "nfo", "year": "filename+nfo"}, "2024-01-02"),
        _movie("b", 1999, 6.5, 90, ["Drama"], ["Ann", "Bo"], ["Xi"], [(500, "2160p"), (250, None)],
               {"title": "tmdb"}, "2024-03-01"),
        _movie("c", 2003, None, None, ["Comedy", "Drama"], [], ["Zed"], [], {}, None),
        _movie("d", None, 10.0, 30, [], ["Bo"], [], [(5, "1080p")], {"plot": "nfo"}, "2023-12-31"),
    ]


def test_totals_and_averages(library):
    s = compute_stats(library)
    assert s["movies"] == 4
    assert s["runtime_minutes"] == 240 and s["runtime_hours"] == 4.0 and s["runtime_days"] == round(240 / 1440, 2)
    assert s["total_size_bytes"] == 1755
    assert s["rated"] == 3 and s["average_rating"] == round((8.0 + 6.5 + 10.0) / 3, 2)


def test_tables(library):
    s = compute_stats(library)
    table = lambda key: [(r["name"], r["count"]) for r in s[key]]  # noqa: E731
    assert table("by_decade") == [("1990s", 2), ("2000s", 1), ("unknown", 1)]
    assert table("genres") == [("Drama", 3), ("Comedy", 1), ("Crime", 1)]
    assert table("directors") == [("Ann", 2), ("Bo", 2)]
    assert table("actors") == [("Xi", 2), ("Yu", 1), ("Zed", 1)]
    assert table("sources") == [("nfo", 3), ("filename", 1), ("tmdb", 1)]   # "filename+nfo" counts for both
    assert table("resolutions") == [("1080p", 2), ("2160p", 1), ("unknown", 1)]
    bins = dict(table("rating_histogram"))
    assert bins["8–9"] == 1 and bins["6–7"] == 1 and bins["9–10"] == 1 and sum(bins.values()) == 3
    assert [m["slug"] for m in s["recently_added"]] == ["b", "a", "d"]


def test_top_limits_lists_and_json_has_the_promised_keys(library):
    s = compute_stats(library, top=1)
    assert len(s["genres"]) == 1 and len(s["actors"]) == 1
    keys = {"movies", "runtime_minutes", "average_rating", "total_size_bytes", "by_decade", "genres", "directors",
            "sources", "actors", "resolutions", "recently_added"}
    assert keys <= set(json.loads(json.dumps(s)))


def test_empty_library():
    s = compute_stats([])
    assert s["movies"] == 0 and s["average_rating"] is None and s["genres"] == []
    assert "No data" in chart_svgs(s)["genres"]
    assert "Movies:" in text_report(s)


def test_demo_library_matches_an_independent_count(demo_movies):
    s = compute_stats(demo_movies, top=1000)
    assert s["movies"] == len(demo_movies)
    assert s["runtime_minutes"] == sum(m.runtime or 0 for m in demo_movies)
    assert sum(r["count"] for r in s["by_decade"]) == len(demo_movies)
    drama = sum("Drama" in m.genres for m in demo_movies)
    assert dict((r["name"], r["count"]) for r in s["genres"])["Drama"] == drama
    assert decade_of(1999) == "1990s" and decade_of(None) is None


def _parse(svg):
    return ET.fromstring(svg)


def test_bar_chart_is_accessible_and_escapes_labels():
    evil = '<script>alert("x")</script> & Co'
    svg = bar_chart('Top "people" & <things>', [(evil, 3), ("Plain", 1)])
    root = _parse(svg)                     # well-formed XML despite the label
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title.text == 'Top "people" & <things>'
    assert evil in desc.text and "Plain: 1" in desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert root.find(f".//{SVG}script") is None and "<script>" not in svg
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "3" in texts and "1" in texts and "Plain" in texts        # labels and values on the bars
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == pytest.approx(3 * widths[1], abs=0.5)               # bars are proportional


def test_histogram_and_no_hard_coded_text_colours():
    svg = histogram("Ratings", [("0–5", 2), ("5–10", 6)])
    root = _parse(svg)
    heights = [float(r.get("height")) for r in root.iter(f"{SVG}rect")]
    assert heights[1] == pytest.approx(3 * heights[0], abs=0.5)
    assert "currentColor" in svg and "var(--mv-chart-bar" in svg
    inline = "".join(chart_svgs(compute_stats([_movie("a", 1990, 7.0, genres=["X"])])).values())
    assert not re.search(r"#000\b|#fff\b|black|white", inline, re.I)
    assert "prefers-color-scheme" in histogram("x", [("a", 1)], standalone=True)


def test_html_report_is_standalone_and_escaped(library):
    library.append(_movie("e", 2001, genres=["<b>bold</b>"], added="2025-01-01"))
    page = html_report(compute_stats(library))
    assert page.startswith("<!doctype html>") and "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<script" not in page and "http" not in page.replace("http://www.w3.org/2000/svg", "")


def test_cli_text_json_html_and_charts(content, tmp_path, capsys, monkeypatch):
    from movievault_build.cli import main
    from movievault_build.store.library import load_movies

    monkeypatch.chdir(tmp_path)
    movies, _ = load_movies(content)
    assert main(["stats", "--json", "--content", str(content)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == compute_stats(movies)
    assert main(["stats", "--content", str(content)]) == 0
    assert f"Movies:         {len(movies)}" in capsys.readouterr().out
    assert main(["stats", "genre:Drama", "--json", "--content", str(content)]) == 0
    assert json.loads(capsys.readouterr().out)["movies"] == sum("Drama" in m.genres for m in movies)
    assert main(["stats", "--html", "r.html", "--charts", "charts", "--content", str(content)]) == 0
    assert (tmp_path / "r.html").read_text().count("<svg") == 7
    svgs = sorted(p.name for p in (tmp_path / "charts").iterdir())
    assert svgs == sorted(f"{n}.svg" for n in chart_svgs(data))
    for p in (tmp_path / "charts").iterdir():
        assert _parse(p.read_text()).get("role") == "img"
