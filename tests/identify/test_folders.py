"""Folder context: a file name that carries no title defers to the nearest
folder that parses as a release or `Title (Year)`; in a multi-folder release
the most specific confident folder names the film and the confidence says
whether the folders further out agree."""
from __future__ import annotations

import doctest

import pytest

from movievault_build.identify import folders
from movievault_build.identify.filename import parse

RELEASE = "Release.Name.2018.1080p.BluRay.x264-GRP"


@pytest.mark.parametrize("stem", [
    "170424_26.mkv",            # a camera's or recorder's numbering (looks like a date)
    "00001.m2ts",               # a disc's stream number
    "123.mkv",
    "title_t00.mkv",            # MakeMKV
    "A1_t03.mkv",
    "DISC1.mkv",
    "0e895c37245186812cb08aab1529cf8e.mkv",   # a hash
    "movie.mkv",                # a generic word
])
@pytest.mark.parametrize("folder, title, year", [
    (RELEASE, "Release Name", 2018),
    ("Movies/Some Film (1999)", "Some Film", 1999),
])
def test_a_file_name_without_a_title_takes_the_folders(stem: str, folder: str, title: str, year: int) -> None:
    g = parse(f"{folder}/{stem}")
    assert (g.kind, g.title, g.year, g.origin) == ("movie", title, year, "folder")


def test_a_sample_takes_the_folders_title() -> None:
    g = parse(f"{RELEASE}/sample.mkv")
    assert (g.kind, g.title, g.year) == ("sample", "Release Name", 2018)


def test_numbers_in_a_tv_folder_are_still_an_episode() -> None:
    assert parse("TV Shows/The Daily Show/2014.07.22.mkv").kind == "episode"
    assert parse("Shows/Some Show/Season 1/0101.mkv").kind == "episode"


def test_the_most_specific_confident_folder_names_the_film() -> None:
    g = parse(f"Movies/Some Film (2018)/{RELEASE}/170424_26.mkv")
    assert (g.title, g.year) == ("Release Name", 2018)
    # a folder that names nothing confidently is passed over for one further out
    g = parse("Movies/Some Film (1999)/Stuff/170424_26.mkv")
    assert (g.title, g.year) == ("Some Film", 1999)


def test_confidence_says_whether_the_folders_agree() -> None:
    alone = parse(f"{RELEASE}/170424_26.mkv").confidence
    agreed = parse(f"Movies/Release Name (2018)/{RELEASE}/170424_26.mkv").confidence
    contested = parse(f"Movies/Other Film (1999)/{RELEASE}/170424_26.mkv").confidence
    named = parse(f"Movies/Release Name (2018)/{RELEASE}/release.name.2018.1080p.mkv").confidence
    assert contested < 0.6 <= alone < agreed <= named
    assert parse(f"Movies/Other Film (1999)/{RELEASE}/170424_26.mkv").title == "Release Name"


def test_a_numeric_title_is_a_title() -> None:
    assert (parse("1917 (2019).mkv").title, parse("Movies/21 (2008)/21.2008.mkv").title) == ("1917", "21")
    g = parse("/server/Movies/300 (2007)/300 (2006).mkv")
    assert (g.title, g.year, g.origin) == ("300", 2006, "both")


def test_scene_file_names_spelled_by_their_folder() -> None:
    g = parse("How.To.Be.Single.2016.1080p.BluRay.x264-BLOW/blow-how.to.be.single.2016.1080p.bluray.x264.mkv")
    assert (g.title, g.origin) == ("How To Be Single", "both")


def test_docstring_examples() -> None:
    assert doctest.testmod(folders).failed == 0
