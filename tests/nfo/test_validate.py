"""`nfo validate`: one check per problem kind, the JSON shape and the exit code."""
from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.nfo.validate import validate_file

GOOD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<movie>
  <title>Heat</title>
  <year>1995</year>
  <uniqueid type="imdb" default="true">tt0113277</uniqueid>
  <uniqueid type="tmdb">949</uniqueid>
</movie>
"""


def nfo(tmp_path: Path, body: str | bytes, folder: str = "Heat (1995)", name: str = "movie.nfo") -> Path:
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


def messages(path: Path) -> list[tuple[str, str, int | None]]:
    return [(p.level, p.message, p.line) for p in validate_file(path).problems]


def test_a_good_file_is_ok(tmp_path: Path) -> None:
    check = validate_file(nfo(tmp_path, GOOD))
    assert (check.status, check.flavour, check.problems) == ("ok", "kodi-v18+", [])


def test_malformed_xml_gives_line_and_column(tmp_path: Path) -> None:
    path = nfo(tmp_path, GOOD.replace("<year>1995</year>", "<year>1995</yr>"))
    check = validate_file(path)
    assert check.status == "error"
    level, message, line = messages(path)[0]
    assert level == "error" and message.startswith("not well-formed XML: line 4, column ")
    assert line == 4


def test_bare_ampersand_is_an_error_with_its_line(tmp_path: Path) -> None:
    path = nfo(tmp_path, GOOD.replace("<title>Heat</title>", "<title>Heat & Dust</title>"))
    assert ("error", "not well-formed XML: line 3, column 16: not well-formed (invalid token) "
                     "(recovered: escaped a bare '&' or HTML entity)", 3) in messages(path)


def test_encoding_problems(tmp_path: Path) -> None:
    bom = nfo(tmp_path, codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    assert messages(bom)[0][:2] == ("warning", "starts with a UTF-8 BOM (the Plex importer may not accept it)")
    latin = nfo(tmp_path, "<movie><title>Amélie</title><year>2001</year></movie>".encode("latin-1"),
                "Amélie (2001)")
    assert any(level == "warning" and "not UTF-8" in message for level, message, _ in messages(latin))
    declared = nfo(tmp_path, GOOD.replace("UTF-8", "ISO-8859-1"), "Heat (1995) b")
    assert ("warning", "declares encoding ISO-8859-1; UTF-8 is safest", 1) in messages(declared)


def test_missing_title_and_year(tmp_path: Path) -> None:
    path = nfo(tmp_path, "<movie><plot>x</plot><uniqueid type='imdb'>tt0113277</uniqueid></movie>", "x")
    got = messages(path)
    assert ("error", "no <title> (the Plex importer skips such files)", None) in got
    assert ("warning", "no <year> or <premiered> date", None) in got


def test_malformed_and_disagreeing_ids(tmp_path: Path) -> None:
    path = nfo(tmp_path, GOOD.replace("</movie>", "  <imdbid>tt12</imdbid>\n  <tmdbid>950</tmdbid>\n"
                                      "  <tmdbId>0</tmdbId>\n</movie>"))
    got = messages(path)
    assert ("error", "malformed imdb id 'tt12' in <imdbid>", 7) in got
    assert ("error", 'tmdb ids disagree: 949 in <uniqueid type="tmdb">, 950 in <tmdbid>', 8) in got
    assert ("warning", "placeholder tmdb id '0' in <tmdbId>", 9) in got


def test_missing_ids(tmp_path: Path) -> None:
    path = nfo(tmp_path, "<movie><title>Heat</title><year>1995</year></movie>")
    assert messages(path) == [("warning", "no IMDb or TMDB id (media servers must guess the movie)", None)]


def test_year_and_id_against_the_folder(tmp_path: Path) -> None:
    path = nfo(tmp_path, GOOD, "Heat (1996) [tmdbid-950]")
    got = messages(path)
    assert ("warning", "year 1995 disagrees with 1996 in the name 'Heat (1996) [tmdbid-950]'", None) in got
    assert ("error", "tmdb id 949 disagrees with 950 in the name 'Heat (1996) [tmdbid-950]'", None) in got


def test_local_images_must_exist_urls_are_not_fetched(tmp_path: Path) -> None:
    body = GOOD.replace("</movie>", '  <thumb aspect="poster">poster.jpg</thumb>\n'
                                    '  <thumb aspect="clearlogo">https://example.invalid/logo.png</thumb>\n'
                                    '  <fanart><thumb>missing.jpg</thumb></fanart>\n</movie>')
    path = nfo(tmp_path, body)
    (path.parent / "poster.jpg").write_bytes(b"x")
    assert messages(path) == [("warning", "fanart image not found: missing.jpg", 9)]


def test_duplicates_and_empty_elements(tmp_path: Path) -> None:
    body = GOOD.replace("</movie>", "  <title>Heat 2</title>\n  <outline></outline>\n  <status/>\n</movie>")
    path = nfo(tmp_path, body)
    check = validate_file(path)
    assert check.status == "warning"
    assert [(p.level, p.message, p.line) for p in check.problems] == [
        ("warning", "<title> appears 2 times (Kodi reads the first, Jellyfin the last)", 7),
        ("info", "2 empty element(s): <outline>, <status>", 8)]


def test_hostile_file_is_an_error_with_the_readers_reason(tmp_path: Path) -> None:
    path = nfo(tmp_path, '<!DOCTYPE m [<!ENTITY a "aaaa">]><movie><title>&a;</title></movie>')
    check = validate_file(path)
    assert check.status == "error" and check.flavour == "unreadable"
    assert check.problems[0].message == "refused: XML entity declarations are not allowed in an NFO"


def test_url_only_is_a_warning(tmp_path: Path) -> None:
    path = nfo(tmp_path, "https://www.imdb.com/title/tt0113277/\n")
    check = validate_file(path)
    assert (check.status, check.flavour) == ("warning", "url-only")


def test_cli_lines_summary_and_exit_code(tmp_path: Path, capsys) -> None:
    nfo(tmp_path, GOOD)
    nfo(tmp_path, GOOD.replace("</movie>", ""), "Broken (1995)")
    assert main(["nfo", "validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ ") and "Broken (1995)" in out[0] and "not well-formed XML" in out[0]
    assert out[1] == f"✓ {tmp_path / 'Heat (1995)' / 'movie.nfo'} [kodi-v18+]"
    assert out[2] == "2 NFO(s): 1 ok, 0 with warnings, 1 with errors"


def test_cli_json_one_object_per_file(tmp_path: Path, capsys) -> None:
    path = nfo(tmp_path, GOOD)
    assert main(["nfo", "validate", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "path": str(path), "flavour": "kodi-v18+", "status": "ok", "problems": []}


@pytest.mark.parametrize("name", ["movie.nfo"])
def test_demo_library_planted_problems(name: str, capsys) -> None:
    from .conftest import REPO
    library = REPO / "demo" / "library"
    assert main(["nfo", "validate", "--json", str(library)]) == 1
    checks = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    errors = [c["path"] for c in checks if c["status"] == "error"]
    assert errors == [str(library / "Movies" / "The Good, the Bad and the Ugly (1966)" / name)]


def test_legacy_forms_are_noted_without_changing_the_status(tmp_path: Path) -> None:
    path = nfo(tmp_path, "<movie><title>Heat</title><year>1995</year><id>tt0113277</id></movie>")
    check = validate_file(path)
    assert check.status == "ok"
    assert [(p.level, p.message) for p in check.problems] == [
        ("info", "legacy form(s): plain <id> (`movievault nfo repair` converts them)")]
