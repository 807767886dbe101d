"""Users: `users:` in mkdocs.yml, `--user` on the watch commands, content/users/<name>.yml, and
the `sync:` block's validation."""
from __future__ import annotations

import textwrap

import pytest

from movievault_build.cli import main
from movievault_build.errors import ReadError
from movievault_build.model import WatchState
from movievault_build.store.users import dump_user, read_user
from tests.sync.conftest import write_config


def test_watch_commands_take_a_user_and_keep_the_default_users_blocks(vault, capsys):
    cfg = str(vault.config)
    assert main(["watchlist", "add", "heat-1995", "--user", "bob", "--config", cfg]) == 0
    assert main(["favorite", "alien-1979", "--user", "bob", "--config", cfg]) == 0
    assert main(["rate", "alien-1979", "7.5", "--user", "bob", "--config", cfg]) == 0
    assert main(["watchlist", "watched", "alien-1979", "--user", "bob", "--config", cfg]) == 0
    assert main(["favorite", "amelie-2001", "--config", cfg]) == 0       # alice, the default user
    bob = read_user(vault.content, "bob")
    assert bob["heat-1995"] == WatchState(watchlist=True)
    assert bob["alien-1979"].favorite and bob["alien-1979"].rating == 7.5 and bob["alien-1979"].playcount == 1
    assert "favorite: true" in (vault.content / "movies" / "amelie-2001.md").read_text()
    assert "favorite: false" in (vault.content / "movies" / "alien-1979.md").read_text()
    capsys.readouterr()
    assert main(["watchlist", "list", "--user", "bob", "--json", "--config", cfg]) == 0
    assert [line for line in capsys.readouterr().out.splitlines() if '"heat-1995"' in line]
    assert main(["watchlist", "stats", "--user", "bob", "--json", "--config", cfg]) == 0
    stats = capsys.readouterr().out
    assert '"watched": 1' in stats and '"favorites": 1' in stats and '"watchlist": 1' in stats
    assert main(["favorite", "heat-1995", "--user", "carol", "--config", cfg]) == 2
    assert "unknown user 'carol'" in capsys.readouterr().err


def test_the_users_file_is_deterministic_and_damage_is_named(tmp_path):
    states = {"b-movie": WatchState(favorite=True), "a-movie": WatchState(watched=True, playcount=2, rating=8.0),
              "odd: slug": WatchState(watchlist=True), "empty": WatchState()}
    text = dump_user("bob", states)
    assert text == dump_user("bob", dict(reversed(list(states.items()))))
    assert '  a-movie: {watched: true, playcount: 2, rating: 8}' in text and "empty" not in text
    folder = tmp_path / "users"
    folder.mkdir()
    (folder / "bob.yml").write_text(text)
    assert read_user(tmp_path, "bob")["odd: slug"].watchlist
    for bad in ("movies: [1, 2]\n", "user: alice\nmovies: {}\n", "movies:\n  x: 3\n", "movies: {a: [\n"):
        (folder / "bob.yml").write_text(bad)
        with pytest.raises(ReadError, match="bob.yml"):
            read_user(tmp_path, "bob")


def test_a_damaged_users_file_is_left_alone_by_the_sync(vault, capsys):
    users = vault.content / "users"
    users.mkdir()
    (users / "bob.yml").write_text("movies: [broken\n")
    vault.jellyfin.set_user_data("Bob", vault.jellyfin.items[next(iter(vault.jellyfin.items))].film, played=True)
    assert main(["sync", "jellyfin", "--config", str(vault.config)]) == 1
    assert "bob.yml" in capsys.readouterr().err
    assert (users / "bob.yml").read_text() == "movies: [broken\n"


@pytest.mark.parametrize("block, message", [
    ("sync:\n  jellyfin:\n    url: http://127.0.0.1:1\n    api_key: k\n    users: [{user: alice, name: a}]\n"
     "    colour: red\n", "colour"),
    ("sync:\n  state_dir: content/state\n", "inside content_dir"),
    ("sync:\n  jellyfin:\n    url: http://127.0.0.1:1\n    api_key: k\n", "name the Jellyfin user"),
    ("sync:\n  plex:\n    url: ftp://x\n    token: t\n", "not an http"),
    ("sync:\n  trakt:\n    client_id: x\n", "client secret"),
    ("sync:\n  plex:\n    url: http://127.0.0.1:1\n    token: t\n    users: [{user: carol}]\n", "'carol'"),
    ("users: [{name: Alice}]\n", "not a user name"),
])
def test_a_bad_sync_block_is_one_line_naming_the_key(tmp_path, capsys, block, message):
    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(textwrap.dedent("""\
        site_name: x
        docs_dir: docs
        plugins:
          - movievault:
              users: [{name: alice}, {name: bob}]
        """) + textwrap.indent(block, " " * 6))
    if block.startswith("users:"):
        cfg.write_text(cfg.read_text().replace("      users: [{name: alice}, {name: bob}]\n", ""))
    assert main(["sync", "--config", str(cfg)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_sync_without_a_configured_service_says_so(tmp_path, capsys):
    cfg = write_config(tmp_path, None, None, None)
    assert main(["sync", "--config", str(cfg)]) == 2
    assert "no service is configured" in capsys.readouterr().err
    assert main(["sync", "plex", "--config", str(cfg)]) == 2
    assert "plex: not configured" in capsys.readouterr().err
