"""A movie's history, read from git: versions, diffs, rolling one back.

content/ is meant to be committed, so git already holds every version of every movie.
This module only asks git (argument lists, never a shell) and compares front matter:
what changed between two versions is the set of keys whose values differ after both
YAML documents are loaded, not a line diff. Versions are numbered from 1, the oldest,
so a number stays the same as history grows.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import ReadError, UserError
from ..fsutil import atomic_write_bytes
from ..store import document
from ..store.library import movie_path

_GIT_ENV = {"LC_ALL": "C", "GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0"}


class NoHistory(UserError):
    """No git history to read (not a repository, git missing, file never committed)."""


@dataclass(frozen=True)
class Version:
    number: int          # 1 = oldest
    commit: str
    short: str
    date: str            # ISO 8601, the author date
    subject: str
    path: str            # the file's path in that commit (repo-relative; it may have been renamed)
    changed: tuple[str, ...] = ()   # front-matter keys that differ from the previous version


def git_bytes(args: list[str], cwd: Path) -> bytes:
    """Run git with an argument list; NoHistory when git is missing, UserError on failure."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True,
                              env={**os.environ, **_GIT_ENV}, check=False)
    except FileNotFoundError:
        raise NoHistory("no history: git is not installed") from None
    if done.returncode != 0:
        reason = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["failed"])[-1]
        raise UserError(f"git {args[0]}: {reason}")
    return done.stdout


def git(args: list[str], cwd: Path) -> str:
    return git_bytes(args, cwd).decode("utf-8", "replace")


def repo_root(folder: Path) -> Path:
    folder = Path(folder)
    if not folder.is_dir():
        raise NoHistory(f"no history: {folder} does not exist")
    try:
        return Path(git(["rev-parse", "--show-toplevel"], folder).strip())
    except NoHistory:
        raise
    except UserError:
        raise NoHistory(f"no history: {folder} is not inside a git repository") from None


def movie_file(content_dir: Path, slug: str) -> Path:
    return movie_path(content_dir, slug)


def _relative(root: Path, path: Path) -> str:
    return Path(os.path.realpath(path)).relative_to(os.path.realpath(root)).as_posix()


def _log(root: Path, rel: str) -> list[tuple[str, str, str, str, str]]:
    out = git(["-c", "core.quotepath=off", "log", "--follow", "--name-only",
               "--format=%x1e%H%x1f%h%x1f%aI%x1f%s", "--", rel], root)
    rows = []
    for record in out.split("\x1e")[1:]:
        head, _, names = record.partition("\n")
        commit, short, date, subject = head.split("\x1f", 3)
        path = next((n for n in names.splitlines() if n.strip()), rel)
        rows.append((commit, short, date, subject, path))
    return rows


def show(root: Path, commit: str, path: str) -> bytes:
    return git_bytes(["show", f"{commit}:{path}"], root)


def front_matter(data: bytes, where: str) -> dict[str, Any]:
    """The version's front matter; one that does not load compares as empty."""
    try:
        meta, _body = document.load_plain(data.decode("utf-8"), where)
        return meta
    except (ReadError, UnicodeDecodeError):
        return {}


def changed_keys(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys whose values differ; the user block is compared one level down (`user.rating`).

    >>> changed_keys({"title": "A", "user": {"rating": 7}}, {"title": "A", "year": 1, "user": {"rating": 8}})
    ('year', 'user.rating')
    """
    if old is None:
        return ("(created)",)
    keys = list(dict.fromkeys([*new, *old]))
    out: list[str] = []
    for key in keys:
        a, b = old.get(key), new.get(key)
        if key == "user" and isinstance(a, Mapping) and isinstance(b, Mapping):
            out += [f"user.{k}" for k in dict.fromkeys([*b, *a]) if a.get(k) != b.get(k)]
        elif a != b:
            out.append(key)
    return tuple(out)


def versions(content_dir: Path, slug: str) -> list[Version]:
    """Every committed version of a movie's content file, oldest first."""
    path = movie_file(content_dir, slug)
    root = repo_root(path.parent if path.parent.is_dir() else Path(content_dir))
    rel = _relative(root, path)
    rows = list(reversed(_log(root, rel)))
    if not rows:
        raise NoHistory(f"no history: {rel} was never committed")
    result, previous = [], None
    for number, (commit, short, date, subject, at) in enumerate(rows, start=1):
        data = front_matter(show(root, commit, at), f"{at}@{short}")
        result.append(Version(number, commit, short, date, subject, at, changed_keys(previous, data)))
        previous = data
    return result


def diff(content_dir: Path, slug: str, rev: str = "HEAD") -> str:
    """A unified diff of the file as committed at `rev` against the file on disk."""
    if not rev or rev.startswith("-"):
        raise UserError(f"{rev!r} is not a revision")
    path = movie_file(content_dir, slug)
    root = repo_root(path.parent if path.parent.is_dir() else Path(content_dir))
    rel = _relative(root, path)
    if not _log(root, rel):
        raise NoHistory(f"no history: {rel} was never committed")
    return git(["-c", "core.quotepath=off", "diff", "--no-color", "--no-ext-diff", rev, "--", rel], root)


def rollback(content_dir: Path, slug: str, number: int, dry_run: bool = False) -> tuple[Version, bytes]:
    """Put version `number`'s bytes back into the content file (atomically).
    Returns the version and the bytes; the user commits the change."""
    found = versions(content_dir, slug)
    if not 1 <= number <= len(found):
        raise UserError(f"{slug}: no version {number} (there are {len(found)})")
    version = found[number - 1]
    root = repo_root(movie_file(content_dir, slug).parent)
    data = show(root, version.commit, version.path)
    where = f"{version.path}@{version.short}"
    try:   # refuse a version that would not load
        document.load_plain(data.decode("utf-8"), where)
    except UnicodeDecodeError:
        raise ReadError(where, "not UTF-8") from None
    if not dry_run:
        atomic_write_bytes(movie_file(content_dir, slug), data)
    return version, data
