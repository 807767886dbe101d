"""Every real NFO in the shared corpus, checked against the facts in its expected.json.

How expected.json's keys map onto our metadata dict (`null` always means "absent"):

    title (or title_normalised when given: we collapse no-break spaces)  -> title
    original_title, sort_title, year, premiered, runtime, tagline,
    outline, playcount, watched, lastplayed                             -> same name
    tmdb, imdb, trakt                                                   -> ids[...]
    tmdb_collection                                                     -> ids["tmdbcol"]
    mpaa                                                                -> certification
    genres, directors, writers, studios, countries, tags                -> same name (lists)
    cast [[name, role], ...] (a prefix), cast_count                     -> cast[i].name/role, len
    collection, collection_overview(_prefix)                            -> collection.name/overview
    collections_all                                                     -> its first = collection.name
                                                                           (one collection per movie)
    plot_prefix, plot_starts_with, plot_ends_with                       -> plot
    ratings [{name, value, votes, max}]                                 -> ratings[source]; the source
        is the name lower-cased (themoviedb -> tmdb, metascore -> metacritic); a null name is a
        plain <rating>, which we keep as "nfo"; votes 0 where the file has no <votes> is our None;
        our "user" rating is compared with user_rating only
    watched false / playcount 0 are also met by absence: they are the producing tools' defaults
        (tmm-emby-multiple-sets.nfo has neither element)
    rating_default                                                      -> rating
    community_rating / critic_rating / user_rating                      -> ratings["community" /
                                                                           "tomatometerallcritics" / "user"]
    ratings_nonzero                                                     -> ratings (zeros dropped)
    fanart_first, fanart_count                                          -> images of kind "fanart"
    fileinfo {video, audio, subtitles, audio_count, audio_first,
              subtitle_count}                                           -> streams; a subtitle given
        as a bare string is its language; empty flags mean no "flags" key
Not part of our vocabulary, so not checked: top250(_raw), showlinks, dateadded, premiered_raw,
original_title_raw, collection_alternatives (alternatives a reader may also give).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from movievault_build.identify.nfo import read_nfo
from movievault_build.identify.nfo_media import RATING_ALIASES

# <repo>/../shared; MOVIEVAULT_SHARED points elsewhere (a checkout that is not beside it).
SHARED = Path(os.environ.get("MOVIEVAULT_SHARED") or Path(__file__).resolve().parents[2] / ".." / "shared")
CORPUS = SHARED / "corpus" / "nfo"
EXPECTED = CORPUS / "expected.json"
UNCHECKED = {"top250", "top250_raw", "showlinks", "dateadded", "premiered_raw",
             "original_title_raw", "collection_alternatives", "title_normalised"}
SAME_NAME = {"original_title", "sort_title", "year", "premiered", "runtime", "tagline",
             "outline", "playcount", "watched", "lastplayed", "genres", "directors",
             "writers", "studios", "countries", "tags"}
IDS = {"tmdb": "tmdb", "imdb": "imdb", "trakt": "trakt", "tmdb_collection": "tmdbcol"}
NAMED_RATINGS = {"community_rating": "community", "critic_rating": "tomatometerallcritics",
                 "user_rating": "user"}


def _cases() -> list[Any]:
    if not EXPECTED.is_file():
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="shared corpus absent"))]
    data = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return [pytest.param(name, entry, id=name) for name, entry in sorted(data.items())]


@pytest.mark.parametrize(("name", "entry"), _cases())
def test_corpus_file(name: str, entry: dict[str, Any]) -> None:
    result = read_nfo(CORPUS / name)
    meta = result.metadata
    expected = entry["expected"]
    if entry["format"] == "url-only":
        assert result.flavour == "url-only"
    for key, want in expected.items():
        if key not in UNCHECKED:
            check(key, want, expected, meta)


def check(key: str, want: Any, expected: dict[str, Any], meta: dict[str, Any]) -> None:
    if key == "title":
        assert meta.get("title") == expected.get("title_normalised", want)
    elif key in {"watched", "playcount"} and not want:
        # tinyMediaManager's defaults (false / 0) stand in for "the file says nothing".
        assert meta.get(key, want) == want, key
    elif key in SAME_NAME:
        assert meta.get(key) == (want or None if isinstance(want, list) else want), key
    elif key in IDS:
        assert meta.get("ids", {}).get(IDS[key]) == want, key
    elif key == "mpaa":
        assert meta.get("certification") == want
    elif key.startswith("cast"):
        check_cast(key, want, meta.get("cast", []))
    elif key.startswith("collection"):
        check_collection(key, want, meta.get("collection"))
    elif key.startswith("plot"):
        check_plot(key, want, meta.get("plot"))
    elif "rating" in key:
        check_rating(key, want, meta)
    elif key.startswith("fanart"):
        fanart = [i["src"] for i in meta.get("images", []) if i["kind"] == "fanart"]
        assert (fanart[0] if key == "fanart_first" else len(fanart)) == want
    elif key == "fileinfo":
        check_streams(want, meta.get("streams"))
    else:
        pytest.fail(f"unmapped expected key {key!r}")


def check_cast(key: str, want: Any, cast: list[dict[str, Any]]) -> None:
    if key == "cast_count":
        assert len(cast) == want
        return
    got = [[p["name"], p.get("role")] for p in cast[:len(want)]]
    assert got == want


def check_collection(key: str, want: Any, got: dict[str, str] | None) -> None:
    got = got or {}
    if key == "collection":
        assert got.get("name") == want
    elif key == "collections_all":
        assert got.get("name") == want[0]
    elif key == "collection_overview":
        assert got.get("overview") == want
    elif key == "collection_overview_prefix":
        assert got.get("overview", "").startswith(want)


def check_plot(key: str, want: str | None, plot: str | None) -> None:
    if want is None:
        assert plot is None
    elif key == "plot_ends_with":
        assert plot is not None and plot.endswith(want)
    else:
        assert plot is not None and plot.startswith(want)


def check_rating(key: str, want: Any, meta: dict[str, Any]) -> None:
    ratings = meta.get("ratings", {})
    if key == "rating_default":
        assert meta.get("rating") == pytest.approx(want)
    elif key in NAMED_RATINGS:
        got = ratings.get(NAMED_RATINGS[key])
        assert (got or {}).get("value") == (None if want is None else pytest.approx(want))
    elif key == "ratings_nonzero":
        assert [r["value"] for r in ratings.values()] == want
    elif key == "ratings":
        ratings = {k: v for k, v in ratings.items() if k != "user"}   # user_rating is separate
        assert len(ratings) == len(want)
        for item in want:
            name = (item["name"] or "nfo").lower()
            got = ratings[RATING_ALIASES.get(name, name)]
            assert got["value"] == pytest.approx(item["value"]), name
            # tinyMediaManager has no "unknown" vote count and reports 0; we say None.
            assert got["votes"] == (item["votes"] or None if got["votes"] is None else item["votes"]), name
            assert got["max"] == item["max"], name


def check_streams(want: dict[str, Any] | None, got: dict[str, Any] | None) -> None:
    if want is None:
        assert not got
        return
    assert got is not None
    if "video" in want:
        assert got["video"] == {**got["video"], **want["video"]}
    if "audio" in want:
        assert got.get("audio", []) == [_stream(a) for a in want["audio"]]
    if "subtitles" in want:
        subs = [{"language": s} if isinstance(s, str) else s for s in want["subtitles"]]
        assert got.get("subtitles", []) == [_stream(s) for s in subs]
    if "audio_count" in want:
        assert len(got.get("audio", [])) == want["audio_count"]
    if "audio_first" in want:
        assert got["audio"][0] == _stream(want["audio_first"])
    if "subtitle_count" in want:
        assert len(got.get("subtitles", [])) == want["subtitle_count"]


def _stream(expected: dict[str, Any]) -> dict[str, Any]:
    """Expected stream facts in our shape: null and empty values are absent."""
    return {k: v for k, v in expected.items() if v not in (None, [], "")}
