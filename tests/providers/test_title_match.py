import pytest

from movievault_build.providers.match import Candidate, best, normalize_title, rank, score_candidate, title_similarity, year_closeness, year_of


@pytest.mark.parametrize("a, b", [
    ("Amélie", "amelie"),
    ("LÉON", "Leon"),
    ("Rocky II", "Rocky 2"),
    ("Star Wars: Episode V", "Star Wars Episode 5"),
    ("Fast & Furious", "Fast and Furious"),
    ("Schindler's List", "Schindlers List"),
    ("WALL·E", "Wall E"),
    ("The Thing", "Thing"),
])
def test_equivalent_titles_normalise_alike(a, b):
    assert normalize_title(a) == normalize_title(b)
    assert title_similarity(a, b) == 1.0


@pytest.mark.parametrize("a, b", [("Rocky II", "Rocky III"), ("Dune", "Dune: Part Two"),
                                  ("Heat", "Hear")])
def test_different_titles_score_below_one(a, b):
    assert title_similarity(a, b) < 1.0


def test_roman_numerals_only_as_whole_words():
    assert normalize_title("Vixen") == "vixen"
    assert normalize_title("Alien vs Predator") == "alien vs predator"


def test_article_alone_is_kept():
    assert normalize_title("The") == "the"
    assert title_similarity("", "Heat") == 0.0


def test_year_closeness():
    assert year_closeness(1999, 1999) == 1.0
    assert 0 < year_closeness(1999, 2000) < 1.0
    assert year_closeness(1999, 2000) > year_closeness(1999, 2001)
    assert year_closeness(1982, 2011) == 0.0
    assert year_closeness(None, 2011) == year_closeness(2011, None) > 0


@pytest.mark.parametrize("text, year", [("1999-10-15", 1999), ("2001", 2001), ("", None),
                                        (None, None), ("soon", None)])
def test_year_of(text, year):
    assert year_of(text) == year


REMAKES = [Candidate("438631", "Dune", year=2021, popularity=150.0),
           Candidate("841", "Dune", year=1984, popularity=20.0)]


@pytest.mark.parametrize("year, expected", [(1984, "841"), (2021, "438631"), (1985, "841"),
                                            (None, "438631")])
def test_remake_chosen_by_year_then_popularity(year, expected):
    assert best(["Dune"], year, REMAKES).candidate.id == expected


def test_original_title_matches_accented_query():
    cands = [Candidate("101", "Léon: The Professional", original_title="Léon", year=1994),
             Candidate("5", "Leon Morin, Priest", year=1961)]
    top = best(["Leon"], 1994, cands)
    assert top.candidate.id == "101" and top.score >= 0.9


def test_wrong_year_remake_scores_below_default_threshold():
    thing_2011 = Candidate("60935", "The Thing", year=2011, popularity=25.0)
    assert score_candidate(["The Thing"], 1982, thing_2011, 40.0) < 0.7


def test_rank_is_sorted_and_stable():
    cands = [Candidate("1", "Heat", year=1995), Candidate("2", "Heat", year=1995)]
    ranked = rank(["Heat"], 1995, cands)
    assert [s.candidate.id for s in ranked] == ["1", "2"]
    assert best(["Heat"], 1995, []) is None
