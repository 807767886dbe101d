"""Recommendations on a site built from content/ alone (no library, no network): TMDB's
recommendations stored with each film join its related films or, when the library lacks
them, the Discover page with the films that recommend them; the collections' missing
films are there too; hostile titles stay text; a film without genres shows suggested
ones; and in Chromium, a user who watched a film gets "Because you watched" on the home
page."""
from __future__ import annotations

import json
import re
import textwrap

import pytest

from tests.browser.conftest import DESKTOP, served, sized_page
from tests.helpers import mkdocs_build, site_with_plugin, write

HOSTILE = '<script>window.__pwned=1</script>"><img src=x onerror=alert(1)>'
HEIST = "A crew of thieves plans a heist on a casino vault, and the safecracker double-crosses them."


def film(slug: str, title: str, year: int, tmdb: str, **meta) -> str:
    front = {"schema": 1, "title": title, "year": year, "ids": {"tmdb": tmdb}, **meta}
    return f"---\n{json.dumps(front)}\n---\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("discover")
    cfg = site_with_plugin(tmp, textwrap.dedent("""\
        library: []
        scan: never
        content_dir: content
        users:
          - {name: alice, display_name: Alice}
          - {name: bob, display_name: Bob}
        """))
    cfg.write_text(cfg.read_text().replace("  name: material\n", "  name: material\n  font: false\n"))
    (tmp / "docs" / "index.md").write_text("---\ntemplate: home.html\n---\n")
    parts = [{"tmdb": "949", "title": "Heat", "year": 1995}, {"tmdb": "7001", "title": HOSTILE, "year": 1999},
             {"tmdb": "8195", "title": "Ronin", "year": 1998}]
    collection = {"name": "Crime Saga", "tmdb": "500", "parts": parts}
    write(tmp, "content/movies/heat-1995.md", film(
        "heat-1995", "Heat", 1995, "949", genres=["Crime"], collection=collection, plot=HEIST,
        recommendations=[{"tmdb": "8195", "title": "Ronin", "year": 1998},
                         {"tmdb": "680", "title": "Pulp Fiction", "year": 1994},
                         {"tmdb": "666", "title": HOSTILE}]))
    write(tmp, "content/movies/ronin-1998.md", film(
        "ronin-1998", "Ronin", 1998, "8195", genres=["Thriller"], collection=collection,
        recommendations=[{"tmdb": "680", "title": "Pulp Fiction", "year": 1994}]))
    write(tmp, "content/movies/casino-job-2015.md", film(
        "casino-job-2015", "Casino Job", 2015, "4242", tags=["heist"],
        plot="The crew of thieves cracks a casino vault in a heist."))
    write(tmp, "content/movies/vault-2021.md", film(
        "vault-2021", "The Vault", 2021, "5151", genres=["Crime", "Heist"], tags=["heist"],
        plot="Thieves plan a heist on the vault of a bank; a safecracker joins the crew."))
    for i, animal in enumerate(("sheep", "goats", "horses")):
        write(tmp, f"content/movies/farm-{i}.md", film(f"farm-{i}", f"Farm {i}", 1980 + i, str(100 + i),
                                                       genres=["Drama"], plot=f"A farmer raises {animal}."))
    write(tmp, "content/users/bob.yml",
          "user: bob\nmovies:\n  heat-1995: {watched: true, lastplayed: '2026-01-02T20:00:00Z'}\n")
    built = mkdocs_build(cfg)
    assert built.returncode == 0, built.stderr[-3000:]
    return tmp / "site"


def read(site, path: str) -> str:
    return (site / path).read_text("utf-8")


def test_discover_lists_a_recommended_film_and_a_missing_collection_film_with_reasons(site):
    html = read(site, "discover/index.html")
    recommended = html.split('data-mv-discover="recommended"', 1)[1].split("</ol>", 1)[0]
    items = re.findall(r'<li class="mv-discover__item" data-tmdb="(\d+)">(.*?)</li>', recommended, re.S)
    assert [tmdb for tmdb, _ in items] == ["680", "666"]          # in the library: Ronin is not listed
    pulp = items[0][1]
    assert "Pulp Fiction" in pulp and "themoviedb.org/movie/680" in pulp
    assert re.search(r"Because you have .*Heat.*Ronin", pulp, re.S)   # both films recommend it
    missing = html.split('data-mv-collection="Crime Saga"', 1)[1].split("</section>", 1)[0]
    assert 'data-tmdb="7001"' in missing and 'data-tmdb="949"' not in missing and 'data-tmdb="8195"' not in missing
    assert re.search(r"Part of Crime Saga; you have .*Heat.*Ronin", missing, re.S)


def test_discover_escapes_hostile_titles_and_is_linked_from_the_sections_bar(site):
    html = read(site, "discover/index.html")
    assert "<script>window.__pwned" not in html and "<img src=x" not in html
    assert html.count("&lt;script&gt;window.__pwned=1&lt;/script&gt;") == 2     # the recommendation, the part
    home = read(site, "index.html")
    bar = home.split('<nav class="mv-sections"', 1)[1].split("</nav>", 1)[0]
    assert re.search(r'href="discover/"[^>]*>.*?Discover', bar, re.S)


def test_tmdb_recommendation_in_the_library_is_a_related_film(site):
    html = read(site, "movies/heat-1995/index.html")
    related = html.split('aria-labelledby="related"', 1)[1].split("</section>", 1)[0]
    assert 'href="../ronin-1998/"' in related


def test_a_plot_alike_film_is_related_and_genres_are_only_suggested(site):
    vault = read(site, "movies/vault-2021/index.html").split('aria-labelledby="related"', 1)[1]
    assert 'href="../casino-job-2015/"' in vault.split("</section>", 1)[0]
    job = read(site, "movies/casino-job-2015/index.html")
    suggested = job.split("data-mv-suggested", 1)[1].split("</p>", 1)[0]
    assert re.search(r"Crime <span class=\"mv-suggested__confidence\">\d+%", suggested)
    assert 'class="mv-genres"><a' not in job                  # no genre link: not a fact
    doc = json.loads(read(site, "api/movies/casino-job-2015.json"))
    assert not doc.get("genres")


@pytest.mark.browser
def test_because_you_watched_follows_the_user_who_watched_a_film(browser, site):
    with served(site) as url, sized_page(browser, url, DESKTOP) as page:
        page.goto_site("")
        because = page.locator("section.mv-shelf[data-mv-for-user=bob]", has_text="Because you watched Heat")
        assert because.count() == 1 and not because.is_visible()       # alice, the default, watched nothing
        assert page.locator("section.mv-shelf:visible", has_text="Because you watched").count() == 0
        page.get_by_label("Viewing as").select_option("bob")
        because.wait_for(state="visible")
        assert because.get_by_role("heading").inner_text() == "Because you watched Heat"
        cards = because.locator(".mv-card > a").evaluate_all("els => els.map(e => e.pathname.split('/').at(-2))")
        assert "ronin-1998" in cards and "heat-1995" not in cards
