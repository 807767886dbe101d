"""A movie with notes of its own (Markdown below its front matter) is an ordinary MkDocs
page: MkDocs converts the notes with the site's Markdown extensions — `!relative` paths
included — and counts their warnings under --strict; the rest of the page is the movie's."""
from __future__ import annotations

import hashlib

from tests.helpers import make_site, mkdocs_build, write

NFO = "<movie><title>Heat</title><year>1995</year><genre>Crime</genre><director>Michael Mann</director></movie>"
SNIPPETS = "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: !relative\n"


def site_with_notes(tmp_path, notes: str):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/movie.nfo", NFO)
    cfg = make_site(tmp_path, [lib], SNIPPETS)
    first = mkdocs_build(cfg)
    assert first.returncode == 0, first.stderr
    content = tmp_path / "content" / "movies" / "heat-1995.md"
    content.write_text(content.read_text("utf-8").rstrip("\n") + "\n\n" + notes, "utf-8")
    return cfg


def test_notes_are_converted_with_the_sites_extensions_on_the_movie_page(tmp_path):
    cfg = site_with_notes(tmp_path, 'Seen at the **Rialto**.\n\n--8<-- "rialto.txt"\n')
    write(tmp_path / "docs", "movies/rialto.txt", "A snippet beside the page.\n")
    cold = mkdocs_build(cfg, "-v")
    assert cold.returncode == 0, cold.stderr
    page = tmp_path / "site" / "movies" / "heat-1995" / "index.html"
    html = page.read_text("utf-8")
    assert "<strong>Rialto</strong>" in html and "A snippet beside the page." in html
    assert "Michael Mann" in html and "<title>Heat (1995)" in html          # the movie template
    cold_bytes = hashlib.sha256(page.read_bytes()).hexdigest()
    assert mkdocs_build(cfg).returncode == 0
    assert hashlib.sha256(page.read_bytes()).hexdigest() == cold_bytes


def test_a_warning_in_the_notes_fails_a_strict_build(tmp_path):
    cfg = site_with_notes(tmp_path, "See [the sequel](heat-2.md).\n")
    strict = mkdocs_build(cfg, "--strict")
    assert strict.returncode != 0
    assert "heat-2.md" in strict.stderr
