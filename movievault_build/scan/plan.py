"""Incremental scans: which discovered candidates must be redone, which are kept as they are.

A candidate is kept when its inputs (its videos' stats, the stats of the sidecars that can
belong to it, the folder's other video names, the settings) fingerprint the same as last
time AND its content file still has the size and mtime the state recorded: then neither
its NFO, nor its content file, nor any provider is read. A content file that changed
(a user edit, a `git pull`) is read again and its movie redone, so user edits win.

Candidates are made and fingerprinted folder by folder, and only for folders that changed:
a folder whose signature (its files' names, sizes, mtimes and inodes, which cover every
input of its candidates) and whose candidates' fingerprints are as the state recorded
keeps its candidates as they were, without a Candidate being made.

A file that moved keeps its movie: a new path whose (dev, inode, size) equals a vanished
one's takes over that slug, and its previous online data, with no new lookup.
"""
from __future__ import annotations

import json
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..cache.keys import code_fingerprint, digest, digest_bytes
from ..discover.walk import PART_MARKER, Candidate, Listing, is_video_name
from ..errors import ReadError
from ..process.forked import ROUNDS, fork_map
from ..model import SCHEMA_VERSION
from ..providers.base import env_or
from .scope import Scope
from ..settings import ScanSettings
from ..store import document, library
from ..store.scan_state import STATE_VERSION, CandidateRecord, FolderRecord, MovieRecord, ScanState

Stat = tuple[int, int]   # (size, mtime_ns)


def settings_fingerprint(settings: ScanSettings, labels: Mapping[Path, str], ffprobe: str | None) -> str:
    """Everything outside a movie's own files that shapes its front matter."""
    o, p = settings.online, settings.online.providers
    facts = {
        "state": STATE_VERSION, "schema": SCHEMA_VERSION,
        "roots": sorted((str(r), label) for r, label in labels.items()),
        "content": str(Path(settings.content_dir).resolve()),
        "copy_artwork": settings.copy_artwork, "low_confidence": settings.low_confidence,
        "probe": bool(ffprobe), "thumbnails": settings.thumbnails,
        "online": [o.fallback_order, o.prefer, o.rating_source, o.fallback_languages,
                   p.language, p.certification_country, p.min_confidence],
        # Whether a provider can answer at all (never the keys themselves).
        "keys": [bool(env_or(p.tmdb_api_key, "TMDB_API_KEY") or env_or(p.tmdb_read_token, "TMDB_READ_ACCESS_TOKEN")),
                 bool(env_or(p.omdb_api_key, "OMDB_API_KEY")),
                 env_or(p.tmdb_api_url, "TMDB_API_URL"), env_or(p.omdb_api_url, "OMDB_API_URL")],
        # Which artwork is taken, from where, and which sources are refused (allow_hosts):
        # a change re-runs the movies, so old "refused" warnings are not replayed.
        "artwork": {k: dict(v) if isinstance(v, Mapping) else v for k, v in vars(settings.artwork).items()},
        "extra": repr(sorted(settings.extra.items())),
    }
    return _digest(facts)


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return digest(text)


def candidate_key(label: str, c: Candidate) -> str:
    return f"{label}:{_rel(c)}"


# -- inputs of one candidate ------------------------------------------------------------------

class Folder:
    """One folder's listing, read once for all its candidates: which sidecars can belong to
    which video stem, and their stats (as the walk took them)."""

    def __init__(self, listing: Listing) -> None:
        names = listing.names
        self._stats = dict(zip(names, listing.stats))
        videos = [n for n in names if is_video_name(n)]
        self.videos = "/".join(videos)
        stems = {s for n in videos for s in _stems(n)}
        lengths = sorted({len(s) for s in stems})
        self.owned: dict[str, list[str]] = {}     # video stem -> sidecars named after it
        self.free: list[str] = []                 # sidecars named after no video (poster.jpg …)
        for name in names:
            if is_video_name(name):
                continue
            low = name.casefold()
            owners = [low[:k] for k in lengths if low[:k] in stems]
            for stem in owners:
                self.owned.setdefault(stem, []).append(name)
            if not owners:
                self.free.append(name)

    def stat(self, name: str) -> Stat | None:
        st = self._stats.get(name)
        return None if st is None else (st[0], st[1])

    def sidecars(self, c: Candidate) -> list[tuple[str, Stat | None]]:
        mine = {s for f in c.files for s in _stems(f.path.name)}
        names = set(self.free).union(*(self.owned.get(s, ()) for s in mine))
        return [(n, self.stat(n)) for n in sorted(names)]


def _stems(name: str) -> set[str]:
    stem = os.path.splitext(name)[0].casefold()
    return {stem, PART_MARKER.sub("", stem).rstrip(" ._-")} - {""}


@dataclass(frozen=True)
class Inputs:
    fingerprint: str
    dev: int
    inode: int
    size: int


