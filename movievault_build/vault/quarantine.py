"""Move files aside instead of deleting them, and put them back.

MovieVault never deletes a video. A quarantined file keeps its path below the quarantine
folder (`<quarantine>/<library>/<path>`), and `manifest.json` there records where it came
from, its size and sha256, so a restore can prove no byte was lost.

The manifest is not trusted (`content/.trash/` is committed content; anyone can edit a
quarantine folder): a restore moves only a regular file from inside the folder back to
a free path inside one of the roots it is given, never through a symlink; any other
entry is reported and skipped.
"""
from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from ..cache.keys import hasher
from ..errors import ReadError
from ..fsutil import atomic_write_text, inside, read_regular
from ..log import safe_path

MANIFEST = "manifest.json"
MANIFEST_MAX = 64 << 20


@dataclass
class MoveReport:
    moved: list[tuple[str, str]] = field(default_factory=list)      # (from, to)
    refused: list[str] = field(default_factory=list)                # one line each, naming the file
    dry_run: bool = False


def sha256_file(path: Path) -> str:
    digest = hasher()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(folder: Path) -> list[dict[str, Any]]:
    path = Path(folder) / MANIFEST
    if not os.path.lexists(path):
        return []
    try:
        data = json.loads(read_regular(path, MANIFEST_MAX).decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ReadError(path, f"unreadable manifest ({exc})") from None
    if not isinstance(data, list):
        raise ReadError(path, "manifest is not a list")
    return data


def _write_manifest(folder: Path, entries: list[dict[str, Any]]) -> None:
    atomic_write_text(Path(folder) / MANIFEST, json.dumps(entries, indent=2, ensure_ascii=False) + "\n")


def _move(src: Path, dest: Path, digest: str) -> None:
    """Rename when possible; across file systems copy, verify the copy, then remove the source."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(src, dest)
        return
    except OSError:
        pass
    shutil.copy2(src, dest)
    if sha256_file(dest) != digest:
        dest.unlink()
        raise OSError(f"copy of {src} did not verify")
    src.unlink()


def quarantine(files: list[tuple[Path, str]], folder: Path, *, dry_run: bool = False) -> MoveReport:
    """Move each (absolute path, name below the quarantine folder) aside, recording it."""
    report = MoveReport(dry_run=dry_run)
    entries = read_manifest(folder)
    for src, rel in files:
        dest = Path(folder) / rel
        if dest.exists() or not src.is_file():
            report.refused.append(f"{src}: {'already in quarantine' if dest.exists() else 'not found'}")
            continue
        if dry_run:
            report.moved.append((str(src), str(dest)))
            continue
        size, digest = src.stat().st_size, sha256_file(src)
        try:
            _move(src, dest, digest)
        except OSError as exc:
            report.refused.append(f"{src}: cannot move ({exc})")
            continue
        entries.append({"original": str(src), "moved_to": str(dest), "size": size, "sha256": digest,
                        "time": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")})
        _write_manifest(folder, entries)   # after every move: an interruption loses no record
        report.moved.append((str(src), str(dest)))
    return report


def restore(folder: Path, roots: Sequence[Path], *, dry_run: bool = False) -> MoveReport:
    """Put every quarantined file back where it was, if that is inside one of `roots`;
    never overwrite a file that is there."""
    report = MoveReport(dry_run=dry_run)
    entries = read_manifest(folder)
    kept: list[dict[str, Any]] = []
    for entry in entries:
        problem, src, dest = _check_entry(entry, Path(folder), roots)
        if problem is None and not dry_run:
            problem = _restore_one(src, dest, entry)
        if problem:
            report.refused.append(problem)
            kept.append(entry)
            continue
        report.moved.append((str(src), str(dest)))
        if dry_run:
            kept.append(entry)
    if not dry_run and kept != entries:
        _write_manifest(folder, kept)
    return report


def _check_entry(entry: Any, folder: Path, roots: Sequence[Path]) -> tuple[str | None, Path, Path]:
    """(why this entry may not be restored, or None; its file; where it goes)."""
    if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) and entry.get(k)
                                               for k in ("moved_to", "original")):
        return f"{folder / MANIFEST}: malformed entry {str(entry)[:80]!r}; skipped", folder, folder
    src, dest = Path(entry["moved_to"]), Path(entry["original"])
    shown = safe_path(dest)
    if not inside(folder, src):
        return f"{shown}: its copy {safe_path(src)} is not inside {safe_path(folder)}; skipped", src, dest
    if not any(inside(root, dest) for root in roots) or inside(folder, dest):
        return f"{shown}: not inside a library root; skipped (the manifest may have been edited)", src, dest
    if os.path.lexists(dest):
        return f"{shown}: a file is already there", src, dest
    if src.is_symlink() or not src.is_file():
        return f"{shown}: quarantined copy is gone", src, dest
    return None, src, dest


def _restore_one(src: Path, dest: Path, entry: dict[str, Any]) -> str | None:
    shown = safe_path(dest)
    if sha256_file(src) != entry.get("sha256"):
        return f"{shown}: quarantined copy changed since it was moved (sha256 differs); left in place"
    try:
        _move(src, dest, str(entry["sha256"]))
    except OSError as exc:
        return f"{shown}: cannot move back ({exc.strerror or exc})"
    return None
