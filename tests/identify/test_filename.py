"""Focused cases for the filename parser: the hard titles, kinds, folder
context, ids, parts, editions, tags, unicode and odd input."""
from __future__ import annotations

import doctest
import json
import os
import random
from pathlib import PurePosixPath

import pytest

from movievault_build.identify.filename import Guess, parse


@pytest.mark.parametrize("name, title, year", [
    ("1917.2019.1080p.BluRay.x264-GRP.mkv", "1917", 2019),
    ("2001.A.Space.Odyssey.1968.1080p.BluRay.x264.mkv", "2001 A Space Odyssey", 1968),
    ("2012.2009.720p.BluRay.x264.DTS.mkv", "2012", 2009),
    ("Blade Runner 2049 (2017).mkv", "Blade Runner 2049", 2017),
    ("WALL-E.2008.720p.BluRay.mkv", "WALL-E", 2008),
    ("Dune.Part.Two.2024.2160p.WEB-DL.DDP5.1.mkv", "Dune Part Two", 2024),
    ("Star Wars - The Empire Strikes Back (1980).mkv", "Star Wars - The Empire Strikes Back", 1980),
    ("[Group] Akira (1988) [BF42B1C8].mkv", "Akira", 1988),
    ("[SomeGroup]Up.2009.720p.x264.mkv", "Up", 2009),
    ("R.I.P.D.2013.720p.BluRay.x264-SPARKS.mkv", "R.I.P.D.", 2013),
    ("Mr. Nobody (2009).mkv", "Mr. Nobody", 2009),
    ("Wonder.Woman.1984.2020.1080p.WEB-DL.mkv", "Wonder Woman 1984", 2020),
    ("The Wolf of Wall Street 2001 (2013).mkv", "The Wolf of Wall Street 2001", 2013),
    ("2012.WEB-DL.1080p.mkv", "2012", None),
    ("(1995) Movie Name.mkv", "Movie Name", 1995),
    ("Apollo.13.1995.1080p.mkv", "Apollo 13", 1995),
    ("Cars.2.German.DL.720p.BluRay.x264-GRP", "Cars 2", None),
    ("Johnny.English.2003.1080p.BluRay.mkv", "Johnny English", 2003),
    ("The Good German (2006).mkv", "The Good German", 2006),
    ("Der.Film.deines.Lebens.German.2011.PAL.DVDR-GRP", "Der Film deines Lebens", 2011),
    ("The French Connection (1971) Remastered 1080p.mkv", "The French Connection", 1971),
    ("Saw.3D.2010.mkv", "Saw 3D", 2010),
    ("Pacific.Rim.3D.2013.COMPLETE.BLURAY-PCH.avi", "Pacific Rim", 2013),
    ("Aliens.SE.1986.BDRip.1080p", "Aliens", 1986),
    ("Por fin se casa Zamora (1926)", "Por fin se casa Zamora", 1926),
    ("Madame Web 2024 2160p BluRay REMUX-GRP", "Madame Web", 2024),
    ("8 Bit Christmas (2021) HDRip.mkv", "8 Bit Christmas", 2021),
    ("Harry Potter 7 - Part 1.mkv", "Harry Potter 7 - Part 1", None),
    ("Evangelion 1.11 - You Are (Not) Alone v2 (1080p BD).mkv", "Evangelion 1.11 - You Are (Not) Alone", None),
    ("A Bout Portant (The Killers).PAL.Multi.DVD-R-KZ", "A Bout Portant", None),
    ("Retour de Flammes (Gregor Schnitzler 2003) FULL DVD.iso", "Retour de Flammes", 2003),
    ("www.Torrenting.com - 14.Peaks.Nothing.Is.Impossible.2021.1080p.WEB.h264", "14 Peaks Nothing Is Impossible", 2021),
    ("h265 - HEVC Riddick Unrated Director Cut French 1080p DTS.mkv", "Riddick", None),
    ("The_Italian_Job.mkv", "The Italian Job", None),
    ("Let.It.Fall.Los.Angeles.1982-1992.2017.DOCU.HDTV.x264", "Let It Fall Los Angeles 1982-1992", 2017),
    ("Casablanca [Ultimate Collector's Edition].1942.BRRip.XviD", "Casablanca", 1942),
    ("Safety Not Guaranteed [2012, HEVC-1080p].mkv", "Safety Not Guaranteed", 2012),
])
def test_title_and_year(name: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.title, g.year) == (title, year)
    assert g.kind == "movie"


