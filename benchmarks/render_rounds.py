"""The cold build's render in rounds of fresh workers: by the rounds' size or by their count.

    python benchmarks/render_rounds.py --n 10000 --modes size:8,size:32,count:4 --runs 2

One synthetic library (`make_library.py`, seed 1, no artwork) is scanned once; then cold
builds (as scale_bench.py makes them cold) alternate between the modes, the order flipped
every run. `size:K`: the render's workers are forked afresh every K chunks of 100 pages
each (site/render.py `RENDER_ROUND`); `count:R`: the render is cut into R rounds whatever
the library's size (as the content load is, process/forked.py `ROUNDS`). Printed per build:
CPU (user + system) and peak PSS of the build's process tree (proctree.py), wall time, and
the render stage's own CPU with its number of rounds and its workers' minor page faults
(each a page of the build's heap copied into a worker, or a first touch).
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_library import make_library  # noqa: E402
from benchmarks.proctree import measure  # noqa: E402
from benchmarks.scale_bench import child_env, make_cold, median_spread, scan_cmd, site_config  # noqa: E402

_LINE = re.compile(r"^RENDER cpu=(\S+) rounds=(\d+) faults=(\d+)$", re.M)


def child(mode: str, argv: list[str]) -> None:
    """`mkdocs build` with the render's rounds as `mode` says, its stage's CPU reported."""
    from movievault_build.process import forked
    from movievault_build.site import build, render

    kind, _, value = mode.partition(":")
    rounds = [0]
    one_round = forked._one_round

    def counted(n, chunks):
        rounds[0] += 1
        return one_round(n, chunks)

    def fork_map(func, items, **kw):
        if kind == "size":
            kw["per_round"] = int(value)
        else:
            kw.update(per_round=None, rounds=int(value))
        return forked.fork_map(func, items, **kw)

    def render_all(*args, **kw):
        before, faults = os.times(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt
        forked._one_round, render.fork_map, rounds[0] = counted, fork_map, 0
        try:
            return original(*args, **kw)
        finally:
            forked._one_round = one_round
            after = os.times()
            cpu = sum(after[:4]) - sum(before[:4])
            faults = resource.getrusage(resource.RUSAGE_CHILDREN).ru_minflt - faults
            print(f"RENDER cpu={cpu:.2f} rounds={rounds[0]} faults={faults}", file=sys.stderr, flush=True)

    original, build.render_all = build.render_all, render_all
    from mkdocs.__main__ import cli
    cli(argv, standalone_mode=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="movies in the library")
    parser.add_argument("--modes", default="size:8,count:4", help="size:K (chunks a worker per round), count:R")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    modes = args.modes.split(",")
    env = child_env()
    results: dict[str, list[tuple[float, ...]]] = {m: [] for m in modes}
    with tempfile.TemporaryDirectory(prefix="mv-rounds-") as tmp:
        work = Path(tmp)
        make_library(args.n, work / "lib", seed=1, artwork=False)
        site_config(work, work / "lib")
        measure(scan_cmd(work / "lib", work / "content"), work, env)
        for run in range(args.runs):
            for mode in modes if run % 2 == 0 else modes[::-1]:
                make_cold(work)
                done = measure([sys.executable, __file__, "--child", mode, "build", "-q", "-f",
                                str(work / "mkdocs.yml")], work, env)
                found = _LINE.search(done.stderr)
                if not found:
                    sys.exit(f"{mode}: no render line\n{done.stderr[-2000:]}")
                cpu, rounds, faults = float(found[1]), int(found[2]), int(found[3])
                results[mode].append((done.cpu, done.wall, done.peak_mb, cpu, rounds, faults))
                print(f"  {mode}: {done.cpu:.2f} s CPU, {done.wall:.2f} s, {done.peak_mb:.0f} MB; render {cpu:.2f} s "
                      f"CPU in {rounds} rounds, {faults} faults; load {done.load:.1f}", file=sys.stderr, flush=True)
    print(f"| {args.n:,} movies, {args.runs} runs | tree CPU s | wall s | peak MB | render CPU s | rounds | "
          f"workers' page faults |\n|---|---:|---:|---:|---:|---:|---:|")
    for mode, rows in results.items():
        cols = [median_spread([r[i] for r in rows], "{:.0f}" if i == 2 else "{:.2f}") for i in range(4)]
        print(f"| {mode} | {' | '.join(cols)} | {rows[0][4]} | {statistics.median(r[5] for r in rows):,.0f} |")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3:])
    else:
        main()
