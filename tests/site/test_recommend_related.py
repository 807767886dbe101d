"""Related films from plot and keyword likeness and TMDB's recommendations; genres
suggested for films without any; the text analysis remembered by its inputs."""
from __future__ import annotations

from movievault_build.model import movie_from_metadata
from movievault_build.recommend.analysis import analyse, text_digest
from movievault_build.recommend.text import neighbours
from movievault_build.views.catalog import build_catalog
from movievault_build.site.pages import remembered_catalog

HEIST = "A crew of thieves plans a heist on a casino vault in Las Vegas, and the safecracker double-crosses them."


def movie(slug, title, year, **meta):
    return movie_from_metadata(slug, {"title": title, "year": year, **meta})


def library():
    # Nothing shared but the plot's words: no genre, person, tag or collection in common.
    filler = [movie(f"film-{i}", f"Film {i}", 1990 + i, genres=["Drama"],
                    plot=f"A farmer number {i} raises {w} in the valley while the harvest fails.")
              for i, w in enumerate(("sheep", "goats", "horses", "cattle"))]
    return [
        movie("oceans", "Ocean's Eleven", 2001, genres=["Crime"], directors=["Steven Soderbergh"], plot=HEIST,
              tags=["heist"]),
        movie("vault", "The Vault", 2021, genres=["Thriller"], directors=["Jaume Balagueró"],
              plot="Thieves plan a heist on the vault of a bank; a safecracker joins the crew.", tags=["heist"]),
        movie("nogenre", "Casino Job", 2015, plot="The crew of thieves cracks a casino vault in a heist.",
              tags=["heist"]),
        *filler,
    ]


def test_related_includes_a_film_whose_plot_reads_alike():
    films = library()
    plain = build_catalog(films)                          # without the text analysis
    assert "vault" not in [m.slug for m in plain.related["oceans"]]
    cat = build_catalog(films, text=analyse(films))
    assert [m.slug for m in cat.related["oceans"]][:2] in (["vault", "nogenre"], ["nogenre", "vault"])
    assert not any(m.slug.startswith("film-") for m in cat.related["oceans"])


def test_tmdb_recommendations_in_the_library_join_the_related_films():
    films = [movie("a", "A", 2000, ids={"tmdb": "1"}, genres=["Drama"],
                   recommendations=[{"tmdb": "2", "title": "B"}, {"tmdb": "99", "title": "Not here"}]),
             movie("b", "B", 2001, ids={"tmdb": "2"}, genres=["Comedy"]),
             movie("c", "C", 2002, ids={"tmdb": "3"}, genres=["Horror"])]
    cat = build_catalog(films)
    assert [m.slug for m in cat.related["a"]] == ["b"]
    assert cat.related["c"] == ()


def test_genres_are_suggested_for_a_film_without_any_with_a_confidence():
    films = library()
    text = analyse(films)
    (best, confidence), *_ = text.suggested["nogenre"]
    assert best in ("Crime", "Thriller") and 0.25 <= confidence <= 1.0
    assert "Drama" not in dict(text.suggested["nogenre"])       # the farmers read nothing alike
    assert set(text.suggested) == {"nogenre"}                   # films with genres get none
    # never written as facts: the film still has no genres
    assert build_catalog(films, text=text).suggested["nogenre"] and films[2].genres == ()


def test_no_film_is_its_own_neighbour_and_unlike_films_have_none():
    near = neighbours([("a", "red apples", ()), ("b", "red apples", ()), ("c", "blue whales swim", ())])
    assert near["a"] == [("b", 1.0)] and near["c"] == []


def test_text_analysis_is_remembered_by_its_inputs(tmp_path):
    films = library()
    memo = tmp_path / "catalog.marshal"
    first = remembered_catalog(films, "lib", memo)
    assert (tmp_path / "text.marshal").is_file()
    again = remembered_catalog(films, "other-library-digest", memo)   # a rating changed: text reused
    assert again.suggested == first.suggested
    changed = [f if f.slug != "nogenre" else f.with_changes(plot="Lovers dance in Paris at night.", tags=())
               for f in films]
    assert text_digest(changed) != text_digest(films)
    assert "nogenre" not in remembered_catalog(changed, "lib", memo).suggested


def test_another_films_plot_keys_a_movie_page_through_what_it_shows_of_the_text(tmp_path):
    from movievault_build.site.page_inputs import PageInputs
    from movievault_build.views.pages import Links, movie_shows
    films = library()
    links = Links(movies={m.slug: f"movies/{m.slug}/" for m in films}, groups={}, indexes={})
    full = {m.slug: f"digest-{m.slug}" for m in films}
    inputs = PageInputs(tmp_path / "memo")
    inputs.add_library(films, full, "art")
    alike = build_catalog(films, text=analyse(films))
    other = [f.with_changes(plot="Lovers dance in Paris at night.") if f.slug == "vault" else f for f in films]
    apart = build_catalog(other, text=analyse(other))
    # The Vault no longer reads like a heist: the genres guessed for Casino Job, and so its page's key, change
    assert alike.suggested["nogenre"] != apart.suggested["nogenre"]
    assert inputs.movie_page("nogenre", movie_shows(films[2], alike, links)) != \
        inputs.movie_page("nogenre", movie_shows(films[2], apart, links))
    farmer = films[-1]                         # a film whose related list stays as it was
    assert inputs.movie_page(farmer.slug, movie_shows(farmer, alike, links)) == \
        inputs.movie_page(farmer.slug, movie_shows(farmer, apart, links))