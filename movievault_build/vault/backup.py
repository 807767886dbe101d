"""Backups of content/ (and mkdocs.yml, optionally the caches) as one .tar.gz.

The archive holds `MANIFEST.json` first (format version, creation time, and every
file's path, size and sha256), then the files, as regular-file members only. What a
backup may hold is declared here (`check_restorable`); restoring one is restore.py's.
"""
from __future__ import annotations

import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator

from ..cache.keys import hasher
from ..errors import UserError

FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
CHUNK = 1 << 20
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")
DEFAULT_ROOTS = ("content", ".cache/movievault")    # where content/ and the cache folder sit
MANIFEST_MAX = 64 << 20          # 400,000 files' entries; a bigger "manifest" is not ours
NAME_MAX, PATH_MAX = 255, 1024   # bytes of one path segment and of a whole name


@dataclass(frozen=True)
class Entry:
    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    version: int
    created: str
    files: tuple[Entry, ...]

    def to_bytes(self) -> bytes:
        data = {"format": "movievault-backup", "version": self.version, "created": self.created,
                "files": [e.__dict__ for e in self.files]}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @property
    def total_size(self) -> int:
        return sum(e.size for e in self.files)


# -- names --------------------------------------------------------------------------------
def check_name(name: str) -> str:
    """A member name as a safe relative POSIX path, or ValueError saying why not."""
    if not name or "\x00" in name or "\\" in name:
        raise ValueError("empty name or one with NUL/backslash")
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise ValueError("absolute path")
    if any(part in ("", ".", "..") for part in name.split("/")):
        raise ValueError("'..', '.' or empty path segment")
    return name


def check_restorable(name: str, roots: tuple[str, ...] = DEFAULT_ROOTS) -> str:
    """`name` if a backup may hold it: the manifest, mkdocs.yml, or a file under content/ or
    the cache folder with no dot-segment of its own; ValueError saying why not."""
    check_name(name)
    if len(name.encode("utf-8", "surrogateescape")) > PATH_MAX or any(
            len(part.encode("utf-8", "surrogateescape")) > NAME_MAX for part in name.split("/")):
        raise ValueError(f"name longer than the file system allows ({len(name)} characters)")
    if name == MANIFEST or name in CONFIG_NAMES:
        return name
    for root in roots:
        if name.startswith(root + "/"):
            rest = name[len(root) + 1:].split("/")
            if any(part.startswith(".") for part in rest):
                raise ValueError("a hidden file or folder; backups hold none")
            return name
    raise ValueError(f"not part of a backup (only {MANIFEST}, mkdocs.yml, "
                     f"{', '.join(r + '/' for r in roots)} are restored)")


def restore_roots(*folders: str | None) -> tuple[str, ...]:
    """The folders (relative to the target) a restore writes under: the defaults plus the
    content and cache folders a project's own mkdocs.yml names, if they are plain names."""
    out = list(DEFAULT_ROOTS)
    for folder in folders:
        if not folder:
            continue
        try:
            check_name(folder)
        except ValueError:
            continue
        parts = folder.split("/")
        if all(not p.startswith(".") for p in parts) or folder.startswith(".cache/"):
            out.append(folder)
    return tuple(dict.fromkeys(out))


# -- writing ------------------------------------------------------------------------------
def _walk(folder: Path, arcbase: str, skip_dirs: Iterable[Path] = ()) -> Iterator[tuple[str, Path]]:
    skip = {p.resolve() for p in skip_dirs}
    for dirpath, dirs, names in os.walk(folder):
        here = Path(dirpath)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skip
                         and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue   # temp files, trash, links: not library data
            yield f"{arcbase}/{path.relative_to(folder).as_posix()}", path


def _arcbase(path: Path, project: Path, fallback: str) -> str:
    try:
        rel = path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return fallback
    return rel if rel not in ("", ".") else fallback


