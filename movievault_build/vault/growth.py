"""The library's growth and recent changes, read from the git history of `content/movies/`.

One `git log --name-status` over the movie files, oldest first, is the whole cost: each
commit's added and deleted files move the count (renames count as a delete and an add, so
they cancel out), and the newest commits become the "recent changes" list. Merges count
against their first parent, the line the site is built from. With no git, or `content/`
outside a git work tree, there is no history: `read_growth` says why in one line.

A commit subject is anything its author typed; it is kept as text and escaped by the
template; the log is read token by token (see `parse_log`), so no subject or file name
can pass for a commit of its own.
"""
from __future__ import annotations

import os
import re
from dataclasses import astuple, dataclass, field
from pathlib import Path, PurePosixPath

from ..errors import UserError
from ..cache.layout import VERSIONS
from ..cache.memo import keep, recall
from .history import NoHistory, git, repo_root

RECENT = 10
_VERSION = str(VERSIONS["growth"])   # of the kept walk's shape (cache/layout.py)
_STATUS = re.compile(r"[ACDMRTUXB]\d*")


@dataclass(frozen=True)
class Change:
    date: str                    # ISO 8601, the commit date
    subject: str
    added: tuple[str, ...] = ()    # slugs
    removed: tuple[str, ...] = ()
    edited: int = 0


@dataclass(frozen=True)
class Growth:
    points: tuple[tuple[str, int], ...]    # (day, movies at the end of that day), oldest first
    recent: tuple[Change, ...]             # newest first
    shallow: bool = False                  # the clone holds only part of the history
    commits: int = 0


@dataclass
class _Walk:
    present: set[str] = field(default_factory=set)
    points: dict[str, int] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)


def read_growth(content_dir: Path, memo: Path | None = None) -> tuple[Growth | None, str]:
    """(growth, "") or (None, why there is none). With `memo`, the walk is kept under the
    HEAD commit, so a build whose history did not move costs two `git rev-parse` calls."""
    movies = Path(content_dir) / "movies"
    try:
        root = repo_root(Path(content_dir))
        rel = Path(os.path.relpath(os.path.realpath(movies), os.path.realpath(root))).as_posix()
        if rel.startswith("../"):
            return None, f"no history: {content_dir} is outside the git work tree at {root}"
        shallow, head = git(["rev-parse", "--is-shallow-repository", "HEAD"], root).split()
        key = "\x1f".join((_VERSION, head, rel))
        growth = _thaw(recall(memo, key)) if memo else None
        if growth is None:
            out = git(["-c", "core.quotepath=off", "log", "--reverse", "--first-parent", "-m", "--no-renames",
                       "--name-status", "-z", "--format=%x1e%H%x1f%cI%x1f%s", "--", rel], root)
            growth = parse_log(out, rel, shallow == "true")
            if memo:
                keep(memo, key, _freeze(growth))
    except NoHistory as exc:
        return None, str(exc)
    except (UserError, ValueError) as exc:   # e.g. a repository without any commit yet
        return None, f"no history: {exc}"
    if not growth.commits:
        return None, "no history: content/movies has no commits yet"
    return growth, ""


def _freeze(growth: Growth) -> tuple:
    return (growth.points, tuple(astuple(c) for c in growth.recent), growth.shallow, growth.commits)


def _thaw(kept) -> Growth | None:
    try:
        points, recent, shallow, commits = kept
        return Growth(tuple(tuple(p) for p in points), tuple(Change(*c) for c in recent), shallow, commits)
    except (TypeError, ValueError):
        return None


def parse_log(out: str, rel: str, shallow: bool = False) -> Growth:
    """Walk `git log -z --name-status` output: a header token, then (status, path) pairs.
    Tokens are read in order, so a subject or a path holding any character but NUL
    (which git does not allow in either) cannot pass for a record of its own."""
    walk = _Walk()
    prefix = rel.rstrip("/") + "/"
    tokens = out.split("\x00")
    i = 0
    while i < len(tokens):
        head = tokens[i].lstrip("\n")
        i += 1
        if not head.startswith("\x1e"):
            continue
        _commit, date, subject = (head[1:].split("\x1f", 2) + ["", ""])[:3]
        entries = []
        while i + 1 < len(tokens) and _STATUS.fullmatch(tokens[i].lstrip("\n")):
            entries.append((tokens[i].lstrip("\n"), tokens[i + 1]))
            i += 2
        _apply(walk, date, subject, entries, prefix)
    recent = tuple(reversed(walk.changes[-RECENT:]))
    return Growth(tuple(walk.points.items()), recent, shallow, len(walk.changes))


def _apply(walk: _Walk, date: str, subject: str, entries, prefix: str) -> None:
    added, removed, edited = [], [], 0
    for status, path in entries:
        if not path.startswith(prefix) or "/" in path[len(prefix):] or not path.endswith(".md"):
            continue
        slug = PurePosixPath(path).stem
        if status.startswith("A") and path not in walk.present:
            walk.present.add(path)
            added.append(slug)
        elif status.startswith("D") and path in walk.present:
            walk.present.discard(path)
            removed.append(slug)
        elif status[:1] in ("M", "T"):
            edited += 1
    walk.points[date[:10]] = len(walk.present)
    walk.changes.append(Change(date, subject.strip(), tuple(added), tuple(removed), edited))


def size_by_period(points: tuple[tuple[str, int], ...], max_bins: int = 36) -> list[tuple[str, int]]:
    """The library's size at the end of each month (each year once there are more months
    than `max_bins`), months without a commit carrying the last count.

    >>> size_by_period((("2024-01-05", 2), ("2024-03-01", 5)))
    [('2024-01', 2), ('2024-02', 2), ('2024-03', 5)]
    """
    if not points:
        return []
    last = {day[:7]: count for day, count in points}
    first, final = points[0][0][:7], points[-1][0][:7]
    months = _months(first, final)
    out, count = [], 0
    for month in months:
        count = last.get(month, count)
        out.append((month, count))
    if len(out) <= max_bins:
        return out
    by_year: dict[str, int] = {}
    for month, count in out:
        by_year[month[:4]] = count
    return list(by_year.items())


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
