"""A third round of names written for the purpose (not taken from any test suite),
in the naming styles the earlier rounds left out: seasons set off by a dash before a
year, episode numbers written before the episode's title or as four digits, pairs
and ranges joined by "~" or "+", a leading bracket that names the film before bare
tags, tag words after a title's article or opening a name before its year, a number
after a lone article, "Sample" as a title's word, seasons numbered in words, anime
creditless openings and endings, and Nordic, Turkish and plural season and episode words. Each rule both ways (where it applies,
and the look-alike where it must not), and switched off once to show it decides."""
from __future__ import annotations

import pytest

from movievault_build.identify.filename import parse
from tests.identify.names import shape, without


@pytest.mark.parametrize("name, kind, title, year", [
    # a season word set off from the title by a spaced dash marks a season before a year too
    ("Some Show - Season 3 (2019) [1080p]", "episode", "Some Show", 2019),
    ("Some Show - Staffel 2 (2019) German 1080p", "episode", "Some Show", 2019),
    ("Some_Show_-_Season_10_(2019)", "episode", "Some Show", 2019),
    # look-alikes: a sequel's number after the title's own words, a season word without a number
    ("Open Season 2 (2008) - 1080p", "movie", "Open Season 2", 2008),
    ("Some Film - Season of the Witch (2011)", "movie", "Some Film - Season of the Witch", 2011),
    ("Hunting Season (2019)", "movie", "Hunting Season", 2019),
])
def test_a_season_set_off_by_a_dash_before_a_year(name: str, kind: str, title: str, year: int) -> None:
    assert shape(name) == (kind, title, year)


@pytest.mark.parametrize("name, kind, title", [
    # a zero-led number between title words, no year after it: the episode's number
    ("Some.Show.03.The.Arrival.720p.BluRay.x264-GRP", "episode", "Some Show"),
    ("Some Show 03 The Arrival.avi", "episode", "Some Show"),
    ("Some_Show_01_Pilot_[DVDRip].avi", "episode", "Some Show"),
    # look-alikes: a year after it, a number without a zero, three digits
    ("Some Film 09 Lives (2009)", "movie", "Some Film 09 Lives"),
    ("Some.Film.9.Lives.720p.BluRay", "movie", "Some Film 9 Lives"),
    ("Agent.007.Returns.720p.BluRay", "movie", "Agent 007 Returns"),
])
def test_an_episode_number_before_the_episode_title(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title", [
    # season and episode as four digits before a broadcast capture
    ("some.show.1205.hdtv-lol.mp4", "episode", "some show"),
    ("Some.Show.1101.HDTV.x264-LOL", "episode", "Some Show"),
    # look-alikes: no episode number under 40, no broadcast capture
    ("Blade.Runner.2049.HDTV.x264", "movie", "Blade Runner 2049"),
    ("Some.Film.1250.HDTV.x264", "movie", "Some Film 1250"),
    ("Some.Film.1205.720p.BluRay", "movie", "Some Film 1205"),
])
def test_four_digit_episode_numbers_before_a_broadcast_capture(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title", [
    # episodes paired or ranged with "~" or "+"
    ("[Group] Some Show 01~12 [1080p]", "episode", "Some Show"),
    ("[Group] Some Show - 05+06 [720p].mkv", "episode", "Some Show"),
    ("Some Show - 05~06 [720p].mkv", "episode", "Some Show"),
    # look-alike: a year after the numbers
    ("Some Film 1~2 (2010).mkv", "movie", "Some Film 1~2"),
])
def test_episodes_joined_by_tilde_or_plus(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, title, year", [
    # a leading bracket with a title and a year, only tags after it: the title
    ("[Some Film 2019] 1080p BluRay", "Some Film", 2019),
    ("[Some Film (2019)] 720p x264", "Some Film", 2019),
    ("(Some Film 2019) 1080p BluRay x264", "Some Film", 2019),
    # look-alikes: title words after the bracket make it a group's
    ("[Group 2019] Some.Movie.2019.1080p.WEB-DL", "Some Movie", 2019),
    ("[Group] Some Film (2019) 1080p", "Some Film", 2019),
])
def test_a_leading_bracket_before_bare_tags(name: str, title: str, year: int) -> None:
    assert shape(name) == ("movie", title, year)


@pytest.mark.parametrize("name, title, year", [
    # tag words right after the article opening a name are the title's
    ("The.Anniversary.Party.2001.1080p.BluRay", "The Anniversary Party", 2001),
    ("The Convert (2023) 1080p", "The Convert", 2023),
    ("The.Criterion.2010.1080p", "The Criterion", 2010),
    ("The.Director's.Cut.2016.1080p.WEB", "The Director's Cut", 2016),
    # look-alikes: after the title's own words, the tag is the release's
    ("The.Movie.Extended.2010.1080p", "The Movie", 2010),
    ("The Film Extended (2015) 1080p", "The Film", 2015),
])
def test_tag_words_after_an_opening_article(name: str, title: str, year: int) -> None:
    assert shape(name) == ("movie", title, year)


