"""User-block edits keep everything else byte for byte."""
from __future__ import annotations

import pytest

from movievault_build.errors import UserError
from movievault_build.vault import userdata
from movievault_build.store.library import read_movie, write_movie


@pytest.fixture
def heat(tmp_path):
    write_movie(tmp_path, "heat-1995", {"title": "Heat", "year": 1995, "genres": ["Crime"]})
    path = tmp_path / "movies" / "heat-1995.md"
    path.write_text(path.read_text().replace("  favorite: false", "  favorite: false   # keep me")
                    + "\nMy notes.\n")
    return tmp_path, path


def test_edits_touch_only_the_user_block(heat):
    content, path = heat
    before = path.read_text()
    head = before.split("user:")[0]
    assert userdata.add_tags(content, "heat-1995", ["Date Night", "heist", "date night"]) == ["Date Night", "heist"]
    userdata.set_rating(content, "heat-1995", 9)
    userdata.set_value(content, "heat-1995", "favorite", True)
    userdata.set_value(content, "heat-1995", "watchlist", True)
    after = path.read_text()
    assert after.startswith(head) and "# keep me" in after and after.endswith("\nMy notes.\n")
    user = read_movie(path).user
    assert user["tags"] == ["Date Night", "heist"] and user["rating"] == 9 and user["favorite"] is True
    assert userdata.remove_tags(content, "heat-1995", ["HEIST", "nope"]) == ["heist"]


def test_watched_counts_plays(heat):
    content, path = heat
    userdata.set_value(content, "heat-1995", "watchlist", True)
    assert userdata.mark_watched(content, "heat-1995") == 1
    assert userdata.mark_watched(content, "heat-1995") == 2
    user = read_movie(path).user
    assert user["watched"] is True and user["playcount"] == 2 and user["lastplayed"] and not user["watchlist"]


def test_unknown_slug_lists_close_matches(heat):
    content, _ = heat
    with pytest.raises(UserError, match=r"no movie 'heat' .*did you mean: heat-1995\?"):
        userdata.add_tags(content, "heat", ["x"])


def test_rating_range(heat):
    with pytest.raises(UserError, match="outside"):
        userdata.set_rating(heat[0], "heat-1995", 11)
