"""What other pages show of a movie changes the library's shared digest; what only the
movie's own page shows does not."""
from __future__ import annotations

from dataclasses import replace

import pytest

from movievault_build.cache.keys import digest
from movievault_build.model import Collection, CollectionPart, MediaFile, Movie, Person
from movievault_build.site.kinds.movie import uri as movie_uri
from movievault_build.site.page_inputs import PageInputs, index_digest, shared_digest, stats_digest
from movievault_build.site.pages import SitePages, remembered_catalog

HEAT = Movie(slug="heat-1995", title="Heat", year=1995, genres=("Crime",), directors=("Michael Mann",),
             cast=(Person("Al Pacino", role="Vincent Hanna", order=0),), rating=8.3, plot="A heist.",
             user={"tags": ["la"], "watched": False})


@pytest.mark.parametrize("change", [
    dict(plot="Another plot."), dict(tagline="New"), dict(runtime=170), dict(files=()),
    dict(user={"tags": ["la"], "watched": True, "notes": "seen twice"}), dict(body="My notes."),
    dict(translations={"de": {"title": "Heat"}}), dict(streams={"video": []}), dict(added="2024-01-01"),
    dict(files=(MediaFile("Heat.mkv", "lib", resolution="1080p", size=9),)),     # no badge either way
    dict(user={"tags": ["la"], "favorite": True, "rating": 9, "watchlist": True}),
])
def test_own_page_fields_leave_the_shared_digest(change):
    assert shared_digest(replace(HEAT, **change)) == shared_digest(HEAT)


@pytest.mark.parametrize("change", [
    dict(title="Heat!"), dict(year=1996), dict(genres=("Crime", "Drama")), dict(rating=8.4),
    dict(directors=("Someone",)), dict(cast=(Person("Al Pacino", order=1),)), dict(missing=True),
    dict(user={"tags": ["la", "heist"]}), dict(sort_title="Heat 1"), dict(ids={"tmdb": "949"}),
    dict(collection=Collection(name="Mann")), dict(tags=("heist",)),
    # the poster card's quality badge, read from files and streams that are otherwise the movie's own
    dict(files=(MediaFile("Heat.mkv", "lib", resolution="2160p"),)),
    dict(streams={"video": {"codec": "hevc", "hdr": "HDR10"}}),
])
def test_what_other_pages_show_changes_the_shared_digest(change):
    assert shared_digest(replace(HEAT, **change)) != shared_digest(HEAT)


@pytest.mark.parametrize("change", [dict(plot="Another plot."), dict(tagline="New"), dict(body="Notes."),
                                    dict(translations={"de": {"title": "Heat"}}), dict(writers=("X",))])
def test_what_the_library_index_does_not_read_leaves_its_digest(change):
    assert index_digest(replace(HEAT, **change)) == index_digest(HEAT)


@pytest.mark.parametrize("change", [
    dict(runtime=170), dict(playcount=2), dict(streams={"video": []}), dict(added="2024-01-01"), dict(watched=True),
    dict(user={"tags": ["la"], "watched": False, "favorite": True}), dict(original_title="Heat!"),
    dict(title="Heat!"), dict(genres=("Drama",)),
])
def test_what_the_library_index_reads_changes_its_digest(change):
    assert index_digest(replace(HEAT, **change)) != index_digest(HEAT)


def test_the_statistics_also_read_where_each_field_came_from():
    sourced = replace(HEAT, sources={"plot": "nfo"})
    assert index_digest(sourced) == index_digest(HEAT)
    assert stats_digest(sourced, index_digest(sourced)) != stats_digest(HEAT, index_digest(HEAT))


