"""Each client against its fake: auth forms, paging, incremental reads, 429 + Retry-After,
the host confinement of the sync's HTTP."""
from __future__ import annotations

import pytest
import requests

from movievault_build.cli import main
from movievault_build.errors import ProviderError
from movievault_build.sync.service import ServiceHttp
from movievault_build.sync.settings import SyncSettings
from tests.fakes.jellyfin_server import API_KEY, FakeJellyfin
from tests.fakes.media_library import library
from tests.fakes.plex_server import ADMIN_TOKEN, FakePlex
from tests.sync.test_sync_all import HEAT, alice, epoch, plant, run, sign_in


def test_jellyfin_fake_reads_the_modern_header_and_legacy_only_when_enabled():
    with FakeJellyfin(library(3)) as jf:
        def status(headers=None, params=None):
            return requests.get(f"{jf.url}/Users", headers=headers or {}, params=params or {}, timeout=5).status_code
        assert status({"Authorization": f'MediaBrowser Client="x", Token="{API_KEY}"'}) == 200
        assert status(params={"ApiKey": API_KEY}) == 200
        assert status({"X-Emby-Token": API_KEY}) == 401
        assert status() == 401
        jf.legacy_auth = True
        assert status({"X-Emby-Token": API_KEY}) == 200


def test_plex_fake_answers_xml_unless_json_is_asked_for():
    with FakePlex(library(2)) as px:
        xml = requests.get(f"{px.url}/library/sections/1/all?includeGuids=1", headers={"X-Plex-Token": ADMIN_TOKEN},
                           timeout=5)
        assert xml.headers["Content-Type"].startswith("text/xml") and "<Video " in xml.text and "<Guid " in xml.text
        assert requests.get(f"{px.url}/library/sections", timeout=5).status_code == 401


def test_pages_and_incremental_reads(vault, capsys):
    cfg = vault.config
    cfg.write_text(cfg.read_text().replace("  api_key:", "  page_size: 2\n          api_key:").replace(
        "  token: plex-admin", "  page_size: 2\n          token: plex-admin"))
    plant(vault)
    sign_in(vault, "alice", "bob")
    assert run(vault, "jellyfin", "plex") == 0
    jf = [e for e in vault.jellyfin.log.entries() if e.path == "/Items"]
    assert {e.query["StartIndex"] for e in jf} >= {"0", "2", "4"} and all(e.query["Limit"] == "2" for e in jf)
    px = [e for e in vault.plex.log.entries() if e.path.endswith("/all")]
    assert len(px) == 3 * 2                                          # 6 movies in pages of 2, two users
    vault.jellyfin.log.clear()
    capsys.readouterr()
    vault.jellyfin.set_user_data("alice", HEAT, played=True, play_count=5, last_played=epoch(2025, 1, 1))
    assert run(vault, "jellyfin") == 0
    reads = [e for e in vault.jellyfin.log.entries() if e.path == "/Items"]
    assert all("MinDateLastSavedForUser" in e.query or "MinDateLastSaved" in e.query for e in reads)
    assert {e.query["userId"] for e in reads} == {e.query["userId"] for e in jf}   # both users, incrementally
    assert alice(vault, "heat-1995").playcount == 5


def test_trakt_waits_as_told_by_429_and_retry_after(vault, capsys):
    plant(vault)
    sign_in(vault, "alice")
    vault.trakt.fail_next(1, 429, headers={"Retry-After": "1"})
    assert run(vault, "trakt", "--user", "alice") == 0
    assert "0 errors" in capsys.readouterr().out
    assert alice(vault, "alien-1979").watched


def test_trakt_follows_pagination_headers(vault):
    for film in list(vault.trakt.films.values())[:5]:
        vault.trakt.rate("bob", film, 7, epoch(2024, 1, 1))
    original = vault.trakt._sync

    def paged(method, path, query, body, acc):          # ratings paged 2 at a time, as Trakt may
        if path == "/sync/ratings/movies":
            query = {**query, "limit": "2"}
        return original(method, path, query, body, acc)
    vault.trakt._sync = paged
    sign_in(vault, "bob")
    assert main(["sync", "trakt", "--user", "bob", "--config", str(vault.config)]) == 0
    pages = [e.query.get("page", "1") for e in vault.trakt.log.entries() if e.path == "/sync/ratings/movies"]
    assert pages[:3] == ["1", "2", "3"]
    from movievault_build.store.users import read_user
    assert sum(1 for s in read_user(vault.content, "bob").values() if s.rating == 7) == 5   # two of them by title and year


def test_the_sync_client_talks_to_its_server_only(tmp_path):
    http = ServiceHttp("Jellyfin", "http://127.0.0.1:9", {}, SyncSettings(state_dir=tmp_path, timeout=1, retries=0))
    with pytest.raises(ProviderError, match="not the configured server"):
        http.client.call("GET", "http://169.254.169.254/latest/meta-data", provider="Jellyfin")
    with pytest.raises(ProviderError, match="not an http"):
        ServiceHttp("Plex", "file:///etc/passwd", {}, SyncSettings(state_dir=tmp_path))
