"""One engine: every query gives the same movies compiled to SQL as evaluated in Python."""
from __future__ import annotations

import pytest

from movievault_build.vault import query_sql
from movievault_build.vault.index import memory_index, records
from movievault_build.vault.query import parse
from movievault_build.vault.query_eval import select
from movievault_build.vault.records import movie_record
from movievault_build.vault.sorting import sort_records

QUERIES = [
    "", "genre:Action", "genre:action -genre:thriller", "year:1990..1999", "year:..1950", "decade:80s",
    "rating:8..", "rating:>8.5", "runtime:..120", "runtime:<100 OR rating:9..", "-year:1990..1999",
    "director:scott", "writer:mann", "actor:reeves", "cast:de niro", "collection:future",
    "title:the", "title:amelie", "keanu", "matri", '"blade runner"', "heist", "-keanu",
    "certification:R", "certification:pg-13", "country:kingdom", "studio:warner", "resolution:2160p",
    "source:bluray", "watched:false", "watched:true", "favorite:true", "missing:false",
    "id:tt0113277", "imdb:tt0133093", "tmdb:603", "added:2026", "added:..2000", "-rating:8..",
    "user_rating:..5", "genre:Drama OR genre:Comedy",
    "hdr:HDR10", "hdr:dv", '"hdr:Dolby Vision"', "hdr:sdr", "-hdr:SDR", "hdr:HDR10 OR hdr:HLG",
    "audio:de", "audio:deu", "audio:German", "audio:en -audio:de", "subtitles:en", "subtitles:fre",
    "subs:pt", "subtitles:pt-br", "audio:xx",
]
# Stream facts for a few demo films (the demo's files are placeholders, never probed):
# ffprobe's 639-2 tags, NFO <hdrtype> spellings, a commentary track and a regional subtitle.
STREAMS = {
    "the-matrix-1999": {"video": {"codec": "hevc", "hdr": "HDR10"},
                        "audio": [{"language": "eng"}, {"language": "deu"}], "subtitles": [{"language": "eng"}]},
    "heat-1995": {"video": {"codec": "hevc", "hdrtype": "dolbyvision"},
                  "audio": [{"language": "eng"}, {"language": "ger", "commentary": True}],
                  "subtitles": [{"language": "pt-BR", "external": True}]},
    "alien-1979": {"video": {"codec": "h264"}, "audio": [{"language": "ger"}]},
    "blade-runner-1982": {"video": {"codec": "hevc", "hdr": "HLG"}, "audio": [{"language": "und"}]},
}


@pytest.fixture(scope="module")
def engines(demo_movies):
    movies = [m.with_changes(streams={**m.streams, **STREAMS[m.slug]}) if m.slug in STREAMS else m
              for m in demo_movies]
    assert {m.slug for m in movies} >= set(STREAMS)
    return memory_index(movies), [movie_record(m) for m in movies]


@pytest.mark.parametrize("query", QUERIES)
def test_sql_and_python_agree(engines, query):
    db, recs = engines
    node = parse(query)
    where, params = query_sql.compile_where(node)
    via_sql = [r["slug"] for r in records(db, where, params)]
    via_python = sorted(r["slug"] for r in select(recs, node))
    assert sorted(via_sql) == via_python


def test_queries_select_something_and_not_everything(engines):
    db, recs = engines
    picky = [q for q in QUERIES if q and 0 < len(select(recs, parse(q))) < len(recs)]
    assert len(picky) >= 25   # the agreement test is not vacuous


@pytest.mark.parametrize("sort", [None, "rating desc", "-year", "runtime, title", "added desc, rating"])
def test_sql_and_python_sort_the_same(engines, sort):
    db, recs = engines
    via_sql = [r["slug"] for r in records(db, order=query_sql.order_by(sort))]
    assert via_sql == [r["slug"] for r in sort_records(recs, sort)]


def test_user_input_travels_as_parameters():
    where, params = query_sql.compile_where(parse("title:\"x'); DROP TABLE movies; --\""))
    assert "DROP" not in where and params == ["x'); drop table movies; --"]


def test_known_answers(engines):
    _db, recs = engines
    slugs = lambda q: {r["slug"] for r in select(recs, parse(q))}   # noqa: E731
    assert slugs("actor:reeves") == {"the-matrix-1999"}
    assert slugs('"blade runner"') == {"blade-runner-1982"}
    assert "alien-1979" not in slugs("-genre:Horror")
    assert slugs("director:mann") == {"heat-1995"}


def test_known_media_answers(engines):
    _db, recs = engines
    slugs = lambda q: {r["slug"] for r in select(recs, parse(q))}   # noqa: E731
    assert slugs("hdr:HDR10") == {"the-matrix-1999"}
    assert slugs("hdr:DV") == slugs('hdr:"dolby vision"') == {"heat-1995"}
    assert slugs("hdr:SDR") == {"alien-1979"}                       # no video facts: neither SDR nor HDR
    assert slugs("audio:de") == slugs("audio:deu") == slugs("audio:ger") == {"the-matrix-1999", "alien-1979"}
    assert slugs("subtitles:pt") == slugs("subtitles:pt-BR") == {"heat-1995"}
    assert "amelie-2001" in slugs("subtitles:fr")                   # the demo's sidecar French subtitles
    assert slugs("audio:xx") == set()
