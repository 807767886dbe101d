"""The bundled demo library, scanned: every planted case comes out as demo/README.md says."""
from __future__ import annotations

import logging

import pytest

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings
from movievault_build.store import document, library
from tests.helpers import REPO

DEMO = REPO / "demo" / "library"


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    content = tmp_path_factory.mktemp("demo-content")
    report = pipeline.scan(ScanSettings(roots=(DEMO,), content_dir=content))
    movies = {m.slug: m for m in library.load_movies(content)[0]}
    return report, movies, content


def test_finds_exactly_the_32_movies_and_skips_the_rest(scanned):
    report, movies, _ = scanned
    assert report.found == len(movies) == 32
    assert report.skipped["episode"] >= 1 and report.skipped["extra"] >= 1
    assert not any("S01E0" in f.path for m in movies.values() for f in m.files)
    assert not any("sample" in f.path.lower() or "trailer" in f.path.lower() for m in movies.values() for f in m.files)


def test_only_the_planted_malformed_nfo_is_a_problem(scanned):
    report, _, _ = scanned
    assert len(report.problems) == 1
    assert "The Good, the Bad and the Ugly (1966)/movie.nfo" in report.problems[0]
    assert "\n" not in report.problems[0]


def test_disc_folders_parts_and_versions(scanned):
    _, movies, _ = scanned
    assert [f.container for f in movies["casablanca-1942"].files] == ["dvd"]
    assert [f.container for f in movies["heat-1995"].files] == ["bluray"]
    assert [f.part for f in movies["seven-samurai-1954"].files] == [1, 2]
    blade = movies["blade-runner-1982"].files
    assert [f.resolution for f in blade] == ["2160p", "1080p"]


def test_nfo_facts_collections_and_non_ascii(scanned):
    _, movies, _ = scanned
    matrix = movies["the-matrix-1999"]
    assert matrix.ids["tmdb"] == "603" and "Keanu Reeves" in [p.name for p in matrix.cast]
    assert matrix.sources["title"] == "nfo"
    bttf = [m for m in movies.values() if m.collection and m.collection.name == "Back to the Future Collection"]
    assert len(bttf) == 3
    lotr = {m.collection.name for m in movies.values() if m.collection and "Lord of the Rings" in m.collection.name}
    assert len(lotr) == 1            # the plain-text <set> and the nested form agree
    assert movies["amelie-2001"].title == "Amélie"
    assert movies["spirited-away-2001"].original_title == "千と千尋の神隠し"


def test_url_only_nfo_and_names_alone(scanned):
    _, movies, _ = scanned
    assert movies["psycho-1960"].ids.get("imdb", "").startswith("tt")
    assert movies["2001-a-space-odyssey-1968"].year == 1968
    assert movies["jaws-1975"].sources["title"] == "filename"
    assert movies["star-wars-1977"].title == "Star Wars"


def test_committed_content_matches_a_fresh_scan(scanned):
    """content/ in the repo is the demo's scan; drift means someone edited one side only."""
    _, movies, content = scanned
    committed = {p.stem: document.load_plain(p.read_text(), str(p))[0] for p in library.movie_paths(REPO / "content")}
    fresh = {p.stem: document.load_plain(p.read_text(), str(p))[0] for p in library.movie_paths(content)}
    assert committed.keys() == fresh.keys()
    for slug in fresh:
        a = {k: v for k, v in committed[slug].items() if k not in ("added", "user")}
        b = {k: v for k, v in fresh[slug].items() if k not in ("added", "user")}
        assert a == b, slug


def test_rescan_changes_nothing_and_a_vanished_file_is_marked_missing(tmp_path):
    import shutil
    lib = tmp_path / "lib"
    shutil.copytree(DEMO / "Movies" / "Heat (1995)", lib / "Heat (1995)")
    shutil.copytree(DEMO / "Downloads", lib / "Downloads")
    settings = ScanSettings(roots=(lib,), content_dir=tmp_path / "content")
    first = pipeline.scan(settings)
    assert first.new and not first.changed
    second = pipeline.scan(settings)
    assert second.new == [] and second.changed == [] and second.unchanged == first.found
    shutil.rmtree(lib / "Heat (1995)")
    third = pipeline.scan(settings)
    assert third.missing == ["heat-1995"]
    assert library.read_movie(tmp_path / "content" / "movies" / "heat-1995.md").missing is True


def test_moved_file_keeps_its_slug(tmp_path):
    import shutil
    lib = tmp_path / "lib"
    shutil.copytree(DEMO / "Movies" / "Alien (1979)", lib / "Alien (1979)")
    settings = ScanSettings(roots=(lib,), content_dir=tmp_path / "content")
    pipeline.scan(settings)
    (lib / "Sci-Fi").mkdir()
    shutil.move(str(lib / "Alien (1979)"), str(lib / "Sci-Fi" / "Alien (1979)"))
    report = pipeline.scan(settings)
    assert report.new == [] and report.changed == ["alien-1979"]
    assert library.read_movie(tmp_path / "content" / "movies" / "alien-1979.md").files[0].path.startswith("Sci-Fi/")


def test_problems_are_logged_as_warnings_for_strict_builds(tmp_path, caplog):
    import shutil
    lib = tmp_path / "lib"
    shutil.copytree(DEMO / "Movies" / "The Good, the Bad and the Ugly (1966)", lib / "Ugly")
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.movievault"):
        pipeline.scan(ScanSettings(roots=(lib,), content_dir=tmp_path / "content"))
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "movie.nfo" in warnings[0].getMessage()
