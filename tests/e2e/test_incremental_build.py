"""The page cache: a warm build renders nothing, output is byte-identical to a cold build,
and a change re-renders exactly what it touches."""
from __future__ import annotations

import hashlib
import os
import re
import shutil

import pytest

from movievault_build.site.theme import THEME_DIR
from tests.helpers import jpeg, make_site, mkdocs_build, write

NFO = "<movie><title>{title}</title><year>{year}</year><genre>Crime</genre><director>Michael Mann</director>{extra}</movie>"


def known(result) -> int:
    m = re.search(r"\((\d+) known by their inputs\)", result.stderr)
    assert m, result.stderr
    return int(m.group(1))


def rendered(result) -> tuple[int, int]:
    m = re.search(r"pages: (\d+) rendered, (\d+) reused", result.stderr)
    assert m, result.stderr
    return int(m.group(1)), int(m.group(2))


def tree(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture
def library_site(tmp_path):
    lib = tmp_path / "films"
    for title, year in (("Heat", 1995), ("Thief", 1981), ("Collateral", 2004), ("Alien", 1979)):
        write(lib, f"{title} ({year})/{title} ({year}).mkv")
        extra = "" if title != "Alien" else "<genre>Horror</genre>"
        write(lib, f"{title} ({year})/movie.nfo", NFO.format(title=title, year=year, extra=extra))
    write(lib, "Heat (1995)/poster.jpg", jpeg())
    return lib, make_site(tmp_path, [lib])


def test_warm_build_renders_nothing_is_byte_identical_to_cold_and_links_no_file_mkdocs_writes(library_site,
                                                                                              tmp_path):
    lib, cfg = library_site
    cold = mkdocs_build(cfg, "-v")
    assert cold.returncode == 0, cold.stderr
    n_cold, _ = rendered(cold)
    assert n_cold > 4
    cold_tree = tree(tmp_path / "site")
    warm = mkdocs_build(cfg, "-v")
    assert rendered(warm) == (0, n_cold)
    assert "search: as last build" in warm.stderr
    assert tree(tmp_path / "site") == cold_tree
    # the files MkDocs writes are never links into the caches; ours are (site + page cache)
    assert re.search(r"outputs: \d+ handed to MkDocs", warm.stderr), warm.stderr
    site = tmp_path / "site"
    assert (site / "movies" / "heat-1995" / "index.html").stat().st_nlink == 2
    for path in (site / "api" / "library-index.json", site / "people" / "index.html", site / "index.html"):
        assert path.stat().st_nlink == 1, path
    shutil.rmtree(tmp_path / ".cache" / "movievault" / "pages")       # cold again, from scratch
    again = mkdocs_build(cfg, "-v")
    assert rendered(again) == (n_cold, 0)
    assert tree(tmp_path / "site") == cold_tree


# A warm build decodes no image, parses no file name and fetches nothing: Pillow, the
# filename parser and the HTTP stack are imported only where that work is done.
NOT_IN_A_WARM_BUILD = ("PIL", "movievault_build.identify.filename", "urllib.request", "http.client",
                       "requests", "urllib3", "rapidfuzz", "movievault_build.cli")


def test_a_warm_build_does_not_import_what_it_does_not_use(library_site):
    lib, cfg = library_site
    cold = mkdocs_build(cfg, python=("-X", "importtime"))      # images encoded, names parsed
    assert cold.returncode == 0, cold.stderr
    assert "PIL" in imported(cold) and "movievault_build.identify.filename" in imported(cold)
    for args in ((), ("--dirty",)):
        warm = mkdocs_build(cfg, *args, python=("-X", "importtime"))
        assert warm.returncode == 0, warm.stderr
        assert "movievault_build.site.build" in imported(warm)
        assert sorted(imported(warm) & set(NOT_IN_A_WARM_BUILD)) == []


def imported(result) -> set[str]:
    return set(re.findall(r"^import time:.*\|\s*(\S+)$", result.stderr, re.M))


def test_one_nfo_change_rerenders_only_the_pages_that_show_it(library_site, tmp_path):
    lib, cfg = library_site
    total, _ = rendered(mkdocs_build(cfg, "-v"))
    write(lib, "Alien (1979)/movie.nfo", NFO.format(title="Alien", year=1979, extra="<plot>New plot.</plot><genre>Horror</genre>"))
    result = mkdocs_build(cfg, "-v")
    changed, reused = rendered(result)
    # Alien's own page only: its plot appears on no other page, and the others' related
    # films (which read every plot, recommend/analysis.py) stay as they were, so no other
    # page is even made: each is known by what it shows (site/page_inputs.py)
    assert (changed, reused) == (1, total - 1)
    assert known(result) == total - 1
    assert "movie documents: 1 made, 3 as last build" in result.stderr
    assert "page library/index.md: as last build" in result.stderr      # it shows no plot either
    assert "library lists and index: index as last build, lists as last build" in result.stderr
    assert "search: made" in result.stderr                            # it indexes plots
    assert "New plot." in (tmp_path / "site" / "movies" / "alien-1979" / "index.html").read_text()


def test_an_edit_other_pages_show_remakes_those_pages_and_equals_a_clean_build(library_site, tmp_path):
    lib, cfg = library_site
    total, _ = rendered(mkdocs_build(cfg, "-v"))
    site = tmp_path / "site"
    # Thief becomes a Horror film: the Horror page, Alien's related films and Thief's card change
    write(lib, "Thief (1981)/movie.nfo", NFO.format(title="Thief", year=1981, extra="<genre>Horror</genre>"))
    result = mkdocs_build(cfg, "-v")
    # the pages that show Thief's card or its genres are made again; the others are known
    assert 0 < known(result) < total - 3 and rendered(result)[0] >= 3
    assert "Thief" in (site / "genres" / "horror" / "index.html").read_text()
    assert "page library/index.md: as last build" not in result.stderr
    assert "library lists and index: index made, lists made" in result.stderr
    warm_tree = tree(site)
    shutil.rmtree(tmp_path / ".cache" / "movievault" / "pages")
    assert mkdocs_build(cfg).returncode == 0
    assert tree(site) == warm_tree
    # a watched mark is the film's own: one page made, the rest known
    content = tmp_path / "content" / "movies" / "thief-1981.md"
    text = content.read_text("utf-8")
    assert "\n  watched: false\n" in text
    content.write_text(text.replace("\n  watched: false\n", "\n  watched: true\n"), "utf-8")
    again = mkdocs_build(cfg, "-v")
    assert known(again) == total - 1, again.stderr
    # the library browser's index shows watched marks; the movie lists do not
    assert "library lists and index: index made, lists as last build" in again.stderr
    assert "statistics: as last build" not in again.stderr     # they count watched films
    assert '"watched":1' in (site / "api" / "stats.json").read_text().replace(" ", "").replace("\n", "")
    assert "statistics: as last build" in mkdocs_build(cfg, "-v").stderr


def test_template_or_config_change_rerenders_what_it_touches(library_site, tmp_path):
    lib, cfg = library_site
    total, _ = rendered(mkdocs_build(cfg, "-v"))
    cfg.write_text(cfg.read_text().replace("site_name: Test Vault", "site_name: Renamed Vault"))
    assert rendered(mkdocs_build(cfg, "-v")) == (total, 0)
    assert "Renamed Vault" in (tmp_path / "site" / "movies" / "heat-1995" / "index.html").read_text()
    # a site's own custom_dir wins over the plugin's templates, one template at a time
    custom = tmp_path / "custom"
    custom.mkdir()
    cfg.write_text(cfg.read_text().replace("  name: material\n", f"  name: material\n  custom_dir: {custom}\n"))
    assert rendered(mkdocs_build(cfg, "-v")) == (0, total)          # nothing overridden yet: same pages
    # templates are compiled once and kept (Jinja's bytecode cache); an edit below still shows
    assert list((tmp_path / ".cache" / "movievault" / "templates").iterdir())
    css = custom / "assets" / "movievault" / "library.css"
    css.parent.mkdir(parents=True)
    css.write_text((THEME_DIR / "assets" / "movievault" / "library.css").read_text() + "\n.mv-card { outline: none; }\n")
    assert rendered(mkdocs_build(cfg, "-v")) == (0, total)          # a stylesheet is served, not rendered
    assert "outline: none" in (tmp_path / "site" / "assets" / "movievault" / "library.css").read_text()
    movie = custom / "movie.html"
    movie.write_text((THEME_DIR / "movie.html").read_text().replace('<article class="mv-movie mv-app"', '<article class="mv-movie mv-app mv-edited"'))
    movies = len(list((tmp_path / "site" / "movies").glob("*/index.html")))
    assert rendered(mkdocs_build(cfg, "-v")) == (movies, total - movies)   # movie pages only
    assert 'class="mv-movie mv-app mv-edited"' in (tmp_path / "site" / "movies" / "heat-1995" / "index.html").read_text()
    base = custom / "main.html"
    base.write_text('{% extends "mv-base.html" %}\n{% block announce %}Our film club{% endblock %}\n')
    assert rendered(mkdocs_build(cfg, "-v")) == (total, 0)
    page = (tmp_path / "site" / "movies" / "heat-1995" / "index.html").read_text()
    assert "Our film club" in page and 'rel="apple-touch-icon"' in page   # the site's block, our head tags


def everything(site) -> dict[str, str]:
    """Files by hash and folders (a kept tree must not keep an empty folder either)."""
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(site.rglob("*"))}


