"""What other pages show of a movie changes the library's shared digest; what only the
movie's own page shows does not."""
from __future__ import annotations

from dataclasses import replace

import pytest

from movievault_build.model import Collection, MediaFile, Movie, Person
from movievault_build.site.page_inputs import PageInputs, index_digest, shared_digest, stats_digest

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
        return inputs.movie_page("heat-1995"), inputs.movie_page("alien-1979"), inputs.group_page("genres/crime.md")

    base = digests([HEAT, alien], {"heat-1995": "h1", "alien-1979": "a1"})
    assert None not in base
    plot = digests([replace(HEAT, plot="x"), alien], {"heat-1995": "h2", "alien-1979": "a1"})
    assert plot[0] != base[0] and plot[1:] == base[1:]              # Heat's own page only
    genre = digests([replace(HEAT, genres=("Drama",)), alien], {"heat-1995": "h3", "alien-1979": "a1"})
    assert all(g != b for g, b in zip(genre, base))                  # every page
    assert digests([HEAT, alien], {"heat-1995": "h1", "alien-1979": "a1"}, art="other")[1:] != base[1:]
    assert digests([HEAT, alien], {"heat-1995": "h1"}) == (None, None, None)   # one movie unknown
