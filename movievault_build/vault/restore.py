"""Restoring a backup (backup.py) — trusting nothing in the archive.

A backup holds `mkdocs.yml`, `content/**` and the cache folder; any other name
(`hooks/`, `overrides/`, `.github/`, `.git/hooks/`, `.venv/…/sitecustomize.py`,
`netlify.toml`, a dot-folder inside content/, a name too long for the file system) is
refused before anything is written. An existing `mkdocs.yml` is replaced only when asked
(`replace_config`), and the change to its `hooks:` and `plugins:` is shown: MkDocs loads
it with an unsafe YAML loader and runs the hooks and plugins it names, so it is code.

Pass one streams every member and checks it without writing: the gzip and tar data must
read to the end and decompress to no more than the manifest lists (a bomb stops at its
budget); every member must be a regular file (no links, devices, FIFOs, directories)
with a safe relative name (tarfile's 'data' filter's checks, done here so they do not
depend on the Python version) and the manifest's size, checked from its header before
its data is read; the members must be exactly the manifest's files, with its checksums.
Pass two unpacks the files to write into a staging folder inside the target, checking
the sums again, and then moves each into place, setting aside each file it replaces;
should anything fail, every move is undone, so the target ends as it was or as the
backup says, never half of each. Modes, owners and times in the archive are ignored.
"""
from __future__ import annotations

import difflib
import gzip
import io
import os
import re
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from ..cache.keys import hasher
from ..errors import UserError, os_error_line
from .backup import CONFIG_NAMES, DEFAULT_ROOTS, MANIFEST, MANIFEST_MAX, Entry, Manifest, check_restorable, file_digest, parse_manifest

CHUNK = 1 << 20
HEADER_ALLOWANCE = 64 << 10      # tar and pax header bytes allowed per member
CONFIG_SHOWN = 1 << 20           # an mkdocs.yml up to this size has its hooks/plugins shown
_UNREADABLE = (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError, UnicodeError)


@dataclass
class RestorePlan:
    manifest: Manifest
    target: Path
    new: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)   # exist and differ: need --force
    config: str | None = None           # the mkdocs.yml in the backup, if any
    config_kept: bool = False           # it differs from the target's and was not to be replaced
    config_replaced: bool = False       # it differs, and replace_config said to replace it
    config_change: str = ""             # a diff of its hooks:/plugins: against the target's

    def to_write(self, force: bool) -> list[str]:
        return self.new + (self.conflicts if force else []) + ([self.config] if self.config_replaced else [])


# -- reading, within a budget -------------------------------------------------------------
class _Budget:
    """The archive's decompressed bytes, refused past `limit`: until the manifest is read
    that is the manifest's own cap, then what the manifest lists plus header room."""

    def __init__(self, raw: BinaryIO, archive: Path) -> None:
        self.raw, self.archive, self.read_so_far, self.limit = raw, archive, 0, MANIFEST_MAX + 4 * HEADER_ALLOWANCE

    def read(self, n: int = -1) -> bytes:
        room = self.limit - self.read_so_far
        data = self.raw.read(min(n, room + 1) if n >= 0 else room + 1)
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise UserError(f"{self.archive}: refused: it unpacks to more than its manifest lists "
                            f"({self.limit:,} bytes); nothing was written")
        return data

    def allow(self, manifest: Manifest) -> None:
        self.limit = (self.read_so_far + manifest.total_size
                      + HEADER_ALLOWANCE * (len(manifest.files) + 4))


