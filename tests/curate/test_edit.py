"""`movievault edit`: $EDITOR on a film's user block, checked on save."""
from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.store.document import load_plain
from movievault_build.store.library import read_movie

BODY = "Notes in the body stay.\n"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    movies = tmp_path / "content" / "movies"
    movies.mkdir(parents=True)
    (movies / "heat-1995.md").write_text(textwrap.dedent("""\
        ---
        schema: 1
        title: Heat
        year: 1995
        # Yours: the scanner never changes anything below this line.
        user:
          tags: [heist]  # mine
          watched: false
        ---
        """) + BODY, encoding="utf-8")
    return tmp_path / "content"


def editor(monkeypatch, tmp_path: Path, new_text: str | None) -> None:
    """An $EDITOR that replaces the file with `new_text` (None: leaves it as it was)."""
    script = tmp_path / "fake-editor.py"
    payload = tmp_path / "payload.yml"
    if new_text is not None:
        payload.write_text(new_text, encoding="utf-8")
    script.write_text(textwrap.dedent(f"""\
        import shutil, sys, pathlib
        p = pathlib.Path({str(payload)!r})
        if p.exists():
            shutil.copy(p, sys.argv[-1])
        """))
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    monkeypatch.delenv("VISUAL", raising=False)


def test_a_valid_edit_is_saved_with_its_comments(content, tmp_path, monkeypatch, capsys):
    editor(monkeypatch, tmp_path, "tags: [heist]  # mine\nwatched: true\noverrides:\n  title: Heat (Director's Cut)\n  year: 1995\n")
    assert main(["edit", "heat-1995", "--content", str(content)]) == 0
    path = content / "movies" / "heat-1995.md"
    text = path.read_text("utf-8")
    assert "# mine" in text and text.endswith(BODY)
    data = load_plain(text, "heat")[0]
    assert data["title"] == "Heat" and data["user"]["watched"] is True
    assert read_movie(path).title == "Heat (Director's Cut)"   # the override wins on the site


@pytest.mark.parametrize("edited, reason", [
    ("tags: [heist\nwatched: true\n", "invalid YAML"),
    ("- just\n- a list\n", "not a mapping"),
    ("overrides:\n  titel: Heat\n", "unknown field 'titel'"),
    ("overrides:\n  year: nineteen\n", "overrides.year: must be a year"),
    ("rating: 11\n", "rating: must be a number from 0 to 10"),
    ("ids: {imdb: 12345}\n", "ids.imdb: 12345 is not an IMDb id"),
    ("# all gone\n", "the edit is empty"),
])
def test_a_bad_edit_is_refused_and_nothing_changes(content, tmp_path, monkeypatch, capsys, edited, reason):
    path = content / "movies" / "heat-1995.md"
    before = path.read_bytes()
    editor(monkeypatch, tmp_path, edited)
    assert main(["edit", "heat-1995", "--content", str(content)]) == 2
    err = capsys.readouterr().err.strip()
    assert reason in err and len(err.splitlines()) == 1 and err.startswith("movievault: heat-1995: not saved")
    assert path.read_bytes() == before


def test_closing_without_saving_changes_nothing(content, tmp_path, monkeypatch, capsys):
    path = content / "movies" / "heat-1995.md"
    before = path.read_bytes()
    editor(monkeypatch, tmp_path, None)
    assert main(["edit", "heat-1995", "--content", str(content)]) == 0
    assert "no change" in capsys.readouterr().out and path.read_bytes() == before
    assert main(["edit", "nope", "--content", str(content)]) == 2
