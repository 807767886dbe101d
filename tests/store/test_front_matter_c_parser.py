"""Content is read with ruamel's C parser (ruamel.yaml.clib); it must read YAML 1.2 the way
the pure-Python parser that wrote-and-read it always has."""
from __future__ import annotations

from ruamel.yaml import YAML

from movievault_build.store import document

TRICKY = """\
title: "No"
original_title: no
tags: [on, off, yes, y, n, ~, null]
runtime: 1:30
premiered: 2001-04-25
rating: 7.10
ids: {imdb: tt0211915, tmdb: 0194}
plot: |
  Line one: with a colon
  "quoted" and 'single' \u00e9
user:
  notes: >-
    folded
    text
"""


def test_the_c_parser_is_in_use_and_reads_like_the_pure_one():
    assert document._SAFE.Parser.__name__ == "CParser"           # not the pure-Python fallback
    data, body = document.load_plain(f"---\n{TRICKY}---\nBody\n", "x.md")
    assert data == YAML(typ="safe", pure=True).load(TRICKY)
    assert data["original_title"] == "no" and data["tags"][:3] == ["on", "off", "yes"]   # YAML 1.2: strings
    assert body == "Body\n"
