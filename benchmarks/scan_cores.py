"""How much of a cold scan is left on one core: the scan process's own CPU (the part no
second core shortens) beside its forked workers', for this package and an earlier one.

    python benchmarks/scan_cores.py --n 1000 [--runs 3] [--no-art] [--before REV] [--code REV]

On a busy machine wall time says little; the scan process's own CPU seconds are about
the least wall time a cold scan can take however many cores are free, since it waits
for its workers and they for it. Each run scans the synthetic library (`make_library.py`,
seed 1) into a fresh folder, the versions in turn, run by run. Prints only.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_library import make_library  # noqa: E402
from benchmarks.scale_bench import child_env, export  # noqa: E402

# Runs in the child: the scan CLI in this process, then its own and its children's CPU.
CHILD = """
import resource, runpy, sys
sys.argv = ["movievault", "scan", "-q", "--library", sys.argv[1], "--content", sys.argv[2]]
try:
    runpy.run_module("movievault_build", run_name="__main__")
except SystemExit:
    pass
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime)
"""


def one_scan(lib: Path, home: Path, code: Path) -> tuple[float, float]:
    home.mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", CHILD, str(lib), str(home / "content")], cwd=home,
                          env=child_env(code), capture_output=True, text=True, check=True)
    own, workers = map(float, done.stdout.split()[-2:])
    return own, workers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-art", action="store_true", help="a library without posters or fanart")
    parser.add_argument("--before", metavar="REV", help="also scan with the package as it was at REV")
    parser.add_argument("--code", metavar="REV", help="the package at REV instead of this checkout")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="mv-cores-") as tmp:
        work = Path(tmp)
        make_library(args.n, work / "lib", seed=1, artwork=not args.no_art)
        codes = {f"before ({args.before})": export(args.before, work / "before")} if args.before else {}
        codes["this" if not args.code else f"this ({args.code})"] = export(args.code, work / "code") if args.code else ROOT
        found: dict[str, list[tuple[float, float]]] = {label: [] for label in codes}
        for run in range(args.runs):
            for i, (label, code) in enumerate(codes.items()):
                found[label].append(one_scan(work / "lib", work / f"run{run}-{i}", code))
                own, workers = found[label][-1]
                print(f"  {label}: own {own:.2f} s, workers {workers:.2f} s, load {os.getloadavg()[0]:.1f}",
                      file=sys.stderr, flush=True)
    print(f"| {args.n:,} movies{', no art' if args.no_art else ''} | own CPU s, median (min–max) | workers' CPU s |")
    print("|---|---:|---:|")
    for label, runs in found.items():
        own = [r[0] for r in runs]
        print(f"| {label} | {statistics.median(own):.2f} ({min(own):.2f}–{max(own):.2f}) "
              f"| {statistics.median(r[1] for r in runs):.2f} |")


if __name__ == "__main__":
    main()
