"""A collection's films the library lacks: merged into the group in release order, shown
dimmed and unlinked as "Not in library" on the collection page and the movie page."""
from __future__ import annotations

import re

from movievault_build.model import CollectionPart, movie_from_metadata
from movievault_build.views.catalog import build_catalog
from movievault_build.views.pages import Links, group_view, movie_view
from movievault_build.store.library import write_movie
from tests.helpers import make_site, mkdocs_build

PARTS = [{"tmdb": "1", "title": "Part One", "year": 1990},
         {"tmdb": "2", "title": "Part <Two>", "year": 1992},
         {"tmdb": "3", "title": "Part Three", "year": 1995}]


def meta(title, year, tmdb=None, parts=PARTS):
    coll = {"name": "Saga", "tmdb": "77", **({"parts": parts} if parts else {})}
    return {"title": title, "year": year, "collection": coll, **({"ids": {"tmdb": tmdb}} if tmdb else {})}


def library():
    return [movie_from_metadata("three", meta("Part Three", 1995, "3")),
            movie_from_metadata("one", meta("Part One", 1990, "1", parts=PARTS[:1])),
            # a member with no TMDB id nor list: placed by its year among the parts
            movie_from_metadata("extra", meta("Side Story", 1993, parts=None))]


def links(cat):
    return Links(movies={m.slug: f"movies/{m.slug}/" for m in cat.order}, groups={}, indexes={})


def test_group_parts_are_the_union_in_release_order_with_library_movies_resolved():
    cat = build_catalog(library())
    (group,) = cat.groups["collection"].values()
    assert [m.slug for m in group.movies] == ["one", "extra", "three"]
    assert [getattr(e, "slug", None) or e.title for e in group.parts] == ["one", "Part <Two>", "extra", "three"]
    assert group.parts[1] == CollectionPart("2", "Part <Two>", 1992)


def test_views_mark_absent_films_and_keep_the_current_one():
    cat = build_catalog(library())
    (group,) = cat.groups["collection"].values()
    view = group_view(group, links(cat))
    assert len(view["movies"]) == 4
    assert view["movies"][1] == {"slug": "", "title": "Part <Two>", "year": 1992, "absent": True}
    films = movie_view(cat.order[0], cat, links(cat))["collection_films"]
    assert [f.get("absent", False) for f in films] == [False, True, False, False]
    assert [f["slug"] for f in films if f.get("current")] == [cat.order[0].slug]


def test_without_known_parts_the_group_is_its_movies():
    cat = build_catalog([movie_from_metadata(s, meta(s, y, parts=None)) for s, y in (("b", 2002), ("a", 2001))])
    (group,) = cat.groups["collection"].values()
    assert group.parts == ()
    assert [f["slug"] for f in group_view(group, links(cat))["movies"]] == ["a", "b"]


def test_built_pages_show_the_missing_film_unlinked(tmp_path):
    write_movie(tmp_path / "content", "part-one-1990", meta("Part One", 1990, "1"))
    write_movie(tmp_path / "content", "part-three-1995", meta("Part Three", 1995, "3"))
    cfg = make_site(tmp_path, [])
    cfg.write_text(cfg.read_text().replace("content_dir: content", "content_dir: content\n      scan: never"))
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    for page in (site / "collections" / "saga" / "index.html", site / "movies" / "part-one-1990" / "index.html"):
        html = page.read_text("utf-8")
        (card,) = re.findall(r'<li class="mv-card mv-card--absent">.*?</li>', html, re.S)
        assert "Part &lt;Two&gt;" in card and "Not in library" in card and "1992" in card
        assert "<a " not in card and "Part <Two>" not in html
        assert html.index("Part One</span>") < html.index("Part &lt;Two&gt;</span>") < html.index("Part Three</span>")
    assert "2 movies (+1 not in library)" in (site / "collections" / "saga" / "index.html").read_text("utf-8")


def test_a_remembered_catalog_is_the_built_one_and_a_stale_memo_is_rebuilt(tmp_path):
    import marshal
    from dataclasses import replace
    from movievault_build.views.catalog import catalog_from_plain, catalog_to_plain
    from movievault_build.site.pages import remembered_catalog
    from tests.site.test_catalog import library as people_library
    for movies in (library(), people_library()):
        built = build_catalog(movies)
        again = catalog_from_plain(marshal.loads(marshal.dumps(catalog_to_plain(built))), movies)
        assert again.order == built.order and again.related == built.related and again.by_name == built.by_name
        assert list(again.all_groups()) == list(built.all_groups())
        assert [again.neighbours(m) for m in movies] == [built.neighbours(m) for m in movies]
    memo, movies = tmp_path / "catalog.marshal", library()
    first = remembered_catalog(movies, "digest-1", memo)
    assert remembered_catalog(movies, "digest-1", memo).related == first.related
    # over new Movie objects (the plot changed): the remembered catalog holds the new ones
    edited = [replace(m, plot="New.") for m in movies]
    assert all(m.plot == "New." for m in remembered_catalog(edited, "digest-1", memo).order)
    renamed = [replace(movies[0], title="Another")] + movies[1:]
    assert any(m.title == "Another" for m in remembered_catalog(renamed, "digest-2", memo).order)
    memo.write_bytes(b"garbage")
    assert remembered_catalog(movies, "digest-1", memo).order == first.order
    assert remembered_catalog(movies[1:], "digest-1", memo).order == build_catalog(movies[1:]).order   # a slug gone