def test_a_warm_tree_equals_a_clean_build_after_films_and_pages_go(library_site, tmp_path):
    lib, cfg = library_site
    write(tmp_path / "docs", "people/about.md", "# About these people\n")
    assert mkdocs_build(cfg).returncode == 0
    site = tmp_path / "site"
    assert (site / "people" / "about" / "index.html").is_file()
    assert (site / "api" / "movies" / "thief-1981.json").is_file()
    shutil.rmtree(lib / "Thief (1981)")                                  # the film leaves the library
    (tmp_path / "content" / "movies" / "thief-1981.md").unlink()         # and the user drops its record
    (tmp_path / "docs" / "people" / "about.md").unlink()
    write(site, "movies/left-by-hand.html", "not part of the site")
    warm = mkdocs_build(cfg, "-v")
    assert warm.returncode == 0, warm.stderr
    assert not (site / "movies" / "thief-1981").exists()
    assert not (site / "api" / "movies" / "thief-1981.json").exists()
    assert not (site / "search" / "terms-th.json").exists()      # "thief" was the only th- word
    warm_tree = everything(site)
    shutil.rmtree(tmp_path / ".cache" / "movievault")                    # every cache cold, and
    assert mkdocs_build(cfg).returncode == 0                             # site/ made from scratch
    assert everything(site) == warm_tree


