"""Two checkouts of MovieVault build the same synthetic library side by side.

    python benchmarks/compare_checkouts.py BEFORE AFTER [--n 1000] [--runs 3] [--dirty] [--no-art]

BEFORE and AFTER are source trees or git revisions of this repository (a revision's package
is exported with `git archive`, as scale_bench.py's `--before` does). Each gets its own copy of one library (`make_library.py`, seed 1), is scanned
once, and then builds cold (scan state and encoded artwork kept, as in scale_bench.py),
warm with nothing changed and after one NFO edit, `runs` times each: each run builds
every row in turn, the two sides alternating, and both orders flipped every run (an even
`runs` balances them). Rows are interleaved and flipped, not run one after the other,
because a clean build's kernel time drifts from build to build (the ~11,000 folders
MkDocs' clean removes and the build makes again cost more `mkdir` time build after build
at 10,000 movies): run in sequence, or always in one order, the later row would carry
the drift. CPU is user + system of the build and the
workers it forked: on a shared machine it carries over better than wall time. Memory is
the peak PSS of the build's whole process tree (benchmarks/proctree.py). With
`--dirty` the warm and one-edit builds are `mkdocs build --dirty` (the cold ones clean),
as `mkdocs serve --dirty` rebuilds. `--no-art`: a library without posters or fanart (the
first build encodes no images: at 10,000 movies that pass alone takes a quarter of an hour).
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_library import make_library  # noqa: E402
from benchmarks.proctree import Measured, measure  # noqa: E402
from benchmarks.scale_bench import child_env, export, make_cold, median_spread, scan_cmd, site_config, touch_nfo  # noqa: E402

ROWS = ("cold", "warm", "one edit")


def build(side: str, work: Path, tree: Path, dirty: bool = False) -> Measured:
    env = {**child_env(), "PYTHONPATH": str(tree)}
    done = measure([sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(work / "mkdocs.yml")]
                   + (["--dirty"] if dirty else []), work, env)
    print(f"  {side}: {done.wall:.2f} s, {done.cpu:.2f} s CPU, {done.peak_mb:.0f} MB, load {done.load:.1f}",
          file=sys.stderr, flush=True)
    return done


def spread(samples: list[Measured], of) -> str:
    return median_spread(of(s) for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a source tree or a git revision")
    parser.add_argument("after", help="a source tree or a git revision")
    parser.add_argument("--n", type=int, default=1000, help="movies in the library")
    parser.add_argument("--runs", type=int, default=3, help="runs per row; median")
    parser.add_argument("--dirty", action="store_true", help="warm and one-edit builds with --dirty")
    parser.add_argument("--no-art", action="store_true", help="a library without posters or fanart")
    parser.add_argument("--rows", default=",".join(ROWS), help=f"which rows, of {', '.join(ROWS)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mv-compare-") as tmp:
        trees = {side: Path(given).resolve() if Path(given).is_dir() else export(given, Path(tmp) / f"code-{side}")
                 for side, given in (("before", args.before), ("after", args.after))}
        make_library(args.n, Path(tmp) / "lib", seed=1, artwork=not args.no_art)
        works = {}
        for side, tree in trees.items():
            work = works[side] = Path(tmp) / side
            shutil.copytree(Path(tmp) / "lib", work / "lib")
            site_config(work, work / "lib")
            measure(scan_cmd(work / "lib", work / "content"), work, {**child_env(), "PYTHONPATH": str(tree)})
            build(side, work, tree)
        results: dict[tuple[str, str], list[Measured]] = {}
        rows = [r for r in ROWS if r in args.rows.split(",")]
        for run in range(args.runs):
            for row in (rows if run % 2 == 0 else rows[::-1]):
                for side in (list(trees) if run % 2 == 0 else list(trees)[::-1]):
                    if row == "cold":
                        make_cold(works[side])
                    elif row == "one edit":
                        touch_nfo(works[side] / "lib", 100 + run)
                    results.setdefault((row, side), []).append(
                        build(side, works[side], trees[side], dirty=args.dirty and row != "cold"))
    print(f"{args.n} movies{' (no artwork)' if args.no_art else ''}, {args.runs} runs per row"
          f"{', warm and one edit --dirty' if args.dirty else ''}; "
          "seconds: median (min–max)\n")
    print("| build | before: CPU | after: CPU | before: wall | after: wall "
          "| before: peak MB | after: peak MB | load average |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for row in rows:
        before, after = results[(row, "before")], results[(row, "after")]
        loads = [s.load for s in before + after]
        print(f"| {row} | {spread(before, lambda s: s.cpu)} | {spread(after, lambda s: s.cpu)} "
              f"| {spread(before, lambda s: s.wall)} | {spread(after, lambda s: s.wall)} "
              f"| {spread(before, lambda s: s.peak_mb)} | {spread(after, lambda s: s.peak_mb)} "
              f"| {min(loads):.1f}–{max(loads):.1f} |")


if __name__ == "__main__":
    main()
