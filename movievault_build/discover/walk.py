"""Walk library roots and yield one `Candidate` per movie-shaped thing on disk.

The walk decides only what is cheap and structural: which files are videos, which
folders are discs, which files stack into parts or versions of one movie, and which
folders to skip outright. Whether a name is an episode, a sample or an extra is the
identify stage's call (it reads names properly); discover only prunes the folders
every media manager prunes.

Each folder is read once into a `Listing`: its file names and stats as plain values.
A listing makes its Candidates only when asked, so a scan makes them for the folders
that changed since the last one and no others (scan/plan.py).
"""
from __future__ import annotations

import operator
import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from ..log import get_logger, safe_path

log = get_logger(__name__)

VIDEO_EXTENSIONS = frozenset(
    "mkv mp4 m4v avi mov wmv mpg mpeg mpe ts m2ts mts webm iso vob divx xvid flv ogm ogv "
    "3gp rmvb rm asf f4v img".split())
# Folders no media manager reads as movies (Jellyfin's extras folders, NAS metadata).
SKIP_FOLDERS = frozenset(name.casefold() for name in (
    "extras", "extra", "featurettes", "behind the scenes", "deleted scenes", "interviews",
    "scenes", "shorts", "trailers", "trailer", "samples", "sample", "clips", "other", "others",
    "specials", "bonus", "@eadir", "#recycle", "$recycle.bin", "lost+found", "#snapshot",
    "system volume information", ".actors", "extrafanart", "extrathumbs", "subs", "subtitles",
))
# A marker file that tells Kodi (.nomedia) or Jellyfin (.ignore) to skip a folder.
IGNORE_MARKERS = (".nomedia", ".ignore", ".mvignore")
SEASON_FOLDER = re.compile(r"^(season|saison|staffel|temporada|series)[ ._-]*\d{1,3}$|^s\d{1,2}$", re.I)
# Jellyfin/Plex name extras by a suffix on the stem; they are never versions of a movie.
EXTRA_SUFFIX = re.compile(r"[ ._-](trailer|sample|featurette|behindthescenes|deleted|deletedscene|interview|"
                          r"scene|short|other|clip|extra|teaser)\d*$", re.I)
# cd1, part 2, disc-1, pt3, dvd2 … before the extension (Jellyfin/Kodi stacking).
PART_MARKER = re.compile(r"(?P<sep>[ ._-]*)(?:cd|dvd|part|pt|dis[ck])[ ._-]*(?P<n>\d{1,2})(?=$|[ ._\-\])])", re.I)


@dataclass(frozen=True)
class VideoFile:
    path: Path
    size: int
    mtime: float
    part: int | None = None
    container: str | None = None
    # The exact stat, for incremental scans (scan/plan.py): a moved file keeps its inode.
    mtime_ns: int = 0
    inode: int = 0
    dev: int = 0


@dataclass(frozen=True)
class Candidate:
    """One movie on disk: its video files (parts or versions) and its folder listing."""
    root: Path
    folder: Path
    files: tuple[VideoFile, ...]
    siblings: tuple[str, ...]         # names in `folder` (for NFO/artwork lookup)
    disc: str | None = None           # "dvd" | "bluray" when the movie is a disc folder

    @property
    def main(self) -> VideoFile:
        return self.files[0]

    def relpath(self, path: Path | None = None) -> str:
        """`path` (the main file's by default) relative to the root, with `/`: by string,
        since a scan asks about ten times per movie and pathlib's way costs 20x as much."""
        root, full = os.fspath(self.root), os.fspath(path or self.main.path)
        if full.startswith(root) and full[len(root):len(root) + 1] == os.sep and root != os.sep:
            return full[len(root) + 1:].replace(os.sep, "/")
        return Path(full).relative_to(self.root).as_posix()


@dataclass(frozen=True)
class Problem:
    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def walk(roots: list[Path]) -> Iterator[Candidate | Problem]:
    """Yield candidates and problems for every root, in a stable (sorted) order."""
    for item in list_folders(roots):
        if isinstance(item, Problem):
            yield item
        else:
            yield from item.candidates()


# A file's stat as the walk keeps it (links followed): plain values, cheap to compare and copy.
FileStat = tuple[int, int, int, int, float]   # size, mtime_ns, inode, dev, mtime