def test_a_dirty_build_keeps_what_is_in_place_and_writes_what_changed(library_site, tmp_path):
    """`mkdocs build --dirty` (and `serve --dirty`): MkDocs skips the clean, our files
    already linked from the cache stay as they are, a changed page is linked afresh, and
    the site is the clean build's: the plugin reads the unchanged Markdown pages MkDocs
    skips, so the navigation keeps their titles (site/dirty.py)."""
    lib, cfg = library_site
    total, _ = rendered(mkdocs_build(cfg, "-v"))
    site = tmp_path / "site"
    heat = site / "movies" / "heat-1995" / "index.html"
    unchanged = [site / "api" / "movies" / "thief-1981.json", *(site / "img").rglob("*.*"),
                 site / "movies" / "thief-1981" / "index.html"]
    before = {p: p.stat().st_ino for p in (heat, *unchanged)}
    write(lib, "Heat (1995)/movie.nfo", NFO.format(title="Heat", year=1995, extra="<plot>A new plot.</plot>"))
    dirty = mkdocs_build(cfg, "--dirty", "-v")
    assert dirty.returncode == 0, dirty.stderr
    assert "unchanged pages of the navigation read for their titles" in dirty.stderr
    assert known(dirty) == total - 1 and rendered(dirty)[0] == 1      # the navigation is the clean one
    assert len(unchanged) > 2 and all(p.stat().st_ino == before[p] for p in unchanged)   # left in place
    assert heat.stat().st_ino != before[heat] and "A new plot." in heat.read_text("utf-8")
    assert heat.stat().st_nlink == 2
    # A clean build agrees on every file but material's own search index, which a dirty
    # `mkdocs build` (a new process) makes from the pages it wrote alone; `serve --dirty`
    # merges the last one (material's search plugin).
    same = lambda: {k: v for k, v in tree(site).items() if k != "search/search_index.json"}  # noqa: E731
    dirty_tree = same()
    assert mkdocs_build(cfg).returncode == 0
    assert same() == dirty_tree


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: pages render in one process")
def test_pages_rendered_in_parallel_equal_pages_rendered_here(tmp_path):
    lib = tmp_path / "films"
    for i in range(230):          # enough pages for render.py to fork workers
        title = f"Film Number {i}"
        write(lib, f"{title} ({1950 + i % 60})/{title} ({1950 + i % 60}).mkv")
        write(lib, f"{title} ({1950 + i % 60})/movie.nfo", NFO.format(title=title, year=1950 + i % 60, extra=""))
    cfg = make_site(tmp_path, [lib])
    cold = mkdocs_build(cfg, "-v")
    assert cold.returncode == 0, cold.stderr
    assert re.search(r"making \d+ pages in [2-9] processes", cold.stderr)
    parallel = tree(tmp_path / "site")
    pages = sorted((tmp_path / ".cache" / "movievault" / "pages").glob("*/*.html"))
    for cached in pages[::3]:                                         # a third again, in one process
        cached.unlink()
    cfg.write_text(cfg.read_text().replace("content_dir: content", "content_dir: content\n      site: {workers: 1}"))
    again = mkdocs_build(cfg, "-v")
    assert "processes" not in again.stderr and rendered(again) == (len(pages[::3]), len(pages) - len(pages[::3]))
    assert tree(tmp_path / "site") == parallel


def test_going_back_and_forth_between_two_configs_renders_nothing_again(library_site, tmp_path):
    """`mkdocs serve` (its own site_url) and `mkdocs build` share the page cache."""
    lib, cfg = library_site
    build_cfg = cfg.read_text()
    total, _ = rendered(mkdocs_build(cfg, "-v"))
    cfg.write_text(build_cfg + "site_url: http://127.0.0.1:8000/\n")
    assert rendered(mkdocs_build(cfg, "-v")) == (total, 0)
    cfg.write_text(build_cfg)
    assert rendered(mkdocs_build(cfg, "-v")) == (0, total)
    cfg.write_text(build_cfg + "site_url: http://127.0.0.1:8000/\n")
    assert rendered(mkdocs_build(cfg, "-v")) == (0, total)
    cfg.write_text(build_cfg + "site_url: https://example.org/films/\n")      # a third config
    assert rendered(mkdocs_build(cfg, "-v")) == (total, 0)
    pages = tmp_path / ".cache" / "movievault" / "pages"
    assert len(list(pages.glob("??/*.html"))) == 2 * total                    # two configs' worth at most
