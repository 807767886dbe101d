"""The library's growth from the git history of content/movies, in a real temporary repository."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from movievault_build.vault.growth import read_growth, size_by_period
from tests.helpers import make_site, mkdocs_build

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo: Path, *args: str, date: str = "2024-01-15T12:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_CONFIG_GLOBAL": os.devnull,
           "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                   cwd=repo, env=env, check=True, capture_output=True)


def commit(repo: Path, message: str, date: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message, date=date)


def movie(content: Path, slug: str, text: str = "---\ntitle: x\n---\n") -> None:
    (content / "movies").mkdir(parents=True, exist_ok=True)
    (content / "movies" / f"{slug}.md").write_text(text)


@pytest.fixture
def repo(tmp_path) -> Path:
    root = tmp_path / "site"
    (root / "content").mkdir(parents=True)
    git(root, "init", "-q")
    return root


def test_counts_adds_deletes_renames_and_merges(repo):
    content = repo / "content"
    for slug in ("a", "b", "c"):
        movie(content, slug)
    (content / "playlists.yml").write_text("playlists: []\n")       # not a movie
    (content / "movies" / "notes.txt").write_text("x")               # not a content file
    commit(repo, "three films", "2024-01-10T10:00:00+00:00")
    (content / "movies" / "c.md").rename(content / "movies" / "c2.md")
    movie(content, "a", "---\ntitle: changed\n---\n")
    commit(repo, "rename one, edit one", "2024-03-02T10:00:00+00:00")
    git(repo, "checkout", "-q", "-b", "more")
    movie(content, "d")
    movie(content, "e")
    commit(repo, "two on a branch", "2024-03-20T10:00:00+00:00")
    git(repo, "checkout", "-q", "main")
    (content / "movies" / "b.md").unlink()
    commit(repo, "drop b", "2024-04-01T10:00:00+00:00")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge more", "more", date="2024-04-05T10:00:00+00:00")
    growth, why = read_growth(content)
    assert why == "" and growth is not None and not growth.shallow
    assert growth.points == (("2024-01-10", 3), ("2024-03-02", 3), ("2024-04-01", 2), ("2024-04-05", 4))
    newest = growth.recent[0]
    assert newest.subject == "merge more" and set(newest.added) == {"d", "e"}
    assert growth.recent[1].removed == ("b",)
    assert growth.recent[2].added == ("c2",) and growth.recent[2].removed == ("c",) and growth.recent[2].edited == 1
    assert size_by_period(growth.points) == [("2024-01", 3), ("2024-02", 3), ("2024-03", 3), ("2024-04", 4)]


def test_hostile_subjects_stay_text(repo):
    content = repo / "content"
    movie(content, "a")
    commit(repo, "<script>alert(1)</script> \x1e" + "f" * 40 + "\x1fx", "2024-01-10T10:00:00+00:00")
    movie(content, "b")
    commit(repo, "second", "2024-01-11T10:00:00+00:00")
    growth, _ = read_growth(content)
    assert [c.subject for c in growth.recent][1].startswith("<script>alert(1)</script>")
    assert growth.points[-1] == ("2024-01-11", 2) and growth.commits == 2


def test_no_git_history_says_why(tmp_path, repo):
    outside = tmp_path / "loose" / "content"
    movie(outside, "a")
    growth, why = read_growth(outside)
    assert growth is None and "not inside a git repository" in why
    growth, why = read_growth(repo / "content")
    assert growth is None and why.startswith("no history")


def test_many_years_become_yearly_bins():
    points = tuple((f"{y}-06-01", i) for i, y in enumerate(range(2000, 2010), 1))
    bins = size_by_period(points)
    assert bins[0] == ("2000", 1) and bins[-1] == ("2009", 10) and len(bins) == 10


def _stats_page(tmp_path: Path, content_src: Path) -> str:
    cfg = make_site(tmp_path, [str(tmp_path / "no-library")])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "site" / "stats" / "index.html").read_text()


def test_stats_page_charts_growth_from_git(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    git(tmp_path, "init", "-q")
    heat = tmp_path / "content" / "movies" / "heat-1995.md"
    kept = heat.read_text()
    heat.unlink()
    commit(tmp_path, "the library <b>without</b> Heat", "2024-01-10T10:00:00+00:00")
    heat.write_text(kept)
    commit(tmp_path, "Heat arrives", "2024-02-10T10:00:00+00:00")
    page = _stats_page(tmp_path, tmp_path / "content")
    assert 'id="growth"' in page and "Movies in the library" in page
    assert "2024-01: 31; 2024-02: 32" in page
    assert "Heat arrives" in page and 'href="../movies/heat-1995/"' in page
    assert "the library &lt;b&gt;without&lt;/b&gt; Heat" in page and "<b>without" not in page


def test_stats_page_without_git_has_a_note(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    page = _stats_page(tmp_path, tmp_path / "content")
    assert 'id="growth"' in page and "No history to chart" in page and "Movies in the library" not in page
    assert str(tmp_path) not in page                       # the reason names local folders: the log says it


def test_the_walk_is_kept_under_the_head_commit(repo, tmp_path, monkeypatch):
    content = repo / "content"
    movie(content, "a")
    commit(repo, "one", "2024-01-10T10:00:00+00:00")
    memo = tmp_path / "growth.marshal"
    first, _ = read_growth(content, memo)
    import movievault_build.vault.growth as growth_module
    monkeypatch.setattr(growth_module, "parse_log", lambda *a: pytest.fail("walked again"))
    assert read_growth(content, memo)[0] == first
    monkeypatch.undo()
    movie(content, "b")
    commit(repo, "two", "2024-01-11T10:00:00+00:00")
    assert read_growth(content, memo)[0].points[-1] == ("2024-01-11", 2)
