"""The plugin's options are validated by MkDocs: bad keys and types name the key."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main

REPO = Path(__file__).resolve().parents[2]


def site(tmp_path: Path, plugin_block: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(textwrap.dedent(f"""\
        site_name: Test
        docs_dir: docs
        theme:
          name: material
          custom_dir: {REPO / 'overrides'}
        plugins:
          - movievault:
        """) + textwrap.indent(textwrap.dedent(plugin_block), "      "))
    return cfg


def build(cfg: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)],
                          capture_output=True, text=True, cwd=cfg.parent)


@pytest.mark.parametrize("block, key, words", [
    ("librar: [x]\n", "librar", "Unrecognised configuration name"),
    ("scan: sometimes\n", "scan", "Expected one of"),
    ("library: 42\n", "library", "Expected a list"),
    ("copy_artwork: maybe\n", "copy_artwork", "Expected type"),
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
