"""Class: move manifests are confined. `duplicates restore` and `cleanup restore` move
only a file from inside their quarantine/trash folder back to a free path inside a
library root (or content/), never through a symlink; a tampered manifest's other entries
are reported and skipped, and moving files in never follows a content file out of a root."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.cli import main
from movievault_build.vault.quarantine import MANIFEST, restore
from movievault_build.settings import ScanSettings
from tests.helpers import write

from .conftest import snapshot


def _entry(moved_to: Path | str, original: Path | str, data: bytes = b"x") -> dict:
    return {"original": str(original), "moved_to": str(moved_to), "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(), "time": "2024-01-01T00:00:00+00:00"}


@pytest.fixture
def layout(tmp_path, outside):
    root = tmp_path / "lib"
    quarantine = root / ".movievault-quarantine"
    (quarantine / "lib").mkdir(parents=True)
    (root / "Films").mkdir()
    (quarantine / "lib" / "ok.mkv").write_bytes(b"x")
    (outside / "victim.mkv").write_bytes(b"x")
    (root / "linked").symlink_to(outside)          # a symlinked folder inside the root, leading out
    (quarantine / "lib" / "link.mkv").symlink_to(outside / "victim.mkv")
    return root, quarantine, outside


def _hostile_entries(root: Path, quarantine: Path, outside: Path) -> list:
    return [
        _entry(outside / "victim.mkv", root / "Films" / "stolen.mkv"),              # source outside the folder
        _entry(quarantine / ".." / ".." / "outside" / "victim.mkv", root / "Films" / "b.mkv"),   # .. out of it
        _entry(quarantine / "lib" / "link.mkv", root / "Films" / "c.mkv"),          # a symlink in the folder
        _entry(quarantine / "lib" / "ok.mkv", outside / "planted.mkv"),             # destination outside
        _entry(quarantine / "lib" / "ok.mkv", root / ".." / "outside" / "p2.mkv"),  # .. out of the root
        _entry(quarantine / "lib" / "ok.mkv", root / "linked" / "p3.mkv"),          # through a symlinked folder
        _entry(quarantine / "lib" / "ok.mkv", quarantine / "lib" / "again.mkv"),    # into the quarantine itself
        _entry(quarantine / "lib" / "ok.mkv", "/etc/cron.d/evil"),
        {"original": 42, "moved_to": ["x"]}, "just a string", None,
    ]


def test_a_tampered_quarantine_manifest_moves_nothing_out_of_bounds(layout):
    root, quarantine, outside = layout
    entries = _hostile_entries(root, quarantine, outside)
    (quarantine / MANIFEST).write_text(json.dumps(entries))
    before_out, before_root = snapshot(outside), snapshot(root)
    for dry_run in (True, False):
        report = restore(quarantine, [root], dry_run=dry_run)
        assert report.moved == [] and len(report.refused) == len(entries)
        assert all("\n" not in line for line in report.refused)
    assert snapshot(outside) == before_out and snapshot(root) == before_root
    assert not Path("/etc/cron.d/evil").exists()


def test_the_cli_reports_and_skips_them_and_restores_the_honest_entry(layout, capsys, tmp_path, monkeypatch):
    root, quarantine, outside = layout
    honest = _entry(quarantine / "lib" / "ok.mkv", root / "Films" / "ok.mkv")
    (quarantine / MANIFEST).write_text(json.dumps(_hostile_entries(root, quarantine, outside) + [honest]))
    monkeypatch.chdir(tmp_path)
    assert main(["duplicates", "--library", str(root), "--content", str(tmp_path / "content"), "restore", "--yes"]) == 1
    out = capsys.readouterr()
    assert "1 files restored, 11 refused" in out.out and "Traceback" not in out.err
    assert (root / "Films" / "ok.mkv").read_bytes() == b"x" and (outside / "victim.mkv").exists()


def test_cleanup_restore_only_moves_back_into_content(tmp_path, outside, capsys, monkeypatch):
    content = tmp_path / "content"
    trash = content / ".trash"
    (trash / "images" / "heat").mkdir(parents=True)
    (trash / "images" / "heat" / "poster.jpg").write_bytes(b"x")
    hooks = tmp_path / "hooks"
    entries = [_entry(trash / "images/heat/poster.jpg", hooks / "movievault_hooks.py"),
               _entry(trash / "images/heat/poster.jpg", tmp_path / ".git" / "hooks" / "pre-commit"),
               _entry(trash / "images/heat/poster.jpg", outside / "x.jpg"),
               _entry(outside / "secret.txt", content / "images" / "secret.txt", b"keep me\n")]
    (trash / MANIFEST).write_text(json.dumps(entries))
    monkeypatch.chdir(tmp_path)
    assert main(["cleanup", "--content", str(content), "--library", str(tmp_path / "none"), "restore", "--yes"]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert not hooks.exists() and not (tmp_path / ".git").exists() and not (content / "images" / "secret.txt").exists()
    assert (trash / "images/heat/poster.jpg").exists() and (outside / "secret.txt").exists()


@pytest.mark.parametrize("rel", ["../outside/secret.txt", "../../outside/secret.txt", "Films/../../outside/secret.txt",
                                 "/tmp/x.mkv"])
def test_auto_cleanup_never_follows_a_content_file_out_of_the_root(tmp_path, outside, rel, capsys, monkeypatch):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995) - 1080p.mkv", b"A" * 3000)
    write(lib, "Heat (1995)/movie.nfo", "<movie><title>Heat</title><year>1995</year>"
                                        "<uniqueid type='tmdb'>949</uniqueid></movie>")
    content = tmp_path / "content"
    pipeline.scan(ScanSettings(roots=(lib,), content_dir=content, probe="off"))
    forged = content / "movies" / "heat-copy.md"      # a forged copy of Heat whose file is outside the root
    forged.write_text("---\ntitle: Heat\nyear: 1995\nids: {tmdb: '949'}\nfiles:\n  - library: lib\n"
                      f"    path: '{rel}'\n    size: 9000000\n    resolution: 2160p\n---\n")
    monkeypatch.chdir(tmp_path)
    main(["duplicates", "--library", str(lib), "--content", str(content), "--auto-cleanup"])
    capsys.readouterr()
    assert (outside / "secret.txt").read_text() == "keep me\n"
    assert not (lib / ".movievault-quarantine").exists() or not any(
        "secret" in p.name for p in (lib / ".movievault-quarantine").rglob("*"))
