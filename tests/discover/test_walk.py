"""The walk: videos, discs, stacks, versions, skipped folders, and hostile trees."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from movievault_build.discover.walk import Candidate, Problem, VideoFile, walk


def touch(root: Path, *names: str, data: bytes = b"x") -> None:
    for name in names:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)


def candidates(root: Path) -> list[Candidate]:
    return [c for c in walk([root]) if isinstance(c, Candidate)]


def problems(root: Path) -> list[Problem]:
    return [c for c in walk([root]) if isinstance(c, Problem)]


def rel(c: Candidate) -> list[str]:
    return [c.relpath(f.path) for f in c.files]


def test_videos_by_extension_only(tmp_path):
    touch(tmp_path, "Heat (1995)/Heat (1995).mkv", "Heat (1995)/movie.nfo", "Heat (1995)/poster.jpg",
          "notes.txt", "Alien.1979.avi", "Up.2009.M2TS", "clip.webm")
    found = sorted(rel(c)[0] for c in candidates(tmp_path))
    assert found == ["Alien.1979.avi", "Heat (1995)/Heat (1995).mkv", "Up.2009.M2TS", "clip.webm"]
    heat = next(c for c in candidates(tmp_path) if "Heat" in rel(c)[0])
    assert set(heat.siblings) == {"Heat (1995).mkv", "movie.nfo", "poster.jpg"}


def test_dvd_and_bluray_folders_are_one_movie_each(tmp_path):
    touch(tmp_path, "Casablanca (1942)/VIDEO_TS/VIDEO_TS.IFO", "Casablanca (1942)/VIDEO_TS/VTS_01_1.VOB",
          "Casablanca (1942)/movie.nfo", "Heat (1995)/BDMV/index.bdmv", "Heat (1995)/BDMV/STREAM/00000.m2ts")
    found = {c.folder.name: c for c in candidates(tmp_path)}
    assert set(found) == {"Casablanca (1942)", "Heat (1995)"}
    assert found["Casablanca (1942)"].disc == "dvd" and rel(found["Casablanca (1942)"]) == ["Casablanca (1942)/VIDEO_TS"]
    assert "movie.nfo" in found["Casablanca (1942)"].siblings
    assert found["Heat (1995)"].disc == "bluray" and found["Heat (1995)"].main.size == 2


def test_parts_stack_into_one_movie_in_order(tmp_path):
    touch(tmp_path, "Seven Samurai (1954)/Seven Samurai - cd2.avi", "Seven Samurai (1954)/Seven Samurai - cd1.avi",
          "Kill/Kill.Part1.mkv", "Kill/Kill.Part2.mkv", "Dune/Dune.Part.Two.2024.mkv")
    by_folder = {c.folder.name: c for c in candidates(tmp_path)}
    samurai = by_folder["Seven Samurai (1954)"]
    assert [f.part for f in samurai.files] == [1, 2]
    assert rel(samurai)[0].endswith("cd1.avi")
    assert [f.part for f in by_folder["Kill"].files] == [1, 2]
    assert [f.part for f in by_folder["Dune"].files] == [None]  # "Part Two" is a title, not a stack


def test_versions_named_after_the_folder_are_one_movie_largest_first(tmp_path):
    touch(tmp_path, "Blade Runner (1982)/Blade Runner (1982) - 1080p.mkv", data=b"x" * 10)
    touch(tmp_path, "Blade Runner (1982)/Blade Runner (1982) - 2160p.mkv", data=b"x" * 40)
    found = candidates(tmp_path)
    assert len(found) == 1
    assert rel(found[0]) == ["Blade Runner (1982)/Blade Runner (1982) - 2160p.mkv",
                             "Blade Runner (1982)/Blade Runner (1982) - 1080p.mkv"]


def test_named_extras_are_not_versions(tmp_path):
    touch(tmp_path, "Pulp Fiction (1994)/Pulp Fiction (1994).mkv", "Pulp Fiction (1994)/Pulp Fiction (1994)-trailer.mp4",
          "Pulp Fiction (1994)/Pulp Fiction (1994) - sample.mkv")
    assert sorted(len(c.files) for c in candidates(tmp_path)) == [1, 1, 1]


def test_flat_folder_of_different_movies_stays_separate(tmp_path):
    touch(tmp_path, "Downloads/Jaws.1975.1080p.mkv", "Downloads/Alien.1979.mkv")
    assert len(candidates(tmp_path)) == 2


def test_extras_seasons_hidden_and_ignored_folders_are_pruned(tmp_path):
    touch(tmp_path, "Heat (1995)/Heat.mkv", "Heat (1995)/Extras/making-of.mkv",
          "Heat (1995)/Featurettes/a.mkv", "Heat (1995)/Behind The Scenes/b.mkv",
          "Show/Season 01/Show.S01E01.mkv", ".hidden/x.mkv", "Heat (1995)/.secret.mkv",
          "Private/.nomedia", "Private/home.mkv", "NAS/@eaDir/thumb.mkv")
    assert [rel(c)[0] for c in candidates(tmp_path)] == ["Heat (1995)/Heat.mkv"]


def test_symlink_loop_is_one_problem_and_walk_goes_on(tmp_path):
    touch(tmp_path, "A/movie.mkv")
    os.symlink(tmp_path / "A", tmp_path / "A" / "loop")
    found = list(walk([tmp_path]))
    assert [rel(c)[0] for c in found if isinstance(c, Candidate)] == ["A/movie.mkv"]
    loops = [p for p in found if isinstance(p, Problem)]
    assert len(loops) == 1 and "symlink loop" in loops[0].reason and "loop" in loops[0].path


def test_unreadable_folder_is_a_problem_not_a_crash(tmp_path):
    """Walk as an unprivileged user (root reads every folder, so drop to nobody when root)."""
    base = Path(tempfile.mkdtemp(prefix="mv-perm-"))
    copy = Path(tempfile.mkdtemp(prefix="mv-perm-pkg-"))
    repo = Path(__file__).resolve().parents[2]
    try:
        base.chmod(0o755)
        touch(base, "Locked/a.mkv", "Open/b.mkv")
        for p in base.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)
        (base / "Locked").chmod(0)
        code = ("import json,sys; from movievault_build.discover.walk import walk, Candidate;"
                "print(json.dumps([[type(x).__name__, str(x)] for x in walk([__import__('pathlib').Path(sys.argv[1])])]))")
        python, package_root, as_user = sys.executable, repo, []
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv to drop privileges")
            # The checkout (and its .venv) may be private to root, as a `mktemp -d` clone is:
            # the unprivileged walker gets a readable copy of the package and the base
            # interpreter (walking needs the standard library only).
            package_root = copy
            shutil.copytree(repo / "movievault_build", package_root / "movievault_build",
                            ignore=shutil.ignore_patterns("__pycache__"))
            for p in package_root.rglob("*"):
                p.chmod(0o755 if p.is_dir() else 0o644)
            package_root.chmod(0o755)
            python = getattr(sys, "_base_executable", sys.executable)
            as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        out = subprocess.run([*as_user, python, "-c", code, str(base)], capture_output=True, text=True, check=True, cwd=package_root,
                             env={**os.environ, "PYTHONPATH": str(package_root)})
        found = json.loads(out.stdout)
    finally:
        (base / "Locked").chmod(0o755)
        shutil.rmtree(base)
        shutil.rmtree(copy)
    kinds = [k for k, _ in found]
    assert kinds.count("Problem") == 1 and kinds.count("Candidate") == 1
    problem = next(text for k, text in found if k == "Problem")
    assert "Locked" in problem and "cannot read folder" in problem


def test_unreadable_folder_as_root_user_via_broken_symlink(tmp_path):
    touch(tmp_path, "Open/b.mkv")
    os.symlink(tmp_path / "nowhere", tmp_path / "Dangling")
    found = list(walk([tmp_path]))
    assert [rel(c)[0] for c in found if isinstance(c, Candidate)] == ["Open/b.mkv"]


@pytest.mark.skipif(sys.platform != "linux", reason="needs a filesystem that stores raw bytes")
def test_undecodable_file_name_is_a_one_line_problem(tmp_path):
    os.makedirs(tmp_path / "Films")
    bad = os.path.join(os.fsencode(tmp_path / "Films"), b"Am\xe9lie.2001.mkv")
    with open(bad, "wb") as fh:
        fh.write(b"x")
    touch(tmp_path, "Films/Heat.1995.mkv")
    found = list(walk([tmp_path]))
    assert [rel(c)[0] for c in found if isinstance(c, Candidate)] == ["Films/Heat.1995.mkv"]
    (problem,) = [p for p in found if isinstance(p, Problem)]
    assert "not valid UTF-8" in problem.reason and "Am\\xe9lie" in str(problem) and "\n" not in str(problem)


def test_missing_root_is_a_problem(tmp_path):
    (problem,) = list(walk([tmp_path / "nope"]))
    assert isinstance(problem, Problem) and "not found" in problem.reason


@pytest.mark.parametrize("root, path", [
    ("/lib", "/lib/Movies/Heat (1995)/Heat.mkv"), ("/lib", "/lib/x.mkv"), ("lib", "lib/a b/c.mkv"),
    (".", "Movies/x.mkv"), ("/", "/Movies/x.mkv"), ("/lib/", "/lib/Movies/x.mkv"), ("/li", "/lib/x.mkv"),
])
def test_relpath_by_string_is_pathlibs(root, path):
    video = VideoFile(path=Path(path), size=1, mtime=0)
    candidate = Candidate(root=Path(root), folder=Path(path).parent, files=(video,), siblings=())
    try:
        expected = Path(path).relative_to(Path(root)).as_posix()
    except ValueError:
        with pytest.raises(ValueError):
            candidate.relpath()
        return
    assert candidate.relpath() == expected == candidate.relpath(video.path)
