"""The XML `build_nfo` writes, checked against what each consumer's reader looks for.

Sources (nfo-format.md "Sources used"):
  K-TAG   xbmc/xbmc xbmc/video/VideoInfoTag.cpp, CVideoInfoTag::ParseNative / Save
  J-PARSE jellyfin/jellyfin MediaBrowser.XbmcMetadata/Parsers/BaseNfoParser.cs, MovieNfoParser.cs
  J-SAVE  jellyfin/jellyfin MediaBrowser.XbmcMetadata/Savers/BaseNfoSaver.cs
  E-OLD   MediaBrowser/Emby MediaBrowser.XbmcMetadata, and the Emby-written TMM fixture
  PLEX    gboudreau/XBMCnfoMoviesImporter.bundle Contents/Code/__init__.py
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from movievault_build.identify.nfo import parse_nfo
from movievault_build.nfo.build import FORMATS, build_nfo

from .facts import comparable

META = {
    "title": "The Matrix", "original_title": "The Matrix", "sort_title": "Matrix 1", "year": 1999,
    "ids": {"imdb": "tt0133093", "tmdb": "603", "tmdbcol": "2344"},
    "rating": 8.7,
    "ratings": {"imdb": {"value": 8.7, "votes": 2000000, "max": 10},
                "tmdb": {"value": 8.2, "votes": 25000, "max": 10},
                "metacritic": {"value": 73, "votes": None, "max": 100},
                "tomatometerallcritics": {"value": 83, "votes": None, "max": 100}},
    "runtime": 136, "certification": "Rated R", "premiered": "1999-03-30",
    "tagline": "Welcome to the Real World.", "outline": "A hacker learns the truth.",
    "plot": "Neo & friends <fight> machines.", "genres": ["Action", "Science Fiction"],
    "tags": ["cyberpunk"], "collection": {"name": "The Matrix Collection", "overview": "Four films."},
    "directors": ["Lana Wachowski", "Lilly Wachowski"], "writers": ["Lilly Wachowski"],
    "cast": [{"name": "Keanu Reeves", "role": "Neo", "order": 0, "thumb": "https://img/keanu.jpg"}],
    "studios": ["Warner Bros. Pictures"], "countries": ["United States of America", "Australia"],
    "watched": True, "playcount": 2,
    "images": [{"kind": "poster", "src": "https://img/poster.jpg"},
               {"kind": "fanart", "src": "https://img/fanart.jpg"}],
    "streams": {"video": {"codec": "h264", "width": 1920, "height": 800, "aspect": 2.4,
                          "durationinseconds": 8160, "hdrtype": "hdr10"},
                "audio": [{"codec": "ac3", "language": "eng", "channels": 6, "flags": ["default"]}],
                "subtitles": [{"language": "eng", "flags": ["forced"]}]},
}


def tree(flavour: str) -> ET.Element:
    return ET.fromstring(build_nfo(META, flavour).split("\n", 1)[1])


def test_declaration_utf8_no_bom_and_escaping() -> None:
    text = build_nfo(META)
    data = text.encode("utf-8")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<movie>')
    assert "Neo &amp; friends &lt;fight&gt; machines." in text


def test_no_title_is_refused_and_unknown_format_too() -> None:
    # PLEX: the importer stops on a file without <title>.
    with pytest.raises(ValueError, match="title"):
        build_nfo({"year": 1999})
    with pytest.raises(ValueError, match="format"):
        build_nfo(META, "mediaportal")


def test_control_characters_never_reach_the_xml() -> None:
    text = build_nfo({"title": "Bad\x01Title\x1f"})
    assert "<title>BadTitle</title>" in text


@pytest.mark.parametrize("flavour", FORMATS)
def test_every_flavour_has_what_all_readers_need(flavour: str) -> None:
    root = tree(flavour)
    # PLEX needs <movie> + <title>; it reads <id> (any value longer than 2 characters).
    assert root.tag == "movie" and root.findtext("title") == "The Matrix"
    assert root.findtext("id") == "tt0133093"
    # K-TAG: <uniqueid type=… default="true">; J-PARSE also reads uniqueid (case-insensitive type).
    types = {(u.get("type") or "").lower(): u for u in root.findall("uniqueid")}
    assert types["imdb"].text == "tt0133093" and types["tmdb"].text == "603"
    assert types["imdb"].get("default") == "true"
    # K-TAG <year> is ignored when <premiered> exists: both written, dates YYYY-MM-DD.
    assert root.findtext("year") == "1999" and root.findtext("premiered") == "1999-03-30"
    # Everyone reads <mpaa>; <certification> is only TMM/Plex (nfo-format.md section 1).
    assert root.findtext("mpaa") == "Rated R" and root.find("certification") is None
    # Nested set, the form every current reader accepts (section 6.5).
    assert root.find("set/name").text == "The Matrix Collection"
    # Several countries in one element: Jellyfin keeps only the last <country> (J-PARSE).
    assert [c.text for c in root.findall("country")] == ["United States of America / Australia"]
    # One element per list value (K-TAG splits on " / " too).
    assert [g.text for g in root.findall("genre")] == ["Action", "Science Fiction"]
    assert [d.text for d in root.findall("director")] == ["Lana Wachowski", "Lilly Wachowski"]
    assert root.findtext("credits") == "Lilly Wachowski"
    assert root.findtext("runtime") == "136"
    actor = root.find("actor")
    assert actor.findtext("name") == "Keanu Reeves" and actor.findtext("role") == "Neo"
    assert actor.findtext("thumb") == "https://img/keanu.jpg"
    # Booleans in lower case: Jellyfin's ReadElementContentAsBoolean takes only true/false/1/0.
    assert root.findtext("watched") == "true"
    video = root.find("fileinfo/streamdetails/video")
    assert video.findtext("codec") == "h264" and video.findtext("durationinseconds") == "8160"


@pytest.mark.parametrize("flavour", FORMATS)
def test_ratings_block_then_plain_rating(flavour: str) -> None:
    root = tree(flavour)
    # K-TAG reads <ratings><rating name max default><value><votes>; Kodi normalises by max.
    block = {r.get("name"): r for r in root.findall("ratings/rating")}
    assert block["imdb"].get("default") == "true" and block["imdb"].get("max") == "10"
    assert block["imdb"].findtext("value") == "8.7" and block["imdb"].findtext("votes") == "2000000"
    assert block["metacritic"].get("max") == "100"
    # PLEX reads the plain <rating>; Jellyfin's last rating wins its CommunityRating (section
    # 6.2), so the plain 0-10 one comes after the block.
    names = [el.tag for el in root]
    assert root.findtext("rating") == "8.7"
    assert names.index("rating") > names.index("ratings")


def test_kodi_art_is_thumb_aspect_and_fanart_block() -> None:
    root = tree("kodi")
    # K-TAG: <thumb aspect="poster">, <fanart><thumb>; no <art> (Kodi ignores it).
    assert root.find("thumb").get("aspect") == "poster"
    assert root.findtext("fanart/thumb") == "https://img/fanart.jpg"
    assert root.find("art") is None
    assert root.find("tmdbid") is None            # Kodi ignores <tmdbid>; not written for it
    assert root.findtext("actor/order") == "0"
    assert root.find("releasedate") is None


@pytest.mark.parametrize("flavour", ["jellyfin", "emby"])
def test_jellyfin_and_emby_elements(flavour: str) -> None:
    root = tree(flavour)
    # J-SAVE writes <imdbid>/<tmdbid>, <art><poster> (as its own saver does), <criticrating>, <collectionnumber>,
    # <releasedate>, actors with <type> and <sortorder>; J-PARSE reads all of them.
    assert root.findtext("imdbid") == "tt0133093" and root.findtext("tmdbid") == "603"
    assert root.findtext("art/poster") == "https://img/poster.jpg"
    assert root.findtext("art/fanart") == "https://img/fanart.jpg"
    # J-PARSE reads <thumb aspect> and <fanart><thumb> (absolute URIs), not <art>
    assert root.find("thumb").get("aspect") == "poster"
    assert root.findtext("fanart/thumb") == "https://img/fanart.jpg"
    assert root.findtext("criticrating") == "83"
    assert root.findtext("collectionnumber") == "2344"
    assert root.find("set").get("tmdbcolid") == "2344"
    assert root.findtext("releasedate") == "1999-03-30"
    assert root.findtext("actor/type") == "Actor" and root.findtext("actor/sortorder") == "0"
    assert root.findtext("writer") == "Lilly Wachowski"
    assert root.findtext("fileinfo/streamdetails/audio/default") == "true"


def test_emby_capitalises_uniqueid_types() -> None:
    # E-OLD / TMM fixture emby_multiple_sets.nfo: <uniqueid type="Tmdb">, <uniqueid type="Imdb">.
    assert {u.get("type") for u in tree("emby").findall("uniqueid")} == {"Imdb", "Tmdb"}


def test_plex_gets_releasedate() -> None:
    # PLEX prefers <releasedate> over <premiered>.
    assert tree("plex").findtext("releasedate") == "1999-03-30"


@pytest.mark.parametrize("flavour", FORMATS)
def test_written_file_reads_back_to_the_same_facts(flavour: str) -> None:
    back = parse_nfo(build_nfo(META, flavour).encode("utf-8")).metadata
    assert back["ratings"]["nfo"] == {"value": 8.7, "votes": None, "max": 10}   # the plain <rating>
    assert comparable(back, META) == comparable(META, META)
