"""The fast writer of new content files (store/emit.py) writes the bytes ruamel.yaml's
round-trip dump writes, or hands the value back to ruamel: checked on every value class a
front matter holds, on strings built from YAML's awkward characters, and on a real scan."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings
from movievault_build.store import document, emit
from tests.helpers import REPO

AWKWARD = ["", " ", "a ", " a", "yes", "No", "null", "~", "true", "False", "0x1F", "0o17", "1e3", "1_000",
           "+1", "-.5", "08", ".inf", ".NaN", "2026-12-07", "2026-12-07T10:00:00", "12:30", "---", "...",
           "- a", "? x", ": x", "a: b", "a #b", "#x", "@x", "`x", "!x", "&x", "*x", "|", ">", "%x", "[x]",
           "{x}", "a, b", "it's", "'q'", '"q"', "it's \"so\"", "back\\slash", "it's a\\b", "tab\there",
           "line\nbreak", "nel\x85", "ls\u2028", "bom\ufeff", "nul\x00", "del\x7f", "été", "日本語",
           "emoji 😀", "it's 😀", "a" * 3600, "word " * 900, "x" * 150, "<plot>", "=", "-", "?", ":"]
ALPHABET = list("aZ09 :#-?'\"\\[]{},&*!|>%@`.e+_\t\n") + ["é", "日", "😀", "\x85", "\u2028", "\ufeff", "\x01"]
NUMBERS = [0, -1, 7, 10**20, 0.0, -0.0, 0.5, 7.25, 1e20, 1e-7, 123456789.125, 5.0, True, False, None,
           float("inf"), float("nan")]


def same_as_ruamel(generated: dict) -> bool:
    """Asserts dump_new == ruamel's dump; says whether the fast writer took it."""
    assert document.dump_new(generated, "Body.\n") == document.dump(document.new_document(generated), "Body.\n")
    plain = {"schema": 1, **generated, "user": {}}
    return emit.front_matter(plain, {"user": document.USER_COMMENT}) is not None


def shapes(value) -> list[dict]:
    """`value` in every place a front matter puts values."""
    return [{"title": value}, {"genres": [value, "x"]}, {"translations": {"de-DE": {"title": value}}},
            {"cast": [{"name": value, "role": None}, {"name": "b"}]},
            {"files": [{"library": "films", "streams": [{"codec": value}], "size": 3}]},
            {"translations": {value: {"title": "x"}}} if isinstance(value, str) else {"year": value}]


@pytest.mark.parametrize("value", AWKWARD + NUMBERS, ids=lambda v: repr(v)[:24])
def test_awkward_values_match_ruamel(value):
    for generated in shapes(value):
        same_as_ruamel(generated)


def test_random_strings_match_ruamel():
    rng = random.Random(5)
    taken = 0
    for _ in range(120):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        for generated in shapes(text):
            taken += same_as_ruamel(generated)
    assert taken > 250          # most are the fast writer's, not all handed back


def test_empty_and_nested_containers_match_ruamel():
    for generated in ({"ids": {}}, {"genres": []}, {"files": [None, {}, [], "", {"a": {"b": [1, {"c": None}]}}]},
                      {"files": [[1, 2]]}, {"images": [{"kind": "poster", "path": "images/x/poster.jpg"}]}):
        same_as_ruamel(generated)


def test_a_real_scan_is_written_by_the_fast_writer_as_ruamel_would(tmp_path, monkeypatch):
    fallbacks, checked = [], []
    real_dump_new = document.dump_new

    def checked_dump_new(generated, body):
        text = real_dump_new(generated, body)
        assert text == document.dump(document.new_document(generated), body)
        checked.append(generated["title"])
        plain = {"schema": 1, **generated, "user": {}}
        if emit.front_matter(plain, {}) is None:
            fallbacks.append(generated["title"])
        return text

    monkeypatch.setattr(document, "dump_new", checked_dump_new)
    lib = tmp_path / "lib"
    shutil.copytree(Path(REPO) / "demo" / "library", lib)
    pipeline.scan(ScanSettings(roots=(lib,), content_dir=tmp_path / "content", cache_dir=tmp_path / "cache",
                               probe="off"))
    assert len(checked) > 20
    assert fallbacks == []
