"""`movievault sync all` against the three fakes for two users: the dry run shows the
changes, the sync applies them both ways, a second run changes nothing."""
from __future__ import annotations

from datetime import datetime, timezone

from movievault_build.cli import main
from movievault_build.vault.users import movie_state
from movievault_build.store.library import read_movie
from movievault_build.store.users import read_user
from movievault_build.sync.trakt_auth import Token, save_token
from tests.sync.conftest import FILMS, SLUGS

HEAT, ALIEN, AMELIE, THING, ROCKY, STRANGER = FILMS


def epoch(y, m, d, h=20) -> float:
    return datetime(y, m, d, h, tzinfo=timezone.utc).timestamp()


def sign_in(vault, *users) -> None:
    for user in users:
        save_token(vault.state, user, Token.from_answer(vault.trakt.grant(user), epoch(2026, 1, 1)))


def plant(vault) -> None:
    """Each service and MovieVault know something the others do not."""
    jf, px, tr = vault.jellyfin, vault.plex, vault.trakt
    jf.set_user_data("alice", HEAT, played=True, play_count=2, last_played=epoch(2024, 5, 1))
    jf.set_user_data("alice", ALIEN, favorite=True)
    jf.set_user_data("Bob", AMELIE, rating=8.0)
    px.set_watch("admin", THING, view_count=1, last_viewed=int(epoch(2024, 6, 1)))
    px.set_watch("bob", ROCKY, rating=6.0, rated_at=int(epoch(2024, 6, 2)))
    tr.add_play("alice", ALIEN, epoch(2023, 1, 1))
    tr.rate("bob", HEAT, 9, epoch(2024, 7, 1))
    movie = vault.content / "movies" / "heat-1995.md"
    movie.write_text(movie.read_text().replace("favorite: false", "favorite: true"))
    users = vault.content / "users"
    users.mkdir()
    (users / "bob.yml").write_text("user: bob\nmovies:\n  alien-1979: {watched: true, lastplayed: '2024-02-02T10:00:00Z'}\n")


def alice(vault, slug):
    return movie_state(read_movie(vault.content / "movies" / f"{slug}.md"))


def run(vault, *args) -> int:
    return main(["sync", *args, "--config", str(vault.config)])


def test_dry_run_shows_every_change_for_both_users_and_writes_nothing(vault, capsys):
    plant(vault)
    sign_in(vault, "alice", "bob")
    before = {p: p.read_bytes() for p in vault.content.rglob("*") if p.is_file()}
    assert run(vault, "all", "--dry-run") == 0
    out = capsys.readouterr().out
    lines = out.splitlines()

    def has(*cells):
        return any(all(c in line for c in cells) for line in lines)
    assert has("alice", "Jellyfin", "heat-1995", "played", "←", "watched ×2, 2024-05-01")
    assert has("alice", "Jellyfin", "alien-1979", "favorite", "←")
    assert has("alice", "Plex", "the-thing-1982", "played", "←")
    assert has("alice", "Trakt", "alien-1979", "played", "←")
    assert has("bob", "Jellyfin", "amelie-2001", "rating", "←", "rated 8")
    assert has("bob", "Plex", "rocky-1976", "rating", "←", "rated 6")
    assert has("bob", "Trakt", "heat-1995", "rating", "←", "rated 9")
    # what MovieVault knows goes out: alice's favourite Heat, bob's play of Alien
    assert has("alice", "Jellyfin", "heat-1995", "favorite", "→", "favourite")
    assert has("bob", "Jellyfin", "alien-1979", "played", "→")
    assert has("bob", "Trakt", "alien-1979", "played", "→")
    # a play pulled from one service is pushed to the others in the same run
    assert has("alice", "Plex", "heat-1995", "played", "→")
    assert has("alice", "Trakt", "heat-1995", "played", "→")
    assert "Not In The Vault (2010)" in out and "unmatched" in out
    assert "dry run: Jellyfin: 5 matched, 1 unmatched" in out
    assert {p: p.read_bytes() for p in vault.content.rglob("*") if p.is_file()} == before
    assert not vault.jellyfin.user_data("alice", ALIEN).played
    assert vault.plex.watched("admin", HEAT).view_count == 0
    assert vault.trakt.plays("alice", HEAT) == []


def test_sync_applies_both_ways_and_a_second_run_changes_nothing(vault, capsys):
    plant(vault)
    sign_in(vault, "alice", "bob")
    assert run(vault, "all") == 0
    capsys.readouterr()
    # MovieVault took what the services knew …
    heat = alice(vault, "heat-1995")
    assert heat.watched and heat.playcount == 2 and heat.lastplayed == datetime(2024, 5, 1, 20, tzinfo=timezone.utc)
    assert heat.favorite
    assert alice(vault, "alien-1979").favorite and alice(vault, "alien-1979").watched
    assert alice(vault, "the-thing-1982").watched
    bob = read_user(vault.content, "bob")
    assert bob["amelie-2001"].rating == 8 and bob["rocky-1976"].rating == 6 and bob["heat-1995"].rating == 9
    assert bob["alien-1979"].watched
    # … and each service took MovieVault's
    assert vault.jellyfin.user_data("alice", HEAT).favorite
    assert vault.jellyfin.user_data("alice", ALIEN).played
    assert vault.jellyfin.user_data("alice", THING).played
    assert vault.jellyfin.user_data("Bob", ALIEN).played and vault.jellyfin.user_data("Bob", HEAT).rating == 9
    assert vault.plex.watched("admin", HEAT).view_count == 1
    assert vault.plex.watched("bob", AMELIE).rating == 8
    assert vault.trakt.plays("alice", HEAT) == [epoch(2024, 5, 1)]
    assert vault.trakt.plays("bob", ALIEN) == [datetime(2024, 2, 2, 10, tzinfo=timezone.utc).timestamp()]
    assert vault.trakt.account("bob").ratings[AMELIE.key][0] == 8
    # the library in the collection: the three movies with ids (Trakt knows movies by their ids)
    assert sorted(vault.trakt.account("alice").collection) == [HEAT.key, ALIEN.key, AMELIE.key]
    # the scanned metadata and the files are untouched
    assert "title: Heat" in (vault.content / "movies" / "heat-1995.md").read_text()
    assert not any(vault.library.iterdir())

    snapshot = {p: p.read_bytes() for p in vault.content.rglob("*") if p.is_file()}
    writes = {name: sum(1 for e in fake.log.entries() if e.method != "GET")
              for name, fake in (("jellyfin", vault.jellyfin), ("plex", vault.plex), ("trakt", vault.trakt))}
    for fake in (vault.jellyfin, vault.plex, vault.trakt):
        fake.log.clear()
    assert run(vault, "all") == 0
    out = capsys.readouterr().out
    assert "0 changed in MovieVault, 0 changed in Jellyfin" in out
    assert "0 changed in MovieVault, 0 changed in Plex" in out
    assert "0 changed in MovieVault, 0 changed in Trakt" in out
    assert {p: p.read_bytes() for p in vault.content.rglob("*") if p.is_file()} == snapshot
    assert all(e.method == "GET" for fake in (vault.jellyfin, vault.plex, vault.trakt) for e in fake.log.entries())
    assert writes["trakt"] > 0
    # incremental: Trakt asks only for its activity dates, one request per user
    assert [e.path for e in vault.trakt.log.entries()] == ["/sync/last_activities"] * 2