def inputs(c: Candidate, folder: Folder, label: str) -> Inputs | None:
    """The fingerprint of what identifying `c` reads; None for a disc (always redone: its
    files sit in subfolders this listing does not cover) or a file the walk could not stat."""
    if c.disc is not None or not c.main.inode:
        return None
    videos = [(f.path.name, f.part, f.size, f.mtime_ns, f.dev, f.inode) for f in c.files]
    facts = (label, _rel(c), videos, folder.sidecars(c), folder.videos)
    return Inputs(_digest(facts), c.main.dev, c.main.inode, c.main.size)


def signature(listing: Listing) -> str:
    """What a folder's candidates and their fingerprints are made of: its file names and
    stats (size, mtime, and inode and dev: a move is followed by them), and the code that
    groups files into movies (any change to it: an upgrade regroups every folder once)."""
    # marshal version 2 has no back-references, so equal values give equal bytes (and it
    # is several times quicker than repr, which formats every float)
    facts = (code_fingerprint(), listing.names, listing.stats)
    return digest_bytes(marshal.dumps(facts, 2))


def folder_key(label: str, listing: Listing) -> str:
    return f"{label}:{listing.path[len(listing.root):].lstrip(os.sep).replace(os.sep, '/')}"


def _rel(c: Candidate) -> str:
    """c.relpath() without pathlib's cost (this runs for every file on every scan)."""
    root, main = os.fspath(c.root), os.fspath(c.main.path)
    return main[len(root):].lstrip(os.sep).replace(os.sep, "/")


# -- content files --------------------------------------------------------------------------

def content_stats(content_dir: Path) -> dict[str, Stat]:
    """slug -> (size, mtime_ns) of every content file, from one listing."""
    folder = Path(content_dir) / library.MOVIES
    out: dict[str, Stat] = {}
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith(".") and e.name.endswith(".tmp"):
                    _remove(e.path)   # left by a killed scan between write and rename
                elif e.name.endswith(".md") and not e.name.startswith("."):
                    st = e.stat()
                    out[e.name[:-3]] = (st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        pass
    return out


def sweep_images(content_dir: Path, slug: str) -> None:
    """Temp files a killed scan left in one movie's image folder (it is being redone)."""
    folder = Path(content_dir) / library.IMAGES / slug
    if folder.is_symlink():      # never reach through a committed link
        return
    try:
        with os.scandir(folder) as it:
            for e in it:
                if e.name.startswith(".") and e.name.endswith(".tmp"):
                    _remove(e.path)
    except OSError:
        pass


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def content_stat(path: Path) -> Stat | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def summary(front: Mapping[str, Any]) -> dict[str, Any]:
    """What the next scan needs of a content file it does not read."""
    files = [{"library": str(f.get("library", "")), "path": str(f.get("path", ""))}
             for f in front.get("files") or () if isinstance(f, Mapping)]
    ids = front.get("ids") or {}
    return {"files": files, "ids": {str(k): str(v) for k, v in ids.items()} if isinstance(ids, Mapping) else {},
            "missing": bool(front.get("missing", False))}


def front_hash(front: Mapping[str, Any]) -> str:
    return _digest(front)


# -- the plan --------------------------------------------------------------------------------

@dataclass
class Plan:
    state: ScanState
    stored: dict[str, library.StoredMovie] = field(default_factory=dict)   # every content file
    trusted: set[str] = field(default_factory=set)      # slugs whose content matches the state
    kept: dict[str, str] = field(default_factory=dict)  # candidate key -> slug, unchanged movies
    kept_other: dict[str, str] = field(default_factory=dict)   # key -> kind (episode …), unchanged
    redo: list[Candidate] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)        # candidate key -> slug it keeps
    seen: set[str] = field(default_factory=set)                # every candidate key on disk
    folders: set[str] = field(default_factory=set)             # every folder key on disk
    inputs: dict[str, Inputs | None] = field(default_factory=dict)   # of the candidates made
    keys: dict[int, str] = field(default_factory=dict)         # id(candidate) -> key
    problems: list[str] = field(default_factory=list)
    scope: Scope | None = None                                 # a targeted scan's reach
    roots: dict[str, Path] = field(default_factory=dict)       # label -> root

    def key(self, c: Candidate) -> str:
        return self.keys[id(c)]