class Listing:
    """One folder as the walk read it: its files' names and stats, strings only. Cheap
    enough to make for every folder on every scan; Candidates (Path objects, grouped
    videos) are made from it only when asked for (scan/plan.py asks for changed folders)."""

    __slots__ = ("root", "path", "names", "stats", "dirs", "disc")

    def __init__(self, root: str, path: str, names: tuple[str, ...],
                 stats: tuple[FileStat | None, ...], dirs: tuple[str, ...] = (),
                 disc: str | None = None) -> None:
        self.root = root                 # the library root, as given
        self.path = path                 # this folder (root + sub-path)
        self.names = names               # its files, sorted: the candidates' siblings
        self.stats = stats               # theirs, in order; None: gone, or not a regular file
        self.dirs = dirs                 # its sub-folder names (a disc folder's only)
        self.disc = disc                 # "dvd" | "bluray" when this folder is a disc

    def candidates(self) -> list[Candidate]:
        root, folder = Path(self.root), Path(self.path)
        if self.disc:
            return [_disc_candidate(root, folder, self.disc, self.dirs, self.names)]
        videos = [_video(folder, name, st) for name, st in zip(self.names, self.stats) if is_video_name(name)]
        return [Candidate(root=root, folder=folder, files=tuple(group), siblings=self.names)
                for group in group_videos(folder.name, [v for v in videos if v is not None])]


def list_folders(roots: list[Path]) -> Iterator[Listing | Problem]:
    """Every folder the walk reads, as a Listing, and the problems met, in walk order. A
    symlinked folder is followed only when it leads to a place inside one of the roots."""
    real_roots = tuple(os.path.realpath(r) for r in roots if os.path.isdir(r))
    for root in roots:
        root = os.fspath(root)
        if not os.path.isdir(root):
            yield Problem(safe_path(root), "library root not found or not a folder")
            continue
        yield from _walk_root(root, real_roots)


def list_subtree(root: Path, folder: Path, recursive: bool = True) -> Iterator[Listing | Problem]:
    """The listings of one folder under a root (and of its sub-folders when `recursive`),
    as the whole walk would list them: a targeted scan (scan/scope.py). A folder that is
    gone lists nothing: its movies are gone too."""
    if os.path.isdir(folder):
        yield from _walk_root(os.fspath(root), (os.path.realpath(root),), os.fspath(folder), recursive)


def _walk_root(root: str, real_roots: tuple[str, ...], start: str | None = None,
               recursive: bool = True) -> Iterator[Listing | Problem]:
    seen: set[tuple[int, int]] = set()
    stack = [start or root]
    while stack:
        folder = stack.pop()
        listing = _list_folder(folder, seen, real_roots)
        if isinstance(listing, Problem):
            yield listing
            continue
        if listing is None:
            continue
        dirs, names, stats, problems = listing
        yield from problems
        disc = disc_kind(dirs, names)
        if disc:
            yield Listing(root, folder, names, stats, tuple(dirs), disc)
            continue
        yield Listing(root, folder, names, stats)
        if recursive:
            stack.extend(os.path.join(folder, d) for d in reversed(dirs) if not skip_folder(d))


Entries = tuple[list[str], tuple[str, ...], tuple[FileStat | None, ...], list[Problem]]
_by_name = operator.attrgetter("name")


def _list_folder(folder: str, seen: set[tuple[int, int]], real_roots: tuple[str, ...] = ()) -> Entries | Problem | None:
    """Sub-folder names, file names and stats, sorted by name; None for an ignored folder."""
    try:
        st = os.stat(folder)
    except OSError as exc:
        return Problem(safe_path(folder), f"cannot read folder ({exc.strerror or exc})")
    if (st.st_dev, st.st_ino) in seen:
        return Problem(safe_path(folder), "symlink loop: folder already visited, skipped")
    seen.add((st.st_dev, st.st_ino))
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=_by_name)
    except OSError as exc:
        return Problem(safe_path(folder), f"cannot read folder ({exc.strerror or exc})")
    dirs: list[str] = []
    names: list[str] = []
    stats: list[FileStat | None] = []
    problems: list[Problem] = []
    for entry in entries:
        name = entry.name
        if name[0] == ".":
            if name in IGNORE_MARKERS:
                return None
            continue
        if not (name.isascii() or _decodable(name)):
            problems.append(Problem(safe_path(entry.path), "file name is not valid UTF-8; skipped (rename it)"))
            continue
        try:
            if entry.is_file(follow_symlinks=True):   # most entries: asked first
                names.append(name)
                stats.append(_stat(entry))
            elif entry.is_dir(follow_symlinks=True):
                if entry.is_symlink() and not _leads_inside(entry.path, real_roots):
                    problems.append(Problem(safe_path(entry.path), "symlink to a folder outside the library "
                                                                   "roots; not followed"))
                    continue
                dirs.append(name)
        except OSError as exc:
            problems.append(Problem(safe_path(entry.path), f"cannot read ({exc.strerror or exc})"))
    return dirs, tuple(names), tuple(stats), problems


def _leads_inside(path: str, real_roots: tuple[str, ...]) -> bool:
    real = os.path.realpath(path)
    return any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in real_roots)


