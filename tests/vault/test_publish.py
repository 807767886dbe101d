"""`movievault publish` in throw-away repositories: a work tree and a bare remote."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from movievault_build.cli import main

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def movie(title: str, year: int, missing: bool = False) -> str:
    return (f"---\nschema: 1\ntitle: {title}\nyear: {year}\n" + ("missing: true\n" if missing else "")
            + "user:\n  tags: []\n---\n")


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    root = tmp_path / "site"
    movies = root / "content" / "movies"
    movies.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false")):
        git(root, "config", key, value)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Films\n")
    (root / "mkdocs.yml").write_text("site_name: Films\nplugins:\n  - movievault:\n      content_dir: content\n")
    (movies / "heat-1995.md").write_text(movie("Heat", 1995))
    (movies / "alien-1979.md").write_text(movie("Alien", 1979))
    (movies / "thief-1981.md").write_text(movie("Thief", 1981))
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    return root


def edit_library(root: Path) -> None:
    movies = root / "content" / "movies"
    (movies / "jaws-1975.md").write_text(movie("Jaws", 1975))                  # new
    (movies / "heat-1995.md").write_text(movie("Heat", 1995).replace("tags: []", "tags: [crime]"))
    (movies / "alien-1979.md").write_text(movie("Alien", 1979, missing=True))  # its files are gone
    (movies / "thief-1981.md").unlink()                                          # dropped by hand
    (root / "content" / "images").mkdir()
    (root / "content" / "images" / "jaws-poster.jpg").write_bytes(b"\xff\xd8")


def run(root: Path, capsys, *args: str) -> tuple[int, str, str]:
    import os
    cwd = os.getcwd()
    os.chdir(root)
    try:
        code = main(["publish", *args])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_publish_commits_content_with_a_summary_and_pushes(repo, capsys):
    edit_library(repo)
    code, out, _ = run(repo, capsys)
    assert code == 0, out
    remote = repo.parent / "remote.git"
    message = git(remote, "log", "-1", "--format=%B", "main")
    assert message.splitlines()[0] == "Library: 1 new, 1 changed, 1 missing, 1 removed; 1 other file"
    for line in ("new: Jaws (1975)", "changed: Heat (1995)", "missing: Alien (1979)", "removed: Thief (1981)"):
        assert line in message
    assert "pushed to origin main" in out
    assert git(repo, "status", "--porcelain") == ""
    # nothing new: nothing committed, and the push is a no-op
    code, out, _ = run(repo, capsys)
    assert code == 0 and "nothing to commit" in out
    assert git(remote, "rev-list", "--count", "main").strip() == "2"


def test_dry_run_shows_the_commit_and_changes_nothing(repo, capsys):
    edit_library(repo)
    before = git(repo, "status", "--porcelain")
    code, out, _ = run(repo, capsys, "--dry-run")
    assert code == 0
    assert "Library: 1 new, 1 changed, 1 missing" in out and "content/movies/jaws-1975.md" in out
    assert "dry run" in out
    assert git(repo, "status", "--porcelain") == before
    assert git(repo.parent / "remote.git", "rev-list", "--count", "main").strip() == "1"


@pytest.mark.parametrize("unrelated", ["mkdocs.yml", "staged.txt"])
def test_unrelated_changes_are_refused_before_anything_is_done(repo, capsys, unrelated):
    edit_library(repo)
    path = repo / unrelated
    path.write_text(path.read_text() + "# edited\n" if path.exists() else "new\n")
    if unrelated == "staged.txt":
        git(repo, "add", unrelated)
    code, _, err = run(repo, capsys)
    assert code == 2 and f"changes outside content/ ({unrelated})" in err
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def test_untracked_files_outside_content_are_not_in_the_way(repo, capsys):
    edit_library(repo)
    (repo / "notes.txt").write_text("mine")
    code, out, _ = run(repo, capsys)
    assert code == 0, out
    assert "notes.txt" not in git(repo, "show", "--name-only", "--format=", "HEAD")


def test_no_remote_or_an_unknown_one_is_a_clear_refusal(repo, capsys):
    edit_library(repo)
    code, _, err = run(repo, capsys, "--remote", "backup")
    assert code == 2 and "no git remote named 'backup'" in err
    git(repo, "remote", "remove", "origin")
    code, _, err = run(repo, capsys)
    assert code == 2 and "no git remote to push to" in err
    assert git(repo, "rev-list", "--count", "HEAD").strip() == "1"


def test_a_failed_push_keeps_the_commit_and_says_so(repo, capsys):
    edit_library(repo)
    shutil.rmtree(repo.parent / "remote.git")
    code, _, err = run(repo, capsys)
    assert code == 2 and "committed" in err and "the push to origin failed" in err
    assert git(repo, "log", "-1", "--format=%s").startswith("Library: 1 new")


def test_outside_a_repository_is_a_clear_refusal(tmp_path, capsys):
    (tmp_path / "content" / "movies").mkdir(parents=True)
    code, _, err = run(tmp_path, capsys, "--content", "content")
    assert code == 2 and "not inside a git repository" in err
