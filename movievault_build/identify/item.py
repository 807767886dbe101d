"""Identify one discovered candidate, offline: what its names say and what its NFO says."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..discover.walk import Candidate
from ..errors import ReadError
from .filename import Guess, parse
from .nfo import NfoResult, nfo_candidates, read_nfo


@dataclass(frozen=True)
class Identified:
    candidate: Candidate
    guess: Guess
    nfo: NfoResult | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        return self.guess.kind

    def filename_metadata(self) -> dict[str, Any]:
        g = self.guess
        meta: dict[str, Any] = {"title": g.title, "year": g.year, "edition": g.edition}
        if g.ids:
            meta["ids"] = dict(g.ids)
        return {k: v for k, v in meta.items() if v not in (None, "", {})}


def identify(candidate: Candidate) -> Identified:
    guess = parse(candidate.relpath())
    problems: list[str] = []
    nfo = None
    if guess.kind == "movie":
        nfo_path = find_nfo(candidate)
        if nfo_path is not None:
            try:
                nfo = read_nfo(nfo_path)
                problems.extend(f"{nfo_path}: {w}" for w in nfo.warnings)
            except ReadError as exc:
                problems.append(str(exc))
    return Identified(candidate=candidate, guess=guess, nfo=nfo, problems=tuple(problems))


def find_nfo(candidate: Candidate) -> Path | None:
    """The first NFO that exists, in Kodi/Jellyfin lookup order."""
    present = {name.casefold(): name for name in candidate.siblings}
    for path in nfo_candidates(candidate.main.path):
        if path.parent == candidate.folder:
            real = present.get(path.name.casefold())
            if real:
                return candidate.folder / real
        elif path.is_file():
            return path
    return None
