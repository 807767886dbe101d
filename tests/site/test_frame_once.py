"""Parts of the page frame rendered once per key in a build (site/theme.py `Once`), and the
sections bar they give each kind of page: its links still reach the site's sections from
every depth and top folder."""
from __future__ import annotations

import posixpath
import re

import jinja2
import pytest

from movievault_build.site.theme import Once
from tests.helpers import make_site, mkdocs_build, write


def test_a_part_is_rendered_once_per_key():
    env = jinja2.Environment(loader=jinja2.DictLoader({"p.html": "{% call mv_once(k) %}{{ n.pop() }}{% endcall %}"}))
    env.globals["mv_once"] = Once()
    page, n = env.get_template("p.html"), [3, 2, 1]
    assert [page.render(k="a", n=n), page.render(k="a", n=n), page.render(k="b", n=n)] == ["1", "1", "2"]


@pytest.mark.parametrize("value", ['Say "Hi" & <b>bye</b>', "\x00mv-once-fill\x00", "", None])
def test_a_filled_part_is_rendered_once_per_key_with_each_value_as_printed(value):
    env = jinja2.Environment(loader=jinja2.DictLoader({
        "p.html": "{% call(t) mv_once.fill(k, value=v) %}<i>{{ n.pop() }}</i><b>{{ t }}</b>{% endcall %}",
        "marked.html": "{% call(t) mv_once.fill(k, value=v) %}{{ other }}|{{ t }}{% endcall %}"}))
    env.globals["mv_once"] = Once()
    page, n = env.get_template("p.html"), [3, 2, 1]
    assert page.render(k="a", v="first", n=n) == "<i>1</i><b>first</b>"
    assert page.render(k="a", v=value, n=n) == f"<i>1</i><b>{value}</b>"
    assert page.render(k="b", v=value, n=n) == f"<i>2</i><b>{value}</b>"
    mark = "\x00mv-once-fill\x00"      # the mark printed by something else: rendered with the value
    assert env.get_template("marked.html").render(k="m", v=value, other=mark) == f"{mark}|{value}"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("frame")
    lib = tmp / "films"
    for name in ("Heat (1995)", "Ronin (1998)"):
        write(lib, f"{name}/{name}.mkv")
    result = mkdocs_build(make_site(tmp, [lib]))
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_sections_bar_links_resolve_from_every_kind_of_page(site):
    pages = [p for p in site.rglob("index.html") if "<nav class=\"mv-sections\"" in p.read_text()]
    folders = {p.parent.relative_to(site).as_posix().split("/")[0] for p in pages}
    assert {"movies", "library", "genres", "decades", "."} <= folders     # depths 0, 1 and 2
    for page in pages:
        html = page.read_text()
        bar = html.split('<nav class="mv-sections"', 1)[1].split("</nav>", 1)[0]
        here = page.parent.relative_to(site).as_posix()
        for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]+)</a>', bar):
            target = posixpath.normpath(posixpath.join(here, href))
            assert (site / target / "index.html").is_file(), (page, label, href)
        current = re.findall(r'aria-current="page">([^<]+)<', bar)
        top = here.split("/")[0]
        expected = {"movies": ["Library"], "library": ["Library"], "genres": ["Genres"], ".": ["Home"]}.get(top)
        if expected is not None:
            assert current == expected, page
