"""Folder context: which of a file's folders names the film, and how far to
trust the name taken.

A file name that carries no title (`170424_26.mkv`, `sample.mkv`, a hash, a
disc label such as `title_t00.mkv`) defers to the nearest folder that parses
as a release or as `Title (Year)`. In a multi-folder release
(`Title (Year)/Release.Name/file.mkv`) the most specific confident folder
names the film, and the folders further out confirm or contest it.

    >>> from .rules.vocab import vocabulary
    >>> v = vocabulary()
    >>> chain = naming_folders(["Heat (1995)", "Heat.1995.1080p.BluRay-GRP"], v, False)
    >>> [f.text for f in chain]
    ['Heat.1995.1080p.BluRay-GRP', 'Heat (1995)']
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from .rules.kind import is_season_dir
from .rules.name import NameInfo, parse_name
from .rules.tags import PART_RE
from .rules.tokens import key_of
from .rules.vocab import Vocabulary
from .rules.year import year_value

# The folders looked at, nearest first: enough for `Title (Year)/Release/CD1/file`.
MAX_FOLDERS = 4
# MakeMKV's "title_t00", "A1_t00", a bare "DISC1", "t03", "00001": disc labels, no title.
# A DVD's title set files: "VTS_01_1".
_DISC_LABEL_RE = re.compile(r"^(?:title|vts|[a-z]\d{0,2}|disc|disk|dvd|bd|cd)?t?\d{1,5}$")


@dataclass(frozen=True)
class Choice:
    """The name trusted for title and year, and where it came from."""
    info: NameInfo
    origin: str               # "file" | "both" (file and folder agree) | "folder"
    confirmed: bool = False   # another folder further out names the same film
    contested: bool = False   # another confident folder names a different one


def naming_folders(folders: list[str], vocab: Vocabulary, numbered: bool) -> list[NameInfo]:
    """The folders that name something, nearest first, up to the second confident
    one: not a library root, a disc, season, extras or sample folder, a part
    folder, a hash, or tags alone."""
    out: list[NameInfo] = []
    sure = 0
    for folder in reversed(folders[-MAX_FOLDERS:]):
        if sure == 2:
            break
        key = key_of(folder)
        if (not key or key in vocab.roots or key in vocab.disc_dirs or key in vocab.extras
                or key in ("sample", "samples") or PART_RE.match(key) or is_season_dir(folder)):
            continue
        # a folder names a show or a film: its trailing number is the title's ("Warehouse 13")
        info = parse_name(folder, vocab, numbered and not vocab.on("folder-number"))
        if info.title and not _hashy(info.title):
            out.append(info)
            sure += confident(info)
    return out


def season_title(folders: list[str], vocab: Vocabulary) -> str | None:
    """The show's title a season folder carries before its season ("Show Name -
    Season 1/01.mkv", "Show Name S01/…"); None for "Season 1" or "Specials"."""
    for folder in reversed(folders[-MAX_FOLDERS:]):
        if is_season_dir(folder):
            info = parse_name(folder, vocab, True)
            return info.title if info.episode else None
    return None


def year_folder(folders: list[str], title: str | None) -> int | None:
    """The year a library sorted by year gives its films ("Movies/1995/Heat.mkv"):
    the nearest folder named by a year alone, unless it is the title ("1917/1917.mkv")."""
    for folder in reversed(folders[-MAX_FOLDERS:]):
        year = year_value(key_of(folder))
        if year is not None and folder.strip() == key_of(folder):
            return None if key_of(title or "") == key_of(folder) else year
    return None


def confident(info: NameInfo) -> bool:
    """Parses as a release or as `Title (Year)`: a title with a year or tags."""
    return bool(info.title) and bool(info.year or info.has_tags)


def _hashy(title: str) -> bool:
    key = key_of(title)
    digits = sum(ch.isdigit() for ch in key)
    return len(key) >= 10 and digits / len(key) >= 0.3


