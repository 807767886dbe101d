"""Artwork settings drive the cache: a changed AVIF quality re-encodes AVIF only; prune
drops what no page uses; stats count per format."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.helpers import REPO, jpeg, make_site, mkdocs_build, write


def cli(cfg, *args):
    return subprocess.run([sys.executable, "-m", "movievault_build", *args, "--config", str(cfg)],
                          capture_output=True, text=True, cwd=cfg.parent, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_quality_change_reencodes_one_format_and_prune_drops_the_old(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/poster.jpg", jpeg(400, 600))
    cfg = make_site(tmp_path, [lib])
    assert mkdocs_build(cfg).returncode == 0
    first = json.loads(cli(cfg, "images", "stats", "--json").stdout)["formats"]
    # The compact profile: AVIF at 400 (500 would upscale: the source width instead) and one JPEG at 240.
    assert {f: t["files"] for f, t in first.items()} == {"avif": 1, "jpeg": 1}

    cfg.write_text(cfg.read_text() + "      images:\n        quality: {avif: 40}\n")
    result = mkdocs_build(cfg, "-v")
    assert result.returncode == 0, result.stderr
    assert "1 variants encoded" in result.stderr           # the AVIF one only
    second = json.loads(cli(cfg, "images", "stats", "--json").stdout)["formats"]
    assert second["avif"]["files"] == 2 and second["jpeg"] == first["jpeg"]

    out = cli(cfg, "images", "prune")
    assert out.returncode == 0 and "pruned 1 unused variants" in out.stdout
    third = json.loads(cli(cfg, "images", "stats", "--json").stdout)["formats"]
    assert third["avif"]["files"] == 1
    result = mkdocs_build(cfg, "-v")
    assert "0 variants encoded" in result.stderr


def test_unknown_image_option_fails_the_build(tmp_path):
    cfg = make_site(tmp_path, [tmp_path / "none"], "")
    cfg.write_text(cfg.read_text() + "      images:\n        formats: [gif]\n")
    result = mkdocs_build(cfg)
    assert result.returncode != 0 and "formats" in result.stderr