def make_plan(settings: ScanSettings, labels: Mapping[Path, str], listings: Iterable[Listing],
              state: ScanState, scope: Scope | None = None) -> Plan:
    """Sort the walk's folders' candidates into kept and redo, in walk order. The content
    files are stated first: `listings` may still be on their way (pipeline.scan). A
    targeted scan's `scope` says which recorded candidates it could have seen."""
    plan = Plan(state=state, scope=scope, roots={label: r for r, label in labels.items()})
    _read_content(settings.content_dir, plan)
    label_of = {os.fspath(r): label for r, label in labels.items()}
    steps = [_Step(listing, label_of[listing.root], state) for listing in listings]
    steps = [s for s in steps if s.recorded is not None or s.has_videos()]
    _make_candidates([s for s in steps if s.recorded is None])
    kept_slugs: set[str] = set()
    for step in steps:
        plan.folders.add(step.key)
        if step.recorded is None or not _keep_all(plan, step.recorded, kept_slugs):
            _sort_folder(plan, step, kept_slugs)
    _follow_moves(plan)
    return plan


class _Step:
    """One folder on its way through make_plan; `recorded` are its candidates as the state
    has them, when its signature is as recorded and so is each candidate's fingerprint."""

    def __init__(self, listing: Listing, label: str, state: ScanState) -> None:
        self.listing, self.label = listing, label
        self.key = folder_key(label, listing)
        self.signature = "" if listing.disc else signature(listing)
        self.recorded = None if listing.disc else _recorded_members(state, self.key, self.signature)
        self.candidates: list[Candidate] = []
        self.found: list[Inputs | None] | None = None

    def has_videos(self) -> bool:
        return bool(self.listing.disc) or any(map(is_video_name, self.listing.names))


def _recorded_members(state: ScanState, key: str, signature: str) -> list[tuple[str, CandidateRecord]] | None:
    folder = state.folders.get(key)
    if folder is None or folder.signature != signature:
        return None
    out = []
    for member, fingerprint in folder.members:
        record = state.candidates.get(member)
        if record is None or record.fingerprint != fingerprint:
            return None
        out.append((member, record))
    return out


def _make_candidates(steps: list[_Step]) -> None:
    """Make and fingerprint the candidates of folders that changed, on every core when many."""
    for step in steps:
        step.candidates = step.listing.candidates()
    for step, found in zip(steps, _fingerprints([(s.listing, s.candidates, s.label) for s in steps])):
        step.found = found


def _sort_folder(plan: Plan, step: _Step, kept_slugs: set[str]) -> None:
    """Sort a made folder's candidates one by one, and record what the folder made."""
    if step.found is None:   # an unchanged folder with a movie to redo (its content file changed)
        _make_candidates([step])
    for c, found in zip(step.candidates, step.found):
        _sort(plan, c, candidate_key(step.label, c), found, kept_slugs)
    if not step.listing.disc and all(step.found):
        members = [(plan.key(c), f.fingerprint) for c, f in zip(step.candidates, step.found)]
        plan.state.put_folder(step.key, FolderRecord(step.signature, members))


def _keep_all(plan: Plan, members: list[tuple[str, CandidateRecord]], kept_slugs: set[str]) -> bool:
    """Keep an unchanged folder's candidates unmade when every one of them can be kept."""
    slugs = [r.slug for _, r in members if r.kind == "movie"]
    if len(set(slugs)) < len(slugs) or any(s not in plan.trusted or s in kept_slugs for s in slugs):
        return False
    for key, record in members:
        plan.seen.add(key)
        if record.kind == "movie":
            plan.kept[key] = record.slug
            kept_slugs.add(record.slug)
        else:
            plan.kept_other[key] = record.kind
    return True


def _sort(plan: Plan, c: Candidate, key: str, found: Inputs | None, kept_slugs: set[str]) -> None:
    plan.keys[id(c)] = key
    plan.inputs[key] = found
    plan.seen.add(key)
    record = plan.state.candidates.get(key)
    if found is None or record is None or record.fingerprint != found.fingerprint:
        plan.redo.append(c)
    elif record.kind != "movie":
        plan.kept_other[key] = record.kind
    elif record.slug in plan.trusted and record.slug not in kept_slugs:
        plan.kept[key] = record.slug
        kept_slugs.add(record.slug)
    else:
        plan.redo.append(c)


def _fingerprints(folders: list[tuple[Listing, list[Candidate], str]]) -> list[list[Inputs | None]]:
    """The inputs of each folder's candidates (listing, candidates, root label), on every
    core when many folders changed (a first or `--full` scan)."""

    def one_folder(item: tuple[Listing, list[Candidate], str]) -> list[Inputs | None]:
        listing, candidates, label = item
        folder = Folder(listing)
        return [inputs(c, folder, label) for c in candidates]

    return list(fork_map(one_folder, folders, min_items=500, per_worker=250, rounds=ROUNDS))


def _read_content(content_dir: Path, plan: Plan) -> None:
    """Trusted content files come from the state; the rest are read (the old, slow way)."""
    folder = Path(content_dir) / library.MOVIES
    for slug, stat in sorted(content_stats(content_dir).items()):
        path = folder / f"{slug}.md"
        record = plan.state.movies.get(slug)
        if record is not None and (record.size, record.mtime_ns) == stat:
            plan.trusted.add(slug)
            plan.stored[slug] = library.StoredMovie(slug=slug, path=path, data=record.summary)
            continue
        movie = _read_one(path, plan.problems)
        if movie is not None:
            plan.stored[slug] = movie


