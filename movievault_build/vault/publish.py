"""`movievault publish`: commit what changed in content/ and push it.

content/ in git is the synced library: the host (Netlify, GitHub Pages) rebuilds the site on
every push. Publishing commits only content/, with a message that says what changed in the
library (new, changed, missing, removed films by title), and pushes to the configured remote.
It refuses, before touching anything, when tracked files outside content/ have changes (they
would be left behind or, worse, mixed in) or when there is nowhere to push.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError
from .history import front_matter, git, git_bytes, repo_root


@dataclass
class Change:
    """What one commit of content/ holds, by kind of change."""
    new: list[str] = field(default_factory=list)        # titles
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)    # newly marked `missing: true`
    removed: list[str] = field(default_factory=list)    # content files deleted
    other: int = 0                                      # images, playlists …
    paths: list[str] = field(default_factory=list)      # repo-relative, as committed

    def __bool__(self) -> bool:
        return bool(self.paths)

    def subject(self) -> str:
        parts = [f"{len(self.new)} new", f"{len(self.changed)} changed", f"{len(self.missing)} missing"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        tail = f"; {self.other} other file{'s' * (self.other != 1)}" if self.other else ""
        return "Library: " + ", ".join(parts) + tail

    def message(self) -> str:
        body = [f"{label}: {title}" for label, titles in (("new", self.new), ("changed", self.changed),
                                                           ("missing", self.missing), ("removed", self.removed))
                for title in titles]
        return self.subject() + ("\n\n" + "\n".join(body) if body else "") + "\n"


@dataclass(frozen=True)
class Plan:
    root: Path          # the repository
    content: str        # content/, repo-relative
    remote: str
    branch: str
    change: Change


def _status(root: Path) -> list[tuple[str, str]]:
    """(two-letter status, repo-relative path) for every change git sees, renames as two."""
    raw = git_bytes(["-c", "core.quotepath=off", "status", "--porcelain=v1", "-z", "--untracked-files=all"], root)
    entries, items = [], raw.decode("utf-8", "surrogateescape").split("\0")
    i = 0
    while i < len(items) - 1:
        code, path = items[i][:2], items[i][3:]
        entries.append((code, path))
        if code[0] in "RC":          # the next item is the rename's source
            i += 1
            entries.append(("D ", items[i]))
        i += 1
    return entries


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder + "/")


def _title(meta: dict, path: str) -> str:
    title = str(meta.get("title") or Path(path).stem)
    return f"{title} ({meta['year']})" if meta.get("year") else title


def _committed(root: Path, path: str) -> dict:
    try:
        return front_matter(git_bytes(["show", f"HEAD:{path}"], root), f"{path}@HEAD")
    except UserError:
        return {}


def describe(root: Path, content: str, entries: list[tuple[str, str]]) -> Change:
    change = Change()
    movies = content + "/movies/"
    for code, path in sorted(entries, key=lambda e: e[1]):
        change.paths.append(path)
        if not (path.startswith(movies) and path.endswith(".md")):
            change.other += 1
            continue
        if "D" in code:
            change.removed.append(_title(_committed(root, path), path))
            continue
        try:
            now = front_matter((root / path).read_bytes(), path)
        except OSError:
            now = {}
        before = None if code in ("??", "A ", "AM") else _committed(root, path)
        if not before:
            change.new.append(_title(now, path))
        elif now.get("missing") and not before.get("missing"):
            change.missing.append(_title(now, path))
        else:
            change.changed.append(_title(now, path))
    return change


def plan(content_dir: Path, remote: str | None = None, branch: str | None = None) -> Plan:
    """Check that publishing can go ahead and work out what it would commit."""
    root = repo_root(Path(content_dir))
    content = Path(content_dir).resolve().relative_to(root.resolve()).as_posix()
    entries = _status(root)
    unrelated = sorted({p for code, p in entries if code != "??" and not _inside(p, content)})
    if unrelated:
        shown = ", ".join(unrelated[:5]) + (f" and {len(unrelated) - 5} more" if len(unrelated) > 5 else "")
        raise UserError(f"the work tree has changes outside {content}/ ({shown}): commit or stash them first")
    remotes = git(["remote"], root).split()
    if not remotes:
        raise UserError("no git remote to push to: add one (git remote add origin URL)")
    remote = remote or ("origin" if "origin" in remotes else remotes[0])
    if remote not in remotes:
        raise UserError(f"no git remote named {remote!r} (there is {', '.join(remotes)})")
    current = git(["rev-parse", "--abbrev-ref", "HEAD"], root).strip()
    if not branch and current == "HEAD":
        raise UserError("HEAD is detached: check out a branch (or set publish.branch)")
    mine = [(code, p) for code, p in entries if _inside(p, content)]
    return Plan(root, content, remote, branch or current, describe(root, content, mine))


def publish(p: Plan) -> str | None:
    """Commit the change (if any) and push; returns the new commit's short hash."""
    commit = None
    if p.change:
        git(["add", "-A", "--", p.content], p.root)
        git(["commit", "--quiet", "-m", p.change.message(), "--", p.content], p.root)
        commit = git(["rev-parse", "--short", "HEAD"], p.root).strip()
    try:
        git(["push", "--quiet", p.remote, f"HEAD:refs/heads/{p.branch}"], p.root)
    except UserError as exc:
        done = f"committed {commit}, but " if commit else ""
        raise UserError(f"{done}the push to {p.remote} failed ({exc}); push again once that is fixed") from None
    return commit
