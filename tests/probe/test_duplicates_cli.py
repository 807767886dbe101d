"""`movievault duplicates` end to end: report, JSON, interactive, quarantine and restore."""
from __future__ import annotations

import hashlib
import json

import click

import pytest
from click.testing import CliRunner

from movievault_build.scan import pipeline
from movievault_build.cli.app import cli
from movievault_build.settings import ScanSettings
from tests.helpers import write

NFO = "<movie><title>Heat</title><year>1995</year><uniqueid type='tmdb'>949</uniqueid></movie>"


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def library(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # no mkdocs.yml here: the flags alone configure the run
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/Heat (1995) - 1080p.mkv", b"A" * 3000)
    write(lib, "Heat (1995)/movie.nfo", NFO)
    write(lib, "Old/Heat.1995.720p.HDTV.mkv", b"B" * 2000)
    write(lib, "Old/Heat.1995.720p.HDTV.nfo", NFO)
    pipeline.scan(ScanSettings(roots=(lib,), content_dir=tmp_path / "content", probe="off"))
    return lib


def _run(*args, input=None):
    """Run as `main()` does: the command's return value is the exit status."""
    result = CliRunner().invoke(cli, ["duplicates", *args], input=input, catch_exceptions=False,
                                standalone_mode=False)
    result.status = result.return_value
    return result


ARGS = ("--library", "lib", "--content", "content")


def test_report_and_json(library):
    result = _run(*ARGS)
    assert result.status == 0
    assert "Heat (1995) [ids]" in result.output and "lower resolution: 720p vs 1080p" in result.output
    (line,) = _run(*ARGS, "--json").output.splitlines()
    group = json.loads(line)
    assert group["movie"]["ids"] == {"tmdb": "949"}
    assert [(c["rank"], c["path"].endswith("1080p.mkv"), c["resolution"]) for c in group["copies"]] == [
        (1, True, "1080p"), (2, False, "720p")]


def test_auto_cleanup_moves_then_restore_puts_back_every_byte(library):
    worse = library / "Old/Heat.1995.720p.HDTV.mkv"
    before = {p: _sha(p) for p in library.rglob("*.mkv")}
    dry = _run(*ARGS, "--auto-cleanup", "--dry-run")
    assert "would move" in dry.output and worse.exists()
    with pytest.raises(click.exceptions.Abort):
        _run(*ARGS, "--auto-cleanup", input="n\n")
    assert worse.exists()
    result = _run(*ARGS, "--auto-cleanup", input="y\n")
    assert result.status == 0, result.output
    quarantine = library / ".movievault-quarantine"
    moved = quarantine / "lib/Old/Heat.1995.720p.HDTV.mkv"
    assert not worse.exists() and _sha(moved) == before[worse]
    (entry,) = json.loads((quarantine / "manifest.json").read_text())
    assert entry["original"] == str(worse) and entry["size"] == 2000 and entry["sha256"] == before[worse]
    assert (library / "Heat (1995)/Heat (1995) - 1080p.mkv").exists()
    # A file that reappeared at the original path is never overwritten.
    worse.write_bytes(b"new")
    refused = _run(*ARGS, "restore", "--yes")
    assert refused.status == 1 and moved.exists()
    worse.unlink()
    assert "would restore" in _run(*ARGS, "restore", "--dry-run").output and moved.exists()
    restored = _run(*ARGS, "restore", "-y")
    assert restored.status == 0 and "1 files restored" in restored.output
    assert {p: _sha(p) for p in library.rglob("*.mkv") if ".movievault" not in str(p)} == before
    assert json.loads((quarantine / "manifest.json").read_text()) == []


def test_interactive_keeps_the_chosen_copy(library):
    result = _run(*ARGS, "--interactive", input="2\ny\n")
    assert result.status == 0, result.output
    assert (library / "Old/Heat.1995.720p.HDTV.mkv").exists()
    assert not (library / "Heat (1995)/Heat (1995) - 1080p.mkv").exists()
    skipped = _run(*ARGS, "--interactive", input="s\n")
    assert "moved" not in skipped.output.replace("0 files moved", "")
