"""The text analysis brought up to an edit (TextIndex.updated) equals the whole analysis
exactly, step after step of random edits, and a damaged or foreign index is worked out whole."""
from __future__ import annotations

import random

import pytest

from movievault_build.cache.memo import keep, read_memo
from movievault_build.model import movie_from_metadata
from movievault_build.recommend.analysis import TextAnalysis, analyse, analysed, document, text_digest
from movievault_build.recommend.genres import suggest_genres
from movievault_build.recommend.text import TextIndex
from movievault_build.site.pages import remembered_text

# Zipf-like: a few words in many plots, most in a handful, as in a real library.
WORDS = [f"{a}{b}{c}" for a in ("bar", "cor", "dun", "fel", "gal", "hox", "jin", "kel", "lom", "mur")
         for b in ("ada", "eko", "ira", "oru", "uma", "yel", "zan", "qua", "wio", "pex")
         for c in ("ank", "bel", "cit", "dor", "esk", "fim", "gro", "hul", "ivo", "jax")]
KEYWORDS = [f"kw {i}" for i in range(40)]


def plot(rng: random.Random) -> str:
    return " ".join(WORDS[min(int(rng.paretovariate(0.9)) - 1, len(WORDS) - 1) if rng.random() < 0.5
                          else rng.randrange(len(WORDS))] for _ in range(rng.randint(4, 30)))


def film(rng: random.Random, i: int):
    return movie_from_metadata(f"film-{i}", {"title": f"Film {i}", "year": 1950 + i % 70, "plot": plot(rng),
                                             "tags": rng.sample(KEYWORDS, rng.randint(0, 3)),
                                             "genres": rng.sample(["Drama", "Crime", "Comedy"], rng.randint(0, 2))})


def edit(rng: random.Random, films: list, made: int) -> tuple[list, str]:
    kind = rng.choice(["plot", "plot", "words", "keywords", "nothing", "genres", "added", "removed"])
    i = rng.randrange(len(films))
    films = list(films)
    if kind == "plot":
        films[i] = films[i].with_changes(plot=plot(rng))
    elif kind == "words":           # a word or two added: the common case, a small df move
        films[i] = films[i].with_changes(plot=f"{films[i].plot} {rng.choice(WORDS)} Edit{made}")
    elif kind == "keywords":
        films[i] = films[i].with_changes(tags=tuple(rng.sample(KEYWORDS, rng.randint(0, 4))))
    elif kind == "genres":
        films[i] = films[i].with_changes(genres=())
    elif kind == "added":
        films.insert(i, film(rng, 1000 + made))
    elif kind == "removed":
        del films[i]
    return films, kind


def same(a: TextIndex, b: TextIndex) -> None:
    assert a.slugs == b.slugs and a.marks == b.marks
    assert [list(c.items()) for c in a.counts] == [list(c.items()) for c in b.counts]
    assert a.df == {t: f for t, f in b.df.items() if f}
    assert [list(v.items()) for v in a.vecs] == [list(v.items()) for v in b.vecs]
    assert a.capped == b.capped and a.near == b.near


@pytest.mark.parametrize("seed", [1, 2])
def test_random_edits_give_the_whole_analysis_exactly(seed):
    rng = random.Random(seed)
    films = [film(rng, i) for i in range(300)]
    _, index = analysed(films)
    incremental = 0
    for step in range(30):
        films, kind = edit(rng, films, step)
        docs = [document(m) for m in films]
        whole = TextIndex.build(docs)
        updated = index.updated(docs)
        if kind in ("added", "removed"):
            assert updated is None          # the film count moved every IDF: the whole pass
        if updated is not None:
            incremental += kind != "nothing"
            same(updated, whole)
        text, index = analysed(films, index)
        assert text == TextAnalysis(whole.by_slug(), suggest_genres(whole.by_slug(), {m.slug: m.genres for m in films}))
        same(index, whole)
    assert text == analyse(films)
    assert incremental >= 10          # the updates did run, not just the fallback


def test_an_edit_redoes_only_what_it_reaches():
    rng = random.Random(7)
    films = [film(rng, i) for i in range(300)]
    _, index = analysed(films)
    films[5] = films[5].with_changes(plot=films[5].plot + " Zyxwords")     # a word of its own: no df moves
    updated = index.updated([document(m) for m in films])
    assert updated is not None and updated.near is not index.near
    assert sum(a is not b for a, b in zip(updated.vecs, index.vecs)) == 1
    assert updated.near == TextIndex.build([document(m) for m in films]).near


def test_a_damaged_or_foreign_index_is_worked_out_whole(tmp_path):
    rng = random.Random(11)
    films = [film(rng, i) for i in range(60)]
    memo = tmp_path / "text.marshal"
    remembered_text(films, text_digest(films), memo)
    key, (text_key, suggested, plain) = read_memo(memo, tuple)
    assert text_key == text_digest(films) and TextIndex.from_plain(plain) is not None
    edited = [films[0].with_changes(plot="Gallant knights ride. " + films[1].plot), *films[1:]]
    want = analyse(edited)
    broken = [
        (key, (text_key, suggested, plain[:5])),                                    # the wrong shape
        (key, (text_key, suggested, (plain[0], plain[1], plain[2][:-1], *plain[3:]))),   # lengths disagree
        (key, (text_key, suggested, (*plain[:4], {}, *plain[5:]))),                 # frequencies lost: a KeyError
        (key, (text_key, suggested, (*plain[:5], [{"x": "y"}] * len(plain[5]), *plain[6:]))),   # not numbers
        (key, (text_key, suggested)),                                              # the wrong shape outside
        ("another version", (text_key, suggested, plain)),
    ]
    for kept in broken:
        keep(memo, *kept)
        assert remembered_text(edited, text_digest(edited), memo)[0] == want
    # the same text, a damaged index: worked out whole, not read as it is
    keep(memo, key, (text_digest(edited), suggested, (*plain[:8], [[("x", "y")]] * len(plain[8]))))
    assert remembered_text(edited, text_digest(edited), memo)[0] == want
    other = [films[0].with_changes(slug="elsewhere"), *films[1:]]      # another library's index
    remembered_text(other, text_digest(other), memo)
    assert remembered_text(edited, text_digest(edited), memo)[0] == want
    memo.write_bytes(b"\x00garbage")
    assert remembered_text(edited, text_digest(edited), memo)[0] == want