@pytest.mark.parametrize("name, title", [
    ("Трон: Наследие / TRON: Legacy (2010) WEB-DL 1080p", "TRON: Legacy"),
    ("О мышах и людях (Of Mice and Men) 1992 BDRip 1080p.mkv", "Of Mice and Men"),
    ("抓娃娃 Successor.2024.1080p.WEB-DL.mkv", "Successor"),
    ("Жихарка (2007) DVDRip", "Жихарка"),
    ("千と千尋の神隠し (2001).mkv", "千と千尋の神隠し"),
    ("Léon (1994) 1080p.mkv", "Léon"),
    ("37°2 le matin (1986).mkv", "37°2 le matin"),
])
def test_unicode_titles(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("path, title, year", [
    ("Movies/The Matrix (1999)/matrix.mkv", "The Matrix", 1999),
    ("Movies/The Matrix (1999)/movie.mkv", "The Matrix", 1999),
    ("Heat (1995)/VIDEO_TS/VIDEO_TS.IFO", "Heat", 1995),
    ("Heat (1995)/BDMV/STREAM/00001.m2ts", "Heat", 1995),
    ("Some.Movie.2010.1080p/abc123hash.mkv", "Some Movie", 2010),
    ("Some.Movie.2010.1080p.BluRay/0e895c37245186812cb08aab1529cf8e.mkv", "Some Movie", 2010),
    ("Movies/Somewhere.2010.DVDRip.XviD-iLG/i-smwhr.avi", "Somewhere", 2010),
    ("/server/Movies/300 (2007)/300 (2006).mkv", "300", 2006),
    ("Movies/Comme une Image (2004)/Comme.Une.Image.FRENCH.DVDRiP.XViD-NTK.avi", "Comme une Image", 2004),
    ("Heat (1995)/CD1.avi", "Heat", 1995),
    ("/share/dl/Dead Man Down (2013) BRRiP XViD/XD607ebb-BRc59935-5155473f/XD607ebb-BRc59935-5155473f.avi",
     "Dead Man Down", 2013),
])
def test_folder_context(path: str, title: str, year: int) -> None:
    g = parse(path)
    assert (g.title, g.year) == (title, year)


@pytest.mark.parametrize("path", [
    "C:\\Movies\\Heat (1995)\\heat.mkv",
    "\\\\nas\\share\\Movies\\Heat (1995)\\heat.mkv",
    "D:/Movies/Heat (1995)/heat.mkv",
])
def test_windows_paths(path: str) -> None:
    g = parse(path)
    assert (g.title, g.year, g.container) == ("Heat", 1995, "mkv")


def test_pathlike_and_bytes_give_the_same_guess() -> None:
    text = "Movies/Heat (1995)/Heat.1995.1080p.BluRay.mkv"
    assert parse(PurePosixPath(text)) == parse(text) == parse(text.encode())


def test_undecodable_bytes_do_not_crash() -> None:
    g = parse(b"Movies/Caf\xe9 Society (2016)/caf\xe9.society.2016.mkv")
    assert g.year == 2016 and g.title and g.title.lower().startswith("caf")
    json.dumps(g.to_dict())


def test_surrogate_escaped_text_does_not_crash() -> None:
    text = os.fsdecode(b"Movies/Heat (1995)/h\xffeat.1995.mkv")
    g = parse(text)
    assert g.year == 1995
    json.dumps(g.to_dict())


def test_a_surrogate_no_byte_makes_does_not_crash() -> None:
    g = parse("Movies/Heat (1995)/Heat\ud800.1995.mkv")
    assert (g.title, g.year) == ("Heat", 1995)
    json.dumps(g.to_dict())


@pytest.mark.parametrize("name", ["", "/", "....", "[]", "()", "-", "2019", "x" * 2000])
def test_odd_input_never_raises(name: str) -> None:
    assert isinstance(parse(name), Guess)


@pytest.mark.parametrize("name", [
    "Show.S01E02.720p.HDTV.x264-GRP.mkv",
    "Show 1x02 Title.mkv",
    "show.s01.e02.dvdrip.mkv",
    "Show.Name.S01EP01.1080p.mkv",
    "The.Daily.Show.2019.05.12.720p.WEB.x264.mkv",
    "A.Late.Show.140722.720p.HDTV.x264-GRP",
    "Shows/Some Show/Season 2/Episode Title.mkv",
    "[HorribleSubs] Naruto - 120 [720p].mkv",
    "[SubDESU]_Show_One_07_(1280x720_x264-AAC)_[6B7FD717]",
    "Show Name - Episode 59 [720p].mp4",
    "Show Name 13-16",
    "TV/new.girl.117.hdtv-lol.mp4",
])
def test_episodes(name: str) -> None:
    assert parse(name).kind == "episode"


@pytest.mark.parametrize("name, title, year", [
    ("District 09 (2009)/District 09 (2009).mkv", "District 09", 2009),
    ("Film 042 (1992).mkv", "Film 042", 1992),
    ("Agent.007.1987.1080p.BluRay.x264.mkv", "Agent 007", 1987),
])
def test_a_zero_led_number_then_a_year_is_part_of_a_movie_title(name: str, title: str, year: int) -> None:
    guess = parse(name)
    assert (guess.kind, guess.title, guess.year) == ("movie", title, year)


@pytest.mark.parametrize("name", [
    "Apollo 13 (1995) [1080p] [WEB-DL] [x264] [E-AC3-S78]",
    "Ocean's.Eleven.2001.1080p.mkv",
    "Fahrenheit 451 (1966).mkv",
    "Bad Boys 2 1080i.mpg2.rus.eng.ts",
    "The Wolf of Wall Street - 2 (2013).mkv",
    "Maximum Ride - 2016 - WEBDL-1080p - x264 AC3.mkv",
    "01. 100 девчонок и одна в лифте 2000 WEBRip 1080p.mkv",
    "Star Wars: Episode IV - A New Hope (1977).mkv",
    "The.Last.Survivors.2014.PROOF.SAMPLE.FiX.BDRip.x264",
    "Ant-Man.and.the.Wasp.2018.Digital.Extras.1080p.mkv",
])
def test_movies_that_look_like_other_things(name: str) -> None:
    assert parse(name).kind == "movie"


@pytest.mark.parametrize("path, title", [
    ("Movie.2010.1080p.BluRay-GRP/Sample/movie-sample.mkv", "Movie"),
    ("Heat (1995)/heat.1995.sample.mkv", "Heat"),
    ("Heat (1995)/sample-heat.mkv", "Heat"),
])
def test_samples(path: str, title: str) -> None:
    g = parse(path)
    assert g.kind == "sample"
    assert g.title == title


@pytest.mark.parametrize("path, extra", [
    ("Heat (1995)/Heat (1995)-trailer.mkv", "trailer"),
    ("Heat (1995)/Heat-featurette.mkv", "featurette"),
    ("Heat (1995)/Featurettes/Making of Heat.mkv", "featurette"),
    ("Heat (1995)/Behind The Scenes/Shooting.mkv", "behindthescenes"),
    ("Heat (1995)/Deleted Scenes/Bank.mkv", "deleted"),
    ("Heat (1995)/Interviews/Pacino.mkv", "interview"),
    ("Heat (1995)/extras/Commentary.mkv", "extra"),
    ("Heat (1995)/trailer.mkv", "trailer"),
])
def test_extras(path: str, extra: str) -> None:
    g = parse(path)
    assert (g.kind, g.extra_type) == ("extra", extra)
    assert (g.title, g.year) == ("Heat", 1995)


@pytest.mark.parametrize("name, ids", [
    ("The Matrix (1999) [tmdbid-603].mkv", {"tmdb": "603"}),
    ("The Matrix (1999) [tmdbid=603].mkv", {"tmdb": "603"}),
    ("The Matrix (1999) {tmdb-603}.mkv", {"tmdb": "603"}),
    ("The Matrix (1999) {imdb-tt0133093}.mkv", {"imdb": "tt0133093"}),
    ("The Matrix (1999) [imdbid-tt0133093]/movie.mkv", {"imdb": "tt0133093"}),
    ("The.Matrix.1999.tt0133093.1080p.mkv", {"imdb": "tt0133093"}),
    ("The Matrix (1999) [tmdbid-603] [imdbid-tt0133093].mkv", {"tmdb": "603", "imdb": "tt0133093"}),
    ("The Matrix (1999).mkv", {}),
])
def test_ids(name: str, ids: dict[str, str]) -> None:
    g = parse(name)
    assert dict(g.ids) == ids
    assert g.title == "The Matrix"


@pytest.mark.parametrize("name, part", [
    ("Heat.1995.cd1.mkv", 1),
    ("Heat (1995) - part2.mkv", 2),
    ("Heat.1995.DISC1.mkv", 1),
    ("Heat (1995) CD 2.avi", 2),
    ("Battle.Royale.(2000).CD1of2.DVDRiP.XviD.avi", 1),
    ("Heat 1995 Part 2 1080p.mkv", 2),
    ("Heat (1995) pt3.mkv", 3),
    ("Dune.Part.Two.2024.mkv", None),
    ("Harry Potter 7 - Part 1.mkv", None),
])
def test_parts(name: str, part: int | None) -> None:
    assert parse(name).part == part


@pytest.mark.parametrize("name, edition", [
    ("Aliens.1986.Extended.Cut.1080p.mkv", "Extended"),
    ("Aliens (1986) Director's Cut.mkv", "Director's Cut"),
    ("Alien.Directors.Cut.1979.mkv", "Director's Cut"),
    ("Alien DC (1979) [1080p]", "Director's Cut"),
    ("The Dark Knight 2008 IMAX 1080p.mkv", "IMAX"),
    ("Alien.1979.Remastered.mkv", "Remastered"),
    ("Color.Of.Night.Unrated.1994.mkv", "Unrated"),
    ("World War Z (2013) Theatrical Cut 720p.mkv", "Theatrical"),
    ("The Heartbreak Kid (1993) UNCUT 720p.mkv", "Uncut"),
    ("Heat (1995).mkv", None),
])
def test_editions(name: str, edition: str | None) -> None:
    assert parse(name).edition == edition


@pytest.mark.parametrize("name, resolution, source", [
    ("Movie.2010.1080p.BluRay.x264.mkv", "1080p", "BluRay"),
    ("Movie.2010.2160p.UHD.BluRay.REMUX.HEVC.mkv", "2160p", "Remux"),
    ("Movie.2010.720p.WEB-DL.mkv", "720p", "WEB-DL"),
    ("Movie.2010.1080p.AMZN.WEBRip.mkv", "1080p", "WEBRip"),
    ("Movie.2010.HDTV.x264.mkv", None, "HDTV"),
    ("Movie.2010.DVDRip.XviD.avi", None, "DVD"),
    ("Movie.2010.HDDVD.1080p.mkv", "1080p", "HD-DVD"),
    ("Movie 2010 CAM-Rip x264.mkv", None, "CAM"),
    ("Movie.2010.4K.HDR.mkv", "2160p", None),
    ("Movie.2010.[1920x800].mkv", "1080p", None),
    ("Movie.2010.576p.mkv", "576p", None),
    ("Movie.2010.WEB-DL.1O8Op.mkv", "1080p", "WEB-DL"),
])
def test_resolution_and_source(name: str, resolution: str | None, source: str | None) -> None:
    g = parse(name)
    assert (g.resolution, g.source) == (resolution, source)
    assert g.title == "Movie" and g.year == 2010


def test_other_tags() -> None:
    g = parse("Movie.2010.German.DL.1080p.BluRay.DTS-HD.MA.5.1.x265-GRP.mkv")
    assert (g.video_codec, g.group, g.container) == ("H.265", "GRP", "mkv")
    assert "German" in g.languages and "DTS-HD" in g.audio
    assert parse("Avatar.2009.3D.HSBS.1080p.mkv").three_d


def test_to_dict_is_json_ready_and_complete() -> None:
    d = parse("The Matrix (1999) [tmdbid-603] 1080p BluRay.mkv").to_dict()
    for key in ("input", "kind", "title", "year", "edition", "resolution", "source", "confidence"):
        assert key in d
    assert json.loads(json.dumps(d)) == d


def test_confidence_orders_guesses() -> None:
    strong = parse("Movies/Heat (1995)/Heat.1995.1080p.BluRay.mkv").confidence
    weak = parse("heat.mkv").confidence
    assert 0 < weak < strong <= 1
    assert parse("").confidence == 0


@pytest.mark.parametrize("name, title, year", [
    ("The.Convert.2024.1080p.WEB-DL.mkv", "The Convert", 2024),
    ("Opus.2025.2160p.WEB-DL.DV.HDR.H265-GRP.mkv", "Opus", 2025),
    ("Movie.PROPER.2010.1080p.mkv", "Movie", 2010),
    ("The_Insider-(1999)-x02-60_Minutes_Interview-1996.mp4", "The Insider", 1999),
    ("(1)The Girl With The Dragon Tattoo (2009) BRrip 720 AAC x264.mkv", "The Girl With The Dragon Tattoo", 2009),
    ("Name.BRMux.720p", "Name", None),
])
def test_tag_words_and_year_choice(name: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.title, g.year) == (title, year)


@pytest.mark.parametrize("path, title", [
    ("How.To.Be.Single.2016.1080p.BluRay.x264-BLOW/blow-how.to.be.single.2016.1080p.bluray.x264.mkv",
     "How To Be Single"),
    ("Movies/Cosmopolis.2012.LiMiTED.720p.BluRay.x264-GRP/ano-cosmo.720p.mkv", "Cosmopolis"),
    ("Movies/The Doors (1991)/09.03.08.The.Doors.(1991).BDRip.720p.mkv", "The Doors"),
])
def test_scene_file_names_defer_to_their_folder(path: str, title: str) -> None:
    assert parse(path).title == title


def test_folder_fills_tags_the_file_lacks() -> None:
    g = parse("Inception.2010.1080p.BluRay.x264-SPARKS/sparks-inception-1080p.mkv")
    assert (g.title, g.year, g.source, g.resolution) == ("Inception", 2010, "BluRay", "1080p")


def test_plex_edition_tag_is_taken_verbatim() -> None:
    g = parse("Alien (1979) {edition-Final Cut} [Bluray-1080p].mkv")
    assert (g.title, g.year, g.edition) == ("Alien", 1979, "Final Cut")


def test_spaced_part_after_the_year_is_a_part() -> None:
    assert parse("Movie Title (2019) - Part 1.mkv").part == 1


@pytest.mark.parametrize("name, kind", [
    ("Open Season 2 (2008) - Bluray-1080p.mkv", "movie"),
    ("Show Name Season 2 Episode 3.mkv", "episode"),
    ("CSI.S013E18.Sheltered.720p.WEB-DL.mkv", "episode"),
    ("Date.Show.03-29-2012.HDTV.XViD", "episode"),
    ("Show_Name.1x02x03x04.HDTV_XViD_Etc-Group", "episode"),
    ("[SGKK] Bleach 312v1 [720p/MKV]", "episode"),
    ("[DeadFish] 01 - Tari Tari [BD][720p][AAC].mp4", "episode"),
    ("Show.Name.14.of.21.Title.720p.HDTV", "episode"),
    ("/tv/Some Show/S02E06 - Playtime.mp4", "episode"),
    ("The Wire Season 3/The Wire - Episode Name.mkv", "episode"),
    ("La casa del dragón 2×7.mkv", "episode"),
    ("Greys.Anatomy.S07D1.NTSC.DVDR-GRP", "episode"),
    ("Show 第195話.mkv", "episode"),
    ("庆余年 第二季 第3集.mp4", "episode"),
    ("Vikings.Seizoen.4.1080p.Web.NLsubs", "episode"),
    ("[DeadFish] 12 - Tari Tari [BD][720p][AAC].mp4", "episode"),
])
def test_more_kinds(name: str, kind: str) -> None:
    assert parse(name).kind == kind


def test_random_names_never_raise() -> None:
    """Seeded noise built from the characters and tags names are made of."""
    rng = random.Random(7)
    pieces = list("abcXYZ019 ._-[](){}<>/\\,+&'!?:;#é中ё\t") + [
        "1080p", "2019", "S01E02", "x264", "cd1", "(2001)", "tt0133093", "tmdbid-5",
        "Part", "3D", "sample", "-trailer", "VIDEO_TS", ".mkv", "\udcff"]
    for _ in range(2000):
        name = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        g = parse(name)
        assert g.kind in ("movie", "episode", "sample", "extra")
        assert 0.0 <= g.confidence <= 1.0
        json.dumps(g.to_dict())


def test_docstring_examples() -> None:
    import movievault_build.identify.filename as filename
    import movievault_build.identify.rules.name as name
    for module in (filename, name):
        assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize("name, title, year, edition", [
    ("The.Final.Cut.2004.1080p.mkv", "The Final Cut", 2004, None),
    ("The Final Cut (2004).mkv", "The Final Cut", 2004, None),
    ("Blade Runner (1982) - The Final Cut.mkv", "Blade Runner", 1982, "Final Cut"),
    ("DC.League.of.Super-Pets.2022.1080p.mkv", "DC League of Super-Pets", 2022, None),
    ("Alien DC (1979).mkv", "Alien", 1979, "Director's Cut"),
])
def test_edition_words_that_are_titles(name: str, title: str, year: int, edition: str | None) -> None:
    g = parse(name)
    assert (g.title, g.year, g.edition) == (title, year, edition)


@pytest.mark.parametrize("name, group", [
    ("Movie.2010.1080p.BluRay.x264-SPARKS.mkv", "SPARKS"),
    ("Movie.2010.1080p.WEB-DL.mkv", None),
    ("Movie.2010.Bluray-1080p.Remux.mkv", None),
    ("Movie.2010.1080p.BluRay.x264-GRP[rarbg].mkv", "GRP"),
    ("Movie (2010).mkv", None),
])
def test_release_group(name: str, group: str | None) -> None:
    assert parse(name).group == group


@pytest.mark.parametrize("path, title", [
    ("Shows/Some Show/Season 2/Episode Title.mkv", "Some Show"),
    ("/mnt/tv/The Big Bang Theory/S01/The.Big.Bang.Theory.S01E01.mkv", "The Big Bang Theory"),
    ("S02E10 6-50 to SLC [SDTV]", None),
])
def test_episode_titles_name_the_show(path: str, title: str | None) -> None:
    g = parse(path)
    assert (g.kind, g.title) == ("episode", title)


@pytest.mark.parametrize("path, container", [
    ("Heat (1995)/Heat (1995).nfo", None),
    ("Heat (1995)/Heat (1995).en.srt", None),
    ("Heat (1995)/Heat (1995).m2ts", "m2ts"),
    ("Heat (1995)/VIDEO_TS/VTS_01_1.VOB", "dvd"),
])
def test_extensions(path: str, container: str | None) -> None:
    g = parse(path)
    assert (g.title, g.year, g.container) == ("Heat", 1995, container)