def _decodable(name: str) -> bool:
    try:
        name.encode("utf-8")
        return True
    except UnicodeEncodeError:  # surrogate-escaped bytes from a non-UTF-8 file name
        return False


def skip_folder(name: str) -> bool:
    return name.casefold() in SKIP_FOLDERS or bool(SEASON_FOLDER.match(name))


def disc_kind(dirs: list[str], names: tuple[str, ...]) -> str | None:
    dir_names = {d.upper() for d in dirs}
    file_names = {n.upper() for n in names}
    if "VIDEO_TS" in dir_names or "VIDEO_TS.IFO" in file_names:
        return "dvd"
    if "BDMV" in dir_names or "INDEX.BDMV" in file_names:
        return "bluray"
    return None


def _disc_candidate(root: Path, folder: Path, disc: str, dirs: tuple[str, ...],
                    names: tuple[str, ...]) -> Candidate:
    # A folder that *is* VIDEO_TS/BDMV belongs to its parent movie folder.
    sub = next((folder / d for d in dirs if d.upper() in ("VIDEO_TS", "BDMV")), None)
    disc_path = sub or folder
    movie_folder = folder if sub else folder.parent
    size, mtime = _tree_size(disc_path)
    video = VideoFile(path=disc_path, size=size, mtime=mtime, container=disc)
    siblings = _names(movie_folder) if movie_folder != folder else names
    return Candidate(root=root, folder=movie_folder, files=(video,), siblings=siblings, disc=disc)


def _tree_size(path: Path) -> tuple[int, float]:
    total, newest = 0, 0.0
    for dirpath, _dirs, names in os.walk(path):
        for name in names:
            try:
                st = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            total += st.st_size
            newest = max(newest, st.st_mtime)
    return total, newest


def _names(folder: Path) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


def _stat(entry: os.DirEntry) -> FileStat | None:
    try:
        st = entry.stat(follow_symlinks=True)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, st.st_mtime


def is_video_name(name: str) -> bool:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return ext in VIDEO_EXTENSIONS


def _video(folder: Path, name: str, st: FileStat | None) -> VideoFile | None:
    if st is None:
        return None
    size, mtime_ns, inode, dev, mtime = st
    return VideoFile(path=folder / name, size=size, mtime=mtime, container=name.rsplit(".", 1)[-1].lower(),
                     mtime_ns=mtime_ns, inode=inode, dev=dev)


def group_videos(folder_name: str, videos: list[VideoFile]) -> list[list[VideoFile]]:
    """Stack parts (`cd1`/`cd2` …) and versions (`<folder name> - 1080p.mkv`) into one movie.

    Versions follow Jellyfin's rule: in a folder, every video whose name starts with the
    folder's name is a version of that folder's movie. Parts are files equal but for a
    part marker. Everything else is a movie of its own.
    """
    stacks: dict[tuple[str, str], list[VideoFile]] = {}
    singles: list[list[VideoFile]] = []
    for video in videos:
        stem, ext = os.path.splitext(video.path.name)
        match = _last_part_marker(stem)
        if match:
            key = (stem[:match.start()] + "\0" + stem[match.end():], ext.lower())
            part = int(match.group("n"))
            stacks.setdefault(key, []).append(replace(video, part=part))
        else:
            singles.append([video])
    groups = singles
    for members in stacks.values():
        if len(members) > 1 and len({m.part for m in members}) == len(members):
            groups.append(sorted(members, key=lambda v: v.part or 0))
        else:  # a lone "part 2" or a title such as "Dune Part Two" is not a stack
            groups.extend([[replace(m, part=None)] for m in members])
    groups = _merge_versions(folder_name, groups)
    return sorted(groups, key=lambda g: g[0].path.name)


def _last_part_marker(stem: str) -> re.Match[str] | None:
    found = None
    for found in PART_MARKER.finditer(stem):
        pass
    return found


def _merge_versions(folder_name: str, groups: list[list[VideoFile]]) -> list[list[VideoFile]]:
    folder_key = folder_name.casefold().strip()
    if len(groups) < 2 or len(folder_key) < 2:
        return groups
    versions = [g for g in groups if _is_version_of(g[0].path.stem.casefold(), folder_key)]
    if len(versions) < 2:
        return groups
    rest = [g for g in groups if g not in versions]
    # The largest version leads; the others follow as alternative files.
    merged = [f for g in sorted(versions, key=lambda g: -sum(f.size for f in g)) for f in g]
    return rest + [merged]


def _is_version_of(stem: str, folder_key: str) -> bool:
    if not stem.startswith(folder_key) or EXTRA_SUFFIX.search(stem):
        return False
    rest = stem[len(folder_key):]
    return rest == "" or rest[:1] in (" ", ".", "_", "-", "[", "{", "(")
