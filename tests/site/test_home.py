"""The home page's rows, picked from the catalog: what each holds, in which order, and where
its "See all" link goes."""
from __future__ import annotations

from movievault_build.model import Collection, Movie
from movievault_build.views.catalog import build_catalog
from movievault_build.views.home import ROW, home_view
from movievault_build.views.pages import Links

FANART = {"src": "img/x.jpg", "srcset": [], "sources": [], "width": 1, "height": 1, "placeholder": "#000"}


def films() -> list[Movie]:
    out = []
    for i in range(40):
        out.append(Movie(slug=f"m{i:02d}", title=f"Film {i:02d}", year=1960 + i, rating=(i % 10) + 0.5,
                         added=f"2024-01-{i % 28 + 1:02d}", genres=("Drama",) if i % 2 else ("Comedy", "Drama"),
                         collection=Collection("Saga") if i < 3 else None,
                         user={"favorite": i in (4, 5, 6), "watched": i == 5, "watchlist": i in (7, 8, 5)}))
    return out


def view():
    movies = films()
    links = Links({m.slug: f"movies/{m.slug}/" for m in movies}, {}, {}, {("m08", "fanart"): FANART})
    return home_view(build_catalog(movies), links)


def test_rows_and_their_links():
    home = view()
    rows = {r["id"]: r for r in home["rows"]}
    assert list(rows) == ["recent", "favourites", "watchlist", "top", "genre-drama", "genre-comedy"]
    recent = [c["slug"] for c in rows["recent"]["cards"]]
    assert len(recent) == ROW and recent[0] in ("m27",) and rows["recent"]["query"] == "?sort=added-desc"
    assert [c["slug"] for c in rows["favourites"]["cards"]] == ["m04", "m06"]          # favourites not yet watched
    assert rows["favourites"]["query"] == "?fav=1&w=0"
    assert [c["slug"] for c in rows["watchlist"]["cards"]] == ["m07", "m08"]           # m05 is watched: off the list
    assert rows["watchlist"]["query"] == "?wl=1"
    top = rows["top"]["cards"]
    assert [c["rating"] for c in top] == sorted((c["rating"] for c in top), reverse=True)
    assert rows["genre-drama"]["total"] == 40 and rows["genre-drama"]["query"] == "?g=Drama&sort=rating-desc"
    assert [c["title"] for c in home["collections"]] == ["Saga"]
    assert home["totals"]["movies"] == 40


def test_the_spotlight_is_a_film_with_a_backdrop_the_viewer_wants_to_see():
    spot = view()["spotlight"]
    assert spot["slug"] == "m08" and spot["fanart"] == FANART      # on the watchlist, and has a backdrop


def test_each_user_has_their_own_favourites_and_watchlist_rows():
    from movievault_build.model import WatchState
    movies = films()
    links = Links({m.slug: f"movies/{m.slug}/" for m in movies}, {}, {}, {})
    states = {"alice": {"m04": WatchState(favorite=True)},
              "bob": {"m09": WatchState(favorite=True), "m10": WatchState(favorite=True, watched=True),
                      "m11": WatchState(watchlist=True)}}
    rows = {r["id"]: r for r in home_view(build_catalog(movies), links, states)["rows"]}
    fav, wl = rows["favourites"], rows["watchlist"]
    assert fav["user"] == "alice" and [c["slug"] for c in fav["cards"]] == ["m04"]
    assert [(o["user"], [c["slug"] for c in o["cards"]], o["total"]) for o in fav["others"]] == [("bob", ["m09"], 1)]
    # alice has no watchlist, bob has: the row is there, alice's part of it empty
    assert wl["cards"] == [] and [c["slug"] for c in wl["others"][0]["cards"]] == ["m11"]
