"""TMDB's recommendations through a real scan against the fake TMDB: stored with each film in
content/ (title and year with the id), then, from content/ alone, the library's own among
them are related films and the rest are on the Discover page with the film recommending them."""
from __future__ import annotations

import re

from tests.helpers import REPO, mkdocs_build
from tests.providers.test_scan_online import env, front, scan  # noqa: F401 - env: a fixture

AMELIE = "Amelie.2001.720p.BluRay.x264-GRP"     # left out: the library is the two Dunes and Fight Club


def test_recommendations_are_stored_and_shown(env, tmdb_server, monkeypatch):
    (env / "lib" / AMELIE / f"{AMELIE}.mkv").unlink()
    assert scan() == 0
    assert tmdb_server.log.count("/3/movie/") >= 3
    assert front(env, "dune-2021")["recommendations"] == [{"tmdb": "841", "title": "Dune", "year": 1984}]
    assert front(env, "fight-club-1999")["recommendations"] == [
        {"tmdb": "603", "title": "The Matrix", "year": 1999}, {"tmdb": "438631", "title": "Dune", "year": 2021}]
    assert front(env, "fight-club-1999")["sources"]["recommendations"] == "tmdb"

    monkeypatch.setenv("PYTHONPATH", str(REPO))
    (env / "mkdocs.yml").write_text((env / "mkdocs.yml").read_text().replace(
        "library: [lib]", "library: [lib]\n      scan: never"))        # content/ alone, no network
    served = tmdb_server.log.count("/3/")
    built = mkdocs_build(env / "mkdocs.yml")
    assert built.returncode == 0, built.stderr[-3000:]
    assert tmdb_server.log.count("/3/") == served
    dune = (env / "site" / "movies" / "dune-2021" / "index.html").read_text("utf-8")
    assert 'href="../dune-1984/"' in dune.split('aria-labelledby="related"', 1)[1].split("</section>", 1)[0]
    discover = (env / "site" / "discover" / "index.html").read_text("utf-8")
    (matrix,) = re.findall(r'data-tmdb="603">(.*?)</li>', discover, re.S)
    assert "The Matrix" in matrix and re.search(r"Because you have .*Fight Club", matrix, re.S)
    assert 'data-tmdb="841"' not in discover and 'data-tmdb="438631"' not in discover   # both in the library
