"""Backups of content/ (and mkdocs.yml, optionally the caches) as one .tar.gz.

The archive holds `MANIFEST.json` first (format version, creation time, and every
file's path, size and sha256), then the files, as regular-file members only.

Restoring trusts nothing in the archive. Pass one streams every member and checks it
before anything is written: the gzip stream and tar structure must read to the end;
every member must be a regular file (no links, devices, FIFOs, directories) with a
safe relative name (the checks of tarfile's 'data' filter, done here explicitly so
they do not depend on the Python version); the members must be exactly the manifest's
files, with its sizes and checksums. Pass two unpacks into a staging folder inside the
target, checking the sums again, and only then moves each file into place (one rename
each). Modes, owners and times in the archive are ignored: files get normal modes.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Iterable, Iterator

from ..errors import UserError

FORMAT_VERSION = 1
MANIFEST = "MANIFEST.json"
CHUNK = 1 << 20
_UNREADABLE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError, UnicodeError)


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


def inside(target: Path, name: str) -> Path:
    """Where `name` lands under `target`; ValueError if that leaves the target (also
    through a symlink already on disk)."""
    root = os.path.realpath(target)
    dest = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, dest]) != root or dest == root:
        raise ValueError("would be written outside the target")
    return Path(root) / name


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


def _digest(path: Path) -> tuple[int, str]:
    h, size = hashlib.sha256(), 0
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
    entries = tuple(Entry(name, *_digest(path)) for name, path in plan)
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
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

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


# -- reading ------------------------------------------------------------------------------
def parse_manifest(data: bytes, archive: Path) -> Manifest:
    try:
        raw = json.loads(data.decode("utf-8"))
        if raw.get("format") != "movievault-backup":
            raise ValueError("not a MovieVault manifest")
        if raw.get("version") != FORMAT_VERSION:
            raise ValueError(f"format version {raw.get('version')!r}; this MovieVault reads {FORMAT_VERSION}")
        files = tuple(Entry(str(f["path"]), int(f["size"]), str(f["sha256"]).lower()) for f in raw["files"])
        return Manifest(int(raw["version"]), str(raw["created"]), files)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError) as exc:
        raise UserError(f"{archive}: bad {MANIFEST} ({exc})") from None


def _open(archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(archive, mode="r:gz")
    except FileNotFoundError:
        raise UserError(f"{archive}: no such file") from None
    except _UNREADABLE as exc:
        raise UserError(f"{archive}: not a readable .tar.gz ({exc or type(exc).__name__})") from None


def _hash_member(tar: tarfile.TarFile, member: tarfile.TarInfo, sink: BinaryIO | None = None) -> tuple[int, str]:
    h, size = hashlib.sha256(), 0
    src = tar.extractfile(member)
    assert src is not None            # regular files only reach here
    while chunk := src.read(CHUNK):
        h.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)
    return size, h.hexdigest()


def read_manifest(archive: Path) -> Manifest:
    """The manifest of an archive (for `backup --list`), without checking the files."""
    with _open(Path(archive)) as tar:
        try:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isreg():
                raise UserError(f"{archive}: {MANIFEST} is not the first member; not a MovieVault backup")
            return parse_manifest(tar.extractfile(member).read(), archive)
        except _UNREADABLE as exc:
            raise UserError(f"{archive}: not a readable .tar.gz ({exc or type(exc).__name__})") from None


# -- restoring ----------------------------------------------------------------------------
@dataclass
class RestorePlan:
    manifest: Manifest
    target: Path
    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)   # exist and differ: need --force

    def to_write(self, force: bool) -> list[str]:
        return self.new + (self.conflicts if force else [])


def _check_member(member: tarfile.TarInfo, archive: Path) -> None:
    """What tarfile's 'data' filter refuses, and more: only regular files may appear."""
    try:
        check_name(member.name)
    except ValueError as exc:
        raise UserError(f"{archive}: refused member {member.name!r}: {exc}") from None
    if not member.isreg():
        kind = ("symlink" if member.issym() else "hard link" if member.islnk() else "directory" if member.isdir()
                else "device or FIFO")
        raise UserError(f"{archive}: refused member {member.name!r}: a {kind}, only regular files are restored")


