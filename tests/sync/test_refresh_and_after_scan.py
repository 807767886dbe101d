"""After MovieVault writes NFOs, the media servers are asked to look at those folders only;
`sync.after_scan: true` syncs after each scan."""
from __future__ import annotations

from movievault_build.cli import main
from tests.sync.conftest import write_config
from tests.sync.test_sync_all import ALIEN, HEAT, alice, epoch


def _video(vault, rel: str) -> None:
    path = vault.library / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * 10)


def test_nfos_written_are_refreshed_item_by_item_and_folder_by_folder(vault, capsys):
    _video(vault, "Heat (1995)/Heat (1995).mkv")
    cfg = str(vault.config)
    assert main(["sync", "jellyfin", "plex", "--config", cfg]) == 0           # the servers' items are known
    assert main(["nfo", "write", "heat-1995", "--format", "jellyfin", "--config", cfg]) == 0
    assert (vault.library / "Heat (1995)" / "movie.nfo").is_file()
    assert vault.jellyfin.refreshed == [] and vault.plex.scans == []        # queued, not sent yet
    capsys.readouterr()
    assert main(["sync", "jellyfin", "plex", "--config", cfg]) == 0
    out = capsys.readouterr().out
    assert vault.jellyfin.refreshed == [HEAT.guid] and vault.jellyfin.library_refreshes == 0
    assert vault.plex.scans == [(1, "/media/movies/Heat (1995)")]          # mapped back to Plex's view
    assert "1 folders refreshed" in out
    assert main(["sync", "jellyfin", "plex", "--config", cfg]) == 0           # done once, not again
    assert vault.jellyfin.refreshed == [HEAT.guid] and len(vault.plex.scans) == 1


def test_a_failed_refresh_stays_queued(vault):
    _video(vault, "Alien (1979)/Alien (1979).mkv")
    cfg = str(vault.config)
    assert main(["sync", "plex", "--config", cfg]) == 0
    assert main(["nfo", "write", "alien-1979", "--config", cfg]) == 0
    vault.plex.tokens.pop(next(t for t, a in vault.plex.tokens.items() if a == "admin"))
    assert main(["sync", "plex", "--config", cfg]) == 1
    assert vault.plex.scans == []
    from tests.fakes.plex_server import ADMIN_TOKEN
    vault.plex.tokens[ADMIN_TOKEN] = "admin"
    assert main(["sync", "plex", "--config", cfg]) == 0
    assert vault.plex.scans == [(1, "/media/movies/Alien (1979)")]


def test_after_scan_syncs_every_service(tmp_path, vault, capsys):
    cfg = write_config(vault.root, vault.jellyfin.url, vault.plex.url, None,
                       extra="")
    text = cfg.read_text().replace("        state_dir: .movievault\n", "        state_dir: .movievault\n        after_scan: true\n")
    cfg.write_text(text.replace("content_dir: content", "content_dir: content\n      nfo: {write: true}"))
    _video(vault, "Heat (1995)/Heat (1995).mkv")
    _video(vault, "Alien (1979)/Alien (1979).mkv")
    vault.jellyfin.set_user_data("alice", HEAT, played=True, play_count=1, last_played=epoch(2024, 5, 1))
    assert main(["scan", "--config", str(cfg), "-q"]) == 0
    out = capsys.readouterr().out
    assert "Jellyfin: " in out and "Plex: " in out
    assert alice(vault, "heat-1995").watched                       # pulled right after the scan
    assert vault.plex.watched("admin", HEAT).view_count == 1       # and passed on
    assert vault.plex.watched("admin", ALIEN).view_count == 0
