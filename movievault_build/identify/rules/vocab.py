"""The parser's token vocabularies, read once from `identify/data/*.txt`.

Each list maps a *key* (a token, or up to four adjacent tokens, reduced to
lower-case letters and digits) to a `Tag`: the property it belongs to, its
canonical value, whether it is *weak* (a word also common in titles) and
whether it is *title-like* (a tag word that is a title word before the year).

The vocabulary also carries the parser's rule switches (`off`): every named
rule (`RULES`) is on in normal use; `benchmarks/identify_holdout.py` turns
rules off to measure which corpus lines each one is needed for.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# File name (without .txt) -> the property its tags fill.
TAG_FILES = {
    "sources": "source", "video": "video", "audio": "audio",
    "languages": "language", "editions": "edition", "other": "other", "groups": "group",
}
MAX_PHRASE = 4
_MARKS = "~^="      # weak, title-like, capitals only (data/README.txt)
# Audio keys may carry a channel count or profile suffix: DD5, AAC2, DDP51, FLACx2.
_AUDIO_SUFFIX = re.compile(r"^(?P<base>[a-z]+?)(?:\d{1,2}|x\d|v\d)$")


@dataclass(frozen=True, slots=True)
class Tag:
    prop: str        # source, video, audio, language, edition, other
    value: str       # canonical value, e.g. "WEB-DL"
    weak: bool = False
    title_like: bool = False   # "3D", "HDR", "Extended": a title word before a bare year
    capitals: bool = False     # "OM": a tag only when written in capitals ("Om Shanti Om" is a title)


@dataclass(frozen=True)
class Vocabulary:
    tags: dict[str, Tag]
    extras: dict[str, str]           # folder name / suffix key -> extra type
    roots: frozenset[str]            # library root folder keys
    disc_dirs: frozenset[str]        # disc structure folder keys
    generic_files: frozenset[str]    # generic file-name keys
    containers: frozenset[str]       # video file extensions
    sidecars: frozenset[str]         # subtitle, NFO, image … extensions
    prefixes: frozenset[str] = frozenset()   # every prefix of a tag key, to grow phrases
    labels: frozenset[str] = frozenset()     # genre and language keys ("drama", "fr")
    tv_roots: frozenset[str] = frozenset()   # root folder keys that hold shows
    show_roots: frozenset[str] = frozenset()  # root folder keys that hold shows only
    off: frozenset[str] = frozenset()        # RULES switched off (benchmarks only)

    def on(self, rule: str) -> bool:
        return rule not in self.off

    def lookup(self, key: str) -> Tag | None:
        tag = self.tags.get(key)
        if tag is None:
            m = _AUDIO_SUFFIX.match(key)
            if m:
                base = self.tags.get(m["base"])
                if base is not None and base.prop == "audio":
                    return base
        return tag


def read_list(path: Path) -> list[tuple[str, list[str]]]:
    """(canonical, aliases) pairs of one data file; see data/README.txt."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        canonical, sep, rest = line.partition(":")
        if sep:
            rows.append((canonical.strip(), rest.split()))
        else:
            rows.extend((word.lstrip(_MARKS), [word]) for word in line.split())
    return rows


def _tags() -> dict[str, Tag]:
    tags: dict[str, Tag] = {}
    for stem, prop in TAG_FILES.items():
        for canonical, aliases in read_list(DATA_DIR / f"{stem}.txt"):
            for alias in aliases:
                title_like = alias.startswith("^")
                weak = title_like or alias.startswith("~")
                capitals = alias.startswith("=")
                tags.setdefault(alias.lstrip(_MARKS), Tag(prop, canonical, weak, title_like, capitals))
    return tags


def word_groups(stem: str) -> dict[str, list[str]]:
    """One data file's named word lists ("season: season saison …")."""
    return {name: aliases for name, aliases in read_list(DATA_DIR / f"{stem}.txt")}


def alternation(words: list[str]) -> str:
    """A regular-expression alternation of words, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    extras = {alias: kind for kind, aliases in read_list(DATA_DIR / "extras.txt")
              for alias in aliases}
    generic = word_groups("generic")
    tags = _tags()
    prefixes = frozenset(key[:n] for key in tags for n in range(1, len(key)))
    genres = [alias for _, aliases in read_list(DATA_DIR / "genres.txt") for alias in aliases]
    languages = [k for k, tag in tags.items() if tag.prop == "language"]
    return Vocabulary(
        tags=tags, extras=extras, prefixes=prefixes, labels=frozenset(genres + languages),
        roots=frozenset(generic["root"]), disc_dirs=frozenset(generic["disc"]),
        generic_files=frozenset(generic["file"]), tv_roots=frozenset(generic["tvroot"]),
        show_roots=frozenset(generic["showroot"]),
        containers=frozenset(word_groups("containers")["video"]),
        sidecars=frozenset(word_groups("containers")["sidecar"]),
    )
