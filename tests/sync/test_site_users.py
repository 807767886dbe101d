"""The site shows each user's watch state: api/users.json, api/users/<name>.json and the
statistics' "Watching" table, made again when a user's state changes."""
from __future__ import annotations

import json

import pytest

from movievault_build.cli import main
from tests.helpers import mkdocs_build
from tests.sync.test_sync_all import plant, sign_in

jsonschema = pytest.importorskip("jsonschema")


def _json(site, rel):
    return json.loads((site / rel).read_text("utf-8"))


def test_each_users_state_is_published_and_follows_their_files(vault):
    plant(vault)
    sign_in(vault, "alice", "bob")
    assert main(["sync", "all", "--config", str(vault.config), "-q"]) == 0
    cfg = vault.config
    cfg.write_text(cfg.read_text().replace("      library: [", "      scan: never\n      library: ["))
    built = mkdocs_build(cfg)
    assert built.returncode == 0, built.stderr
    site = vault.root / "site"
    users = _json(site, "api/users.json")
    assert users["default"] == "alice"
    assert [(u["name"], u["label"], u["state"]) for u in users["users"]] == [
        ("alice", "Alice", "api/users/alice.json"), ("bob", "Bob", "api/users/bob.json")]
    alice, bob = _json(site, "api/users/alice.json"), _json(site, "api/users/bob.json")
    assert alice["movies"]["heat-1995"] == {"watched": True, "favorite": True, "plays": 2,
                                            "last_played": "2024-05-01T20:00:00Z"}
    assert "heat-1995" in bob["movies"] and bob["movies"]["heat-1995"] == {"rating": 9}
    assert bob["movies"]["alien-1979"]["watched"] is True and "alien-1979" not in (alice["movies"].get("x") or {})
    stats = (site / "stats" / "index.html").read_text("utf-8")
    assert 'data-user="alice"' in stats and 'data-user="bob"' in stats
    numbers = _json(site, "api/stats.json")["users"]
    assert [(u["user"], u["watched"]) for u in numbers] == [("alice", 3), ("bob", 1)]
    # a state changed in bob's file alone: his file and the statistics follow on the next build
    assert main(["watchlist", "watched", "amelie-2001", "--user", "bob", "--config", str(cfg)]) == 0
    assert mkdocs_build(cfg).returncode == 0
    assert _json(site, "api/users/bob.json")["movies"]["amelie-2001"]["watched"] is True
    assert [(u["user"], u["watched"]) for u in _json(site, "api/stats.json")["users"]] == [("alice", 3), ("bob", 2)]
    for rel, schema in (("api/users.json", "users"), ("api/users/bob.json", "user-state"), ("api/stats.json", "stats")):
        from tests.site.test_api_schemas import validator
        assert list(validator(f"{schema}.schema.json").iter_errors(_json(site, rel))) == []
