"""MkDocs' `url` filter remembered per folder (site/page_urls.py) answers what MkDocs' own
would, page by page: a link into the page's own folder included."""
from __future__ import annotations

import random

import jinja2
from mkdocs.utils import normalize_url

from movievault_build.site.page_urls import folder_of, remembered


class _Page:
    def __init__(self, url: str) -> None:
        self.url = url


def _made(calls: list):
    @jinja2.pass_context
    def url(context, value):
        calls.append(value)
        return normalize_url(str(value), page=context["page"], base=context["base_url"])
    return url


def _render(filter_, page, path):
    env = _ENVS.get(filter_)
    if env is None:
        env = _ENVS[filter_] = jinja2.Environment()
        env.filters["url"] = filter_
    return env.from_string("{{ path | url }}").render(page=page, base_url="../..", path=path)


_ENVS: dict = {}


def test_every_answer_is_mkdocs_own():
    names = ["heat-1995", "ronin-1998", "a.b", "index.html", "x"]
    folders = ["", "movies", "movies/heat-1995", "people", "library/page"]
    pages = [_Page(f"{f}/{n}/".lstrip("/")) for f in folders for n in names]
    pages += [_Page(f"{f}/{n}.html".lstrip("/")) for f in folders for n in names] + [_Page("")]
    paths = ["", ".", "movies/", "movies/heat-1995/", "movies/heat-1995/notes/", "movies/heat-1995",
             "movies/ronin-1998/", "assets/x.css", "../up/", "./movies/heat-1995/../heat-1995/x",
             "https://example.com/a", "/abs/", "#top", "people/x/", "library/page/2/", "a.b/c"]
    rng = random.Random(3)
    calls: list = []
    memo, made = remembered(_made(calls)), _made([])
    for _ in range(5_000):
        page, path = rng.choice(pages), rng.choice(paths)
        assert _render(memo, page, path) == _render(made, page, path), (page.url, path)
    assert len(calls) < 2_000          # most answered from memory


def test_a_link_into_the_pages_own_folder_is_made_for_that_page():
    memo = remembered(_made([]))
    assert _render(memo, _Page("movies/ronin-1998/"), "movies/heat-1995/notes/") == "../heat-1995/notes/"
    assert _render(memo, _Page("movies/heat-1995/"), "movies/heat-1995/notes/") == "notes/"
    assert _render(memo, _Page("movies/alien-1979/"), "movies/heat-1995/notes/") == "../heat-1995/notes/"


def test_folder_of_reads_a_page_url_as_mkdocs_does():
    assert folder_of("movies/heat-1995/") == (("movies",), "heat-1995")
    assert folder_of("movies/heat-1995.html") == (("movies",), None)
    assert folder_of("") == ((), None)
