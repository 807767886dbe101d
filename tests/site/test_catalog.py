"""Grouping the library: collections in release order, people, genres, decades, tags,
neighbours and related films."""
from __future__ import annotations

from movievault_build.model import movie_from_metadata
from movievault_build.views.catalog import build_catalog


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


def test_people_with_fewer_films_than_the_minimum_get_no_page_and_no_link():
    from movievault_build.site.budget import _person_pages
    cat = build_catalog(library(), person_min_films=2)
    # Zemeckis (3 films) and Mann (2) keep their pages; Fox and Pacino (1 each) do not.
    assert sorted(g.name for g in cat.groups["person"].values()) == ["Michael Mann", "Robert Zemeckis"]
    assert cat.group_uri("person", "Al Pacino") is None and cat.group_uri("person", "Michael Mann")
    assert _person_pages(library(), 2) == 2 and _person_pages(library(), 1) == len(build_catalog(library()).groups["person"])


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


def prolific_library(n: int) -> list:
    """n films where three people each appear in about 30% of them, with genres and ratings."""
    genres = ["Drama", "Crime", "Comedy", "Horror", "Western"]
    stars = ["Star A", "Star B", "Star C"]
    films = []
    for i in range(n):
        cast = [{"name": s, "order": k} for k, s in enumerate(stars) if (i + 3 * k) % 10 < 3]
        cast.append({"name": f"Lead {i % 40}", "order": 5})
        films.append(movie(f"m{i}", f"Film {i:04d}", 1950 + i % 70, genres=[genres[i % 5], genres[(i * 7) % 5]],
                           directors=[f"Director {i % 25}"], cast=cast, rating=(i * 37 % 90) / 10))
    return films


def test_capping_people_keeps_the_related_lists_of_a_library_below_the_cap():
    from movievault_build.views import catalog as cat_module

    films = prolific_library(150)                      # each star in ~45 films: under the cap
    built = build_catalog(films)
    members = {}
    for m in built.order:
        for key in cat_module._memberships(m):
            members.setdefault(key, []).append(m)
    uncapped, _ = cat_module.related_films(built.order, members, pool=None)
    assert built.related == uncapped
    assert sum(1 for found in built.related.values() if found) > 100


def test_a_person_in_a_third_of_a_big_library_is_scored_from_a_capped_pool():
    from movievault_build.views import catalog as cat_module

    films = prolific_library(600)                      # each star in ~180 films
    built = build_catalog(films)
    star = next(g for g in built.groups["person"].values() if g.name == "Star A")
    assert len(star.movies) > 2 * cat_module.PERSON_POOL
    best = sorted(star.movies, key=lambda m: (-(m.rating or 0), built.order.index(m)))[:cat_module.PERSON_POOL]
    pool = {m.slug for m in best}
    # a film whose only strong tie is that star draws its related films from the star's best-rated
    for slug, found in built.related.items():
        me = next(m for m in films if m.slug == slug)
        if [p.name for p in me.cast][:1] == ["Star A"]:
            assert found and all(f.slug in pool or set(f.genres) & set(me.genres) or f.directors == me.directors
                                 or {p.name for p in f.cast} & {p.name for p in me.cast} - {"Star A"}
                                 for f in found)