def _read_one(path: Path, problems: list[str]) -> library.StoredMovie | None:
    try:
        data, _body = document.load_file(path)
    except ReadError as exc:
        problems.append(str(exc))
        return None
    return library.StoredMovie(slug=path.stem, path=path, data=data)


def _follow_moves(plan: Plan) -> None:
    """A redone candidate new to the state whose main video is a vanished one's (same
    dev, inode and size) takes that one's slug."""
    vanished = {(r.dev, r.inode, r.size): (k, r.slug) for k, r in plan.state.candidates.items()
                if k not in plan.seen and r.kind == "movie" and r.slug and r.inode}
    if not vanished:
        return
    taken = set(plan.kept.values())
    for c in plan.redo:
        key, found = plan.key(c), plan.inputs.get(plan.key(c))
        if found is None or key in plan.state.candidates:
            continue
        old_key, slug = vanished.get((found.dev, found.inode, found.size), (None, None))
        if slug and slug in plan.stored and slug not in taken and _gone(plan, old_key):
            plan.moved[key] = slug
            taken.add(slug)


def _gone(plan: Plan, key: str) -> bool:
    """Whether a recorded candidate the walk did not see is really gone: a targeted scan
    saw only its scope, so outside it the file itself is asked (a hard link shares the inode)."""
    if plan.scope is None or plan.scope.holds_file(key):
        return True
    label, _, rel = key.partition(":")
    root = plan.roots.get(label)
    return root is not None and root.is_dir() and not os.path.lexists(root / rel)


def load_full(plan: Plan, slugs: list[str]) -> None:
    """Read the content files of movies about to be redone (their previous online layers,
    pins and `added` date live there)."""
    for slug in slugs:
        if slug in plan.trusted:
            movie = _read_one(plan.stored[slug].path, plan.problems)
            if movie is not None:
                plan.stored[slug] = movie


def unchanged_write(plan: Plan, slug: str, front: Mapping[str, Any]) -> bool:
    """True when the content file is known to hold exactly this front matter already."""
    record = plan.state.movies.get(slug)
    return slug in plan.trusted and record is not None and record.front_hash == front_hash(front)


# -- remembering ------------------------------------------------------------------------------

def remember_movie(plan: Plan, c: Candidate, slug: str, hashed: str, summarised: dict[str, Any], path: Path,
                   notes: dict[str, list[str]], retry: bool) -> None:
    """Record a redone movie (its front matter's `front_hash` and `summary`); `retry` (a
    failed lookup) leaves it to be redone next time."""
    key, found = plan.key(c), plan.inputs.get(plan.key(c))
    stat = content_stat(path)
    if stat is not None:
        plan.state.put_movie(slug, MovieRecord(stat[0], stat[1], hashed, summarised))
    if found is None or retry or stat is None:
        plan.state.drop_candidate(key)
    else:
        plan.state.put_candidate(key, CandidateRecord(found.fingerprint, found.dev, found.inode, found.size,
                                                      "movie", slug, {k: v for k, v in notes.items() if v}))


def remember_other(plan: Plan, c: Candidate, kind: str) -> None:
    key, found = plan.key(c), plan.inputs.get(plan.key(c))
    if found is None:
        plan.state.drop_candidate(key)
    else:
        plan.state.put_candidate(key, CandidateRecord(found.fingerprint, found.dev, found.inode, found.size, kind))


def remember_missing(plan: Plan, slug: str, path: Path) -> None:
    record, stat = plan.state.movies.get(slug), content_stat(path)
    if record is not None and stat is not None:
        # No front hash: the file no longer holds what was generated, so a return rewrites it.
        plan.state.put_movie(slug, MovieRecord(stat[0], stat[1], "", {**record.summary, "missing": True}))


def forget_vanished(plan: Plan, scanned_labels: set[str], written: set[str],
                    scope: Scope | None = None) -> None:
    """Drop candidates and folders no longer on disk (in the roots scanned, or the scope of
    a targeted scan) and content files gone."""
    looked_file = scope.holds_file if scope is not None else (lambda k: k.split(":", 1)[0] in scanned_labels)
    looked_folder = scope.holds_folder if scope is not None else looked_file
    for key in [k for k in plan.state.candidates if k not in plan.seen]:
        if looked_file(key):
            plan.state.drop_candidate(key)
    for key in [k for k in plan.state.folders if k not in plan.folders]:
        if looked_folder(key):
            plan.state.drop_folder(key)
    for slug in [s for s in plan.state.movies if s not in plan.stored and s not in written]:
        plan.state.drop_movie(slug)
