"""The plugin's options are validated by MkDocs: bad keys and types name the key."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from movievault_build.cli import main
from tests.helpers import mkdocs_build, site_with_plugin

REPO = Path(__file__).resolve().parents[2]


def site(tmp_path: Path, plugin_block: str) -> Path:
    return site_with_plugin(tmp_path, plugin_block, site_name="Test")


def build(cfg: Path) -> subprocess.CompletedProcess:
    return mkdocs_build(cfg, "-q")


@pytest.mark.parametrize("block, key, words", [
    ("librar: [x]\n", "librar", "Unrecognised configuration name"),
    ("scan: sometimes\n", "scan", "Expected one of"),
    ("library: 42\n", "library", "Expected a list"),
    ("artwork: {copy_local: maybe}\n", "copy_local", "Expected type"),
])
def test_bad_option_fails_the_build_naming_the_key(tmp_path, block, key, words):
    result = build(site(tmp_path, block))
    assert result.returncode != 0
    assert key in result.stderr and words in result.stderr


def test_cli_reads_the_same_block_and_fails_the_same_way(tmp_path, capsys):
    cfg = site(tmp_path, "scan: sometimes\n")
    assert main(["scan", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert "mkdocs.yml" in err and "scan" in err


def test_scan_auto_without_library_builds_from_content_alone(tmp_path):
    cfg = site(tmp_path, f"library: [{tmp_path / 'not-mounted'}]\ncontent_dir: content\n")
    result = build(cfg)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "library" / "index.html").is_file()
    assert not (tmp_path / "content").exists()   # nothing scanned, nothing written