def test_page_digests_follow_the_library(tmp_path):
    alien = Movie(slug="alien-1979", title="Alien", year=1979)

    def digests(movies, full, art="art"):
        inputs = PageInputs(tmp_path / "memo")
        inputs.add_library(movies, full, art)
        # Heat's page shows Alien's card among its related films; the Crime page shows Heat's
        return (inputs.movie_page("heat-1995", (["alien-1979"], [])), inputs.movie_page("alien-1979", ([], [])),
                inputs.group_page("genres/crime.md", (["heat-1995"], [])))

    base = digests([HEAT, alien], {"heat-1995": "h1", "alien-1979": "a1"})
    assert None not in base
    plot = digests([replace(HEAT, plot="x"), alien], {"heat-1995": "h2", "alien-1979": "a1"})
    assert plot[0] != base[0] and plot[1:] == base[1:]              # Heat's own page only
    genre = digests([replace(HEAT, genres=("Drama",)), alien], {"heat-1995": "h3", "alien-1979": "a1"})
    assert genre[0] != base[0] and genre[2] != base[2]               # Heat's page and the page with its card
    assert genre[1] == base[1]                                       # Alien's page shows nothing of Heat
    assert all(d != b for d, b in zip(digests([HEAT, alien], {"heat-1995": "h1", "alien-1979": "a1"}, art="other"),
                                      base))
    assert digests([HEAT, alien], {"heat-1995": "h1"}) == (None, None, None)   # one movie unknown


LIBRARY = [
    Movie(slug="heat-1995", title="Heat", year=1995, genres=("Crime",), directors=("Michael Mann",),
          cast=(Person("Al Pacino", order=0), Person("Robert De Niro", order=1)), rating=8.3,
          plot="A crew of thieves plans a heist on a bank vault; a detective hunts them in Los Angeles."),
    Movie(slug="thief-1981", title="Thief", year=1981, genres=("Crime",), directors=("Michael Mann",),
          cast=(Person("James Caan", order=0),), rating=7.4,
          plot="A safecracker plans one last heist on a vault before he leaves the crew."),
    Movie(slug="ronin-1998", title="Ronin", year=1998, genres=("Action", "Crime"), rating=7.2,
          cast=(Person("Robert De Niro", order=0),), plot="Mercenaries chase a case across France.",
          collection=Collection(name="Heists", parts=(CollectionPart("1", "Ronin", 1998),
                                                      CollectionPart("2", "Lost Heist", 2001)))),
    Movie(slug="alien-1979", title="Alien", year=1979, genres=("Horror",), directors=("Ridley Scott",),
          plot="The crew of a space freighter meets a creature.", ids={"tmdb": "348"}),
    Movie(slug="aliens-1986", title="Aliens", year=1986, genres=("Action", "Horror"), rating=8.4,
          plot="Marines and the survivor return to the planet of the creature.", ids={"tmdb": "679"},
          collection=Collection(name="Alien", parts=(CollectionPart("348", "Alien", 1979),
                                                     CollectionPart("679", "Aliens", 1986),
                                                     CollectionPart("8077", "Alien 3", 1992)))),
    Movie(slug="collateral-2004", title="Collateral", year=2004, genres=("Crime", "Thriller"),
          directors=("Michael Mann",), plot="A hitman hires a taxi driver for one night in Los Angeles."),
]


def _pages(movies, tmp_path, min_films=1):
    """Each generated page's view and key, as a build makes them."""
    from movievault_build.views.pages import Links, group_shows, group_view, movie_shows, movie_view

    inputs = PageInputs(tmp_path / "memo")
    inputs.add_library(movies, {m.slug: digest(repr(m)) for m in movies}, "art", f"min={min_films}")
    catalog = remembered_catalog(movies, inputs.library, tmp_path / "catalog.marshal", min_films)
    links = Links(movies={m.slug: f"movies/{m.slug}/" for m in movies},
                  groups={(g.kind, g.name): f"{g.uri[:-3]}/" for g in catalog.all_groups()}, indexes={})
    out = {m.slug: (movie_view(m, catalog, links), inputs.movie_page(m.slug, movie_shows(m, catalog, links)))
           for m in movies}
    out |= {g.uri: (group_view(g, links), inputs.group_page(g.uri, group_shows(g))) for g in catalog.all_groups()}
    # as a build keys them: what each page shows of the others kept between calls (one
    # memo for every call of a test; site/kept_shows.py)
    pages = SitePages(catalog=catalog, links=links)
    for m in movies:
        pages.movies[movie_uri(m.slug)], pages.dests[movie_uri(m.slug)] = m, f"movies/{m.slug}/index.html"
    for g in catalog.all_groups():
        pages.groups[g.uri], pages.dests[g.uri] = g, g.uri[:-3] + "/index.html"
    kept = pages.inputs(inputs, tmp_path / "shows.marshal")
    assert {m.slug: kept[movie_uri(m.slug)].digest for m in movies} | \
        {g.uri: kept[g.uri].digest for g in catalog.all_groups()} == {page: key for page, (_, key) in out.items()}
    return out


