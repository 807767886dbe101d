"""Movie history through git, in a throw-away repository made by the test."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.vault.history import NoHistory, changed_keys, diff, rollback, versions

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

V1 = "---\ntitle: Heat\nyear: 1995\nrating: 8.3\nuser:\n  rating:\n  tags: []\n---\nNotes.\n"
V2 = "---\ntitle: Heat\nyear: 1995\nrating: 8.4\nuser:\n  rating: 9\n  tags: []\n---\nNotes.\n"
V3 = "---\ntitle: Heat\nyear: 1995\nrating: 8.4\nruntime: 170\nuser:\n  rating: 9\n  tags: [crime]\n---\nNotes.\n"


def _git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "lib"
    (root / "content" / "movies").mkdir(parents=True)
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "Test")
    _git(root, "config", "user.email", "test@example.invalid")
    _git(root, "config", "commit.gpgsign", "false")
    path = root / "content" / "movies" / "heat-1995.md"
    for text, message in ((V1, "Add Heat"), (V2, "Rate Heat"), (V3, "Tag Heat; runtime")):
        path.write_text(text)
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", message)
    return root


def test_versions_list_what_changed(repo):
    found = versions(repo / "content", "heat-1995")
    assert [v.number for v in found] == [1, 2, 3]
    assert [v.subject for v in found] == ["Add Heat", "Rate Heat", "Tag Heat; runtime"]
    assert found[0].changed == ("(created)",)
    assert found[1].changed == ("rating", "user.rating")
    assert found[2].changed == ("runtime", "user.tags")
    assert all(len(v.short) >= 7 and v.date[:4].isdigit() for v in found)


def test_history_follows_renames(repo):
    _git(repo, "mv", "content/movies/heat-1995.md", "content/movies/heat.md")
    _git(repo, "commit", "-q", "-m", "Rename")
    found = versions(repo / "content", "heat")
    assert len(found) == 4 and found[0].path == "content/movies/heat-1995.md"
    assert found[3].changed == ()


def test_diff_and_rollback(repo):
    content = repo / "content"
    path = content / "movies" / "heat-1995.md"
    assert diff(content, "heat-1995") == ""
    _version, data = rollback(content, "heat-1995", 1, dry_run=True)
    assert data.decode() == V1 and path.read_text() == V3          # dry run writes nothing
    rollback(content, "heat-1995", 1)
    assert path.read_text() == V1
    text = diff(content, "heat-1995")
    assert "-rating: 8.4" in text and "+rating: 8.3" in text and text.startswith("diff --git")
    against_v2 = diff(content, "heat-1995", "HEAD~1")
    assert "runtime" not in against_v2 and "-  rating: 9" in against_v2
    assert diff(content, "heat-1995", "HEAD~2") == ""
    with pytest.raises(UserError, match="no version 9"):
        rollback(content, "heat-1995", 9)
    with pytest.raises(UserError, match="not a revision"):
        diff(content, "heat-1995", "--output=/tmp/x")


def test_clear_messages_without_history(tmp_path, repo):
    plain = tmp_path / "plain" / "content" / "movies"
    plain.mkdir(parents=True)
    with pytest.raises(NoHistory, match="not inside a git repository"):
        versions(plain.parent, "heat-1995")
    (repo / "content" / "movies" / "new-2020.md").write_text(V1)
    with pytest.raises(NoHistory, match="never committed"):
        versions(repo / "content", "new-2020")
    with pytest.raises(UserError, match="not a movie slug"):
        versions(repo / "content", "../x")


def test_git_missing_is_one_line(repo, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(NoHistory, match="git is not installed"):
        versions(repo / "content", "heat-1995")


def test_changed_keys():
    assert changed_keys({"a": 1, "b": [1]}, {"a": 1, "b": [1, 2], "c": None}) == ("b",)
    assert changed_keys({"a": 1}, {}) == ("a",)


def test_cli(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    content = str(repo / "content")
    assert main(["history", "heat-1995", "--content", content]) == 0
    out = capsys.readouterr().out
    assert out.index("Tag Heat") < out.index("Add Heat") and "user.rating" in out
    assert main(["rollback", "heat-1995", "--version", "2", "--content", content]) == 1   # asked: no
    assert main(["rollback", "heat-1995", "--version", "2", "--content", content, "--yes"]) == 0
    assert "commit" in capsys.readouterr().out
    assert main(["diff", "heat-1995", "--content", content]) == 0
    assert "+  tags: []" in capsys.readouterr().out
    assert main(["history", "nope", "--content", content]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
