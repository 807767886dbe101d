"""`nfo enrich`: only absent fields are added, from the matching content file."""
from __future__ import annotations

from pathlib import Path

from movievault_build.cli import main
from movievault_build.identify.nfo import read_nfo
from movievault_build.nfo.enrich import ContentIndex, enrich_file

HEAT = Path("Movies") / "Heat (1995)" / "movie.nfo"


def _set_in_content(settings, slug: str, old: str, new: str) -> None:
    path = settings.movies_dir / f"{slug}.md"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_adds_only_missing_fields_and_keeps_the_file(demo) -> None:
    _set_in_content(demo, "heat-1995", "runtime: 170\n",
                    "runtime: 171\ntagline: A Los Angeles crime saga\ntags:\n  - heist\n")
    nfo = demo.roots[0] / HEAT
    before_text = nfo.read_text()
    before = read_nfo(nfo).metadata
    outcome = enrich_file(nfo, ContentIndex(demo))
    assert (outcome.status, outcome.slug, outcome.added) == ("enriched", "heat-1995", ["tagline", "tags"])
    after = read_nfo(nfo).metadata
    assert after == {**before, "tagline": "A Los Angeles crime saga", "tags": ["heist"]}
    assert after["runtime"] == 170                       # what the user wrote stays
    text = nfo.read_text()
    assert text.startswith(before_text[:before_text.rindex("</movie>")])   # old bytes untouched
    assert text.endswith("  <tagline>A Los Angeles crime saga</tagline>\n  <tag>heist</tag>\n</movie>\n")
    assert (nfo.parent / "movie.nfo.bak").read_text() == before_text


def test_ids_keep_kodi_reading_the_old_id(demo) -> None:
    # Kodi reads <id> only without any <uniqueid> (K-TAG): the first <uniqueid> added must
    # repeat the id the file had.
    nfo = demo.roots[0] / "Movies" / "Heat (1995)" / "movie.nfo"
    nfo.write_text("<movie>\n  <title>Heat</title>\n  <year>1995</year>\n  <id>tt0113277</id>\n</movie>\n")
    outcome = enrich_file(nfo, ContentIndex(demo), dry_run=True)
    assert outcome.status == "enriched" and "ids" in outcome.added
    assert '+  <uniqueid type="imdb" default="true">tt0113277</uniqueid>' in outcome.diff
    assert '+  <uniqueid type="tmdb">949</uniqueid>' in outcome.diff
    assert "<uniqueid" not in nfo.read_text()           # dry run: nothing written


def test_matched_by_id_when_no_video_is_beside_it(demo, tmp_path) -> None:
    loose = tmp_path / "elsewhere.nfo"
    loose.write_text('<movie><title>Heat</title><uniqueid type="tmdb">949</uniqueid></movie>')
    outcome = enrich_file(loose, ContentIndex(demo), dry_run=True)
    assert outcome.slug == "heat-1995" and "plot" in outcome.added


def test_unmatched_malformed_and_hostile(demo, tmp_path) -> None:
    index = ContentIndex(demo)
    stray = tmp_path / "stray.nfo"
    stray.write_text("<movie><title>Nobody Knows</title></movie>")
    assert enrich_file(stray, index).status == "unmatched"
    ugly = demo.roots[0] / "Movies" / "The Good, the Bad and the Ugly (1966)" / "movie.nfo"
    outcome = enrich_file(ugly, index)
    assert (outcome.status, outcome.reason) == ("refused", "not well-formed XML: run `movievault nfo repair` first")
    bomb = tmp_path / "bomb.nfo"
    bomb.write_text('<!DOCTYPE m [<!ENTITY a "a">]><movie><title>&a;</title></movie>')
    assert enrich_file(bomb, index).reason == "refused: XML entity declarations are not allowed in an NFO"


def test_cli_enrich_over_the_library(demo, tmp_path, capsys) -> None:
    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(f"site_name: t\nplugins:\n  - movievault:\n      library: [{demo.roots[0]}]\n"
                   f"      content_dir: {demo.content_dir}\n")
    assert main(["nfo", "enrich", "--dry-run", "--config", str(cfg)]) == 0
    out = capsys.readouterr().out.splitlines()
    # the demo's NFOs already hold everything a scan put into content/
    assert out[-1] == "2 refused, 24 unchanged"
    refused = sorted(line.split(": ", 1)[1] for line in out if line.startswith("- "))
    assert refused == ["URL-only NFO: nothing to add elements to",
                       "not well-formed XML: run `movievault nfo repair` first"]
