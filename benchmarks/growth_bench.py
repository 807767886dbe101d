"""The stats page's growth chart at 10,000 movies: time of the one `git log` pass.

    python -m benchmarks.growth_bench [--movies 10000] [--commits 200] [--runs 5]

A temporary repository gets `--movies` content files added over `--commits` commits
(plus a rename and an edit in every tenth commit), then `read_growth` runs `--runs`
times cold and `--runs` times with the walk kept under an unchanged HEAD; the medians
are printed with the machine's load.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from movievault_build.vault.growth import read_growth

_ENV = {**os.environ, "GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.invalid",
        "GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=repo, env=_ENV, check=True,
                   capture_output=True)


def make_repo(root: Path, movies: int, commits: int) -> Path:
    content = root / "content" / "movies"
    content.mkdir(parents=True)
    _git(root, "init", "-q")
    per = max(movies // commits, 1)
    made = 0
    for c in range(commits):
        for _ in range(per if c < commits - 1 else movies - made):
            (content / f"movie-{made:05d}.md").write_text(f"---\ntitle: Movie {made}\n---\n")
            made += 1
        if c % 10 == 9:
            (content / "movie-00000.md").write_text(f"---\ntitle: edited {c}\n---\n")
        _git(root, "add", "-A")
        _git(root, "commit", "-q", "-m", f"batch {c}")
    return root / "content"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--movies", type=int, default=10_000)
    ap.add_argument("--commits", type=int, default=200)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        content = make_repo(Path(tmp), args.movies, args.commits)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            growth, why = read_growth(content)
            times.append(time.perf_counter() - start)
            assert growth is not None, why
        memo = Path(tmp) / "growth.marshal"
        read_growth(content, memo)
        warm = []
        for _ in range(args.runs):
            start = time.perf_counter()
            read_growth(content, memo)
            warm.append(time.perf_counter() - start)
        print(f"movies={growth.points[-1][1]} commits={growth.commits} "
              f"cold median={statistics.median(times):.3f}s runs={[round(t, 3) for t in times]}; "
              f"unchanged HEAD median={statistics.median(warm):.3f}s; load={os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