@pytest.mark.parametrize("name, kind, title", [
    # anime creditless openings and endings set off by a spaced dash (markers.txt)
    ("[Group] Some Show - NCOP [1080p].mkv", "episode", "Some Show"),
    ("[Group] Some Show - NCED 02 [1080p].mkv", "episode", "Some Show"),
    # Nordic and Turkish season and episode words (markers.txt)
    ("Some Show Säsong 1 Avsnitt 5.mkv", "episode", "Some Show"),
    ("Some Show Sæson 1 Afsnit 5.mkv", "episode", "Some Show"),
    ("Some Show Kausi 1 Jakso 5.mkv", "episode", "Some Show"),
    ("Some Show Sezon 1 Bölüm 5.mkv", "episode", "Some Show"),
    # look-alike: the word inside another word
    ("Säsongen (2019).mkv", "movie", "Säsongen"),
])
def test_marker_words_of_this_round(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title", [
    # a season numbered in words, no year or dashed episode number after it
    ("Some Show - Season One [1080p]", "episode", "Some Show"),
    ("Some Show Season Two 1080p BluRay", "episode", "Some Show"),
    ("Some Show - The Complete First Season", "episode", "Some Show"),
    ("Some Show 3rd Season 1080p", "episode", "Some Show"),
    # look-alikes: a year after it, a dashed episode number after it, nothing before it
    ("Season.One.2019.1080p", "movie", "Season One"),
    ("Some Show 2nd Season - 05 [1080p]", "episode", "Some Show 2nd Season"),
    ("Second.Season.720p.BluRay", "movie", "Second Season"),
    ("The Final Season (2007)", "movie", "The Final Season"),
])
def test_seasons_numbered_in_words(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title", [
    # plural season words and "Box Set" before a season marker (markers.txt, other.txt)
    ("Some Show - Temporadas 1 a 3", "episode", "Some Show"),
    ("Some Show Staffeln 1-3 German", "episode", "Some Show"),
    ("Some Show Box Set S01-S05", "episode", "Some Show"),
    # look-alike: the words as a film's title
    ("The Box Set (2019).mkv", "movie", "The Box Set"),
])
def test_season_and_pack_words_of_this_round(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, title, edition", [
    # edition words before the year (editions.txt)
    ("Some.Film.Colorized.1954.1080p.BluRay.x264-GRP", "Some Film", "Colorized"),
    ("Some.Film.Digitally.Remastered.1954.1080p", "Some Film", "Remastered"),
    ("Some.Film.Rogue.Cut.2014.1080p.BluRay", "Some Film", "Rogue Cut"),
    # look-alike: the word alone before a bracketed year is the title
    ("Colorized (2019).mkv", "Colorized", None),
])
def test_edition_words_of_this_round(name: str, title: str, edition: str | None) -> None:
    g = parse(name)
    assert (g.title, g.edition) == (title, edition)


@pytest.mark.parametrize("name, title, year", [
    # technical words opening a name, the year right after them: the title
    ("Opus (2025) [1080p] [BluRay] [YTS.MX]", "Opus", 2025),
    ("Opus.2025.1080p.WEB", "Opus", 2025),
    ("Remux.2020.1080p", "Remux", 2020),
    # look-alikes: a title after them, before or after the year
    ("h265 - HEVC Riddick Unrated Director Cut French 1080p DTS.mkv", "Riddick", None),
    ("DTS 2019 Some Film 1080p", "Some Film", 2019),
    ("DTS (2019) Some Film.mkv", "Some Film", 2019),
])
def test_technical_words_as_a_title(name: str, title: str, year: int | None) -> None:
    assert shape(name) == ("movie", title, year)


@pytest.mark.parametrize("path, title", [
    # a number after a lone article is the show's title, not its episode number
    ("TV/The 100/Season 1/The 100 - S01E02.mkv", "The 100"),
    ("TV/The 4400/Season 1/01.mkv", "The 4400"),
    # look-alike: after title words it is the episode's
    ("[Grp] The Show 05 [720p].mkv", "The Show"),
])
def test_a_number_after_a_lone_article(path: str, title: str) -> None:
    assert shape(path)[:2] == ("episode", title)


@pytest.mark.parametrize("name, title, year", [
    # after a [group], a tag word or a number before the year is the film's title
    ("[GRP] Proof (2005) [1080p].mkv", "Proof", 2005),
    ("[GRP] Extras (2005) [1080p].mkv", "Extras", 2005),
    ("[GRP] 1917 (2019) [1080p].mkv", "1917", 2019),
    # look-alikes: nothing but the year, or a sign, after a bracket that is the title
    ("[REC] (2007).mkv", "[REC]", 2007),
    ("[REC]² (2009) 1080p", "[REC]²", 2009),
])
def test_a_tag_word_title_after_a_group(name: str, title: str, year: int) -> None:
    assert shape(name) == ("movie", title, year)


