"""A `user:` block edited by itself gives the same file as a whole round trip, and any
file it cannot tell apart safely falls back to the round trip."""
from __future__ import annotations

import pytest

from movievault_build.errors import ReadError
from movievault_build.vault.users import write_block
from movievault_build.model import WatchState, parse_stamp
from movievault_build.store import document

STATE = WatchState(True, 3, parse_stamp("2024-05-01T20:00:00Z"), 120, True, 7.5, False)
FILES = {
    "plain": "---\ntitle: Heat\nyear: 1995\n# Yours\nuser:\n  tags: [a]\n  watched: false\n  rating:\n---\nbody\n",
    "last": "---\ntitle: Heat\nuser:\n  watched: false  # a comment\n  notes: 'x: y'\n---\n",
    "middle": "---\ntitle: Heat\nuser:\n  watched: true\n\n  # mine\n  favorite: false\nmine: 1\n---\n",
    "empty": "---\ntitle: Heat\nuser:\n---\n",
}
FALLBACK = {
    "flow": "---\ntitle: Heat\nuser: {watched: false}\n---\n",
    "crlf": "---\r\ntitle: Heat\r\nuser:\r\n  watched: false\r\n---\r\n",
    "none": "---\ntitle: Heat\n---\n",
}


def _full(text: str) -> str:
    doc, body = document.load_round_trip(text, "x.md")
    if doc.get("user") is None:
        from ruamel.yaml.comments import CommentedMap
        doc["user"] = CommentedMap(document.DEFAULT_USER_BLOCK)
    write_block(doc["user"], STATE)
    return document.dump(doc, body)


def _fast(text: str):
    def change(user):
        if user is None:
            from ruamel.yaml.comments import CommentedMap
            user = CommentedMap(document.DEFAULT_USER_BLOCK)
        write_block(user, STATE)
        return user, None
    return document.edit_block(text, "x.md", "user", change)


@pytest.mark.parametrize("name", sorted(FILES))
def test_the_block_alone_gives_the_round_trips_result(name):
    fast = _fast(FILES[name])
    assert fast is not None
    assert document.split(fast[0])[0] == document.split(_full(FILES[name]))[0]
    assert document.split(fast[0])[1] == document.split(FILES[name])[1]      # the body, byte for byte
    assert document.load_plain(fast[0], "x.md")[0]["user"]["rating"] == 7.5


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_what_it_cannot_tell_apart_is_left_to_the_round_trip(name):
    assert _fast(FALLBACK[name]) is None


def test_a_broken_file_is_an_error_not_an_edit():
    with pytest.raises(ReadError, match="invalid YAML"):
        _fast("---\ntitle: [Heat\nuser:\n  watched: false\n---\n")
