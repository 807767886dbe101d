"""The code fingerprint (what rendered pages, loaded movies and scan plans are keyed on)
covers every module and the filename parser's vocabularies: a data-only change to the
parser must not leave a warm scan serving what the old rules identified."""
from __future__ import annotations

import shutil
from pathlib import Path

import movievault_build
from movievault_build.cache import keys

PACKAGE = Path(movievault_build.__file__).parent


def test_the_parser_vocabularies_are_code_and_theme_files_are_not() -> None:
    files = keys.code_files(PACKAGE)
    assert "cache/keys.py" in files and "identify/rules/kind.py" in files
    assert "identify/data/markers.txt" in files and "identify/data/sources.txt" in files
    assert {f for f in files if not f.endswith(".py")} == {
        f"identify/data/{p.name}" for p in (PACKAGE / "identify" / "data").glob("*.txt")}


def test_editing_a_vocabulary_changes_the_fingerprint(tmp_path, monkeypatch) -> None:
    copy = tmp_path / "movievault_build"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "theme"))
    monkeypatch.setattr(keys, "__file__", str(copy / "cache" / "keys.py"))
    before = keys.code_fingerprint.__wrapped__()
    markers = copy / "identify" / "data" / "markers.txt"
    markers.write_text(markers.read_text("utf-8") + "# one more line\n", "utf-8")
    assert keys.code_fingerprint.__wrapped__() != before
