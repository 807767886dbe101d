"""Problems a scan or build reports, and the ones the site's owner has accepted.

A problem is a line that starts with the file it is about. `known_problems` lists files
whose problems are known and accepted (a demo's planted faults, an NFO on a read-only
share): they are still reported and still listed on the health page, but as information,
so `mkdocs build --strict` fails only on problems nobody has looked at yet.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable


def is_known(problem: str, known: Iterable[Path]) -> bool:
    return any(problem.startswith(f"{path}:") or problem.startswith(f"{path} ") for path in known)


def report(log: logging.Logger, problems: Iterable[str], known: tuple[Path, ...] = (), *,
           note_fixed: bool = False) -> None:
    """One warning per new problem and one info line per accepted one; with `note_fixed`
    (a whole scan's problems), one per accepted file that no longer has a problem, so the
    list does not outlive the fault."""
    seen: set[Path] = set()
    for problem in problems:
        hits = [path for path in known if is_known(problem, (path,))]
        if hits:
            seen.update(hits)
            log.info("known problem (accepted in known_problems): %s", problem)
        else:
            log.warning(problem)
    for path in known if note_fixed else ():
        if path not in seen:
            log.info("known_problems: %s reported no problem this time; remove it from the list once fixed", path)
