"""The search index builder: tokens, weights, shards, determinism, size."""
from __future__ import annotations

import json

from movievault_build.model import Artwork, Collection, MediaFile, Person, Movie
from movievault_build.views.search_index import (
    DOC_CHUNK, WEIGHTS, build_search_index, fetch_plan_shards, movie_terms, shard_file, tokenize,
)


def movie(slug: str, title: str, **kw) -> Movie:
    return Movie(slug=slug, title=title, **kw)


MATRIX = movie("the-matrix-1999", "The Matrix", year=1999, original_title="Matrix",
               cast=(Person("Keanu Reeves", "Neo"),), directors=("Lana Wachowski",),
               writers=("Lilly Wachowski",), tags=("cyberpunk",), collection=Collection("The Matrix Collection"),
               plot="A hacker learns the world is a simulation.",
               images=(Artwork("poster", path="images/the-matrix-1999/poster.jpg"),))
AMELIE = movie("amelie-2001", "Amélie", year=2001, original_title="Le Fabuleux Destin d'Amélie Poulain")
SPIRITED = movie("spirited-away-2001", "Spirited Away", year=2001, original_title="千と千尋の神隠し")


def urls(*movies: Movie) -> dict[str, str]:
    return {m.slug: f"movies/{m.slug}/" for m in movies}


def shard(files: dict[str, bytes], token: str) -> dict:
    return json.loads(files[shard_file(token)])


def test_tokens_fold_case_accents_and_punctuation():
    assert tokenize("AMÉLIE Poulain, d'Amélie!") == ["amelie", "poulain", "d", "amelie"]
    assert tokenize("Straße Crème-Brûlée") == ["strasse", "creme", "brulee"]
    assert tokenize("Léon: The Professional (1994)") == ["leon", "the", "professional", "1994"]


def test_cjk_runs_become_bigrams_and_mixed_words_split():
    assert tokenize("千と千尋の神隠し") == ["千と", "と千", "千尋", "尋の", "の神", "神隠", "隠し"]
    assert tokenize("猫") == ["猫"]
    assert tokenize("ABC東京2") == ["abc", "東京", "2"]


def test_shard_file_names_are_url_safe():
    assert shard_file("matrix") == "search/terms-ma.json"
    assert shard_file("x") == "search/terms-x.json"
    assert shard_file("éa") == "search/terms-_e9a.json"
    assert shard_file("千尋") == "search/terms-_5343_5c0b.json"


def test_each_term_keeps_its_best_field_weight():
    terms = movie_terms(MATRIX)
    assert terms["matrix"] == WEIGHTS["title"]                 # title beats original title, collection
    assert terms["collection"] == WEIGHTS["collection"]
    assert terms["keanu"] == WEIGHTS["cast"] == terms["lana"]
    assert terms["lilly"] == WEIGHTS["writers"] == terms["cyberpunk"]
    assert terms["hacker"] == WEIGHTS["plot"]
    assert "a" not in terms and "is" not in terms             # plot stop words


def test_stop_words_stay_in_titles():
    assert movie_terms(movie("it", "It"))["it"] == WEIGHTS["title"]


def test_folders_the_user_grouped_movies_in_are_searchable():
    psycho = movie("psycho-1960", "Psycho", files=(MediaFile("Movies/Hitchcock/Psycho (1960).mkv", root="/x"),))
    own = movie("heat-1995", "Heat", files=(MediaFile("Movies/Heat (1995)/Heat.mkv", root="/x"),))
    assert movie_terms(psycho)["hitchcock"] == WEIGHTS["folder"] and "movies" not in movie_terms(psycho)
    assert set(movie_terms(own)) == {"heat"}


def test_postings_name_doc_and_weight_and_docs_carry_the_card():
    files = build_search_index([AMELIE, MATRIX, SPIRITED], urls(AMELIE, MATRIX, SPIRITED),
                               {"the-matrix-1999": "img/ab/abc-185.jpg"})
    docs = json.loads(files["search/docs-0.json"])
    assert [d[0] for d in docs] == ["amelie-2001", "the-matrix-1999", "spirited-away-2001"]  # library order
    assert docs[1] == ["the-matrix-1999", "The Matrix", 1999, "movies/the-matrix-1999/",
                       "img/ab/abc-185.jpg"]   # the smallest published poster variant
    assert docs[0] == ["amelie-2001", "Amélie", 2001, "movies/amelie-2001/"]
    assert shard(files, "matrix")["matrix"] == [1, 10]
    assert shard(files, "amelie")["amelie"] == [0, 10]
    assert shard(files, "千尋")["千尋"] == [2, 8]
    meta = json.loads(files["search/meta.json"])
    assert meta["docs"] == 3 and meta["chunk"] == DOC_CHUNK and "ma" in meta["shards"] and "千尋" in meta["shards"]
    assert all(shard_file(k) in files for k in meta["shards"])


def test_movies_without_a_page_are_left_out():
    files = build_search_index([MATRIX, AMELIE], urls(AMELIE))
    assert shard_file("matrix") not in files and json.loads(files["search/meta.json"])["docs"] == 1


def test_output_is_deterministic_whatever_the_input_order():
    a = build_search_index([MATRIX, AMELIE, SPIRITED], urls(MATRIX, AMELIE, SPIRITED))
    b = build_search_index([SPIRITED, AMELIE, MATRIX], dict(reversed(urls(MATRIX, AMELIE, SPIRITED).items())))
    assert a == b and list(a) == sorted(a)
    assert b"\n" not in a["search/meta.json"] and b", " not in a["search/meta.json"]


def test_a_query_needs_only_its_words_shards():
    assert fetch_plan_shards("Keanu Reeves") == ["search/terms-ke.json", "search/terms-re.json"]
    assert fetch_plan_shards("matrix MATRIX reloaded") == ["search/terms-ma.json", "search/terms-re.json"]
    assert fetch_plan_shards("  !! ") == []


def synthetic(n: int) -> list[Movie]:
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]
    return [movie(f"m{i}", f"{words[i % 10]} {words[i // 10 % 10]} {i}",
                  cast=(Person(f"{words[i // 7 % 10]} actor{i % 97}"),), plot=f"{words[i % 3]} story number {i}")
            for i in range(n)]


def test_index_size_grows_linearly_with_the_library():
    small, large = synthetic(500), synthetic(2000)
    size_small = sum(map(len, build_search_index(small, urls(*small)).values()))
    size_large = sum(map(len, build_search_index(large, urls(*large)).values()))
    assert 3.5 < size_large / size_small < 4.5