@pytest.mark.parametrize("slug,change", [
    ("heat-1995", dict(title="Heat (Director's Cut)")),       # its card on related, neighbour and group pages
    ("thief-1981", dict(rating=9.9)),                          # cards, and the order of related films
    ("thief-1981", dict(plot="A farmer grows wheat.")),        # other films' related lists
    ("ronin-1998", dict(genres=("Crime",))),                   # a group loses a film
    ("collateral-2004", dict(directors=("Someone Else",))),    # a person page goes, others' links change
    ("alien-1979", dict(ids={"tmdb": "999"})),                 # a collection's absent film
    ("aliens-1986", dict(collection=Collection(name="Alien", overview="Four films."))),
    ("heat-1995", dict(cast=(Person("Al Pacino", order=0),))),
    ("alien-1979", dict(year=1980)),                           # decade pages, neighbours
])
@pytest.mark.parametrize("min_films", [1, 2])
def test_every_page_that_shows_an_edit_changes_its_key(tmp_path, slug, change, min_films):
    """A page whose view changes must change its key, or a warm build serves it stale;
    the pages that do not show the edit keep theirs."""
    before = _pages(LIBRARY, tmp_path, min_films)
    after = _pages([replace(m, **change) if m.slug == slug else m for m in LIBRARY], tmp_path, min_films)
    for page in before.keys() & after.keys():
        (view, key), (view2, key2) = before[page], after[page]
        assert view == view2 or key != key2, page
    assert any(before[p][1] == after[p][1] for p in before.keys() & after.keys() if p != slug)


def test_an_edited_plot_leaves_the_pages_that_do_not_show_it_alone(tmp_path):
    before = _pages(LIBRARY, tmp_path)
    after = _pages([replace(m, plot="Mercenaries chase a case across Spain.") if m.slug == "ronin-1998" else m
                    for m in LIBRARY], tmp_path)
    changed = {p for p in before if before[p][1] != after[p][1]}
    assert "ronin-1998" in changed
    assert not any(p.endswith(".md") for p in changed)              # no group page
    assert changed == {p for p in before if before[p][0] != after[p][0]}   # exactly the pages that differ


def test_a_page_whose_links_change_changes_its_key_though_it_shows_no_edited_film(tmp_path):
    """Gladiator's new director gets a page (two films): Alien's page now links him, though
    its related films (its collection, which scores higher) do not include Gladiator."""
    saga = [Movie(slug=f"alien-{i}", title=f"Alien {i}", year=1979 + i, genres=("Horror",),
                  collection=Collection(name="Alien"), plot=f"Part {i} of the saga.") for i in range(7)]
    saga[0] = replace(saga[0], directors=("Ridley Scott",))
    gladiator = Movie(slug="gladiator-2000", title="Gladiator", year=2000, genres=("History",),
                      directors=("Someone",), plot="A general becomes a slave.")
    before = _pages([*saga, gladiator], tmp_path, min_films=2)
    after = _pages([*saga, replace(gladiator, directors=("Ridley Scott",))], tmp_path, min_films=2)
    assert before["alien-0"][0] != after["alien-0"][0]
    assert "gladiator-2000" not in [c["slug"] for c in after["alien-0"][0]["related"]]
    assert before["alien-0"][1] != after["alien-0"][1]
    assert before["alien-1"][1] == after["alien-1"][1]
