"""The exported extension passes Mozilla's addons-linter — the check addons.mozilla.org runs
before it signs an add-on — pinned in tests/browser/addons-linter/package-lock.json."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from movievault_build.extension import export

TOOL = Path(__file__).parent / "addons-linter"
# Chromium's background key; Firefox runs background.scripts instead, as the manifest says.
EXPECTED = {"BACKGROUND_SERVICE_WORKER_IGNORED"}


@pytest.fixture(scope="module")
def linter() -> Path:
    binary = TOOL / "node_modules" / ".bin" / "addons-linter"
    if not binary.exists():
        if shutil.which("npm") is None:
            pytest.skip("npm is not installed (python3 dev.py test installs it)")
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=TOOL, check=True,
                       capture_output=True, timeout=600)
    return binary


def test_the_zip_passes_addons_linter_with_only_the_chromium_key_noted(linter, tmp_path):
    export(tmp_path / "ext", with_zip=True)
    out = subprocess.run([str(linter), "--output", "json", str(tmp_path / "ext.zip")], capture_output=True,
                         text=True, timeout=300)
    report = json.loads(out.stdout)
    assert report["errors"] == [] and report["notices"] == [], report["errors"] + report["notices"]
    assert {w["code"] for w in report["warnings"]} <= EXPECTED, report["warnings"]
