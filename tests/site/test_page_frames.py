"""Generated pages rendered through their class's frame (site/frames.py), with MkDocs' `url`
filter remembered per folder (site/page_urls.py), are byte for byte the pages rendered
whole: every page kind, on a library whose titles, names and plots are hostile (quotes,
markup, ampersands, unicode, very long), a nav page inside a movie's folder, and a site
whose own templates the fast way does not know."""
from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

import movievault_build.site.build as site_build
from movievault_build.site import render
from movievault_build.site.frames import Frames
from movievault_build.site.page_urls import remembered
from movievault_build.site.theme import register
from tests.helpers import make_site, write

LONG = "Very long title " * 20
TITLES = ['Say "Hello" & Goodbye', "<script>alert('x')</script> Heat", "Amélie — 東京物語 ☃",
          LONG.strip(), "Tom &amp; Jerry's <b>Bold</b>"]
NFO = """<?xml version="1.0" encoding="UTF-8"?>
<movie>
  <title>{title}</title>
  <year>{year}</year>
  <plot>{plot}</plot>
  <tagline>&lt;/title&gt;&lt;b&gt;tag&lt;/b&gt; &amp; line</tagline>
  <genre>Sci-Fi &amp; &lt;Fantasy&gt;</genre>
  <genre>Drama "quoted"</genre>
  <tag>it's &lt;tagged&gt;</tag>
  <set><name>The &lt;Set&gt; &amp; "Co"</name></set>
  <director>O'Brien &lt;i&gt;Dir&lt;/i&gt;</director>
  <actor><name>Zoë "Z" &amp; Co</name><role>&lt;Role&gt;</role><order>0</order></actor>
  <actor><name>{actor}</name><order>1</order></actor>
</movie>
"""


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A 100-movie library (library pages 2 and 3 too), built in this process with the
    render's inputs kept for rendering again."""
    tmp = tmp_path_factory.mktemp("frames")
    lib = tmp / "films"
    for i in range(100):
        title = f"{TITLES[i % len(TITLES)]} {i}"
        folder = f"Film {i:03d} ({1950 + i % 60})"
        plot = _xml(f"A plot & <img src=x> \"{i}\" " + "word " * (i % 3 * 40))
        write(lib, f"{folder}/{folder}.mkv")
        write(lib, f"{folder}/movie.nfo", NFO.format(title=_xml(title), year=1950 + i % 60, plot=plot,
                                                     actor=_xml(f"Actor <{i % 7}> & \"Friend\"")))
    cfg = make_site(tmp, [lib])
    return tmp, cfg, _built_keeping_render_inputs(cfg)