def plan_backup(project: Path, content_dir: Path, config_file: Path | None = None, cache_dir: Path | None = None,
                with_images: bool = True, with_caches: bool = False) -> list[tuple[str, Path]]:
    """(archive name, file) for everything a backup holds, names relative to `project`."""
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise UserError(f"{content_dir}: no content folder to back up")
    skip = [] if with_images else [content_dir / "images"]
    plan = list(_walk(content_dir, _arcbase(content_dir, project, "content"), skip))
    if config_file and Path(config_file).is_file():
        plan.append((_arcbase(Path(config_file), project, "mkdocs.yml"), Path(config_file)))
    if with_caches and cache_dir and Path(cache_dir).is_dir():
        plan += list(_walk(Path(cache_dir), _arcbase(Path(cache_dir), project, "cache")))
    names = [n for n, _p in plan]
    if len(set(names)) != len(names):
        raise UserError("backup: two files would share one name in the archive")
    return plan


def file_digest(path: Path) -> tuple[int, str]:
    h, size = hasher(), 0
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            h.update(chunk)
            size += len(chunk)
    return size, h.hexdigest()


def _tarinfo(name: str, size: int, mtime: float) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.type = size, int(mtime), 0o644, tarfile.REGTYPE
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    return info


def create_backup(target: Path, plan: list[tuple[str, Path]], now: datetime | None = None) -> Manifest:
    """Write the archive atomically; a file that changes while it is read fails the backup."""
    entries = tuple(Entry(name, *file_digest(path)) for name, path in plan)
    created = (now or datetime.now(timezone.utc)).isoformat(timespec="seconds")
    manifest = Manifest(FORMAT_VERSION, created, entries)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            with tarfile.open(fileobj=fh, mode="w:gz", format=tarfile.PAX_FORMAT) as tar:
                data = manifest.to_bytes()
                tar.addfile(_tarinfo(MANIFEST, len(data), manifest_time(created)), io.BytesIO(data))
                for entry, (_name, path) in zip(entries, plan):
                    _add_file(tar, entry, path)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)       # a backup may hold API keys from mkdocs.yml
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest


def manifest_time(created: str) -> float:
    return datetime.fromisoformat(created).timestamp()


class _HashingReader:
    """Hashes what tarfile reads, so a file is streamed once and still checked."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh, self.sha, self.size = fh, hasher(), 0

    def read(self, n: int = -1) -> bytes:
        chunk = self.fh.read(n)
        self.sha.update(chunk)
        self.size += len(chunk)
        return chunk


def _add_file(tar: tarfile.TarFile, entry: Entry, path: Path) -> None:
    with open(path, "rb") as fh:
        reader = _HashingReader(fh)
        try:
            tar.addfile(_tarinfo(entry.path, entry.size, os.fstat(fh.fileno()).st_mtime), reader)
        except OSError as exc:            # tarfile: "unexpected end of data" when the file shrank
            raise UserError(f"{path}: changed while the backup was made ({exc}); run it again") from None
        if fh.read(1) or reader.size != entry.size or reader.sha.hexdigest() != entry.sha256:
            raise UserError(f"{path}: changed while the backup was made; run it again")


def parse_manifest(data: bytes, archive: Path, roots: tuple[str, ...] = DEFAULT_ROOTS) -> Manifest:
    """The manifest, with every path one a backup may hold; UserError otherwise."""
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != "movievault-backup":
            raise ValueError("not a MovieVault manifest")
        if raw.get("version") != FORMAT_VERSION:
            raise ValueError(f"format version {raw.get('version')!r}; this MovieVault reads {FORMAT_VERSION}")
        files = tuple(Entry(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in raw["files"])
        manifest = Manifest(int(raw["version"]), str(raw["created"]), files)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError, RecursionError) as exc:
        raise UserError(f"{archive}: bad {MANIFEST} ({exc})") from None
    for entry in files:
        try:
            if entry.path == MANIFEST:
                raise ValueError("the manifest cannot list itself")
            check_restorable(entry.path, roots)
        except ValueError as exc:
            raise UserError(f"{archive}: refused member {entry.path[:200]!r} (in the manifest): {exc}") from None
        if entry.size < 0:
            raise UserError(f"{archive}: bad {MANIFEST} (negative size for {entry.path!r})")
    return manifest