def _members(archive: Path, roots: tuple[str, ...]) -> Iterator[tuple[tarfile.TarFile, tarfile.TarInfo | None,
                                                                        Manifest]]:
    """(tar, None, manifest) first, then (tar, member, manifest) for each file member,
    checked as far as can be before its data is read: its name and kind, that the
    manifest lists it, and its size."""
    try:
        raw = open(archive, "rb")
    except FileNotFoundError:
        raise UserError(f"{archive}: no such file") from None
    except OSError as exc:
        raise UserError(f"{archive}: {os_error_line(exc)}") from None
    with raw, gzip.GzipFile(fileobj=raw) as unzipped:
        budget = _Budget(unzipped, archive)
        manifest: Manifest | None = None
        expected: dict[str, Entry] = {}
        try:
            with tarfile.open(name=str(archive), fileobj=budget, mode="r|") as tar:   # type: ignore[call-overload]
                for member in tar:
                    _check_member(member, archive, roots)
                    if manifest is None:
                        if member.name != MANIFEST or member.size > MANIFEST_MAX:
                            raise UserError(f"{archive}: {MANIFEST} is not the first member; "
                                            "not a MovieVault backup")
                        manifest = parse_manifest(_read_all(tar, member), archive, roots)
                        expected = {e.path: e for e in manifest.files}
                        budget.allow(manifest)
                        yield tar, None, manifest
                        continue
                    entry = expected.get(member.name)
                    if entry is None:
                        raise UserError(f"{archive}: member {member.name[:200]!r} is not in the manifest")
                    if member.size != entry.size:
                        raise UserError(f"{archive}: {member.name} is {member.size:,} bytes; the manifest says "
                                        f"{entry.size:,}; the archive is damaged")
                    yield tar, member, manifest
                if manifest is None:
                    raise UserError(f"{archive}: no {MANIFEST}; not a MovieVault backup")
        except _UNREADABLE as exc:
            what = "corrupt archive" if manifest else "not a readable .tar.gz"
            raise UserError(f"{archive}: {what} ({exc or type(exc).__name__}); nothing was written") from None


def _check_member(member: tarfile.TarInfo, archive: Path, roots: tuple[str, ...]) -> None:
    """What tarfile's 'data' filter refuses, and more: only regular files a backup holds."""
    try:
        check_restorable(member.name, roots)
    except ValueError as exc:
        raise UserError(f"{archive}: refused member {member.name[:200]!r}: {exc}") from None
    if not member.isreg():
        kind = ("symlink" if member.issym() else "hard link" if member.islnk() else "directory" if member.isdir()
                else "device or FIFO")
        raise UserError(f"{archive}: refused member {member.name!r}: a {kind}, only regular files are restored")


