"""Failures: one service failing (401, 5xx, a hang, truncated JSON) loses nothing and does
not stop the others; a sync killed at a chosen point resumes without duplicates; no
credential reaches a log, a cache, content/ or site/."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from movievault_build.cli import main
from movievault_build.store.users import read_user
from tests.helpers import REPO
from tests.fakes.jellyfin_server import API_KEY as JELLYFIN_KEY
from tests.fakes.plex_server import ADMIN_TOKEN
from tests.fakes.trakt_server import CLIENT_SECRET
from tests.sync.conftest import BOB_PLEX
from tests.sync.test_sync_all import ALIEN, HEAT, THING, alice, epoch, plant, run, sign_in


def test_a_rejected_key_stops_that_service_only(vault, capsys):
    plant(vault)
    sign_in(vault, "alice", "bob")
    vault.jellyfin.bad_key = True
    assert run(vault, "all") == 1
    out = capsys.readouterr()
    assert "Jellyfin rejected the credentials" in out.err
    assert alice(vault, "the-thing-1982").watched                      # Plex still synced
    assert read_user(vault.content, "bob")["heat-1995"].rating == 9     # and Trakt
    assert not alice(vault, "heat-1995").watched                        # nothing from Jellyfin …
    assert vault.plex.watched("admin", ALIEN).view_count == 1         # … and the rest still pushed
    vault.jellyfin.bad_key = False
    assert run(vault, "jellyfin") == 0                                 # later, Jellyfin catches up
    assert alice(vault, "heat-1995").playcount == 2
    assert vault.jellyfin.user_data("alice", THING).played


@pytest.mark.parametrize("fault", ["5xx", "hang", "truncated"])
def test_a_failing_server_loses_nothing_and_the_next_run_finishes(vault, capsys, fault):
    plant(vault)
    sign_in(vault, "alice", "bob")
    fake = vault.plex
    if fault == "5xx":
        fake.fail_next(10, 503)
    elif fault == "hang":
        fake.hang_next(10, seconds=5)
    else:
        fake.truncate_next(10)
    assert run(vault, "all") == 1
    err = capsys.readouterr().err
    assert "Plex" in err
    assert not alice(vault, "the-thing-1982").watched          # Plex's play not taken yet
    assert alice(vault, "heat-1995").watched                   # Jellyfin's was
    assert vault.plex.watched("admin", HEAT).view_count == 0   # nothing half-pushed to Plex
    fake.log.clear()
    with fake._lock:
        fake._faults.clear()
    assert run(vault, "all") == 0
    assert alice(vault, "the-thing-1982").watched
    assert vault.plex.watched("admin", HEAT).view_count == 1
    assert vault.jellyfin.user_data("alice", THING).played


def _sync_process(vault, kill_at: str | None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("MOVIEVAULT_KILL_AT", None)
    if kill_at:
        env["MOVIEVAULT_KILL_AT"] = kill_at
    return subprocess.run([sys.executable, "-m", "movievault_build", "sync", "all", "--config", str(vault.config)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("kill_at", ["sync-pulled:1", "sync-pushed:1", "sync-pushed:3", "sync-pushed:5"])
def test_a_killed_sync_resumes_without_duplicates(vault, kill_at):
    plant(vault)
    sign_in(vault, "alice", "bob")
    killed = _sync_process(vault, kill_at)
    assert killed.returncode == -9, killed.stderr
    done = _sync_process(vault, None)
    assert done.returncode == 0, done.stderr + done.stdout
    # every play exactly once, wherever the first run died
    assert vault.trakt.plays("alice", HEAT) == [epoch(2024, 5, 1)]
    assert vault.trakt.plays("alice", ALIEN) == [epoch(2023, 1, 1)]
    assert vault.jellyfin.user_data("alice", THING).played
    assert vault.plex.watched("admin", HEAT).view_count == 1
    assert vault.plex.watched("admin", ALIEN).view_count == 1
    assert vault.plex.watched("bob", ALIEN).view_count == 1
    assert alice(vault, "heat-1995").playcount == 2
    assert read_user(vault.content, "bob")["amelie-2001"].rating == 8
    again = _sync_process(vault, None)
    assert "0 changed in MovieVault, 0 changed in Plex" in again.stdout
    assert "0 changed in MovieVault, 0 changed in Trakt" in again.stdout


def test_credentials_never_reach_logs_caches_content_or_site(vault, capsys):
    plant(vault)
    sign_in(vault, "alice", "bob")
    tokens = [t for t in vault.trakt.tokens] + [r for r in vault.trakt.refresh_tokens]
    secrets = [JELLYFIN_KEY, ADMIN_TOKEN, BOB_PLEX, CLIENT_SECRET, *tokens]
    vault.plex.fail_next(1, 500)
    vault.jellyfin.hang_next(1, seconds=5)
    assert main(["sync", "all", "-vv", "--config", str(vault.config)]) in (0, 1)
    out = capsys.readouterr()
    for secret in secrets:
        assert secret not in out.out and secret not in out.err
    for logged in (*vault.jellyfin.log.entries(), *vault.plex.log.entries(), *vault.trakt.log.entries()):
        assert not any(secret in str(logged.query) for secret in secrets)
    assert main(["scan", "--config", str(vault.config), "-q"]) == 0
    from tests.helpers import mkdocs_build
    assert mkdocs_build(vault.config).returncode == 0
    for folder in (vault.content, vault.root / "site", vault.root / ".cache"):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert not any(s.encode() in data for s in secrets), path
    token_file = vault.state / "trakt" / "alice.json"
    assert token_file.stat().st_mode & 0o777 == 0o600
    assert (vault.state / "sync.sqlite").stat().st_mode & 0o077 == 0
    assert (vault.state / ".gitignore").read_text().strip().endswith("*")
