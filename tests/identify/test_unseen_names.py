"""Classes of names written for the purpose (not taken from any test suite) that the
parser got wrong: each class in several naming styles, each rule both ways (where it
applies, and the look-alike where it must not), and each rule switched off once to
show that it is the rule deciding."""
from __future__ import annotations

import pytest

from movievault_build.identify.filename import parse
from tests.identify.names import shape, without


@pytest.mark.parametrize("path, title", [
    # a file with its own episode marker names its show, whatever folder holds it
    ("Season 2009/Elementary - 2009x01.mkv", "Elementary"),
    ("Downloads/Some.Pack.2019.1080p/Some Show - 1x02.mkv", "Some Show"),
    ("Recordings (2015)/Some.Show.S01E02.mkv", "Some Show"),
])
def test_an_episode_file_is_not_titled_by_its_folder(path: str, title: str) -> None:
    assert shape(path)[:2] == ("episode", title)


@pytest.mark.parametrize("path, title", [
    # a season folder that carries the show's title before its season
    ("Some Show Season 1/01.mkv", "Some Show"),
    ("Some Show - Season 2/Episode 3.mkv", "Some Show"),
    ("Downloads/Some Show S01/01 - Pilot.mkv", "Some Show"),
    ("Some.Show.Season.1.1080p/E05.mkv", "Some Show"),
    # look-alikes: a show folder outside it names the show; a bare season folder leaves the file's
    ("Some Show/Season 1/01.mkv", "Some Show"),
    ("Other Show/Some Show Season 1/01.mkv", "Other Show"),
    ("Season 1/Some Show 01.mkv", "Some Show"),
])
def test_a_season_folder_with_the_show_title(path: str, title: str) -> None:
    assert shape(path)[:2] == ("episode", title)


@pytest.mark.parametrize("name, kind, title", [
    # a first or zero-padded season, or an ordinal season, before the year: a season pack
    ("Some Show Season 1 (2010) 1080p", "episode", "Some Show"),
    ("Some.Show.Season.1.2010.1080p.BluRay.x264-GRP", "episode", "Some Show"),
    ("Some Show - Season 02 (2012) [1080p]", "episode", "Some Show"),
    ("Some Show 1ª Temporada Completa 720p", "episode", "Some Show"),
    ("Some Show - 2ª Temporada (2011)", "episode", "Some Show"),
    # look-alikes: a sequel's number before its year, a season word as a title word
    ("Open Season 2 (2008).mkv", "movie", "Open Season 2"),
    ("Open.Season.3.2010.1080p.BluRay", "movie", "Open Season 3"),
    ("Open Season (2006).mkv", "movie", "Open Season"),
])
def test_a_first_season_before_a_year(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("path, kind, title", [
    # a season folder numbered by its year
    ("Some Show/Season 2009/01.mkv", "episode", "Some Show"),
    ("TV/Some Show/Staffel 2014/Some Show - 03.mkv", "episode", "Some Show"),
    # look-alike: a season word inside a film's title, with its year
    ("Movies/Open Season 2008/Open.Season.2008.mkv", "movie", "Open Season"),
])
def test_season_folders_numbered_by_year(path: str, kind: str, title: str) -> None:
    assert shape(path)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title, year", [
    # a number written before its season or episode word
    ("Вечность 1 сезон 5 серия.avi", "episode", "Вечность", None),
    ("Школа. 5 серия.avi", "episode", "Школа", None),
    ("Невский. Близко к правде (2 сезон 6 серия) 2018", "episode", "Невский. Близко к правде", 2018),
    ("Some.Show.2.сезон.720p.WEB-DL", "episode", "Some Show", None),
    # look-alikes: a number in a Russian film title, the word inside another word
    ("Миссия невыполнима 3 (2006) BDRip.mkv", "movie", "Миссия невыполнима 3", 2006),
    ("9 рота (2005) DVDRip.avi", "movie", "9 рота", 2005),
    ("Сезоны 2 (2010).mkv", "movie", "Сезоны 2", 2010),
])
def test_numbers_before_their_season_or_episode_word(name: str, kind: str, title: str, year: int | None) -> None:
    assert shape(name) == (kind, title, year)


