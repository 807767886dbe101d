"""Identify a movie from its path alone: title, year, kind and release tags.

Offline and fast (compiled patterns, vocabularies loaded once from
`identify/data/`). The file name is parsed first; its folders step in when
the file name says little (`abc123hash.mkv`, `VIDEO_TS.IFO`, `movie.mkv`) or
when a curated `Title (Year)` folder agrees with it.

    >>> parse("Movies/The Matrix (1999)/matrix.mkv").title
    'The Matrix'
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .rules.ids import find_ids
from .rules.kind import extra_type, is_sample, is_season_dir
from .rules.name import NameInfo, parse_name, video_codec
from .rules.tags import PART_RE
from .rules.tokens import key_of
from .rules.vocab import Vocabulary, vocabulary

KINDS = ("movie", "episode", "sample", "extra")
# A "/" with a space on either side separates titles ("Трон / TRON"), not folders.
_SEGMENT_SPLIT = re.compile(r"(?<! )[/\\](?! )")
_EXT_RE = re.compile(r"^(.*)\.([A-Za-z0-9]{2,5})$", re.DOTALL)
_DISC_CONTAINERS = {"videots": "dvd", "bdmv": "bluray"}
_TV_ROOTS = frozenset({"tv", "tvshows", "series", "shows", "anime"})
_LAST_WORD_RE = re.compile(r"[\s._-]+([A-Za-z]+)$")


@dataclass(frozen=True)
class Guess:
    input: str
    kind: str                      # "movie" | "episode" | "sample" | "extra"
    title: str | None
    year: int | None
    edition: str | None = None
    resolution: str | None = None
    source: str | None = None
    part: int | None = None
    ids: Mapping[str, str] = field(default_factory=dict)
    confidence: float = 0.0
    video_codec: str | None = None
    audio: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    group: str | None = None
    three_d: bool = False
    container: str | None = None
    extra_type: str | None = None  # trailer, featurette … when kind == "extra"

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input, "kind": self.kind, "title": self.title, "year": self.year,
            "edition": self.edition, "resolution": self.resolution, "source": self.source,
            "part": self.part, "ids": dict(self.ids), "confidence": self.confidence,
            "video_codec": self.video_codec, "audio": list(self.audio),
            "languages": list(self.languages), "group": self.group,
            "three_d": self.three_d, "container": self.container,
            "extra_type": self.extra_type,
        }


def decode(path: str | bytes | os.PathLike) -> str:
    """Text of a path; undecodable bytes become U+FFFD instead of failing."""
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:          # lone surrogates from os.fsdecode of bad bytes
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return raw


def split_path(text: str, vocab: Vocabulary) -> tuple[list[str], str, str | None]:
    """(folders, file stem, container extension or None)."""
    parts = _rejoin_brackets([p for p in _SEGMENT_SPLIT.split(text) if p.strip()])
    if not parts:
        return [], "", None
    *folders, last = parts
    m = _EXT_RE.match(last)
    if m and m[2].lower() in vocab.containers:
        return folders, m[1], m[2].lower()
    if m and m[2].lower() in vocab.sidecars:
        return folders, m[1], None
    return folders, last, None


def _rejoin_brackets(parts: list[str]) -> list[str]:
    """Undo splits inside brackets: "Bleach 312 [720p/MKV]" is one name."""
    out: list[str] = []
    depth = 0
    for part in parts:
        if depth > 0 and out:
            out[-1] += "/" + part
        else:
            out.append(part)
        depth += sum(part.count(c) for c in "[(") - sum(part.count(c) for c in "])")
        depth = max(depth, 0)
    return out


def parse(path: str | bytes | os.PathLike, vocab: Vocabulary | None = None) -> Guess:
    """Guess what a video path holds. Never raises on odd input. `vocab`: the
    vocabularies and rule switches (the shipped ones unless a benchmark says)."""
    vocab = vocab or vocabulary()
    text = decode(path)
    folders, stem, container = split_path(text, vocab)
    keys = [key_of(f) for f in folders]
    container = _DISC_CONTAINERS.get(next((k for k in keys if k in _DISC_CONTAINERS), ""), container)
    season_dir = any(is_season_dir(f) for f in folders)
    numbered = season_dir or any(k in _TV_ROOTS for k in keys)
    extra = extra_type(stem, folders, vocab)
    sample = is_sample(stem, folders)
    if extra or sample:
        stem = _strip_marker_word(stem, vocab)
    file_info = parse_name(stem, vocab, numbered)
    folder_info = _meaningful_folder(folders, vocab, numbered)
    info, origin = combine(file_info, folder_info, vocab)
    if season_dir and folder_info is not None and folder_info.title:
        info = replace(info, title=folder_info.title)   # "Show/Season 2/Pilot.mkv" -> Show
    # "S02E06 - Title.mkv" leaves no show title, so the folder names it; still an episode.
    episode = info.episode or season_dir or (file_info.episode and not file_info.title)
    kind = "sample" if sample else "extra" if extra else "episode" if episode else "movie"
    return _guess(text, kind, info, file_info, origin, container, extra)


def _strip_marker_word(stem: str, vocab: Vocabulary) -> str:
    """"Heat (1995)-trailer" -> "Heat (1995)"; "movie.sample" -> "movie"."""
    m = _LAST_WORD_RE.search(stem)
    if m and (m[1].lower() == "sample" or m[1].lower() in vocab.extras):
        return stem[:m.start()]
    return stem


def _meaningful_folder(folders: list[str], vocab: Vocabulary, numbered: bool) -> NameInfo | None:
    """The nearest folder that names something: not a library root, a disc or
    season folder, an extras/sample folder, a hash, or tags alone."""
    for folder in reversed(folders):
        key = key_of(folder)
        if (not key or key in vocab.roots or key in vocab.disc_dirs or key in vocab.extras
                or key in ("sample", "samples") or PART_RE.match(key) or is_season_dir(folder)):
            continue
        info = parse_name(folder, vocab, numbered)
        if info.title and not _hashy(info.title):
            return info
    return None


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


def is_poor(file: NameInfo, folder: NameInfo, vocab: Vocabulary) -> bool:
    """The file name says little next to its folder: empty, generic, hash-like,
    or a bare short name while the folder has a year or tags."""
    if not file.title or _hashy(file.title) or key_of(file.title) in vocab.generic_files:
        return True
    if similar(file.title, folder.title) or file.year or not vocab.on("poor-file-name"):
        return False
    bare = not file.has_tags or " " not in file.title      # "dmd-aw", "ano-cosmo 720p"
    return bare and bool(folder.year or folder.has_tags)


def _merged(file: NameInfo, folder: NameInfo) -> dict[str, list[str]]:
    """Tags of both names, the file's first (it describes this very file)."""
    return {k: file.values.get(k) or folder.values[k] for k in {*file.values, *folder.values}}


