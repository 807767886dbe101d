"""`movievault trakt login`: the device-code flow as Trakt runs it, and the tokens it keeps."""
from __future__ import annotations

import threading
import time

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.sync.service import ServiceHttp
from movievault_build.sync.settings import SyncSettings, TraktSettings
from movievault_build.sync.trakt_auth import Token, device_login, load_token, save_token, token_file
from tests.fakes.trakt_server import CLIENT_ID, CLIENT_SECRET, FakeTrakt


def _http(server, tmp_path):
    sync = SyncSettings(state_dir=tmp_path / "state", timeout=2, retries=1)
    return TraktSettings(CLIENT_ID, CLIENT_SECRET, api_url=server.url, auth_url=server.url), \
        ServiceHttp("Trakt", server.url, {"Content-Type": "application/json"}, sync, rate_limit=0)


class Clock:
    """Sleeps advance a clock the fake and the client share; nothing really waits."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def test_polls_at_the_interval_until_approved(tmp_path):
    clock = Clock()
    with FakeTrakt(clock=clock, interval=5, expires_in=600) as server:
        settings, http = _http(server, tmp_path)
        shown = []

        def show(url, code, lifetime):
            shown.append((url, code, lifetime))

        def sleep(seconds):
            clock.sleep(seconds)
            if len(clock.slept) == 3:
                server.approve(shown[0][1], "alice")
        token = device_login(settings, http, show, sleep=sleep, clock=clock, now=clock)
    assert shown[0][0] == "https://trakt.tv/activate" and shown[0][2] == 600
    assert clock.slept == [5, 5, 5]                  # `interval`, never faster
    polls = [e for e in server.log.entries() if e.path == "/oauth/device/token"]
    assert len(polls) == 3 and all(e.body["code"] and "client_secret" in e.body for e in polls)
    assert token.expires_in == 7 * 86400 and server.tokens[token.access_token][0] == "alice"


def test_slows_down_when_told_and_stops_when_the_code_expires(tmp_path):
    clock = Clock()
    with FakeTrakt(clock=clock, interval=5, expires_in=30) as server:
        settings, http = _http(server, tmp_path)
        server.enforce_interval = True
        calls = []

        def sleep(seconds):
            calls.append(seconds)
            clock.sleep(seconds - 2 if len(calls) == 2 else seconds)   # one poll comes too early
        with pytest.raises(UserError, match="expired"):
            device_login(settings, http, lambda *a: None, sleep=sleep, clock=clock, now=clock)
    assert calls[:3] == [5, 5, 6]                    # 429 "slow down": one second more from then on
    assert sum(c for c in calls) <= 30 + 6


@pytest.mark.parametrize("outcome, message", [("deny", "denied"), ("unknown", "does not know")])
def test_a_denied_or_unknown_code_is_one_clear_line(tmp_path, outcome, message):
    clock = Clock()
    with FakeTrakt(clock=clock, interval=1) as server:
        settings, http = _http(server, tmp_path)
        shown = []

        def sleep(seconds):
            clock.sleep(seconds)
            if outcome == "deny":
                server.deny(shown[0])
            else:
                server.devices.clear()
        with pytest.raises(UserError, match=message):
            device_login(settings, http, lambda url, code, life: shown.append(code), sleep=sleep, clock=clock,
                         now=clock)


def test_tokens_are_owner_only_and_refreshed_before_expiry(tmp_path):
    with FakeTrakt() as server:
        settings, http = _http(server, tmp_path)
        state = tmp_path / "state"
        issued = Token.from_answer(server.grant("alice"), time.time())
        old = Token(issued.access_token, issued.refresh_token, 7 * 86400, int(time.time()) - 7 * 86400 + 3600)
        path = save_token(state, "alice", old)
        assert path == token_file(state, "alice") and path.stat().st_mode & 0o777 == 0o600
        assert state.stat().st_mode & 0o777 == 0o700
        from movievault_build.sync.trakt import Trakt
        client = Trakt(settings, SyncSettings(state_dir=state, timeout=2, retries=1))
        fresh = client.token("alice")
        assert fresh.access_token != old.access_token          # an hour left: refreshed now
        assert load_token(state, "alice") == fresh and path.stat().st_mode & 0o777 == 0o600
        assert old.refresh_token not in server.refresh_tokens  # refresh tokens are single-use
        assert client.token("alice") == fresh                  # a week left: kept
        server.tokens.clear()                                  # revoked on trakt.tv
        client._tokens.clear()
        assert client._call("alice", "GET", "/sync/last_activities").status == 200   # 401 → refresh → retried
        client.close()


def test_login_command_end_to_end(tmp_path, capsys):
    from tests.sync.conftest import write_config
    with FakeTrakt(interval=1, expires_in=60) as server:
        cfg = write_config(tmp_path, None, None, server.url)

        def approve_when_shown():
            while not server.devices:
                time.sleep(0.01)
            server.approve(next(iter(server.devices.values())).user_code, "bob")
        threading.Thread(target=approve_when_shown, daemon=True).start()
        assert main(["trakt", "login", "--user", "bob", "--config", str(cfg)]) == 0
        out = capsys.readouterr().out
        code = next(iter(server.devices.values())).user_code
        assert f"enter the code {code}" in out and "Signed in to Trakt as MovieVault user bob" in out
        saved = load_token(tmp_path / ".movievault", "bob")
        assert saved is not None and saved.access_token in server.tokens
        assert saved.access_token not in out
        assert main(["trakt", "logout", "--user", "bob", "--config", str(cfg)]) == 0
        assert load_token(tmp_path / ".movievault", "bob") is None
        assert main(["trakt", "login", "--user", "carol", "--config", str(cfg)]) == 2
        assert "unknown user 'carol'" in capsys.readouterr().err