@pytest.mark.parametrize("path, kind, title", [
    # "Sample" written as a title's word, before a dot or underscore
    ("Sample.People.2000.1080p.BluRay.x264-GRP", "movie", "Sample People"),
    ("Sample_People_(2000)_[1080p].mkv", "movie", "Sample People"),
    # look-alikes: a scene sample's marks
    ("sample-grp-some.film.mkv", "sample", "sample-grp-some film"),
    ("Some.Film.2010.1080p-sample.mkv", "sample", "Some Film"),
    ("Some.Film.2010.1080p.BluRay-GRP/Sample/Sample.Some.Film.mkv", "sample", "Some Film"),
])
def test_sample_as_a_title_word(path: str, kind: str, title: str) -> None:
    assert shape(path)[:2] == (kind, title)


@pytest.mark.parametrize("path, title", [
    # a show's folder: its trailing number is the title's, not an episode's
    ("TV/Warehouse 13/Season 1/Warehouse 13 - S01E02.mkv", "Warehouse 13"),
    ("TV/Catch-22/Season 1/02 - Episode Title.mkv", "Catch-22"),
    ("Anime/Some Psycho 100/Season 1/Some Psycho 100 - 07.mkv", "Some Psycho 100"),
    # look-alike: a zero-led number in a TV folder is still the episode's
    ("TV/Some Show 07/01.mkv", "Some Show"),
])
def test_a_number_ending_a_show_folder(path: str, title: str) -> None:
    assert shape(path)[:2] == ("episode", title)


@pytest.mark.parametrize("path, title, year", [
    # of a file and its folder, the longer title wins, with its year, when the other's
    # name opens with it: the other read its last word as a year or a tag
    ("Wonder Woman 1984/Wonder.Woman.1984.2020.1080p.mkv", "Wonder Woman 1984", 2020),
    ("Movies/Wonder Woman 1984 (2020)/Wonder Woman 1984.mkv", "Wonder Woman 1984", 2020),
    ("Movies/2001 A Space Odyssey (1968)/2001 A Space Odyssey.mkv", "2001 A Space Odyssey", 1968),
    ("Johnny English/Johnny.English.2003.1080p.mkv", "Johnny English", 2003),
    ("The Good German/The.Good.German.2006.1080p.mkv", "The Good German", 2006),
    # look-alikes: a scene file's name, a curated folder, a shorter file name
    ("How to Be Single (2016)/blow-how.to.be.single.1080p.mkv", "How to Be Single", 2016),
    ("Movies/The Matrix (1999)/matrix.mkv", "The Matrix", 1999),
    ("Movies/Heat (1995)/Heat.1080p.BluRay.mkv", "Heat", 1995),
])
def test_a_title_cut_short_by_its_file_or_folder(path: str, title: str, year: int) -> None:
    assert shape(path) == ("movie", title, year)


@pytest.mark.parametrize("path, title, year", [
    # a weak word ending a name after a lone article is a title word
    ("Movies/The Extended/The.Extended.2019.1080p.mkv", "The Extended", 2019),
    ("The Internal (2019).mkv", "The Internal", 2019),
    ("Movies/The Convert/The.Convert.2023.1080p.mkv", "The Convert", 2023),
    ("Movies/The French/The French.mkv", "The French", None),
    # a folder named by one tag word is a folder, not "Dual/" of "Dual/Dual"
    ("Dual/Dual.2022.1080p.mkv", "Dual", 2022),
    ("Opus/Opus.2025.1080p.mkv", "Opus", 2025),
    # look-alikes: after title words the word is the release's; tags either side of a "/"
    ("Some.Film.German.mkv", "Some Film", None),
    ("Some Film 2010 AC3/DTS 1080p.mkv", "Some Film", 2010),
])
def test_lone_articles_and_one_word_folders(path: str, title: str, year: int | None) -> None:
    assert shape(path) == ("movie", title, year)


def test_switching_each_new_rule_off_changes_what_it_decides() -> None:
    assert parse("Opus (2025) [1080p] [BluRay]", without("tech-title")).title != "Opus"
    assert parse("[Grp] The 100 [720p].mkv", without("article-number")).title == "The"
    assert parse("TV/Warehouse 13/Season 1/Warehouse 13 - S01E02.mkv", without("folder-number")).title == "Warehouse"
    assert parse("Johnny English/Johnny.English.2003.1080p.mkv", without("cut-short-title")).title == "Johnny"
    assert parse("Movies/The French/The French.mkv", without("article-title")).title == "The"
    assert parse("[GRP] Proof (2005) [1080p].mkv", without("group-before-title")).title == "[GRP]"
    assert parse("Some Show Season Two 1080p BluRay", without("spelled-season")).kind == "movie"
    assert parse("Some Show - Season 3 (2019) [1080p]", without("season-dash")).kind == "movie"
    assert parse("Some.Show.03.The.Arrival.720p.BluRay", without("titled-number")).kind == "movie"
    assert parse("some.show.1205.hdtv-lol.mp4", without("four-digit-episode")).kind == "movie"
    assert parse("The.Anniversary.Party.2001.1080p", without("article-lead-tag-word")).title == "The"
    assert parse("[Some Film 2019] 1080p BluRay", without("bracketed-title")).title != "Some Film"
