"""Where one `mkdocs build` spends its time: wall and CPU seconds per phase.

    python -m benchmarks.build_phases -f WORK/mkdocs.yml [--dirty] [--runs 3] [--edit WORK/lib] [--code REV]

Runs the build in this process, as `mkdocs build` would, with MkDocs' own steps and each
plugin event wrapped in a timer (the product's code is not touched): start-up and
imports, config and plugin loading, the clean, MkDocs' walks (docs, theme), each plugin's
events, navigation, reading the Markdown pages, the copy of static files (our outputs are
among them: hard links from the cache), the Markdown pages MkDocs renders, the anchor check.
Times of one phase include the phases nested in it; the total is the process's own.
Each run is a fresh child process (imports count); the table is the median per phase.
With `--edit LIB` one NFO's plot changes before each run (scale_bench.py's edit), and the
scan inside the build picks it up. `--code` measures another version of the package (a
source tree or a git revision, exported as scale_bench.py's `--before` does).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

START = (time.perf_counter(), time.process_time())
ROOT = Path(__file__).resolve().parents[1]       # the code measured: this checkout
TIMES: dict[str, list[float]] = {}


def _timed(name: str, fn):
    def wrapper(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = TIMES.setdefault(name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu
    return wrapper


def _instrument() -> None:
    from mkdocs import config, plugins, utils
    from mkdocs.commands import build
    from mkdocs.config import base
    from mkdocs.structure import files

    config.load_config = _timed("config read, plugins imported and loaded", base.load_config)
    build.utils.clean_directory = _timed("MkDocs' clean of site/", utils.clean_directory)
    build.get_files = _timed("MkDocs: docs walked", build.get_files)
    files.Files.add_files_from_theme = _timed("MkDocs: theme walked", files.Files.add_files_from_theme)
    build.get_navigation = _timed("MkDocs: navigation", build.get_navigation)
    build._populate_page = _timed("MkDocs: Markdown pages read", build._populate_page)
    files.Files.copy_static_files = _timed("MkDocs: static files copied (our outputs linked)",
                                           files.Files.copy_static_files)
    build._build_theme_template = _timed("MkDocs: theme templates (404, sitemap)", build._build_theme_template)
    build._build_page = _timed("MkDocs: Markdown pages rendered and written", build._build_page)
    build.Page.validate_anchor_links = _timed("MkDocs: anchors checked", build.Page.validate_anchor_links)
    run_event = plugins.PluginCollection.run_event

    def event(self, name, item=None, **kwargs):
        if not self.events.get(name):
            return run_event(self, name, item, **kwargs)
        owners = {getattr(m, "__module__", "").split(".")[0] for m in self.events[name]}
        label = f"plugins: {name} ({', '.join(sorted(owners))})"
        return _timed(label, run_event)(self, name, item, **kwargs)
    plugins.PluginCollection.run_event = event


def child(config: str, dirty: bool) -> None:
    from mkdocs.__main__ import cli
    TIMES["start-up and imports before the CLI"] = [time.perf_counter() - START[0], time.process_time() - START[1]]
    _instrument()
    args = ["build", "-q", "-f", config] + (["--dirty"] if dirty else [])
    try:
        cli.main(args, standalone_mode=False)
    finally:
        TIMES["total (this process)"] = [time.perf_counter() - START[0], time.process_time() - START[1]]
        print("PHASES " + json.dumps(TIMES), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-f", "--config", required=True)
    parser.add_argument("--dirty", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--edit", type=Path, help="the library whose NFO to edit before each run")
    parser.add_argument("--code", help="a source tree or git revision of the package to measure")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.config, args.dirty)
    sys.path.insert(0, str(ROOT))
    from benchmarks.scale_bench import child_env, export      # bytecode written and used, as users have it
    code = ROOT
    if args.code:
        code = Path(args.code).resolve() if Path(args.code).is_dir() else \
            export(args.code, Path(tempfile.mkdtemp(prefix="mv-phases-")))
    runs = []
    for run in range(args.runs):
        if args.edit:
            from benchmarks.scale_bench import touch_nfo      # noqa: PLC0415
            touch_nfo(args.edit, 200 + run)
        done = subprocess.run([sys.executable, __file__, "--child", "-f", args.config]
                              + (["--dirty"] if args.dirty else []), capture_output=True, text=True,
                              env=child_env(code))
        line = next((ln for ln in done.stderr.splitlines() if ln.startswith("PHASES ")), None)
        if line is None:
            sys.exit(done.stderr[-2000:])
        runs.append(json.loads(line[7:]))
    print(f"{args.runs} runs, medians; load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| phase | wall s | CPU s (this process) |\n|---|---:|---:|")
    for name in sorted({n for r in runs for n in r}, key=lambda n: -statistics.median(r.get(n, [0, 0])[0] for r in runs)):
        wall = statistics.median(r.get(name, [0, 0])[0] for r in runs)
        cpu = statistics.median(r.get(name, [0, 0])[1] for r in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