def combine(file: NameInfo, folder: NameInfo | None, vocab: Vocabulary) -> tuple[NameInfo, str]:
    """The name to trust, and where it came from: "file", "folder", or "both"
    (file and folder agree)."""
    if folder is None:
        return file, "file"
    if is_poor(file, folder, vocab):
        values = folder.values
        if file.title and key_of(file.title) not in vocab.generic_files:   # not "VIDEO_TS"
            values = _merged(file, folder)
        return replace(folder, values=values, part=file.part or folder.part), "folder"
    if similar(file.title, folder.title):
        curated = folder.year and not folder.has_tags          # "Title (Year)"
        inside = len(_fold(folder.title)) < len(_fold(file.title))  # "blow-how.to.be.single"
        title = folder.title if (curated or inside) and vocab.on("folder-title") else file.title
        return replace(file, title=title, year=file.year or folder.year,
                       values=_merged(file, folder)), "both"
    return file, "file"


def confidence(info: NameInfo, origin: str) -> float:
    """How sure the title/year guess is: a year and release tags make a name
    look deliberate; a folder agreeing with its file adds, a folder standing in
    for a poor file name takes away."""
    if not info.title:
        return 0.0
    score = 0.45 + (0.3 if info.year else 0.0) + (0.1 if info.has_tags else 0.0)
    score += {"both": 0.15, "folder": -0.1}.get(origin, 0.0)
    return round(max(0.05, min(score, 1.0)), 2)


def _resolution(info: NameInfo) -> str | None:
    """An explicit resolution, else 2160p for a bare "4K"/"UHD" tag."""
    return info.first("resolution") or ("2160p" if "4K" in info.values.get("other", ()) else None)


def _guess(text: str, kind: str, info: NameInfo, file_info: NameInfo, origin: str,
           container: str | None, extra: str | None) -> Guess:
    source = "Remux" if "Remux" in info.values.get("source", []) else info.first("source")
    return Guess(
        input=text, kind=kind, title=info.title, year=info.year,
        edition=info.first("edition"), resolution=_resolution(info), source=source,
        part=file_info.part or info.part, ids=find_ids(text),
        confidence=confidence(info, origin),
        video_codec=video_codec(info), audio=tuple(info.values.get("audio", ())),
        languages=tuple(info.values.get("language", ())), group=file_info.group or info.group,
        three_d=info.three_d or file_info.three_d, container=container,
        extra_type=extra if kind == "extra" else None,
    )
