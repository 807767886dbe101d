"""`nfo repair`: each mechanical fix, the same-facts guard, backups, refusals."""
from __future__ import annotations

import codecs
from pathlib import Path

from movievault_build.cli import main
from movievault_build.identify.nfo import read_nfo
from movievault_build.nfo.repair import RepairOutcome, _checked, repair_bytes, repair_file

from .conftest import corpus_files

LEGACY = ("<movie>\n  <title>Heat</title>\n  <id>tt0113277</id>\n  <set>Heat Collection</set>\n"
          "  <outline></outline>\n  <fanart><thumb/></fanart>\n</movie>\n")


def write(tmp_path: Path, data: str | bytes, name: str = "movie.nfo") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_legacy_forms_are_normalised_and_empties_dropped() -> None:
    outcome = repair_bytes(LEGACY.encode())
    assert outcome.status == "repaired"
    assert outcome.changes == ['<id>tt0113277</id> -> <uniqueid type="imdb">',
                               "<set>Heat Collection</set> -> <set><name>", "dropped 3 empty element(s)"]
    assert outcome.text == (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<movie>\n  <title>Heat</title>\n'
        '  <id>tt0113277</id>\n  <uniqueid type="imdb" default="true">tt0113277</uniqueid>\n'
        "  <set>\n    <name>Heat Collection</name>\n  </set>\n</movie>\n")


def test_a_number_in_id_becomes_a_tmdb_uniqueid() -> None:
    outcome = repair_bytes(b"<movie><title>Heat</title><id>949</id></movie>")
    assert outcome.status == "repaired"
    assert '<uniqueid type="tmdb" default="true">949</uniqueid>' in outcome.text
    assert "<id>" not in outcome.text


def test_recovers_malformed_xml_and_keeps_a_trailing_url() -> None:
    data = b"<movie><title>Tom & Jerry</title><year>1992</year>\n<plot>Cat and mouse</plot>\n" \
           b"</movie>\nhttps://www.themoviedb.org/movie/15302\n"
    outcome = repair_bytes(data)
    assert outcome.status == "repaired" and outcome.changes == ["recovered malformed XML"]
    assert "<title>Tom &amp; Jerry</title>" in outcome.text
    assert outcome.text.endswith("</movie>\nhttps://www.themoviedb.org/movie/15302\n")


def test_truncated_file_is_recovered() -> None:
    outcome = repair_bytes(b"<movie><title>Heat</title><year>1995</year><plot>A thief")
    assert outcome.status == "repaired"
    assert outcome.text.rstrip().endswith("</movie>")


def test_reencodes_to_utf8_without_bom_keeping_the_markup() -> None:
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<movie>\n   <title>Amélie</title>\n</movie>\n'
    outcome = repair_bytes(latin.encode("latin-1"))
    assert outcome.changes == ["re-encoded as UTF-8"]
    assert outcome.text == ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                            "<movie>\n   <title>Amélie</title>\n</movie>\n")   # own indentation kept
    bom = repair_bytes(codecs.BOM_UTF8 + b"<movie><title>Heat</title></movie>")
    assert bom.changes == ["removed the UTF-8 BOM"] and not bom.text.startswith("\ufeff")


def test_a_clean_file_is_left_alone(tmp_path: Path) -> None:
    path = write(tmp_path, '<?xml version="1.0" encoding="UTF-8"?>\n<movie><title>Heat</title></movie>\n')
    outcome = repair_file(path)
    assert outcome.status == "unchanged"
    assert not list(tmp_path.glob("*.bak*"))


def test_hostile_files_are_refused_with_the_readers_reason(tmp_path: Path) -> None:
    bomb = write(tmp_path, '<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><movie><title>&b;</title></movie>')
    outcome = repair_file(bomb)
    assert (outcome.status, outcome.reason) == (
        "refused", "refused: XML entity declarations are not allowed in an NFO")
    show = write(tmp_path, "<tvshow><title>x</title></tvshow>", "tvshow.nfo")
    assert repair_file(show).reason == "not a movie NFO (<tvshow>)"


def test_a_repair_that_would_change_the_facts_is_refused() -> None:
    expected = {"title": "Heat", "year": 1995}
    changed = '<?xml version="1.0"?>\n<movie><title>Heat</title><year>1996</year></movie>\n'
    outcome = _checked(RepairOutcome("x.nfo"), changed, expected)
    assert (outcome.status, outcome.reason) == ("refused", "a repair would change what the file says (year)")
    same = _checked(RepairOutcome("x.nfo"), changed.replace("1996", "1995"), expected)
    assert same.status == "repaired"


def test_backups_are_never_overwritten(tmp_path: Path) -> None:
    path = write(tmp_path, LEGACY)
    (tmp_path / "movie.nfo.bak").write_text("older backup")
    outcome = repair_file(path)
    assert outcome.backup == str(tmp_path / "movie.nfo.bak.1")
    assert (tmp_path / "movie.nfo.bak").read_text() == "older backup"
    assert (tmp_path / "movie.nfo.bak.1").read_text() == LEGACY
    assert read_nfo(path).metadata == {"title": "Heat", "ids": {"imdb": "tt0113277"},
                                       "collection": {"name": "Heat Collection"}}


def test_backup_dir_and_dry_run(tmp_path: Path, capsys) -> None:
    path = write(tmp_path, LEGACY)
    assert main(["nfo", "repair", "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "+  <uniqueid type=\"imdb\" default=\"true\">tt0113277</uniqueid>" in out
    assert out.rstrip().endswith("1 would be repaired, 0 fine as they are, 0 refused")
    assert path.read_text() == LEGACY
    assert main(["nfo", "repair", "--backup-dir", str(tmp_path / "bak"), str(path)]) == 0
    assert (tmp_path / "bak" / "movie.nfo.bak").read_text() == LEGACY
    assert not (tmp_path / "movie.nfo.bak").exists()


def test_the_run_goes_on_past_refusals(tmp_path: Path, capsys) -> None:
    write(tmp_path, '<!DOCTYPE m [<!ENTITY a "a">]><movie/>', "a.nfo")
    write(tmp_path, LEGACY, "b.nfo")
    assert main(["nfo", "repair", str(tmp_path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("✗ ") and out[0].endswith(
        "a.nfo: refused: refused: XML entity declarations are not allowed in an NFO")
    assert out[1].startswith("✓ ") and "b.nfo" in out[1]


def test_every_corpus_file_repairs_to_the_same_facts() -> None:
    for path in corpus_files():
        outcome = repair_bytes(path.read_bytes(), str(path))
        assert outcome.status in ("repaired", "unchanged"), (path.name, outcome.reason)
        if outcome.status == "repaired":   # _checked compared the facts; nothing left to fix
            assert repair_bytes(outcome.text.encode("utf-8")).status == "unchanged", path.name
