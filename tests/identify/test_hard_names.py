"""Classes of names the parser got wrong on names it had not seen: each class
is tested with several variants of our own, and each rule both ways (where it
applies and the look-alike where it must not)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from movievault_build.identify import filename
from movievault_build.identify.filename import parse
from movievault_build.identify.rules.switches import RULES
from tests.identify.names import without


def title_year(name: str) -> tuple[str | None, int | None]:
    g = parse(name)
    assert g.kind == "movie", name
    return g.title, g.year


@pytest.mark.parametrize("name, title, year", [
    # before the year, nothing release-like after it, or a bracketed year: title words
    ("HDR Film (2020).mkv", "HDR Film", 2020),
    ("HDR Film (2020) 1080p BluRay.mkv", "HDR Film", 2020),
    ("Saw.3D.2010.mkv", "Saw 3D", 2010),
    ("Step Up 3D (2010) [1080p] [3D] [HSBS]", "Step Up 3D", 2010),
    ("Remastered (2019).mkv", "Remastered", 2019),
    ("Extended Family (2016).mkv", "Extended Family", 2016),
    ("The.Extended.Family.2016.1080p.BluRay.x264-GRP", "The Extended Family", 2016),
    ("A Very Harold & Kumar 3D Christmas (2011).mkv", "A Very Harold & Kumar 3D Christmas", 2011),
    # before a bare year with a release after it, or after the year: tags
    ("Pacific.Rim.3D.2013.COMPLETE.BLURAY-PCH.avi", "Pacific Rim", 2013),
    ("Step.Up.3D.2010.1080p.BluRay.x264-GRP", "Step Up", 2010),
    ("HDR.Film.2020.1080p.BluRay.x264-GRP", "Film", 2020),
    ("Movie.Extended.2011.1080p.BluRay.x264-GRP", "Movie", 2011),
    ("Movie.Proper.2011.720p.WEB-DL.x264-GRP", "Movie", 2011),
    ("Film.2020.HDR.2160p.WEB-DL", "Film", 2020),
    ("Film (2020) Remastered 1080p.mkv", "Film", 2020),
    ("Avatar.2009.3D.HSBS.1080p.BluRay", "Avatar", 2009),
])
def test_title_words_that_look_like_tags(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("name, title, year", [
    ("UNRATED title 2008.mkv", "title", 2008),
    ("Movie.PROPER.2010.1080p.mkv", "Movie", 2010),
    ("Suicide Squad EXTENDED (2016) 2160p BluRay x265", "Suicide Squad", 2016),
    ("Der.Blob.REMASTERED.GERMAN.1988.DL.BDRip.x264-GRP", "Der Blob", 1988),
    ("Some.Film.UNCUT.GERMAN.2005.720p.BluRay.x264-GRP", "Some Film", 2005),
    # capitals prove nothing in a name written in capitals, nor in a short acronym
    ("DC.League.of.Super-Pets.2022.1080p.mkv", "DC League of Super-Pets", 2022),
])
def test_tags_written_in_capitals(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("name, title, year", [
    ("[Title 1998] [Remux 1080p]", "Title", 1998),
    ("[The Matrix 1999] [BluRay Remux 1080p AVC DTS-HD MA]", "The Matrix", 1999),
    ("[Some Film (2004)] [DVDRip] [XviD]", "Some Film", 2004),
    ("[Movie Name 2010 BDRip 1080p]", "Movie Name", 2010),
    # tags after the year inside the bracket, or a round bracket
    ("[Title 1998 1080p] [Remux]", "Title", 1998),
    ("[Blade Runner 1982 Final Cut] [Remux 2160p]", "Blade Runner", 1982),
    ("(Title 1998) [Remux 1080p]", "Title", 1998),
    ("(500) Days of Summer (2009).mkv", "(500) Days of Summer", 2009),
    ("(1995) Movie Name.mkv", "Movie Name", 1995),
    # a group in front of a real title is still a group
    ("[YTS] Title 1998 1080p", "Title", 1998),
    ("[Group 2019] Some.Movie.2019.1080p.WEB-DL", "Some Movie", 2019),
    ("Title [1998] [Remux 1080p]", "Title", 1998),
    # a leading bracket with no word after it is the title, not a group
    ("[REC] (2007).mkv", "[REC]", 2007),
    ("[REC]² (2009) 1080p", "[REC]²", 2009),
    ("[Some Film] 2007.mkv", "[Some Film]", 2007),
    ("[Group] Some Film (2007).mkv", "Some Film", 2007),
])
def test_year_inside_brackets(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("name, title, year", [
    ("sparks-gravity.2013.720p.bluray.x264.mkv", "gravity", 2013),
    ("hdc-the.hunger.games.2012.720p.bluray.x264.mkv", "the hunger games", 2012),
    ("fsih-some.title.2016.1080p.web.h264.mkv", "some title", 2016),
    # hyphenated titles, and names with their group at the end
    ("spider-man.2002.720p.bluray.x264.mkv", "spider-man", 2002),
    ("x-men.2000.1080p.bluray.x264.mkv", "x-men", 2000),
    ("spider-man.2002.720p.bluray.x264-grp.mkv", "spider-man", 2002),
    ("Ant-Man.2015.1080p.BluRay.x264-GRP.mkv", "Ant-Man", 2015),
])
def test_scene_group_in_front(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("name, title, year", [
    ("Fr - Le Dernier Metro (1980).avi", "Le Dernier Metro", 1980),
    ("VOSTFR - Some Title (2010).mkv", "Some Title", 2010),
    ("Comedy - Some Title (2010).mkv", "Some Title", 2010),
    ("Some Title - Drama 2011 Eng 720p.mkv", "Some Title", 2011),
    # a genre inside a title is a title word
    ("Horror Story (2015).mkv", "Horror Story", 2015),
    ("The Art of War (2000).mkv", "The Art of War", 2000),
    ("Star Wars - The Empire Strikes Back (1980).mkv", "Star Wars - The Empire Strikes Back", 1980),
])
def test_leading_and_trailing_labels(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("name, title, year", [
    ("01 - Iron Man (2008).mkv", "Iron Man", 2008),
    ("3) Some Film (1999).mkv", "Some Film", 1999),
    ("Collection - 03 - Film Three (1999).mkv", "Film Three", 1999),
    ("James_Bond-f21-Casino_Royale.mkv", "Casino Royale", None),
    ("Saga.Name-f02-Film.Two.mkv", "Film Two", None),
    # numbers that are titles
    ("12 Angry Men (1957).mkv", "12 Angry Men", 1957),
    ("300 - Rise of an Empire (2014).mkv", "300 - Rise of an Empire", 2014),
    ("01. 100 Girls 2000 WEBRip 1080p.mkv", "01. 100 Girls", 2000),
])
def test_collection_numbering(name: str, title: str, year: int | None) -> None:
    assert title_year(name) == (title, year)


def test_collection_numbering_without_a_year_stays_an_episode() -> None:
    assert parse("TV/Some Show/01 - Pilot.mkv").kind == "episode"


@pytest.mark.parametrize("name, title, part", [
    ("Kill Bill Part 2 CD1.avi", "Kill Bill Part 2", 1),
    ("Some Film Part 2 (2011) CD2.avi", "Some Film Part 2", 2),
    ("Some.Film.Part.2.CD1.DVDRip.XviD.avi", "Some Film Part 2", 1),
    ("Some.Film.Part.2.DISC2.mkv", "Some Film Part 2", 2),
    # with no other part number, a spaced "Part 2" after the title is the part
    ("Heat 1995 Part 2 1080p.mkv", "Heat", 2),
])
def test_part_with_a_cd_number(name: str, title: str, part: int) -> None:
    g = parse(name)
    assert (g.title, g.part) == (title, part)


@pytest.mark.parametrize("name, title", [
    ("Енола Голмс / Enola Holmes (2020) UHD WEB-DL 2160p 4K HDR H.265 Ukr/Eng | Sub Ukr/Eng", "Enola Holmes"),
    ("Мстители: Финал / Avengers: Endgame (2019) BDRip 1080p", "Avengers: Endgame"),
    ("Ганнибал / Hannibal / 2001 / BDRip (1080p)", "Hannibal"),
    ("Трон/TRON (2010) 1080p", "TRON"),
    ("Some Film (2010) AC3/DTS 1080p.mkv", "Some Film"),
])
def test_slash_separated_titles(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("name, title", [
    ("Some Title [Alt Title] (2016).mkv", "Some Title"),
    ("Some Title [Alt Title].2016.1080p.BluRay", "Some Title"),
    ("Some Title (Alt Title) 2016 1080p BluRay", "Some Title"),
    ("The Raid [Serbuan maut] (2011) 1080p", "The Raid"),
    ("Гарри Поттер и философский камень [Harry Potter and the Sorcerer's Stone] (2001) BDRip",
     "Harry Potter and the Sorcerer's Stone"),
    ("You Are (Not) Alone (2007).mkv", "You Are (Not) Alone"),
])
def test_bracketed_alternative_titles(name: str, title: str) -> None:
    assert parse(name).title == title


def test_rule_switches_match_the_code() -> None:
    """Every switch the code asks about is declared in RULES, and every declared
    rule is asked about somewhere (the holdout benchmark relies on both)."""
    package = Path(filename.__file__).parent
    asked = set()
    for source in package.rglob("*.py"):
        asked.update(re.findall(r'\bon\("([a-z-]+)"\)', source.read_text(encoding="utf-8")))
    assert asked == set(RULES)


def test_switching_a_rule_off_changes_what_it_decides() -> None:
    assert parse("Pacific.Rim.3D.2013.BLURAY-PCH").title == "Pacific Rim"
    assert parse("Pacific.Rim.3D.2013.BLURAY-PCH", without("title-like")).title == "Pacific Rim 3D"
    assert parse("www.Site.tld - Heat (1995)", without("site-prefix")).title != "Heat"


@pytest.mark.parametrize("name, title, edition", [
    ("The Martian Extended (2015) 1080p BluRay.mkv", "The Martian", "Extended"),
    ("Blade Runner The Final Cut 1982 1080p BluRay", "Blade Runner", "Final Cut"),
    ("The Final Cut (2004).mkv", "The Final Cut", None),
])
def test_edition_words_before_a_bracketed_year(name: str, title: str, edition: str | None) -> None:
    g = parse(name)
    assert (g.title, g.edition) == (title, edition)


@pytest.mark.parametrize("name, title, group", [
    ("Crouching.Tiger.Hidden.Dragon.HDC.mkv", "Crouching Tiger Hidden Dragon", None),
    ("Some.Film.2016.1080p.BluRay.x264-FGT.mkv", "Some Film", "FGT"),
    ("Some Film (2016) 1080p BrRip x264 - YIFY", "Some Film", None),
    ("Tigole Bitties Movie (2016).mkv", "Tigole Bitties Movie", None),   # a group's name inside a title
])
def test_groups_that_sign_without_a_dash(name: str, title: str, group: str | None) -> None:
    g = parse(name)
    assert (g.title, g.group) == (title, group)


@pytest.mark.parametrize("name, title", [
    ("Der.Blob.Remastered.German.1988.DL.BDRip.x264-GRP", "Der Blob"),      # tag words between it and the year
    ("Some.Film.Extended.English.2010.1080p.BluRay.x264-GRP", "Some Film"),
    ("The.Extended.Family.2016.1080p.BluRay.x264-GRP", "The Extended Family"),   # a title word between
])
def test_title_like_words_followed_by_tag_words(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("name, title", [
    ("The.REAL.Thing.2010.1080p.BluRay.x264-GRP", "The REAL Thing"),    # capitals inside a title
    ("The.FRENCH.Dispatch.2021.1080p.WEB-DL", "The FRENCH Dispatch"),
    ("Johnny.ENGLISH.2003.1080p", "Johnny"),                            # before the year: a tag
])
def test_capitals_inside_a_title_stay(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("name, title", [
    # a season word closes the show title only with its own number
    ("[Erai-raws] Some Show - The Final Season - 05 [1080p][Multiple Subtitle].mkv", "Some Show - The Final Season"),
    ("[SubsPlease] Other Show Final Season - 12 (720p) [ABCD1234].mkv", "Other Show Final Season"),
    ("Some_Show_-_The_Final_Season_-_05_[1080p].mkv", "Some Show - The Final Season"),
    # the season's own number, however written
    ("Some Show - Temporada 2 [HDTV 720p]", "Some Show"),
    ("Some.Show.Staffel-2.German.720p.WEB.x264-GRP", "Some Show"),
    ("Some Show Season2 720p WEB", "Some Show"),
])
def test_a_season_word_before_a_dashed_episode_number(name: str, title: str) -> None:
    g = parse(name)
    assert (g.kind, g.title) == ("episode", title)


@pytest.mark.parametrize("name, title, edition", [
    # "OM" (open matte) is a tag only when written in capitals in a name that is not
    ("Some.Long.Film.Title.OM.2015.1080p.WEB-DLRip.x264-GRP", "Some Long Film Title", "Open Matte"),
    ("Some.Film.1999.OM.1080p.WEB-DL.DDP5.1.H.264-GRP", "Some Film", "Open Matte"),
    ("Some Film (1999) Open Matte 1080p.mkv", "Some Film", "Open Matte"),
    ("Om.Shanti.Om.2007.1080p.BluRay.x264-GRP", "Om Shanti Om", None),
    ("Om Shanti Om (2007).mkv", "Om Shanti Om", None),
    ("OM.SHANTI.OM.2007.1080P.BLURAY.X264", "OM SHANTI OM", None),
])
def test_tags_that_count_only_in_capitals(name: str, title: str, edition: str | None) -> None:
    g = parse(name)
    assert (g.title, g.edition) == (title, edition)


def test_capitals_only_switched_off_reads_the_alias_in_any_case() -> None:
    off = without("capitals-only")
    assert parse("Om.Shanti.Om.2007.1080p.BluRay", off).title == "Om Shanti"


@pytest.mark.parametrize("name, kind, title", [
    # season and episode as one number, before a broadcast capture: an episode
    ("some.show.117.hdtv-lol.mp4", "episode", "some show"),
    ("Some.Show.803.HDTV.XviD-LOL", "episode", "Some Show"),
    ("Some Show 203 PDTV x264", "episode", "Some Show"),
    ("Some.Show.117.720p.HDTV.x264-GRP", "episode", "Some Show"),
    # a film's number: a year after it, another source, or no round episode number
    ("Fahrenheit.451.1966.HDTV.x264-GRP", "movie", "Fahrenheit 451"),
    ("Some.Film.451.720p.BluRay.x264-GRP", "movie", "Some Film 451"),
    ("Some.Film.300.HDTV.x264", "movie", "Some Film 300"),
    ("Apollo.13.HDTV.XviD", "movie", "Apollo 13"),
])
def test_a_bare_number_before_a_broadcast_capture(name: str, kind: str, title: str) -> None:
    g = parse(name)
    assert (g.kind, g.title) == (kind, title)


@pytest.mark.parametrize("name, kind, title, year", [
    # after a [group], a name of brackets only: the first holds the title, the rest its fields
    ("[Nekomoe kissaten][Some Show][05][1080p][JPSC].mp4", "episode", "Some Show", None),
    ("[Group][Some Show 2][05v2][1080p][ABCD1234].mkv", "episode", "Some Show 2", None),
    ("[Group][Some Show][01-12][1080p].mkv", "episode", "Some Show", None),
    ("[Group][Some Film][2019][BDRip][1080p].mkv", "movie", "Some Film", 2019),
    ("[YTS] [Some Film 1998] [1080p]", "movie", "Some Film", 1998),
    # a title outside the brackets, or a first bracket that names the film, as before
    ("[Group][Remux] Some Film (2019) [1080p].mkv", "movie", "Some Film", 2019),
    ("[The Matrix 1999] [BluRay Remux 1080p AVC DTS-HD MA]", "movie", "The Matrix", 1999),
])
def test_names_made_of_brackets(name: str, kind: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title, g.year) == (kind, title, year)


@pytest.mark.parametrize("name, kind, title, year", [
    # full-width brackets are brackets
    ("【Group】Some Show 第05話 [1080p].mkv", "episode", "Some Show", None),
    ("【Group】【Some Show】【05】【1080p】【CHS】.mp4", "episode", "Some Show", None),
    ("［Group］ Some Show - 05 ［1080p］.mkv", "episode", "Some Show", None),
    ("Some Film （2019）.mkv", "movie", "Some Film", 2019),
    ("【Group】 Some Film (2019) 【1080p】.mkv", "movie", "Some Film", 2019),
])
def test_full_width_brackets(name: str, kind: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title, g.year) == (kind, title, year)


@pytest.mark.parametrize("name, title", [
    # a number opening a fansub name is the title's when an episode number follows a dash
    ("[Group] 86 - Eighty Six - 03 [1080p].mkv", "86 - Eighty Six"),
    ("[Group] 07-Ghost - 12 [720p][ABCD1234].mkv", "07-Ghost"),
    # and the episode's when nothing follows
    ("[Group] 12 - Some Episode Title [1080p].mkv", None),
    ("[Group] 01 Some Episode Title [1080p].mkv", None),
])
def test_a_number_opening_a_fansub_name(name: str, title: str | None) -> None:
    g = parse(name)
    assert (g.kind, g.title) == ("episode", title)


@pytest.mark.parametrize("name", [
    "Some.Documentary.Part.1.of.6.720p.HDTV.x264-GRP",
    "Some Documentary Part 2 of 3 HDTV",
    "Some.Series.Pt.3.of.4.720p.WEB",
    "Some.Series.14.of.21.Title.720p.HDTV",
])
def test_a_part_counted_out_of_a_total_ends_the_show_title(name: str) -> None:
    g = parse(name)
    assert g.kind == "episode" and g.title in ("Some Documentary", "Some Series")


@pytest.mark.parametrize("name, kind, title, year", [
    # an episode word before the release year is a title word
    ("The.Episode.2019.1080p.WEB-DL.x264-GRP", "movie", "The Episode", 2019),
    ("Ep.2019.1080p.BluRay", "movie", "Ep", 2019),
    ("Final Episode 2008 720p BluRay", "movie", "Final Episode", 2008),
    # an episode number that cannot be a year, or with no separator, is still one
    ("One Piece Episode 1089 [1080p]", "episode", "One Piece", None),
    ("Some.Show.Ep.05.720p", "episode", "Some Show", None),
    ("Some.Show.E2019.720p", "episode", "Some Show", None),
])
def test_an_episode_word_before_a_year(name: str, kind: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title, g.year) == (kind, title, year)


@pytest.mark.parametrize("name, title, part", [
    # disc labels: the volume's name in capitals, its disc number at the end
    ("SOME_FILM_D1", "SOME FILM", 1),
    ("SOMEFILM_SE_D2.iso", "SOMEFILM", 2),
    ("Movies/SOME_FILM_D1/VIDEO_TS/VTS_01_1.VOB", "SOME FILM", 1),
    ("Movies/SOME_FILM/VIDEO_TS/VTS_01_1.VOB", "SOME FILM", None),
    ("SOME_FILM_16X9", "SOME FILM", None),          # an aspect ratio, not season 16 episode 9
    # a title that ends or starts so
    ("Sector D7.mkv", "Sector D7", None),
    ("D2.The.Mighty.Ducks.1994.1080p", "D2 The Mighty Ducks", None),
])
def test_disc_labels(name: str, title: str, part: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title, g.part) == ("movie", title, part)


@pytest.mark.parametrize("name, title, year", [
    # a download site's name in front, with a dash or as a whole domain
    ("www.Torrenting.com   -    Some.Film.2021.1080p.WEB.h264-GRP", "Some Film", 2021),
    ("www.1TamilMV.pics - Some Film (2022) Tamil HDRip - 720p - x264.mkv", "Some Film", 2022),
    ("阳光电影www.ygdy8.com.寄生虫.BD.1080p.韩语中字.mkv", "寄生虫", None),
    ("www.ygdy8.com.Some.Film.2019.1080p.mkv", "Some Film", 2019),
    # not a domain: left alone
    ("www.Some.Film.2019.1080p", "www Some Film", 2019),
])
def test_a_site_name_in_front(name: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.title, g.year) == (title, year)


@pytest.mark.parametrize("name, title", [
    # a tag word right before the season and episode belongs to the release
    ("Some.Show.Complete.S01.1080p.BluRay.x264-GRP", "Some Show"),
    ("Some.Show.COMPLETE.S01.1080p.WEB", "Some Show"),
    ("Some.Show.Extended.S01E01.1080p.WEB", "Some Show"),
    ("Some Show Dubbed 1x02 720p", "Some Show"),
    # after an article alone it is the title ("The Real", "The English")
    ("The.Real.S01E01.720p.HDTV.x264-GRP", "The Real"),
    ("The.English.S01E01.1080p.WEB", "The English"),
])
def test_a_tag_word_before_the_episode_marker(name: str, title: str) -> None:
    g = parse(name)
    assert (g.kind, g.title) == ("episode", title)


@pytest.mark.parametrize("name, title, year", [
    # an edition or release word opening a name, title words after it: the title's
    ("Extended.Family.2023.1080p.WEB-DL.x264-GRP", "Extended Family", 2023),
    ("Proper.Manners.2023.1080p.WEB-DL", "Proper Manners", 2023),
    # nothing but such words before the year: they are the title
    ("Theatrical.2020.1080p.WEB-DL", "Theatrical", 2020),
    ("Directors.Cut.2016.720p.BluRay.x264", "Directors Cut", 2016),
    ("Uncut (2019) 1080p.mkv", "Uncut", 2019),
    # look-alikes: capitals, an article opening the title, a technical tag, a tag after the title
    ("UNRATED title 2008.mkv", "title", 2008),
    ("FRENCH Le Diner de cons 1998 DVDRip", "Le Diner de cons", 1998),
    ("REMASTERED Alien 1979.mkv", "Alien", 1979),
    ("Extended The Hobbit 2012 1080p.mkv", "The Hobbit", 2012),
    ("Unrated The Hangover 2009.mkv", "The Hangover", 2009),
    ("PENALTY (2019) Hindi HDRip 720p", "PENALTY", 2019),
    ("HDR.Film.2020.1080p.BluRay.x264-GRP", "Film", 2020),
    ("Some.Film.2016.Directors.Cut.720p.BluRay", "Some Film", 2016),
])
def test_tag_words_opening_a_name(name: str, title: str, year: int) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("path, title", [
    # a file titled by tag words alone defers to its film's folder of the same year
    ("Movies/Heat (1995)/Extended.1995.1080p.mkv", "Heat"),
    ("Movies/Heat (1995)/Directors.Cut.1995.mkv", "Heat"),
    # look-alikes: the folder agrees, or names another year (a pack)
    ("Movies/Theatrical (2020)/Theatrical.2020.1080p.mkv", "Theatrical"),
    ("Downloads/Pack.1999.1080p/Remastered.2020.1080p.mkv", "Remastered"),
])
def test_file_titled_by_tag_words_in_a_film_folder(path: str, title: str) -> None:
    assert parse(path).title == title


@pytest.mark.parametrize("name, title, year", [
    # a colon binds a leading year to its subtitle: a title such as "2001: A Space Odyssey"
    ("2001: A Space Odyssey.mkv", "2001: A Space Odyssey", None),
    ("2001: A Space Odyssey (1968).mkv", "2001: A Space Odyssey", 1968),
    # look-alikes: a bracketed or dashed year opening the name is the year
    ("(1995) Heat.mkv", "Heat", 1995),
    ("1995 - Heat.mkv", "Heat", 1995),
])
def test_year_opening_a_name(name: str, title: str, year: int | None) -> None:
    assert title_year(name) == (title, year)


@pytest.mark.parametrize("path, kind, title", [
    ("TV/Some Show/Stagione 2/03.mkv", "episode", "Some Show"),   # season words from markers.txt
    ("Series/Some Show/Staffel 1/01.mkv", "episode", "Some Show"),
    ("Movies/Open Season 2 (2008)/Open Season 2 (2008).mkv", "movie", "Open Season 2"),
])
def test_season_words_from_the_data_file(path: str, kind: str, title: str) -> None:
    g = parse(path)
    assert (g.kind, g.title) == (kind, title)


@pytest.mark.parametrize("name, title", [
    # a title cannot end in "or", "and", "of": the bracket after it is the title's
    ("Birdman or (The Unexpected Virtue of Ignorance) (2014) 1080p", "Birdman or (The Unexpected Virtue of Ignorance)"),
    ("Birdman.or.(The.Unexpected.Virtue.of.Ignorance).2014.1080p.BluRay",
     "Birdman or (The Unexpected Virtue of Ignorance)"),
    # look-alikes: after a whole title the bracket is an alternative title
    ("Romeo and Juliet (Romeo e Giulietta) (1968)", "Romeo and Juliet"),
    ("Léon (The Professional) 1994 1080p", "Léon"),
])
def test_title_ending_in_a_connective(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("name, title, languages", [
    # a language before the year after a title in that language: the release's language
    ("Das.Boot.German.1981.DL.1080p.BluRay.x264-GRP", "Das Boot", ("German",)),
    ("La.Haine.French.1995.DVDRip.XviD-GRP", "La Haine", ("French",)),
    ("El.Mariachi.Spanish.1992.DVDRip", "El Mariachi", ("Spanish",)),
    # look-alikes: a title in another language, or English, which names leave unsaid
    ("The.Good.German.2006.1080p.BluRay", "The Good German", ()),
    ("Johnny.English.2003.1080p.BluRay", "Johnny English", ()),
    ("The.Queens.English.2010.1080p", "The Queens English", ()),
])
def test_language_before_the_year_after_a_title_in_it(name: str, title: str, languages: tuple[str, ...]) -> None:
    g = parse(name)
    assert (g.title, g.languages) == (title, languages)


@pytest.mark.parametrize("name, title, kind", [
    # of several named brackets before the year or the tags, the Latin-script title
    ("[GM-Team][国漫][流浪地球][The Wandering Earth][2019][BDrip][1080P][AVC].mkv", "The Wandering Earth", "movie"),
    ("[Group][进击的巨人][Shingeki no Kyojin][05][1080p]", "Shingeki no Kyojin", "episode"),
    # look-alikes: the first when it is Latin already, or the only one
    ("[Group][Show Name][Alt Name][05][1080p]", "Show Name", "episode"),
    ("[Group][流浪地球][2019][1080p]", "流浪地球", "movie"),
])
def test_names_of_brackets_with_two_titles(name: str, title: str, kind: str) -> None:
    g = parse(name)
    assert (g.title, g.kind) == (title, kind)