@pytest.mark.parametrize("name, kind, title, year", [
    # an episode word and number in a film's title, its year after them
    ("Star Wars Episode 5 The Empire Strikes Back (1980).mkv", "movie",
     "Star Wars Episode 5 The Empire Strikes Back", 1980),
    ("Star.Wars.Episode.6.Return.of.the.Jedi.1983.1080p.BluRay", "movie",
     "Star Wars Episode 6 Return of the Jedi", 1983),
    ("Episode.50.2011.720p.BluRay.x264-GRP", "movie", "Episode 50", 2011),
    # look-alikes: no year after it, a code marker, or a show's folder
    ("Some Show Episode 5 [720p].mkv", "episode", "Some Show", None),
    ("Some Show (2019) Episode 5.mkv", "episode", "Some Show", 2019),
    ("Some.Show.S01E05.2019.1080p.WEB", "episode", "Some Show", None),
    ("TV/Some Show/Season 1/Some Show Episode 5 (2019).mkv", "episode", "Some Show", None),
])
def test_an_episode_word_followed_by_a_year(name: str, kind: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title) == (kind, title) and (year is None or g.year == year)


@pytest.mark.parametrize("name, kind, title", [
    # an anime special set off by a spaced dash
    ("[Group] Some Show - OVA [1080p].mkv", "episode", "Some Show"),
    ("[Group] Some Show - OVA 2 [1080p][ABCD1234].mkv", "episode", "Some Show"),
    ("[Group] Some Show - SP01 (1080p).mkv", "episode", "Some Show"),
    ("Some_Show_-_Special_02_[720p].mkv", "episode", "Some Show"),
    ("Some Show - OAD - Extra Story.mkv", "episode", "Some Show"),
    # look-alikes: an edition, a year after it, a title word
    ("Some Film - Special Edition (2010).mkv", "movie", "Some Film"),
    ("[Group] Some Film - OVA (2015) [1080p].mkv", "movie", "Some Film - OVA"),
    ("Special.Forces.2011.1080p.BluRay.mkv", "movie", "Special Forces"),
])
def test_anime_specials(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title, part", [
    # a miniseries' part before a broadcast capture, with or without a total
    ("Some.Series.Pt.1.HDTV.x264-GRP", "episode", "Some Series", 1),
    ("Some Series Part 2 720p HDTV x264", "episode", "Some Series", 2),
    ("Some.Series.Part3.PDTV.XviD-GRP", "episode", "Some Series", 3),
    ("Some.Series.1of3.HDTV.x264-GRP", "episode", "Some Series", None),
    # look-alikes: a film's part from a disc, counted on a disc, or after its year
    ("Some.Film.Part.1.BluRay.x264-GRP", "movie", "Some Film", 1),
    ("Some Film CD 1 of 2.avi", "movie", "Some Film", 1),
    ("Some.Film.Disc.2.of.3.avi", "movie", "Some Film", 2),
    ("Some.Film.2010.Part.2.HDTV.x264-GRP", "movie", "Some Film", 2),
    ("Some Film Part 2 (2011) 1080p BluRay", "movie", "Some Film Part 2", None),
])
def test_parts_before_a_broadcast_capture(name: str, kind: str, title: str, part: int | None) -> None:
    g = parse(name)
    assert (g.kind, g.title, g.part) == (kind, title, part)


@pytest.mark.parametrize("name, title", [
    # a tag word before a spelled-out season, and "The Complete Series" as one marker
    ("Some.Show.Complete.Season.1.1080p.BluRay.x264-GRP", "Some Show"),
    ("Some Show COMPLETE Season 2 720p WEB", "Some Show"),
    ("Some.Show.Extended.Season.1.1080p", "Some Show"),
    ("Some.Show.The.Complete.Series.1080p.BluRay", "Some Show"),
    ("Some Show - The Complete Series [720p]", "Some Show"),
    # look-alikes: no tag word before the season word, or a title of an article and it
    ("Some.Show.Season.1.1080p.BluRay", "Some Show"),
    ("The.Complete.Season.1.1080p", "The Complete"),
])
def test_tag_words_before_a_season_word(name: str, title: str) -> None:
    assert shape(name)[:2] == ("episode", title)


@pytest.mark.parametrize("name, title", [
    # a whole show's pack, in words
    ("Some Show: The Subtitle Full Series DVDRip", "Some Show: The Subtitle"),
    ("Some.Show.Mini.Series.1080p.BluRay", "Some Show"),
    ("Some Show (2001) Complete Mini Series 1080p", "Some Show"),
    ("Some Show All Seasons (1-8) 720p", "Some Show"),
    ("Some Show (1999) [Episodes 1-1000] [1080p]", "Some Show"),
    ("Some.Show.The.Full.Series.1080p", "Some Show"),
])
def test_packs_of_a_whole_show(name: str, title: str) -> None:
    assert shape(name)[:2] == ("episode", title)


@pytest.mark.parametrize("name, title", [
    # look-alikes: the same words in film titles
    ("The Full Monty (1997).mkv", "The Full Monty"),
    ("Full.Metal.Jacket.1987.1080p.BluRay", "Full Metal Jacket"),
    ("Mini.2019.1080p.WEB", "Mini"),
    ("Series.7.The.Contenders.2001.DVDRip", "Series 7 The Contenders"),
])
def test_pack_words_in_film_titles(name: str, title: str) -> None:
    assert shape(name)[:2] == ("movie", title)


