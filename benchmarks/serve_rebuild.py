"""CPU of `mkdocs serve --dirty`'s rebuilds, in one process as the server runs them.

    python benchmarks/serve_rebuild.py -f WORK/mkdocs.yml --lib WORK/lib [--runs 4] [--warm] [--code REV]

MkDocs' server loads the config afresh for every rebuild and calls `build(config,
dirty=True)` in its own process, after `on_startup(command="serve")` once: this does the
same, without the server's file watching and waits (`scale_bench.py --serve-dirty` times
save-to-reload from outside). One rebuild first (the server's own first build), then
`runs` rebuilds, each after one NFO's plot changed (scale_bench.py's edit) or, with
`--warm`, with nothing changed. Printed per rebuild and as median (min–max): CPU of this
process and of the processes the rebuild forked (walk, health report, page workers),
user + system. The site goes to a temporary folder, as the server's does. `--code`
measures another version of the package (a source tree or a git revision, exported as
scale_bench.py's `--before` does).
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))     # benchmarks/; the package measured comes first (PYTHONPATH)


def cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def rebuilds(config_file: str, lib: Path | None, runs: int) -> list[tuple[float, float, float]]:
    """(own CPU, forked CPU, wall) of each rebuild after the first."""
    site = tempfile.mkdtemp(prefix="mkdocs_")
    try:
        return _rebuild(config_file, lib, runs, site)
    finally:
        shutil.rmtree(site, ignore_errors=True)


def _rebuild(config_file: str, lib: Path | None, runs: int, site: str) -> list[tuple[float, float, float]]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from benchmarks.scale_bench import touch_nfo

    started = False
    times = []
    for run in range(runs + 1):
        if run and lib is not None:
            touch_nfo(lib, 300 + run)
        (own0, kids0), wall0 = cpu(), time.perf_counter()
        config = load_config(config_file, site_dir=site)
        if not started:
            config.plugins.on_startup(command="serve", dirty=True)
            started = True
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        (own1, kids1), wall1 = cpu(), time.perf_counter()
        if run:
            times.append((own1 - own0, kids1 - kids0, wall1 - wall0))
            print(f"  rebuild {run}: {own1 - own0:.2f} s CPU here, {kids1 - kids0:.2f} s forked, "
                  f"{wall1 - wall0:.2f} s wall, load {os.getloadavg()[0]:.1f}", file=sys.stderr, flush=True)
    config.plugins.on_shutdown()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config-file", required=True)
    parser.add_argument("--lib", type=Path, help="the library whose NFOs are edited")
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--warm", action="store_true", help="rebuild with nothing changed")
    parser.add_argument("--code", help="a source tree or a git revision of the package")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.child:       # a fresh process on the code measured (its imports its own)
        from benchmarks.scale_bench import child_env, export
        with tempfile.TemporaryDirectory(prefix="mv-serve-rebuild-") as tmp:
            code = ROOT if not args.code else (
                Path(args.code).resolve() if Path(args.code).is_dir() else export(args.code, Path(tmp) / "code"))
            env = child_env(code)      # the package from `code`; benchmarks/ from this checkout
            raise SystemExit(subprocess.call([sys.executable, __file__, "--child", *sys.argv[1:]], env=env))
    if not args.warm and args.lib is None:
        parser.error("--lib is needed to edit an NFO before each rebuild (or --warm)")
    from benchmarks.scale_bench import median_spread as spread
    times = rebuilds(args.config_file, None if args.warm else args.lib, args.runs)
    own, kids, wall = zip(*times)
    both = [a + b for a, b in zip(own, kids)]
    print(f"{'warm' if args.warm else 'one edit'} rebuilds ({len(times)}): CPU here {spread(list(own))}, "
          f"forked {spread(list(kids))}, both {spread(both)}; wall {spread(list(wall))}")


if __name__ == "__main__":
    main()
