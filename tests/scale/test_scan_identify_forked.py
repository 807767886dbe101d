"""A first scan of many movies identifies them on every core (scan/candidates.py): the
content/ it writes, its problems and its skipped files are byte for byte those of a scan
in one process — NFO warnings, a broken NFO, episodes, samples and parts included."""
from __future__ import annotations

from pathlib import Path

import pytest

from movievault_build.process import forked
from movievault_build.scan import candidates, pipeline
from movievault_build.settings import ScanSettings
from tests.helpers import write

MOVIES = 130


def library(lib: Path) -> None:
    for i in range(MOVIES):
        folder = f"Film Number {i} ({1950 + i % 60})"
        write(lib, f"{folder}/{folder}.mkv")
        if i % 3 == 0:
            write(lib, f"{folder}/movie.nfo", f"<movie><title>Nfo Title {i}</title><year>{1950 + i % 60}</year>"
                                              f"<uniqueid type=\"imdb\">tt{1000000 + i}</uniqueid>"
                                              f"<rating>{i % 10}.5</rating><bogus/></movie>")
        elif i % 7 == 0:
            write(lib, f"{folder}/movie.nfo", "<movie><title>broken</title")
    write(lib, "Two Parts (2001)/Two Parts (2001) cd1.mkv")
    write(lib, "Two Parts (2001)/Two Parts (2001) cd2.mkv")
    write(lib, "Some Film (2003)/Some Film (2003)-sample.mkv")
    write(lib, "Some Film (2003)/Some Film (2003).mkv")
    write(lib, "Show/Season 1/Show S01E02.mkv")
    write(lib, "Downloads/Other.Film.2011.1080p.BluRay.x264-GRP.mkv")


def files(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


def scan(tmp_path: Path, name: str, lib: Path):
    settings = ScanSettings(roots=(lib,), content_dir=tmp_path / name / "content",
                            cache_dir=tmp_path / name / "cache", probe="off")
    return pipeline.scan(settings), files(settings.content_dir)


def test_a_forked_identify_writes_what_one_process_writes(tmp_path, monkeypatch):
    for key in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(key, raising=False)
    lib = tmp_path / "lib"
    library(lib)
    monkeypatch.setattr(candidates, "FORK_FROM", 2)
    # Other tests of this worker may have left idle threads (fake servers): fork anyway.
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    if forked.workers_for(MOVIES, candidates.FORK_FROM) < 2:
        pytest.skip("one core: nothing forks here")
    parallel, written = scan(tmp_path, "forked", lib)
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    alone, expected = scan(tmp_path, "alone", lib)
    assert written == expected and len(written) > MOVIES
    assert parallel.problems == alone.problems and any("broken" in p or "movie.nfo" in p for p in alone.problems)
    assert sorted(parallel.skipped_files) == sorted(alone.skipped_files) and alone.skipped_files
    assert parallel.new == alone.new and len(alone.new) == MOVIES + 3
