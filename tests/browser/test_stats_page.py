"""The statistics dashboard in a real browser: it renders, its charts are accessible,
and its numbers are the ones the content files give (computed here from front matter)."""
from __future__ import annotations

import json
from collections import Counter

import pytest
import yaml

from tests.browser.conftest import screenshot, set_scheme
from tests.helpers import REPO


def _front_matter():
    docs = []
    for path in sorted((REPO / "content" / "movies").glob("*.md")):
        text = path.read_text("utf-8")
        docs.append(yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")))
    return docs


@pytest.fixture(scope="module")
def expected():
    docs = _front_matter()
    ratings = [d["rating"] for d in docs if isinstance(d.get("rating"), (int, float))]
    decades = Counter(f"{d['year'] // 10 * 10}s" for d in docs if d.get("year"))
    genres = Counter(g for d in docs for g in set(d.get("genres") or []))
    directors = Counter(n for d in docs for n in set(d.get("directors") or []))
    return {"movies": len(docs), "runtime": sum(d.get("runtime") or 0 for d in docs),
            "average": round(sum(ratings) / len(ratings), 2), "decades": decades, "genres": genres,
            "directors": directors,
            "fields": sum(len(str(v).split("+")) for d in docs for v in (d.get("sources") or {}).values())}


def test_dashboard_shows_the_numbers_of_the_content_files(page, expected):
    page.goto_site("stats/")
    assert page.locator("h1").first.inner_text() == "Library statistics"
    assert page.locator('[data-stat="movies"]').inner_text() == str(expected["movies"])
    assert page.locator('[data-stat="average-rating"]').inner_text().startswith(f"{expected['average']:.2f}")
    hours = round(expected["runtime"] / 60, 1)
    assert page.locator('[data-stat="runtime"]').inner_text().startswith(f"{hours:,} hours")
    # every decade's bar is labelled with its count
    decade_chart = page.locator("#decades + svg")
    for decade, count in expected["decades"].items():
        assert decade_chart.locator("g", has_text=decade).locator("text").first.text_content() == str(count)


def test_charts_are_accessible_images(page):
    page.goto_site("stats/")
    charts = page.locator("svg.mv-chart")
    assert charts.count() == 5
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        labelled = chart.get_attribute("aria-labelledby").split()
        title = page.locator(f"#{labelled[0]}")
        assert title.evaluate("e => e.tagName") == "title" and title.text_content()
        assert page.locator(f"#{labelled[1]}").text_content()     # <desc>
    assert page.locator("svg.mv-chart script").count() == 0


def test_top_directors_link_their_people_pages(page, expected):
    page.goto_site("stats/")
    top_name, top_count = max(expected["directors"].items(), key=lambda kv: (kv[1], [-ord(c) for c in kv[0]]))
    first = page.locator(".mv-stats__ranking").first.locator("li").first
    assert first.locator(".mv-count").inner_text() == str(top_count)
    link = first.locator("a")
    name = link.inner_text()
    assert expected["directors"][name] == top_count
    link.click()
    page.wait_for_url("**/people/**")
    assert page.locator("h1").first.inner_text() == name


def test_recently_added_are_cards_and_the_api_matches(page, expected):
    page.goto_site("stats/")
    assert page.locator("section[aria-labelledby=recent] .mv-card").count() == min(12, expected["movies"])
    api = json.loads(page.goto_site("api/stats.json").text())
    assert api["movies"] == expected["movies"]
    assert api["average_rating"] == expected["average"]
    assert {r["name"]: r["count"] for r in api["by_decade"]} == dict(expected["decades"])
    assert sum(r["count"] for r in api["sources"]) == expected["fields"]
    top_genre = max(expected["genres"].values())
    assert api["genres"][0]["count"] == top_genre


def test_charts_follow_the_colour_scheme(page):
    colours = {}
    for scheme in ("default", "slate"):
        page.goto_site("stats/")
        set_scheme(page, scheme)
        colours[scheme] = page.locator("svg.mv-chart text").first.evaluate("e => getComputedStyle(e).fill")
        screenshot(page, f"stats-{'dark' if scheme == 'slate' else 'light'}")
    assert colours["default"] != colours["slate"]