@pytest.mark.parametrize("path, title, year", [
    # a library sorted into year folders
    ("Movies/1995/Heat.mkv", "Heat", 1995),
    ("Films/1995/Heat/heat.720p.mkv", "Heat", 1995),
    # look-alikes: the file's own year wins; a year folder that is the title; a number, no year
    ("Movies/1995/Heat (1996).mkv", "Heat", 1996),
    ("Movies/1917/1917.mkv", "1917", None),
    ("Movies/100/Heat.mkv", "Heat", None),
])
def test_year_folders(path: str, title: str, year: int | None) -> None:
    assert shape(path) == ("movie", title, year)


@pytest.mark.parametrize("name, title", [
    # "Title AKA Other Title": the first, or the Latin-script one
    ("Some Film aka Other Name 2010 1080p BluRay", "Some Film"),
    ("Some.Film.AKA.Other.Name.2010.1080p.BluRay.x264-GRP", "Some Film"),
    ("Кин-дза-дза AKA Kin-dza-dza 1986 DVDRip", "Kin-dza-dza"),
    # look-alikes: "aka" inside a word or a title
    ("Kakashi.2010.1080p", "Kakashi"),
    ("Osaka Story (1994).mkv", "Osaka Story"),
])
def test_also_known_as(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("name, kind, title", [
    # a date without separators, as yymmdd or yyyymmdd
    ("Some.Show.20190512.720p.HDTV.x264-GRP", "episode", "Some Show"),
    ("Some Show 190512 [720p].mkv", "episode", "Some Show"),
    # season and episode words of other languages (markers.txt)
    ("Some Show Sezon 1 Odcinek 2.mkv", "episode", "Some Show"),
    # look-alikes: not a date, a year
    ("Some.Film.2019.1080p.WEB", "movie", "Some Film"),
    ("Some.Film.20191312.720p", "movie", "Some Film 20191312"),
])
def test_dates_and_words_of_other_languages(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("name, kind, title", [
    # episode numbers written "E01E02", "Ep1", "#12"
    ("Some.Show.E01E02.720p.HDTV.x264-GRP", "episode", "Some Show"),
    ("Some.Show.Ep1.mkv", "episode", "Some Show"),
    ("Some Show #12 - Some Title.avi", "episode", "Some Show"),
    ("[Group] Some Show #05 [1080p].mkv", "episode", "Some Show"),
    # look-alikes: inside a word, before a year, "#" before a word
    ("Rep1.2010.1080p.mkv", "movie", "Rep1"),
    ("Some Film #2 (2010).mkv", "movie", "Some Film #2"),
    ("#Alive (2020) 1080p.mkv", "movie", "Alive"),
])
def test_episode_numbers_written_short(name: str, kind: str, title: str) -> None:
    assert shape(name)[:2] == (kind, title)


@pytest.mark.parametrize("path, kind, title", [
    # a bonus feature's number between dashes ends the film's name
    ("/movies/Some_Film-x02-Stunts.mkv", "movie", "Some Film"),
    ("Movies/Some_Film_(2009)-x01-Making_Of.mkv", "movie", "Some Film"),
    # samples: a scene sample's marks, not a title's first word
    ("Some.Film.2010.1080p.BluRay.x264-GRP-sample.mkv", "sample", "Some Film"),
    ("sample-some.film.2010.1080p.mkv", "sample", "some film"),
    ("Sample People (2000).mkv", "movie", "Sample People"),
    # look-alikes: "x" numbers that are a title's or a resolution
    ("Some.Film.2010.1920x1080.mkv", "movie", "Some Film"),
    ("X2 (2003).mkv", "movie", "X2"),
])
def test_bonus_numbers_and_samples(path: str, kind: str, title: str) -> None:
    assert shape(path)[:2] == (kind, title)


@pytest.mark.parametrize("path, kind, title", [
    # a bare number in a show's folder under a TV root is the episode's
    ("Anime/Some Show/01.mkv", "episode", "Some Show"),
    ("TV/Some Show/12.mkv", "episode", "Some Show"),
    # look-alike: in a film's folder it says nothing
    ("Movies/Some Film (2010)/01.mkv", "movie", "Some Film"),
    # 3D layouts written after the title
    ("Some movie.3d.mvc.mkv", "movie", "Some movie"),
    ("Some.Movie.2010.3D.FSBS.1080p.mkv", "movie", "Some Movie"),
])
def test_numbered_files_and_3d_layouts(path: str, kind: str, title: str) -> None:
    assert shape(path)[:2] == (kind, title)


@pytest.mark.parametrize("name, title, year", [
    # "Repack" and "Rerip" before a bare year a release follows are the release's, as "Proper" is
    ("Some.Film.Repack.2010.720p.BluRay.x264-GRP", "Some Film", 2010),
    ("Some.Film.RERIP.2010.720p.BluRay", "Some Film", 2010),
    # look-alike: the word alone before a bracketed year is a title
    ("Repack (2020) 1080p.mkv", "Repack", 2020),
])
def test_repack_before_the_year(name: str, title: str, year: int) -> None:
    assert shape(name) == ("movie", title, year)


@pytest.mark.parametrize("name, title, edition", [
    # German edition words (editions.txt)
    ("Some.Film.Langfassung.2010.German.1080p.BluRay", "Some Film", "Extended"),
    ("Some Film (2010) Kinofassung.mkv", "Some Film", "Theatrical"),
    ("Some.Film.2010.ungeschnitten.German.DL.720p", "Some Film", "Uncut"),
])
def test_edition_words_of_other_languages(name: str, title: str, edition: str) -> None:
    g = parse(name)
    assert (g.title, g.year, g.edition) == (title, 2010, edition)


@pytest.mark.parametrize("name, title", [
    # a sort title's article after a comma goes back in front
    ("Some Film, The (2010).mkv", "The Some Film"),
    ("Matrix, The.1999.1080p.BluRay", "The Matrix"),
    ("Boot, Das (1981) German.mkv", "Das Boot"),
    ("Simpsons,.The.12x08.Some.Title.FR.avi", "The Simpsons"),
    # look-alikes: a comma inside a title, before a word that is no article
    ("Me, Myself & Irene (2000).mkv", "Me, Myself & Irene"),
    ("Gone, Baby, Gone (2007).mkv", "Gone, Baby, Gone"),
])
def test_sort_titles(name: str, title: str) -> None:
    assert parse(name).title == title


@pytest.mark.parametrize("path, kind, title", [
    # under a root that holds shows only, a name without a marker is still an episode
    ("Series/Some Show/Some Show - Black_hole_[DivX].avi", "episode", "Some Show"),
    ("TV/Some Show/Some Show - The Pilot.mkv", "episode", "Some Show"),
    # look-alikes: a film's year under it, a mixed root (anime), a films root
    ("Shows/Some Concert (2010)/Some Concert (2010).mkv", "movie", "Some Concert"),
    ("Anime/Some Film (1988)/Some.Film.1988.mkv", "movie", "Some Film"),
    ("Anime/Some Film/Some Film.mkv", "movie", "Some Film"),
    ("Movies/Some Film/Some Film - The Cut.mkv", "movie", "Some Film"),
])
def test_roots_that_hold_shows_only(path: str, kind: str, title: str) -> None:
    assert shape(path)[:2] == (kind, title)


@pytest.mark.parametrize("name, title, year", [
    # a download site's bare domain before a spaced dash (generic.txt's tld list)
    ("Somesite.pe - Some.Film.2010.FRENCH.DVDRip.avi", "Some Film", 2010),
    ("Torrent9.info - Some Film 2010 FRENCH 720p", "Some Film", 2010),
    # look-alikes: a domain-like title with no dash after it, a dotted show name
    ("Dot.com (2007).mkv", "Dot com", 2007),
    ("Mr.Robot - S01E01.mkv", "Mr Robot", None),
])
def test_a_bare_domain_in_front(name: str, title: str, year: int | None) -> None:
    g = parse(name)
    assert (g.title, g.year) == (title, year)


def test_switching_each_new_rule_off_changes_what_it_decides() -> None:
    assert parse("Episode.50.2011.720p.BluRay", without("episode-word-year")).kind == "episode"
    assert parse("[Group] Some Show - OVA [1080p].mkv", without("special-word")).kind == "movie"
    assert parse("Some.Series.Pt.1.HDTV.x264-GRP", without("broadcast-part")).kind == "movie"
    assert parse("Movies/1995/Heat.mkv", without("year-folder")).year is None
    assert parse("TV/Some Show/Some Show - The Pilot.mkv", without("show-root")).kind == "movie"
    assert parse("Matrix, The.1999.1080p", without("sort-article")).title == "Matrix, The"
    assert parse("/movies/Some_Film-x02-Stunts.mkv", without("bonus-number")).title != "Some Film"
    assert parse("Some Show Season 1 (2010) 1080p", without("season-one")).kind == "movie"
    assert parse("Some Show Season 1/01.mkv", without("season-folder-title")).title != "Some Show"
    assert parse("Some.Film.AKA.Other.Name.2010", without("aka-title")).title == "Some Film AKA Other Name"
    assert parse("Some.Show.Complete.Season.1.1080p", without("tag-before-marker")).title == "Some Show Complete"
