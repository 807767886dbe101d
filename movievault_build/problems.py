"""Problems a scan or build reports, and the ones the site's owner has accepted.

A problem is a line that starts with the file it is about. `scan.known_problems` lists files
whose problems are known and accepted (a demo's planted faults, an NFO on a read-only
share): they are still reported and still listed on the health page, but as information,
so `mkdocs build --strict` fails only on problems nobody has looked at yet.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping


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
            log.info("known problem (accepted in scan.known_problems): %s", problem)
        else:
            log.warning(problem)
    for path in known if note_fixed else ():
        if path not in seen:
            log.info("scan.known_problems: %s reported no problem this time; remove it from the list once fixed", path)


_LINE = re.compile(r"^line (\d+)(?:, column \d+)?:\s*(.*)$", re.S)
_NAMED_FILE = re.compile(r"\.[A-Za-z0-9]{1,6}$")


def locate(problem: str, roots: Mapping[Path, str]) -> dict[str, Any]:
    """A problem line as {file, library, line, reason}, its file relative to the library root
    (or folder) it is under, labelled with that root's label — never the local absolute
    path. `roots` maps absolute folders (library roots, the content folder) to labels; a
    file under none of them keeps only its name.

        /media/films/Heat (1995)/movie.nfo: line 19, column 17: not well-formed
        -> {"file": "Heat (1995)/movie.nfo", "library": "films", "line": 19, "reason": "not well-formed"}
    """
    library, rest = None, problem
    for root, label in sorted(roots.items(), key=lambda kv: -len(str(kv[0]))):
        prefix = str(root).rstrip("/\\") + os.sep
        if problem.startswith(prefix):
            library, rest = label, problem[len(prefix):]
            break
    file, reason = _split(rest)
    if library is None and os.path.isabs(file):
        file = os.path.basename(file.rstrip("/\\")) or file   # never a machine's own path
    found = _LINE.match(reason)
    line = int(found.group(1)) if found else None
    return {"file": file.replace(os.sep, "/"), "library": library, "line": line,
            "reason": found.group(2) if found else reason}


def _split(text: str) -> tuple[str, str]:
    """Path and reason of "path: reason". A file name may hold ": " too, so the cut is the
    first one after something that looks like a file name (a short extension); a folder's
    problem has none and is cut at the first ": "."""
    cuts = [i for i in range(len(text)) if text.startswith(": ", i)]
    for i in cuts:
        if _NAMED_FILE.search(text[:i]):
            return text[:i], text[i + 2:]
    return (text[:cuts[0]], text[cuts[0] + 2:]) if cuts else (text, "")