def similar(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = _fold(a), _fold(b)
    short, long_ = sorted((ka, kb), key=len)
    return short == long_ or (len(short) >= 3 and short in long_)


def _fold(text: str) -> str:
    norm = unicodedata.normalize("NFKD", text)
    return key_of("".join(ch for ch in norm if not unicodedata.combining(ch)))


def titleless(file: NameInfo, vocab: Vocabulary) -> bool:
    """The file name carries no title: none at all, a generic word ("movie",
    "VIDEO_TS"), a hash, numbers or a disc label."""
    if not file.title or _hashy(file.title):
        return True
    key = key_of(file.title)
    if key in vocab.generic_files:
        return True     # "1917 (2019).mkv" is a title; "00001.m2ts", "title_t00.mkv" are not
    return not file.year and vocab.on("numbers-only-file") and _DISC_LABEL_RE.match(key) is not None


def is_poor(file: NameInfo, folder: NameInfo, vocab: Vocabulary) -> bool:
    """The file name says little next to its folder: no title, a title of tag
    words only, or a bare short name while the folder has a year or tags
    ("dmd-aw", "ano-cosmo 720p")."""
    if titleless(file, vocab):
        return True
    if similar(file.title, folder.title) or not vocab.on("poor-file-name"):
        return False
    if file.episode:  # "Elementary - 2009x01.mkv" names its show, whatever the folder says
        return False
    if file.year:     # "Heat (1995)/Extended.1995.1080p.mkv"
        return file.year == folder.year and _tag_words(file.title, vocab)
    bare = not file.has_tags or " " not in file.title
    return bare and bool(folder.year or folder.has_tags)


def _tag_words(title: str, vocab: Vocabulary) -> bool:
    """A title made of tag words only: the name took them for want of any other."""
    def tag(text: str) -> bool:
        found = vocab.lookup(key_of(text))
        return found is not None and found.prop in ("edition", "other")
    return tag(title) or all(tag(w) for w in title.split())


def _merged(file: NameInfo, folder: NameInfo) -> dict[str, list[str]]:
    """Tags of both names, the file's first (it describes this very file)."""
    return {k: file.values.get(k) or folder.values[k] for k in {*file.values, *folder.values}}


def choose(file: NameInfo, chain: list[NameInfo], vocab: Vocabulary) -> Choice:
    """Which name to trust: the file's, or the most specific confident folder's
    (else the nearest folder's) when the file name is poor or agrees with it."""
    if not chain:
        return Choice(file, "file")
    folder = next((f for f in chain if confident(f)), chain[0]) if vocab.on("folder-chain") else chain[0]
    choice = combine(file, folder, vocab)
    if choice.origin == "file" or not vocab.on("folder-chain"):
        return choice
    others = [f for f in chain[chain.index(folder) + 1:] if confident(f)]
    confirmed = any(similar(f.title, choice.info.title) for f in others)
    contested = not confirmed and bool(others)
    return replace(choice, confirmed=confirmed, contested=contested)


def combine(file: NameInfo, folder: NameInfo, vocab: Vocabulary) -> Choice:
    if is_poor(file, folder, vocab):
        values = folder.values
        if file.title and key_of(file.title) not in vocab.generic_files:   # not "VIDEO_TS"
            values = _merged(file, folder)
        return Choice(replace(folder, values=values, part=file.part or folder.part), "folder")
    if similar(file.title, folder.title):
        if vocab.on("cut-short-title") and (longer := _cut_short(file, folder)) is not None:
            return Choice(replace(file, title=longer.title, year=longer.year or file.year or folder.year,
                                  values=_merged(file, folder)), "both")
        curated = folder.year and not folder.has_tags      # "Title (Year)"
        inside = len(_fold(folder.title)) < len(_fold(file.title))  # "blow-how.to.be.single"
        lowered = file.title.islower() and not folder.title.islower()   # "ano-cosmo", scene files
        title = folder.title if (curated or inside or lowered) and vocab.on("folder-title") else file.title
        return Choice(replace(file, title=title, year=file.year or folder.year,
                              values=_merged(file, folder)), "both")
    return Choice(file, "file")


def _cut_short(file: NameInfo, folder: NameInfo) -> NameInfo | None:
    """Of a file and its folder, the one whose title the other's own name opens with,
    when that title is the longer: the other read the title's last word as a year or
    a tag ("Wonder Woman 1984/Wonder.Woman.1984.2020.mkv", "Johnny English/Johnny.English.2003.mkv",
    "Wonder Woman 1984 (2020)/Wonder Woman 1984.mkv"). Its year goes with it."""
    file_key, folder_key = _fold(file.title), _fold(folder.title)
    if len(file_key) > len(folder_key) and _fold(folder.text).startswith(file_key):
        return file
    if len(folder_key) > len(file_key) and _fold(file.text).startswith(folder_key):
        return folder
    return None


def confidence(choice: Choice) -> float:
    """How sure the title/year guess is: a year and release tags make a name
    look deliberate; a folder agreeing with its file adds, a folder standing in
    for a poor file name takes away, unless a folder further out names the same
    film; a folder further out naming another film takes away more."""
    info = choice.info
    if not info.title:
        return 0.0
    score = 0.45 + (0.3 if info.year else 0.0) + (0.1 if info.has_tags else 0.0)
    score += {"both": 0.15, "folder": -0.1}.get(choice.origin, 0.0)
    score += 0.15 if choice.confirmed else -0.25 if choice.contested else 0.0
    return round(max(0.05, min(score, 1.0)), 2)
