"""After a batch the daemon publishes, when asked to: content/ committed and pushed (as
`movievault publish` does), and the publish command run after the build."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from movievault_build.events.daemon import Daemon
from movievault_build.events.work import Batch
from movievault_build.site.settings import events_from_mkdocs
from tests.helpers import REPO, write

pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def site_repo(tmp_path: Path, watch_block: str) -> Path:
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    root = tmp_path / "vault"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Films\n")
    (root / ".gitignore").write_text(".cache/\nsite/\npublished\n")
    (root / "mkdocs.yml").write_text(f"""site_name: Films
docs_dir: docs
theme:
  name: material
plugins:
  - movievault:
      library: [{tmp_path / 'films'}]
      content_dir: content
{watch_block}""")
    git(root, "init", "-q", "-b", "main")
    for key, value in (("user.name", "Test"), ("user.email", "test@example.invalid"), ("commit.gpgsign", "false")):
        git(root, "config", key, value)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Start")
    git(root, "remote", "add", "origin", str(remote))
    git(root, "push", "-q", "origin", "main")
    return root


def test_a_batch_commits_and_pushes_content_then_runs_the_publish_command(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    write(tmp_path / "films", "Heat (1995)/Heat (1995).mkv")
    command = f"[{sys.executable}, -c, \"open('published', 'w').write('yes')\"]"
    root = site_repo(tmp_path, f"      watch:\n        git_publish: true\n        publish_command: {command}\n")
    scan, events = events_from_mkdocs(root / "mkdocs.yml")
    daemon = Daemon(scan, events)
    outcome = daemon.run_batch(Batch(full=True))
    assert outcome.ok and outcome.published, outcome.error
    assert "content/movies/heat-1995.md" in git(tmp_path / "remote.git", "show", "--stat", "--format=%s", "main")
    assert (root / "published").read_text() == "yes"
    # a batch that changed nothing commits nothing
    head = git(root, "rev-parse", "HEAD")
    assert daemon.run_batch(Batch(full=True)).ok and git(root, "rev-parse", "HEAD") == head


def test_a_failing_publish_command_is_a_failed_batch_not_a_dead_daemon(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    write(tmp_path / "films", "Heat (1995)/Heat (1995).mkv")
    root = site_repo(tmp_path, f"      watch:\n        publish_command: [{sys.executable}, -c, 'raise SystemExit(3)']\n")
    scan, events = events_from_mkdocs(root / "mkdocs.yml")
    outcome = Daemon(scan, events).run_batch(Batch(full=True))
    assert not outcome.ok and outcome.error == "publish command failed (exit 3)"