def _read_all(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    sink = io.BytesIO()
    _hash_member(tar, member, sink)
    return sink.getvalue()


def _hash_member(tar: tarfile.TarFile, member: tarfile.TarInfo, sink: BinaryIO | None = None) -> tuple[int, str]:
    """Stream a member's data (into `sink`), hashing it. Damaged data is the archive's
    fault; a failed write to `sink` (disk full) is not, and keeps its own error."""
    h, size = hasher(), 0
    src = tar.extractfile(member)
    assert src is not None            # regular files only reach here
    while True:
        try:
            chunk = src.read(CHUNK)
        except _UNREADABLE as exc:
            raise UserError(f"{tar.name or 'archive'}: corrupt archive ({exc or type(exc).__name__}); "
                            "nothing was written") from None
        if not chunk:
            return size, h.hexdigest()
        h.update(chunk)
        size += len(chunk)
        if sink is not None:
            sink.write(chunk)


def read_manifest(archive: Path) -> Manifest:
    """The manifest of an archive (for `backup --list`), without checking the files."""
    for _tar, _member, manifest in _members(Path(archive), DEFAULT_ROOTS):
        return manifest
    raise AssertionError("unreachable: _members yields the manifest or raises")


def verify_archive(archive: Path, roots: tuple[str, ...] = DEFAULT_ROOTS) -> tuple[Manifest, dict[str, bytes]]:
    """Pass one: read the whole archive and check every member against the manifest.
    Returns the manifest and the bytes of the mkdocs.yml it holds (to show what it runs)."""
    archive = Path(archive)
    seen: dict[str, tuple[int, str]] = {}
    configs: dict[str, bytes] = {}
    for tar, member, manifest in _members(archive, roots):
        if member is None:
            continue
        if member.name in seen:
            raise UserError(f"{archive}: member {member.name!r} appears twice")
        sink = io.BytesIO() if member.name in CONFIG_NAMES and member.size <= CONFIG_SHOWN else None
        seen[member.name] = _hash_member(tar, member, sink)
        if sink is not None:
            configs[member.name] = sink.getvalue()
    _compare(archive, manifest, seen)
    return manifest, configs


def _compare(archive: Path, manifest: Manifest, seen: dict[str, tuple[int, str]]) -> None:
    expected = {e.path: e for e in manifest.files}
    if len(expected) != len(manifest.files):
        raise UserError(f"{archive}: {MANIFEST} lists a file twice")
    missing = sorted(set(expected) - set(seen))
    if missing:
        raise UserError(f"{archive}: {len(missing)} files of the manifest are missing (first: {missing[0]})")
    for name, (size, digest) in seen.items():
        if (size, digest) != (expected[name].size, expected[name].sha256):
            raise UserError(f"{archive}: checksum mismatch for {name}; the archive is damaged")


# -- planning -----------------------------------------------------------------------------
def inside(target: Path, name: str) -> Path:
    """Where `name` lands under `target`; ValueError if that leaves the target (also
    through a symlink already on disk)."""
    root = os.path.realpath(target)
    dest = os.path.realpath(os.path.join(root, name))
    if os.path.commonpath([root, dest]) != root or dest == root:
        raise ValueError("would be written outside the target")
    return Path(root) / name


def plan_restore(manifest: Manifest, target: Path, replace_config: bool = False) -> RestorePlan:
    """Sort the files into new, unchanged and conflicting; refuse unsafe destinations. An
    mkdocs.yml that differs from the target's is kept unless `replace_config`."""
    plan = RestorePlan(manifest, Path(target))
    for entry in manifest.files:
        try:
            dest = inside(target, entry.path)
        except ValueError as exc:
            raise UserError(f"{entry.path}: {exc}") from None
        if not os.path.lexists(dest):
            kind = "new"
        elif dest.is_symlink() or not dest.is_file():
            raise UserError(f"{dest}: exists and is not a regular file; not replacing it")
        else:
            kind = "unchanged" if file_digest(dest) == (entry.size, entry.sha256) else "conflict"
        if entry.path in CONFIG_NAMES:      # code, not data: only its own flag replaces it
            plan.config = entry.path
            if kind == "conflict":
                plan.config_kept, plan.config_replaced = not replace_config, replace_config
                continue
        {"new": plan.new, "unchanged": plan.unchanged, "conflict": plan.conflicts}[kind].append(entry.path)
    return plan


_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


def code_blocks(text: str) -> str:
    """The top-level `hooks:` and `plugins:` blocks of an mkdocs.yml, as written."""
    out: list[str] = []
    keep = False
    for line in text.splitlines():
        key = _TOP_KEY.match(line)
        if key:
            keep = key.group(1) in ("hooks", "plugins")
        elif line and not line[0].isspace() and not line.startswith(("#", "-")):
            keep = False
        if keep:
            out.append(line)
    return "\n".join(out) + ("\n" if out else "")


def config_change(old: str, new: str, name: str) -> str:
    """What replacing an mkdocs.yml would change in the code it runs, as a unified diff."""
    lines = difflib.unified_diff(code_blocks(old).splitlines(keepends=True), code_blocks(new).splitlines(keepends=True),
                                 fromfile=f"{name} (yours: hooks and plugins)", tofile=f"{name} (backup)")
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# -- restoring ----------------------------------------------------------------------------
def restore(archive: Path, target: Path, force: bool = False, dry_run: bool = False,
            replace_config: bool = False, roots: tuple[str, ...] = DEFAULT_ROOTS) -> RestorePlan:
    """Check everything, then write the files that are new (and, with `force`, those that
    differ). A dry run checks and plans the same way and writes nothing."""
    archive, target = Path(archive), Path(target)
    manifest, configs = verify_archive(archive, roots)
    plan = plan_restore(manifest, target, replace_config)
    if plan.config in configs:
        ours = target / plan.config
        old = ours.read_text("utf-8", "replace") if ours.is_file() else ""
        plan.config_change = config_change(old, configs[plan.config].decode("utf-8", "replace"), plan.config)
    if plan.conflicts and not force and not dry_run:
        raise UserError(f"{len(plan.conflicts)} files exist and differ (first: {plan.conflicts[0]}); "
                        "nothing was written; --force replaces them")
    wanted = set(plan.to_write(force))
    if not dry_run and wanted:
        _check_space(target, sum(e.size for e in manifest.files if e.path in wanted))
        _unpack(archive, target, manifest, wanted, roots)
    return plan


def _check_space(target: Path, needed: int) -> None:
    existing = next((p for p in (target, *target.parents) if p.is_dir()), None)
    if existing is not None and shutil.disk_usage(existing).free < needed:
        raise UserError(f"{target}: not enough free space to restore {needed:,} bytes; nothing was written")


def _unpack(archive: Path, target: Path, manifest: Manifest, wanted: set[str], roots: tuple[str, ...]) -> None:
    """Pass two: stage every file (sums checked again), then move each into place; any
    failure undoes every move, so the target is left as it was."""
    made = _make_dirs(target)
    try:
        staging = Path(tempfile.mkdtemp(dir=target, prefix=".movievault-restore-"))
    except OSError as exc:
        _remove_dirs(made)
        raise UserError(f"cannot restore into {target}: {os_error_line(exc)}; nothing was written") from None
    moves = _Moves(staging)
    try:
        staged = _stage(archive, staging, {e.path: e for e in manifest.files}, wanted, roots)
        for name in sorted(staged):
            moves.put(staged[name], inside(target, name), made)
    except BaseException as exc:
        moves.undo()
        shutil.rmtree(staging, ignore_errors=True)
        _remove_dirs(made)
        if isinstance(exc, OSError):
            raise UserError(f"restore failed: {os_error_line(exc)}; the target is as it was") from None
        if isinstance(exc, ValueError):
            raise UserError(f"restore failed: {exc}; the target is as it was") from None
        raise
    shutil.rmtree(staging, ignore_errors=True)


class _Moves:
    """Files moved into place, with what each replaced set aside, so they can be undone."""

    def __init__(self, staging: Path) -> None:
        self.staging, self.done = staging, []

    def put(self, staged: Path, dest: Path, made: list[Path]) -> None:
        made.extend(_make_dirs(dest.parent))
        old = None
        if os.path.lexists(dest):
            old = self.staging / f"old-{len(self.done)}"
            os.rename(dest, old)
        self.done.append((dest, old, staged))
        os.rename(staged, dest)

    def undo(self) -> None:
        for dest, old, staged in reversed(self.done):
            try:
                if os.path.lexists(dest) and not os.path.lexists(staged):
                    os.rename(dest, staged)
                if old is not None:
                    os.rename(old, dest)
            except OSError:
                pass     # best effort: what cannot be put back stays in the staging folder


def _make_dirs(folder: Path) -> list[Path]:
    """mkdir -p, returning the folders it made (outermost first), to remove on failure."""
    missing = []
    while not os.path.lexists(folder):
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir()
    return list(reversed(missing))


def _remove_dirs(made: list[Path]) -> None:
    for path in reversed(made):
        try:
            path.rmdir()
        except OSError:
            pass


def _stage(archive: Path, staging: Path, expected: dict[str, Entry], wanted: set[str],
           roots: tuple[str, ...]) -> dict[str, Path]:
    staged: dict[str, Path] = {}
    for tar, member, _manifest in _members(archive, roots):
        if member is None or member.name not in wanted:
            continue
        path = staging / f"new-{len(staged)}"
        with open(path, "xb") as fh:
            got = _hash_member(tar, member, fh)
            fh.flush()
            os.fsync(fh.fileno())
        if got != (expected[member.name].size, expected[member.name].sha256):
            raise UserError(f"{archive}: {member.name} changed since it was checked; nothing was written")
        staged[member.name] = path
    if set(staged) != wanted:
        raise UserError(f"{archive}: changed since it was checked; nothing was written")
    return staged
