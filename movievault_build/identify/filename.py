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
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from .folders import Choice, choose, confidence, naming_folders, season_title, year_folder
from .rules.ids import find_ids
from .rules.kind import extra_type, is_sample, is_season_dir
from .rules.name import NameInfo, parse_name, video_codec
from .rules.tokens import key_of
from .rules.vocab import Vocabulary, vocabulary

KINDS = ("movie", "episode", "sample", "extra")
# A "/" with a space on either side separates titles ("Трон / TRON"), not folders.
_SEGMENT_SPLIT = re.compile(r"(?<! )[/\\](?! )")
_EXT_RE = re.compile(r"^(.*)\.([A-Za-z0-9]{2,5})$", re.DOTALL)
_DISC_CONTAINERS = {"videots": "dvd", "bdmv": "bluray"}
_WORDS_RE = re.compile(r"[^\W_]+")
_LAST_WORD_RE = re.compile(r"[\s._-]+([A-Za-z]+)$")
_EPISODE_NUMBER_RE = re.compile(r"^\s*\d{1,4}\s*$")


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
    origin: str = "file"           # where title and year came from: file | both | folder

    def to_dict(self) -> dict[str, Any]:
        return {
            "input": self.input, "kind": self.kind, "title": self.title, "year": self.year,
            "edition": self.edition, "resolution": self.resolution, "source": self.source,
            "part": self.part, "ids": dict(self.ids), "confidence": self.confidence,
            "video_codec": self.video_codec, "audio": list(self.audio),
            "languages": list(self.languages), "group": self.group,
            "three_d": self.three_d, "container": self.container,
            "extra_type": self.extra_type, "origin": self.origin,
        }


def decode(path: str | bytes | os.PathLike) -> str:
    """Text of a path; undecodable bytes become U+FFFD instead of failing."""
    raw = os.fspath(path)
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:          # lone surrogates
        return _unsurrogate(raw)
    return raw


def _unsurrogate(raw: str) -> str:
    try:       # os.fsdecode's escapes of undecodable bytes: back to the bytes, then U+FFFD
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:          # a surrogate no undecodable byte makes ("\ud800")
        return raw.encode("utf-8", "replace").decode("utf-8")


def split_path(text: str, vocab: Vocabulary) -> tuple[list[str], str, str | None]:
    """(folders, file stem, container extension or None)."""
    parts = _rejoin_brackets([p for p in _SEGMENT_SPLIT.split(text) if p.strip()])
    if len(parts) > 1 and vocab.on("tag-slash"):
        parts = _rejoin_tags(parts, vocab)
    if not parts:
        return [], "", None
    *folders, last = parts
    m = _EXT_RE.match(last)
    if m and m[2].lower() in vocab.containers:
        return folders, m[1], m[2].lower()
    if m and m[2].lower() in vocab.sidecars:
        return folders, m[1], None
    return folders, last, None


def _rejoin_tags(parts: list[str], vocab: Vocabulary) -> list[str]:
    """Undo splits between two tags: "… H.265 Ukr/Eng | Sub Ukr/Eng", "AC3/DTS"."""
    out = [parts[0]]
    for part in parts[1:]:
        before, after = _WORDS_RE.findall(out[-1]), _WORDS_RE.findall(part)
        # a folder named by one word is a folder ("Dual/Dual.2022.1080p.mkv")
        if len(before) > 1 and after and vocab.lookup(key_of(before[-1])) and vocab.lookup(key_of(after[0])):
            out[-1] += "/" + part
        else:
            out.append(part)
    return out


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
    numbered = season_dir or any(k in vocab.tv_roots for k in keys)
    show_root = vocab.on("show-root") and any(k in vocab.show_roots for k in keys)
    extra = extra_type(stem, folders, vocab)
    sample = is_sample(stem, folders)
    if extra or sample:
        stem = _strip_marker_word(stem, vocab)
    file_info = parse_name(stem, vocab, numbered)
    chain = naming_folders(folders, vocab, numbered)
    choice = choose(file_info, chain, vocab)
    # "Show/Season 2/Pilot.mkv" -> Show; "Show - Season 2/01.mkv" -> Show
    show = (chain[0].title if chain else season_title(folders, vocab) if vocab.on("season-folder-title")
            else None) if season_dir else None
    if show:
        choice = replace(choice, info=replace(choice.info, title=show))
    # "S02E06 - Title.mkv" leaves no show title, so the folder names it; still an episode.
    # A name of digits alone ("170424_26.mkv") is a camera's or a disc's numbering.
    # Inside a TV folder it is the episode's number ("Anime/Some Show/01.mkv").
    counted = numbered or any(ch.isalpha() for ch in stem) or not vocab.on("numbers-only-file")
    numbered_file = numbered and vocab.on("numbers-only-file") and _EPISODE_NUMBER_RE.match(stem) is not None
    # under a shows-only root, a name without a year is an episode ("Shows/Live (2010).mkv" is a film)
    episode = (choice.info.episode or season_dir or numbered_file or (show_root and not choice.info.year)
               or (file_info.episode and not file_info.title and counted))
    kind = "sample" if sample else "extra" if extra else "episode" if episode else "movie"
    if kind == "movie" and choice.info.year is None and folders and vocab.on("year-folder") \
            and (year := year_folder(folders, choice.info.title)):
        choice = replace(choice, info=replace(choice.info, year=year))
    return _guess(text, kind, choice, file_info, container, extra)


def _strip_marker_word(stem: str, vocab: Vocabulary) -> str:
    """"Heat (1995)-trailer" -> "Heat (1995)"; "movie.sample" -> "movie"."""
    m = _LAST_WORD_RE.search(stem)
    if m and (m[1].lower() == "sample" or m[1].lower() in vocab.extras):
        return stem[:m.start()]
    return stem


def _resolution(info: NameInfo) -> str | None:
    """An explicit resolution, else 2160p for a bare "4K"/"UHD" tag."""
    return info.first("resolution") or ("2160p" if "4K" in info.values.get("other", ()) else None)


def _guess(text: str, kind: str, choice: Choice, file_info: NameInfo,
           container: str | None, extra: str | None) -> Guess:
    info = choice.info
    source = "Remux" if "Remux" in info.values.get("source", []) else info.first("source")
    return Guess(
        input=text, kind=kind, title=info.title, year=info.year,
        edition=info.first("edition"), resolution=_resolution(info), source=source,
        part=file_info.part or info.part, ids=find_ids(text),
        confidence=confidence(choice), origin=choice.origin,
        video_codec=video_codec(info), audio=tuple(info.values.get("audio", ())),
        languages=tuple(info.values.get("language", ())), group=file_info.group or info.group,
        three_d=info.three_d or file_info.three_d, container=container,
        extra_type=extra if kind == "extra" else None,
    )
