"""Scoring for the filename corpus (`<repo>/../shared/corpus/filenames.jsonl`),
as its README states: NFKC + case-fold, `&` -> `and`, diacritics stripped,
apostrophes deleted, other punctuation -> space, spaces collapsed, runs of
single letters joined ("R.I.P.D." -> "ripd"); `title` or any `alt_titles`;
the year only when `year_asserted`. Lines whose title is null are not scored
on title (the source states none)."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

# <repo>/../shared; MOVIEVAULT_SHARED points elsewhere (a worktree checked out beside the repo).
SHARED = Path(os.environ.get("MOVIEVAULT_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")
CORPUS = SHARED / "corpus" / "filenames.jsonl"
_PUNCT = re.compile(r"[^\w\s]|_")
_SPACES = re.compile(r"\s+")
_LETTER_RUN = re.compile(r"\b(?:[^\W\d_] ){1,}[^\W\d_]\b")


def normalise(title: str | None) -> str:
    if not title:
        return ""
    s = unicodedata.normalize("NFKC", title).casefold().replace("&", " and ")
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    s = s.replace("'", "").replace("\u2019", "")
    s = _SPACES.sub(" ", _PUNCT.sub(" ", s)).strip()
    return _LETTER_RUN.sub(lambda m: m.group().replace(" ", ""), s)


def load(path: Path = CORPUS) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Outcome:
    line: dict
    title: str | None
    year: int | None
    kind: str
    title_ok: bool | None     # None: not scored
    year_ok: bool | None
    kind_ok: bool

    @property
    def ok(self) -> bool:
        return self.title_ok is not False and self.year_ok is not False


def score_one(line: dict, title: str | None, year: int | None, kind: str) -> Outcome:
    title_ok = None
    if line.get("title") is not None:
        wanted = {normalise(t) for t in [line["title"], *line.get("alt_titles", [])]}
        title_ok = normalise(title) in wanted
    year_ok = (year == line.get("year")) if line.get("year_asserted") else None
    return Outcome(line, title, year, kind, title_ok, year_ok, kind == line["kind"])


@dataclass
class Report:
    outcomes: list[Outcome]

    @property
    def scored(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.title_ok is not None or o.year_ok is not None]

    @property
    def accuracy(self) -> float:
        """Title+year accuracy over scored lines."""
        return sum(o.ok for o in self.scored) / max(1, len(self.scored))

    @property
    def kind_accuracy(self) -> float:
        return sum(o.kind_ok for o in self.outcomes) / max(1, len(self.outcomes))

    @property
    def misses(self) -> list[Outcome]:
        return [o for o in self.scored if not o.ok]

    def crossed(self, actual: str, expected: str) -> list[Outcome]:
        """Lines expected as `expected` that came out as `actual`."""
        return [o for o in self.outcomes if o.line["kind"] == expected and o.kind == actual]


def evaluate(lines: Iterable[dict], guess: Callable[[str], tuple[str | None, int | None, str]]) -> Report:
    outcomes = []
    for line in lines:
        title, year, kind = guess(line["input"])
        outcomes.append(score_one(line, title, year, kind))
    return Report(outcomes)
