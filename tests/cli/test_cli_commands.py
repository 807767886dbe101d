"""The `movievault` command as a user runs it: a real subprocess, real exit codes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import REPO, write

DEMO = REPO / "demo" / "library"


def run(*args: str, stdin: bytes | None = None, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "movievault_build", *args], input=stdin,
                          capture_output=True, cwd=cwd or REPO, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_parse_reads_args_and_stdin_as_json_lines():
    out = run("parse", "--json", "The.Matrix.1999.1080p.BluRay.x264-GRP.mkv")
    (line,) = out.stdout.decode().splitlines()
    data = json.loads(line)
    assert data["title"] == "The Matrix" and data["year"] == 1999 and data["kind"] == "movie"
    for key in ("input", "edition", "resolution", "source", "confidence"):
        assert key in data
    names = b"Show.S01E02.720p.mkv\nAlien.mkv\n\nAm\xe9lie.2001.avi\n"
    out = run("parse", "--json", stdin=names)
    rows = [json.loads(x) for x in out.stdout.decode().splitlines()]
    assert [r["kind"] for r in rows] == ["episode", "movie", "movie"]
    assert rows[1]["year"] is None and rows[2]["year"] == 2001
    assert out.returncode == 0


def test_nfo_show_json_and_unreadable_file(tmp_path):
    nfo = DEMO / "Movies" / "Alien (1979)" / "movie.nfo"
    out = run("nfo", "show", "--json", str(nfo))
    data = json.loads(out.stdout)
    assert data["title"] == "Alien" and data["year"] == 1979 and data["ids"]["imdb"].startswith("tt")
    bad = write(tmp_path, "bad.nfo", '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><movie><title>&x;</title></movie>')
    out = run("nfo", "show", "--json", str(bad))
    assert out.returncode != 0
    err = out.stderr.decode().strip()
    assert len(err.splitlines()) == 1 and "bad.nfo" in err and "root:" not in err


def test_scan_dry_run_writes_nothing_and_says_what_would_change(tmp_path):
    content = tmp_path / "content"
    out = run("scan", "--library", str(DEMO / "Downloads"), "--content", str(content), "--dry-run", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    text = out.stdout.decode()
    assert "new" in text and "jaws-1975" in text and "dry run" in text
    assert not content.exists()


def test_scan_then_rescan_reports_counts(tmp_path):
    content = tmp_path / "content"
    first = run("scan", "--library", str(DEMO / "Downloads"), "--content", str(content), "-q", cwd=tmp_path)
    assert first.returncode == 0
    assert "5 movies found: 5 new" in first.stdout.decode()
    second = run("scan", "--library", str(DEMO / "Downloads"), "--content", str(content), cwd=tmp_path)
    assert "0 new, 0 changed, 5 unchanged" in second.stdout.decode()


def test_scan_without_config_or_library_is_a_one_line_error(tmp_path):
    out = run("scan", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1 and "--library" in out.stderr.decode()
