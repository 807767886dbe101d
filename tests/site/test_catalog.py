"""Grouping the library: collections in release order, people, genres, decades, tags,
neighbours and related films."""
from __future__ import annotations

from movievault_build.model import movie_from_metadata
from movievault_build.site.catalog import build_catalog


def movie(slug, title, year, **meta):
    return movie_from_metadata(slug, {"title": title, "year": year, **meta}, user=meta.pop("user", {}))


def library():
    bttf = {"collection": {"name": "BTTF"}, "directors": ["Robert Zemeckis"], "genres": ["Adventure"]}
    return [
        movie("bttf3", "Back to the Future Part III", 1990, **bttf),
        movie("bttf1", "Back to the Future", 1985, **bttf, cast=[{"name": "Michael J. Fox", "order": 0}]),
        movie("bttf2", "Back to the Future Part II", 1989, **bttf),
        movie("heat", "Heat", 1995, genres=["Crime"], directors=["Michael Mann"],
              cast=[{"name": "Al Pacino", "order": 0}, {"name": "Extra Person", "order": 30}]),
        movie("thief", "Thief", 1981, genres=["Crime"], directors=["Michael Mann"], tags=["neo-noir"]),
        movie("alien", "Alien", 1979, genres=["Horror"], user={"tags": ["space"]}),
    ]


def test_collections_are_in_release_order():
    cat = build_catalog(library())
    (group,) = cat.groups["collection"].values()
    assert [m.year for m in group.movies] == [1985, 1989, 1990]


def test_people_pages_for_directors_and_billed_cast_only():
    cat = build_catalog(library())
    names = {g.name for g in cat.groups["person"].values()}
    assert {"Robert Zemeckis", "Michael Mann", "Michael J. Fox", "Al Pacino"} <= names
    assert "Extra Person" not in names
    mann = cat.groups["person"][cat.by_name[("person", "Michael Mann")]]
    assert [m.slug for m in mann.movies] == ["thief", "heat"]


def test_decades_genres_and_tags_from_nfo_and_user():
    cat = build_catalog(library())
    assert {g.name for g in cat.groups["decade"].values()} == {"1970s", "1980s", "1990s"}
    assert {g.name for g in cat.groups["tag"].values()} == {"neo-noir", "space"}
    assert len(cat.groups["genre"][cat.by_name[("genre", "Adventure")]].movies) == 3


def test_library_order_and_neighbours_ignore_leading_articles():
    cat = build_catalog(library())
    assert [m.slug for m in cat.order] == ["alien", "bttf1", "bttf2", "bttf3", "heat", "thief"]
    prev, nxt = cat.neighbours(cat.order[0])
    assert prev is None and nxt.slug == "bttf1"


def test_related_prefers_collection_and_director_over_genre():
    cat = build_catalog(library())
    assert [m.slug for m in cat.related["bttf1"]][:2] == ["bttf2", "bttf3"]
    assert [m.slug for m in cat.related["heat"]] == ["thief"]
    assert cat.related["alien"] == ()          # nothing shared beyond a lone genre


def test_same_name_groups_get_distinct_slugs():
    films = [movie("a", "A", 2000, genres=["Sci-Fi"]), movie("b", "B", 2001, genres=["Sci Fi"])]
    slugs = sorted(build_catalog(films).groups["genre"])
    assert slugs == ["sci-fi", "sci-fi-2"]