def _built_keeping_render_inputs(cfg) -> dict:
    """Build the site of `cfg`, keeping what the build handed render_all (its pages, maker
    and MkDocs arguments) so a test can render the same pages again."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    seen: dict = {}
    real = site_build.render_all

    def keep(uris, make, templates, **kw):
        seen.update(uris=list(uris), make=make, **kw)
        return real(uris, make, templates, **kw)

    site_build.render_all = keep
    try:
        build(load_config(config_file=str(cfg)))
    finally:
        site_build.render_all = real
    return seen


def _both_ways(seen, check: int = 0):
    env, config = seen["env"], seen["config"]
    mk = {"config": config, "files": seen["files"].documentation_pages(), "nav": seen["nav"], "env": env}
    vetted = render.vetted_templates(env, config, render.TemplateFingerprints(env, config))
    frames = Frames(env, vetted, check=check)
    pages = [seen["make"](uri) for uri in seen["uris"]]
    whole = [render.render_one(page, **mk) for page in pages]
    made = env.filters["url"]          # the fast way with MkDocs' `url` filter remembered, as render_all has it
    env.filters["url"] = remembered(made)
    try:
        fast = [render.render_one(page, frames=frames, **mk) for page in pages]
    finally:
        env.filters["url"] = made
    return pages, frames, list(zip(pages, whole, fast))


def test_every_page_kind_is_the_whole_render_byte_for_byte(built):
    _, _, seen = built
    pages, frames, rendered = _both_ways(seen)
    kinds = {(p.template, p.dest.split("/")[0]) for p in pages}
    assert {("movie.html", "movies"), ("group.html", "people"), ("group.html", "genres"), ("group.html", "tags"),
            ("group.html", "collections"), ("group.html", "decades"), ("library-page.html", "library")} <= kinds
    assert [p.dest for p, whole, fast in rendered if whole != fast] == []
    assert frames.filled == len(pages)          # all of them through a frame (no check here)
    for page, _, fast in rendered:              # the header's title, filled in (mv_once.fill)
        assert f'header-topic"><span class="md-ellipsis">{page.title}</span>' in fast.decode()
    heat = next(fast for p, _, fast in rendered if "alert" in p.title).decode()
    assert "&lt;script&gt;alert(" in heat and "<script>alert(" not in heat


def test_the_self_check_renders_the_first_pages_of_each_class_whole(built):
    _, _, seen = built
    pages, frames, rendered = _both_ways(seen, check=2)
    assert all(whole == fast for _, whole, fast in rendered)
    classes = [f for f in frames.known.values() if f]
    assert classes and all(f.sound for f in classes) and max(f.checked for f in classes) == 2
    assert frames.filled == len(pages) - sum(f.checked for f in classes) > len(pages) / 2


def test_a_page_whose_folder_the_frame_links_into_is_rendered_whole(tmp_path):
    """A nav page under a movie's own folder: the footer links to it as "notes/" from that
    movie's page and as "../film-001-1951/notes/" from every other movie's."""
    lib = tmp_path / "films"
    for i in range(3):
        write(lib, f"Film {i:03d} ({1950 + i})/Film {i:03d} ({1950 + i}).mkv")
    cfg = make_site(tmp_path, [lib], "nav:\n  - index.md\n  - Notes: movies/film-001-1951/notes.md\n")
    write(tmp_path / "docs", "movies/film-001-1951/notes.md", "# Notes\n")
    seen = _built_keeping_render_inputs(cfg)
    pages, frames, rendered = _both_ways(seen)
    movies = [(p, whole, fast) for p, whole, fast in rendered if p.template == "movie.html"]
    assert len(movies) == 3 and all(whole == fast for _, whole, fast in movies)
    own = next(whole for p, whole, _ in movies if p.dest.startswith("movies/film-001-1951/")).decode()
    other = next(whole for p, whole, _ in movies if p.dest.startswith("movies/film-000-1950/")).decode()
    assert 'href="notes/"' in own and 'href="../film-001-1951/notes/"' in other
    frame = frames.known[("movie.html", ("movies",), False, frozenset(pages[0].context))]
    assert frame.into == {"film-001-1951"}
    assert frames.filled == len(pages) - 1


def test_a_sites_own_main_template_is_rendered_whole(tmp_path):
    write(tmp_path / "custom" / "overrides", "main.html", '{% extends "mv-base.html" %}')
    custom = make_site(tmp_path / "custom", [tmp_path / "films"])
    custom.write_text(custom.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n"))
    assert not _vetted(custom)("movie.html")
    (tmp_path / "plain").mkdir()
    assert _vetted(make_site(tmp_path / "plain", [tmp_path / "films"]))("movie.html")


def _vetted(cfg: Path):
    from mkdocs.config import load_config

    config = load_config(config_file=str(cfg))
    register(config)
    env = config.theme.get_env()
    return render.vetted_templates(env, config, render.TemplateFingerprints(env, config))


class _Page:
    def __init__(self, url: str, title: str) -> None:
        self.url, self.title = url, title


FRAME = {"base.html": "<head>{% block htmltitle %}<title>{{ page.title }}</title>{% endblock %}</head>"
                      "{% set where = 'here' %}<p>{{ note(page) }}</p>"
                      "{% block container %}{{ where }}:{{ page.title }}{% endblock %}"}


@pytest.mark.parametrize("check, whole", [(2, True), (0, False)])
def test_a_frame_that_reads_the_page_outside_its_blocks_is_caught_by_the_check(check, whole):
    """The frame here prints the page's title outside the page blocks: the second page's
    comparison finds it and the rest are rendered whole (without the check they would be
    wrong: the test would see it)."""
    env = jinja2.Environment(loader=jinja2.DictLoader(FRAME))
    env.globals["note"] = lambda page: page.title
    frames = Frames(env, lambda name: True, check=check)
    template = env.get_template("base.html")
    pages = [_Page(f"movies/film-{i}/", f"Film {i}") for i in range(5)]
    out = [frames.render(template, {"page": p}, p, {}) for p in pages]
    expected = [template.render(page=p) for p in pages]
    assert (out == expected) is whole
    assert expected[3] == "<head><title>Film 3</title></head><p>Film 3</p>here:Film 3"
    if not whole:        # the blocks themselves are the page's, the template's variables too
        assert out[3] == "<head><title>Film 3</title></head><p>Film 0</p>here:Film 3"