def verify_archive(archive: Path) -> Manifest:
    """Pass one: read the whole archive and check every member against the manifest."""
    archive = Path(archive)
    seen: dict[str, tuple[int, str]] = {}
    manifest: Manifest | None = None
    with _open(archive) as tar:
        try:
            for member in tar:
                _check_member(member, archive)
                if member.name in seen or (member.name == MANIFEST and manifest is not None):
                    raise UserError(f"{archive}: member {member.name!r} appears twice")
                if member.name == MANIFEST:
                    manifest = parse_manifest(tar.extractfile(member).read(), archive)
                else:
                    seen[member.name] = _hash_member(tar, member)
        except _UNREADABLE as exc:
            raise UserError(f"{archive}: corrupt archive ({exc or type(exc).__name__})") from None
    if manifest is None:
        raise UserError(f"{archive}: no {MANIFEST}; not a MovieVault backup")
    _compare(archive, manifest, seen)
    return manifest


def _compare(archive: Path, manifest: Manifest, seen: dict[str, tuple[int, str]]) -> None:
    expected = {e.path: e for e in manifest.files}
    if len(expected) != len(manifest.files):
        raise UserError(f"{archive}: {MANIFEST} lists a file twice")
    missing, extra = sorted(set(expected) - set(seen)), sorted(set(seen) - set(expected))
    if missing:
        raise UserError(f"{archive}: {len(missing)} files of the manifest are missing (first: {missing[0]})")
    if extra:
        raise UserError(f"{archive}: {len(extra)} members are not in the manifest (first: {extra[0]})")
    for name, (size, digest) in seen.items():
        if (size, digest) != (expected[name].size, expected[name].sha256):
            raise UserError(f"{archive}: checksum mismatch for {name}; the archive is damaged")


def plan_restore(manifest: Manifest, target: Path) -> RestorePlan:
    """Sort the files into new, unchanged and conflicting; refuse unsafe destinations."""
    plan = RestorePlan(manifest, Path(target))
    for entry in manifest.files:
        try:
            dest = inside(target, entry.path)
        except ValueError as exc:
            raise UserError(f"{entry.path}: {exc}") from None
        if not os.path.lexists(dest):
            plan.new.append(entry.path)
        elif dest.is_symlink() or not dest.is_file():
            raise UserError(f"{dest}: exists and is not a regular file; not replacing it")
        elif _digest(dest) == (entry.size, entry.sha256):
            plan.unchanged.append(entry.path)
        else:
            plan.conflicts.append(entry.path)
    return plan


def restore(archive: Path, target: Path, force: bool = False, dry_run: bool = False) -> RestorePlan:
    """Check everything, then write the files that are new (and, with `force`, those that differ).
    A dry run checks and plans the same way and writes nothing (conflicts are in the plan)."""
    manifest = verify_archive(archive)
    plan = plan_restore(manifest, target)
    if plan.conflicts and not force and not dry_run:
        raise UserError(f"{len(plan.conflicts)} files exist and differ (first: {plan.conflicts[0]}); "
                        "nothing was written; --force replaces them")
    if not dry_run and plan.to_write(force):
        _unpack(Path(archive), Path(target), manifest, set(plan.to_write(force)))
    return plan


def _unpack(archive: Path, target: Path, manifest: Manifest, wanted: set[str]) -> None:
    """Pass two: stage every file (sums checked again), then rename each into place."""
    target.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target, prefix=".movievault-restore-"))
    try:
        staged = _stage(archive, staging, {e.path: e for e in manifest.files}, wanted)
        for name, path in staged.items():
            try:
                dest = inside(target, name)
            except ValueError as exc:
                raise UserError(f"{name}: {exc}") from None
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, dest)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage(archive: Path, staging: Path, expected: dict[str, Entry], wanted: set[str]) -> dict[str, Path]:
    staged: dict[str, Path] = {}
    try:
        with _open(archive) as tar:
            for member in tar:
                if member.name not in wanted:
                    continue
                _check_member(member, archive)
                path = staging / str(len(staged))
                with open(path, "xb") as fh:
                    got = _hash_member(tar, member, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                if got != (expected[member.name].size, expected[member.name].sha256):
                    raise UserError(f"{archive}: {member.name} changed since it was checked; nothing was written")
                staged[member.name] = path
    except _UNREADABLE as exc:
        raise UserError(f"{archive}: corrupt archive ({exc or type(exc).__name__}); nothing was written") from None
    if set(staged) != wanted:
        raise UserError(f"{archive}: changed since it was checked; nothing was written")
    return staged
