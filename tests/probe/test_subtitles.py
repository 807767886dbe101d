"""Sidecar subtitles: language and flags from names, encodings from bytes."""
from __future__ import annotations

import codecs

import pytest

from movievault_build.probe import subtitles
from movievault_build.probe.subtitles import detect_encoding, encoding_problem, find_external, missing_languages, parse_name
from pathlib import Path

STEM = "Movie (1999)"


@pytest.mark.parametrize("name,expected", [
    ("Movie (1999).en.srt", {"language": "en", "codec": "subrip"}),
    ("Movie (1999).eng.forced.srt", {"language": "en", "forced": True}),
    ("Movie (1999).pt-BR.sdh.srt", {"language": "pt-BR", "hearing_impaired": True}),
    ("Movie (1999).English.srt", {"language": "en"}),
    ("Movie (1999).de.ass", {"language": "de", "codec": "ass"}),
    ("Movie (1999).ger.sup", {"language": "de", "codec": "hdmv_pgs_subtitle"}),
    ("Movie (1999).srt", {"codec": "subrip"}),
])
def test_name_gives_language_and_flags(name, expected):
    entry = parse_name(STEM, name)
    assert entry["external"] is True and entry["file"] == name
    assert {k: entry.get(k) for k in expected} == expected
    if "language" not in expected:
        assert "language" not in entry


def test_other_files_are_not_this_videos_subtitles():
    assert parse_name(STEM, "Movie (1999).nfo") is None
    assert parse_name(STEM, "Movie (1999)2.srt") is None
    assert parse_name(STEM, "Other (2000).en.srt") is None


def test_vobsub_pair_counts_once():
    found = find_external(Path(f"/x/{STEM}.mkv"), [f"{STEM}.en.idx", f"{STEM}.en.sub", f"{STEM}.mkv"])
    assert [e["file"] for e in found] == [f"{STEM}.en.idx"]


def test_encodings(tmp_path):
    assert detect_encoding("Olá".encode()) == "utf-8"
    assert detect_encoding(codecs.BOM_UTF8 + b"x") == "utf-8-sig"
    assert detect_encoding("x".encode("utf-16")) in ("utf-16-le", "utf-16-be")
    assert detect_encoding("“Olá”".encode("cp1252")) == "cp1252"
    assert detect_encoding("Olá".encode("latin-1")) == "latin-1"
    bad = tmp_path / "a.en.srt"
    bad.write_bytes("1\n00:00:01,000 --> 00:00:02,000\nCafé\n".encode("cp1252"))
    assert encoding_problem(bad) == f"{bad}: subtitle is not UTF-8 (looks like cp1252/latin-1)"
    bad.write_text("Café", "utf-8")
    assert encoding_problem(bad) is None


def test_missing_languages():
    subs = [{"language": "en"}, {"language": "ger"}, {"codec": "subrip"}]
    assert missing_languages(subs, ["en", "de", "fr"]) == ["fr"]


@pytest.mark.parametrize("name", ["Movie.en.srt", "..srt", ".srt", "Movie.", "Movie", "Movie.en.forced.idx",
                                  "Movie..sub", "Movie .SRT", "Фильм.рус.srt", "Movie.srt.", ". .srt"])
def test_names_split_as_pathlib_splits_them(name):
    assert subtitles._stem_suffix(name) == (Path(name).stem, Path(name).suffix)
