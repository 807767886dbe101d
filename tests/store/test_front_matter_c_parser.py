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


# The resolver builds its table once (store/plain_yaml.py, OneVersionResolver): every
# scalar must still come out as ruamel.yaml's own safe loader reads it.
SCALARS = ["yes", "No", "on", "OFF", "y", "true", "False", "TRUE", "010", "0o17", "0x1f", "0b101", "1_000",
           "1:20", "190:20:30", "1.5", ".inf", "-.Inf", ".nan", "1e3", "6.8e-1", "~", "null", "Null", "",
           "2020-01-02", "2020-01-02 10:20:30", "2001-12-14t21:59:43.10-05:00", "'quoted'",
           "\"007\"", "+12", "-0", "0.", "1,000"]


def test_every_scalar_reads_as_ruamel_yamls_own_safe_loader_reads_it():
    plain = YAML(typ="safe")
    for head in ("", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n"):
        text = head + "".join(f"k{i}: {value}\n" for i, value in enumerate(SCALARS)) + "list: [yes, 010, 0o7]\n"
        assert document._SAFE.load(text) == plain.load(text)
    assert document._SAFE.load("b: 2020-01-02\n")["b"].year == 2020     # a second document, same table
