"""Social-card meta tags: escaped once, and with absolute image URLs when site_url is set."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.helpers import jpeg, make_site, mkdocs_build, write

NFO = """<?xml version="1.0" encoding="UTF-8"?>
<movie>
  <title>&lt;script&gt;alert("t")&lt;/script&gt; Heat &amp; Dust</title>
  <year>1995</year>
  <plot>"Quoted" &lt;img src=x onerror=alert(1)&gt; plot.</plot>
  <genre>Action &amp; Adventure</genre>
</movie>
"""


class _Meta(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("property") or a.get("name")):
            self.meta.setdefault(a.get("property") or a.get("name"), a.get("content") or "")


def meta_of(path) -> tuple[dict[str, str], str]:
    html = path.read_text("utf-8")
    parser = _Meta()
    parser.feed(html)
    return parser.meta, html


def _build(tmp_path, extra: str = ""):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/movie.nfo", NFO)
    write(lib, "Heat (1995)/poster.jpg", jpeg(200, 300))
    result = mkdocs_build(make_site(tmp_path, [lib], extra))
    assert result.returncode == 0, result.stderr
    return tmp_path / "site"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("social"), "site_url: https://films.example.org/vault/\n"
                                                     "site_description: Films & more\n")


def test_movie_cards_are_escaped_once_and_point_at_an_absolute_poster(published):
    page = next((published / "movies").glob("*/index.html"))
    meta, html = meta_of(page)
    assert meta["og:title"] == '<script>alert("t")</script> Heat & Dust (1995)'
    assert meta["og:description"].startswith('"Quoted" <img src=x')
    assert meta["og:type"] == "video.movie" and meta["twitter:card"] == "summary_large_image"
    image = meta["og:image"]
    assert image.startswith("https://films.example.org/vault/img/") and image.endswith(".jpg")
    assert (published / image.removeprefix("https://films.example.org/vault/")).is_file()
    assert int(meta["og:image:width"]) > 0
    # X reads the og: tags where its own are missing: no second copy of each
    assert not {"twitter:image", "twitter:title", "twitter:description"} & set(meta)
    head = html.split("</head>", 1)[0]
    assert "<script>alert" not in head and "<img src=x" not in head
    # one description, the film's: not the site's as well
    assert re.findall(r'<meta name="description" content="([^"]*)"', head) == \
        ["&#34;Quoted&#34; &lt;img src=x onerror=alert(1)&gt; plot."]


def test_group_pages_use_their_title_escaped_once(published):
    meta, _ = meta_of(published / "genres" / "action-and-adventure" / "index.html")
    assert meta["og:title"] == "Action & Adventure"
    assert meta["og:url"] == "https://films.example.org/vault/genres/action-and-adventure/"
    assert meta["description"] == "Films & more"                  # a page with no plot: the site's


def test_without_site_url_there_is_no_relative_og_image(tmp_path):
    page = next((_build(tmp_path) / "movies").glob("*/index.html"))
    meta, html = meta_of(page)
    assert "og:image" not in meta and meta["twitter:card"] == "summary"
    # the icons and the manifest come with the plugin, on any site that lists it
    assert re.search(r'<link rel="apple-touch-icon" href="(\.\./)+assets/movievault/icons/apple-touch-icon\.png">', html)
    assert 'rel="manifest"' in html
