"""`write_missing`, NFO naming per flavour (nfo-format.md section 2), and the scan hook."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.identify.nfo import read_nfo
from movievault_build.nfo.files import nfo_target
from movievault_build.model import movie_from_metadata
from movievault_build.nfo.writer import nfo_metadata, write_missing

DOWNLOADS = ("Downloads/Jaws.1975.1080p.BluRay.x264-GROUP.nfo",
             "Downloads/WALL-E.2008.720p.BluRay.x264.nfo",
             "Downloads/[YIFY] Star.Wars.1977.1080p.nfo",
             "Downloads/2001.A.Space.Odyssey.1968.REMASTERED.2160p.UHD.BluRay.x265-GRP.nfo",
             "Unsorted/metropolis 1927 restored.nfo",
             "Downloads/Terminator.2.Judgment.Day.1991.1080p.BluRay.x264-GRP/"
             "Terminator.2.Judgment.Day.1991.1080p.BluRay.x264-GRP.nfo")


M = Path("/m/Heat (1995)")


@pytest.mark.parametrize(("video", "container", "flavour", "mixed", "expected"), [
    # Kodi (K-FIND): <video stem>.nfo; stacks by the stacked title; VIDEO_TS.nfo, BDMV/index.nfo
    (M / "Heat.mkv", "mkv", "kodi", False, M / "Heat.nfo"),
    (M / "Heat - cd1.avi", "avi", "kodi", False, M / "Heat.nfo"),
    (M / "VIDEO_TS", "dvd", "kodi", False, M / "VIDEO_TS" / "VIDEO_TS.nfo"),
    (M / "BDMV", "bluray", "kodi", False, M / "BDMV" / "index.nfo"),
    # Jellyfin (J-SAVE GetMovieSavePaths): movie.nfo unless in a mixed folder; DVD VIDEO_TS.nfo;
    # Blu-ray <folder>/<foldername>.nfo
    (M / "Heat.mkv", "mkv", "jellyfin", False, M / "movie.nfo"),
    (M / "Heat.mkv", "mkv", "jellyfin", True, M / "Heat.nfo"),
    (M / "VIDEO_TS", "dvd", "jellyfin", False, M / "VIDEO_TS" / "VIDEO_TS.nfo"),
    (M / "BDMV", "bluray", "jellyfin", False, M / "Heat (1995).nfo"),
    # Emby (E-OLD): <videofile>.nfo first
    (M / "Heat - cd1.avi", "avi", "emby", False, M / "Heat - cd1.nfo"),
    (M / "BDMV", "bluray", "emby", False, M / "Heat (1995).nfo"),
    # Plex importer: <video base name>.nfo without the cd1/part1 suffix; <folder>.nfo
    (M / "Heat.part1.mkv", "mkv", "plex", False, M / "Heat.nfo"),
    (M / "BDMV", "bluray", "plex", False, M / "Heat (1995).nfo"),
])
def test_nfo_names(video, container, flavour, mixed, expected) -> None:
    assert nfo_target(video, flavour, container, mixed) == expected


def test_writes_only_movies_without_nfo(demo) -> None:
    lib = demo.roots[0]
    before = {p: p.read_bytes() for p in lib.rglob("*.nfo")}
    report = write_missing(demo)
    assert sorted(report.written) == sorted(str(lib / p) for p in DOWNLOADS)
    assert not report.problems
    for path, data in before.items():     # no existing NFO was touched
        assert path.read_bytes() == data
    jaws = read_nfo(lib / DOWNLOADS[0])
    assert jaws.metadata == {"title": "Jaws", "year": 1975}
    again = write_missing(demo)
    assert again.written == [] and len(again.skipped) == 32


def test_dry_run_writes_nothing_and_shows_a_diff(demo) -> None:
    report = write_missing(demo, ["jaws-1975"], flavour="jellyfin", dry_run=True)
    assert report.written == [str(demo.roots[0] / DOWNLOADS[0])]
    assert "+  <title>Jaws</title>" in report.diffs[0]
    assert not (demo.roots[0] / DOWNLOADS[0]).exists()


def test_unknown_slug_is_a_problem_not_a_crash(demo) -> None:
    report = write_missing(demo, ["no-such-film"])
    assert report.problems == [f"no-such-film: no such movie in {demo.movies_dir}"]


def test_overwrite_keeps_a_backup_and_the_name(demo) -> None:
    nfo = demo.roots[0] / "Movies" / "Heat (1995)" / "movie.nfo"
    old = nfo.read_bytes()
    report = write_missing(demo, ["heat-1995"], flavour="kodi", overwrite=True)
    assert report.written == [str(nfo)]          # rewritten in place, not a second NFO
    assert (nfo.parent / "movie.nfo.bak").read_bytes() == old
    facts = read_nfo(nfo).metadata
    assert facts["title"] == "Heat" and facts["ids"] == {"imdb": "tt0113277", "tmdb": "949"}
    write_missing(demo, ["heat-1995"], flavour="jellyfin", overwrite=True)
    assert (nfo.parent / "movie.nfo.bak.1").exists()    # a backup is never overwritten


def test_local_art_paths_per_flavour(tmp_path) -> None:
    (tmp_path / "Heat (1995)").mkdir()
    (tmp_path / "Heat (1995)" / "poster.jpg").write_bytes(b"jpg")
    movie = movie_from_metadata("heat-1995", {"title": "Heat", "images": [
        {"kind": "poster", "src": "Heat (1995)/poster.jpg", "path": "images/heat-1995/poster.jpg"},
        {"kind": "fanart", "src": "Heat (1995)/gone.jpg"},
        {"kind": "fanart", "src": "https://img/fanart.jpg"}]})
    target = tmp_path / "Heat (1995)" / "movie.nfo"
    kodi = nfo_metadata(movie, tmp_path, target, "kodi")
    # Kodi resolves names relative to the NFO's folder; a missing local file is left out
    assert kodi["images"] == [{"kind": "poster", "src": "poster.jpg"},
                              {"kind": "fanart", "src": "https://img/fanart.jpg"}]
    jelly = nfo_metadata(movie, tmp_path, target, "jellyfin")
    # Jellyfin drops anything that is not an absolute path or URL (J-PARSE)
    assert jelly["images"][0] == {"kind": "poster", "src": (tmp_path / "Heat (1995)" / "poster.jpg").as_posix()}


def test_scan_writes_missing_nfos_when_asked(demo, tmp_path) -> None:
    settings = replace(demo, write_nfo=True, nfo_format="plex", content_dir=tmp_path / "fresh")
    report = pipeline.scan(settings)
    assert not [p for p in report.problems if "nfo" in p.lower() and "Good, the Bad" not in p]
    assert (settings.roots[0] / DOWNLOADS[0]).is_file()
    assert "<releasedate>" not in (settings.roots[0] / DOWNLOADS[0]).read_text()   # no date known


def test_scan_leaves_nfos_alone_by_default(demo, tmp_path) -> None:
    pipeline.scan(replace(demo, content_dir=tmp_path / "fresh"))
    assert not (demo.roots[0] / DOWNLOADS[0]).exists()


def test_cli_write(demo, tmp_path, capsys) -> None:
    from movievault_build.cli import main
    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(f"site_name: t\nplugins:\n  - movievault:\n      library: [{demo.roots[0]}]\n"
                   f"      content_dir: {demo.content_dir}\n      nfo: {{format: jellyfin}}\n")
    assert main(["nfo", "write", "--config", str(cfg), "--dry-run", "jaws-1975"]) == 0
    out = capsys.readouterr().out
    assert "<title>Jaws</title>" in out and out.rstrip().endswith(
        "dry run: 1 NFO(s) would be written, 0 skipped, 0 problem(s)")
    assert main(["nfo", "write", "--config", str(cfg), "--format", "emby", "wall-e-2008"]) == 0
    assert (demo.roots[0] / "Downloads" / "WALL-E.2008.720p.BluRay.x264.nfo").is_file()


def test_config_options_reach_the_settings(tmp_path) -> None:
    from movievault_build.cli.context import load_settings
    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: t\nplugins:\n  - movievault:\n      nfo:\n"
                   "        write: true\n        overwrite: true\n        format: plex\n")
    settings = load_settings(str(cfg))
    assert (settings.write_nfo, settings.nfo_overwrite, settings.nfo_format) == (True, True, "plex")
    cfg.write_text("site_name: t\nplugins:\n  - movievault:\n      nfo: {format: xbmc}\n")
    with pytest.raises(Exception, match="format"):
        load_settings(str(cfg))
