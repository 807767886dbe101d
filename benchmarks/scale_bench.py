"""MovieVault at scale, side by side with stock mkdocs-material and Hugo.

    python benchmarks/scale_bench.py [--n 1000,10000] [--runs 3] [--builds] [--serve | --serve-dirty]
                                     [--people-heavy] [--no-hugo] [--no-stock] [--no-write]
                                     [--before REV] [--no-art]

Per N, on a synthetic library (`make_library.py`, seed 1; `--people-heavy`: three actors
and two directors each in ~30% of the films):

- scans in a child process (start-up included): cold, warm with nothing changed, after
  one NFO edit, `runs` of each; with `--before REV`, the package as it was at REV scans
  too, in its own folder, run by run in turn with this one; `--no-art`: a library without
  posters or fanart;
- with --builds, `runs` cycles, each running three builds back to back in a rotating
  order: MovieVault's cold build (scan state and encoded artwork kept — the image pass is
  measured in image_bench.py — every other cache and site/ removed), stock
  mkdocs-material and Hugo building N pages of the same size (`comparison_sites.py`: H1,
  ~80-word plot, 16-row table, 10 cast items; out of the nav, search on); then warm builds
  with nothing changed and builds after one NFO edit; `--serve`: NFO saved → page reloaded
  under `mkdocs serve`;
- MovieVault's stages (`mkdocs build -v`) in the cold and one-edit builds.

Every figure is the median of its runs with the spread (min–max) and the 1-minute load
average over those runs; memory is the peak of the whole process tree (`proctree.py`).
No TMDB key. Writes "## Scale" in benchmarks/README.md unless --no-write.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.comparison_sites import write_hugo, write_stock  # noqa: E402
from benchmarks.make_library import make_library  # noqa: E402
from benchmarks.proctree import Measured, measure  # noqa: E402

SECTION = "## Scale"
KEYS = ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")
HUGO = shutil.which("hugo")
KEPT_CACHES = ("scan-state.sqlite", "scan-state.sqlite-wal", "scan-state.sqlite-shm", "images")
STAGE = re.compile(r"^DEBUG\s+-\s+(.+?): (\d+\.\d+) s$", re.M)


def child_env(code: Path = ROOT) -> dict[str, str]:
    # Without the bytecode cache every run would compile the package afresh (about a
    # second): users' installs have it, so the children may write and use it.
    env = {k: v for k, v in os.environ.items() if k not in KEYS and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(code), NO_MKDOCS_2_WARNING="1")
    return env


def run(cmd: list[str], cwd: Path, code: Path = ROOT) -> Measured:
    done = measure(cmd, cwd, child_env(code))
    print(f"  {' '.join(Path(a).name for a in cmd[2:])} [{cwd.name}]: {done.wall:.2f} s, {done.cpu:.2f} s CPU, "
          f"{done.peak_mb:.0f} MB, load {done.load:.1f}", file=sys.stderr, flush=True)
    return done


def export(rev: str, where: Path) -> Path:
    """The package as it was at `rev` (git archive), to run side by side with this one."""
    where.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "movievault_build"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    return where


def scan_cmd(lib: Path, content: Path) -> list[str]:
    return [sys.executable, "-m", "movievault_build", "scan", "-q", "--library", str(lib), "--content", str(content)]


def nfo_for(lib: Path, n: int) -> Path:
    return sorted((lib / "Movies").glob("*/*.nfo"))[n % 97]


def touch_nfo(lib: Path, n: int) -> None:
    """Change one NFO's plot (a real edit, so the movie's content changes)."""
    nfo = nfo_for(lib, n)
    nfo.write_text(nfo.read_text("utf-8").replace("<plot>", f"<plot>Edit {n}. ", 1), "utf-8")


def bench_scan(work: Path, runs: int, codes: dict[str, Path]) -> dict[str, list[Measured]]:
    """Scans by each version of the code (`codes`: label -> package folder; "" is this
    one), each in its own folder, interleaved run by run: cold (content/ and caches made
    afresh each run), warm with nothing changed, then after one NFO edit (one edit per run,
    every version scanning it)."""
    lib = work / "lib"
    # this version scans where the builds look for content/ and the scan state
    homes = {label: work / f"scan-{label}" if label else work for label in codes}
    out: dict[str, list[Measured]] = {}

    def each(row: str) -> None:
        for label, code in codes.items():
            home = homes[label]
            out.setdefault(f"{row} ({label})" if label else row, []).append(
                run(scan_cmd(lib, home / "content"), home, code))

    for _ in range(runs):
        for home in homes.values():
            for made in ("content", ".cache"):
                shutil.rmtree(home / made, ignore_errors=True)
            home.mkdir(exist_ok=True)
        each("cold scan")
    for _ in range(runs):
        each("warm re-scan, nothing changed")
    for i in range(runs):
        touch_nfo(lib, i)
        each("re-scan after one NFO edit")
    return out


def site_config(work: Path, lib: Path) -> Path:
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n")
    cfg = work / "mkdocs.yml"
    cfg.write_text(f"site_name: Scale\ndocs_dir: docs\ntheme:\n  name: material\n"
                   f"plugins:\n  - search\n  - movievault:\n      library: [\"{lib}\"]\n      content_dir: content\n")
    return cfg


def make_cold(work: Path) -> None:
    """Every derived file but the scan state and the encoded artwork goes."""
    shutil.rmtree(work / "site", ignore_errors=True)
    cache = work / ".cache" / "movievault"
    for entry in cache.iterdir() if cache.exists() else ():
        if entry.name not in KEPT_CACHES:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def bench_build(n: int, work: Path, runs: int, hugo: bool, serve: bool | str, code: Path = ROOT,
                stock: bool = True) -> dict[str, list[Measured]]:
    lib = work / "lib"
    cfg = site_config(work, lib)
    build = [sys.executable, "-m", "mkdocs", "build", "-v", "-f", str(cfg)]
    contenders = {"MovieVault cold build": (lambda: make_cold(work), build, work)}
    if stock:
        stock_cmd = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(write_stock(work / "stock", n))]
        contenders["stock mkdocs-material, same number of pages"] = (
            lambda: shutil.rmtree(work / "stock" / "site", ignore_errors=True), stock_cmd, work / "stock")
    if hugo and HUGO:
        hugo_site = write_hugo(work / "hugo", n)
        contenders["Hugo, same pages, bare template"] = (
            lambda: shutil.rmtree(hugo_site / "public", ignore_errors=True), [HUGO, "--quiet"], hugo_site)
    out: dict[str, list[Measured]] = {name: [] for name in contenders}
    names = list(contenders)
    for cycle in range(runs):                     # interleaved, the order rotating per cycle
        for name in names[cycle % len(names):] + names[:cycle % len(names)]:
            reset, cmd, cwd = contenders[name]
            reset()
            out[name].append(run(cmd, cwd, code))
    out["warm build, nothing changed"] = [run(build, work, code) for _ in range(runs)]
    touched = []
    for i in range(runs):
        touch_nfo(lib, 100 + i)
        touched.append(run(build, work, code))
    out["build after one NFO edit"] = touched
    if serve:
        dirty = serve == "dirty"
        out[f"`mkdocs serve{' --dirty' if dirty else ''}`: NFO saved → page reloaded"] = bench_serve(
            work, cfg, lib, runs, dirty=dirty, code=code)
    return out


def bench_serve(work: Path, cfg: Path, lib: Path, runs: int, dirty: bool = False, code: Path = ROOT) -> list[Measured]:
    """Seconds from saving an NFO to `mkdocs serve` (`--dirty`: `mkdocs serve --dirty`)
    serving the movie page with the edit (the watcher notices, re-scans, rebuilds), one
    per edit; memory not sampled."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = child_env(code)
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(cfg), "-a", f"127.0.0.1:{port}"]
                             + (["--dirty"] if dirty else []), cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/", lambda body: True, timeout=1800)
        times = []
        for i in range(runs):
            url = f"{base}/movies/{slug_of(work / 'content', nfo_for(lib, 200 + i))}/"
            touch_nfo(lib, 200 + i)
            start = time.perf_counter()
            wait_for(url, lambda body: f"Edit {200 + i}." in body, timeout=600)
            times.append(time.perf_counter() - start)
            time.sleep(1)       # let the server settle before the next edit
        return [Measured(t, 0.0, os.getloadavg()[0], "") for t in times]
    finally:
        serve.send_signal(signal.SIGINT)    # as Ctrl-C: MkDocs removes its temporary site/
        try:
            serve.wait(60)
        except subprocess.TimeoutExpired:
            serve.kill()
            serve.wait()


def slug_of(content: Path, nfo: Path) -> str:
    """The content file whose movie lives in the NFO's folder."""
    needle = f"path: Movies/{nfo.parent.name}/"
    return next(p.stem for p in (content / "movies").glob("*.md") if needle in p.read_text("utf-8"))


LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))   # never through a proxy


def wait_for(url: str, ready, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with LOOPBACK.open(url, timeout=5) as resp:
                if ready(resp.read().decode("utf-8", "replace")):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"{url}: not ready after {timeout:.0f} s")


def stages(samples: list[Measured]) -> dict[str, float]:
    """Median seconds of each stage `mkdocs build -v` logged in these builds."""
    seen: dict[str, list[float]] = {}
    for sample in samples:
        for name, secs in STAGE.findall(sample.stderr):
            seen.setdefault(name, []).append(float(secs))
    return {name: statistics.median(values) for name, values in seen.items()}


def median_spread(values, fmt: str = "{:.2f}") -> str:
    """'median (min–max)', as every table in benchmarks/README.md gives a figure."""
    values = list(values)
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def summary(samples: list[Measured], what: str = "wall") -> str:
    values = [getattr(s, what) for s in samples]
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return median_spread(values)


def load_range(results: dict[int, dict[str, list[Measured]]], row: str) -> str:
    loads = [s.load for r in results.values() for s in r.get(row, ())]
    return f"{min(loads):.1f}–{max(loads):.1f}" if loads else "—"


def ratio(results: dict[int, dict[str, list[Measured]]], n: int, top: str, bottom: str) -> str:
    """Per cycle (the two builds ran back to back), then the median and spread."""
    pairs = [a.wall / b.wall for a, b in zip(results[n].get(top, ()), results[n].get(bottom, ()))]
    if not pairs:
        return "—"
    mid = statistics.median(pairs)
    return f"{mid:.2f}×" + (f" ({min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else "")


def growth(first: float, last: float) -> str:
    return f"{last / max(first, 1e-9):.1f}×"


def table(results: dict[int, dict[str, list[Measured]]]) -> str:
    ns = sorted(results)
    grow = len(ns) > 1
    head = ("| measure | runs | " + " | ".join(f"{n:,}: median s (min–max)" for n in ns)
            + " | " + " | ".join(f"{n:,}: CPU s, median (min–max)" for n in ns)
            + (f" | growth {ns[0]:,}→{ns[-1]:,}" if grow else "")
            + " | peak memory, process tree (MB) | load average |")
    lines = [head, "|---|---:|" + "---:|" * (2 * len(ns) + grow) + "---:|---|"]
    for row in results[ns[0]]:
        samples = {n: results[n][row] for n in ns}
        cells = [summary(samples[n]) for n in ns] + [summary(samples[n], "cpu") for n in ns]
        if grow:
            cells.append(growth(*(statistics.median(s.wall for s in samples[n]) for n in (ns[0], ns[-1]))))
        peaks = " / ".join(f"{max(s.peak_mb for s in samples[n]):.0f}" if any(s.peak_mb for s in samples[n])
                           else "—" for n in ns)
        lines.append(f"| {row} | {len(samples[ns[0]])} | " + " | ".join(cells) + f" | {peaks} | {load_range(results, row)} |")
    stock_row = "stock mkdocs-material, same number of pages"
    for other in (stock_row, "Hugo, same pages, bare template"):
        if other in results[ns[0]]:
            lines.append(f"| MovieVault cold build ÷ {other.split(',')[0]} (per cycle) | "
                         f"{len(results[ns[0]][other])} | "
                         + " | ".join(ratio(results, n, "MovieVault cold build", other) for n in ns)
                         + " |" * len(ns) + (" | " if grow else "") + " | | |")
    return "\n".join(lines)


def stage_table(results: dict[int, dict[str, list[Measured]]]) -> str:
    ns = sorted(results)
    kinds = [k for k in ("MovieVault cold build", "build after one NFO edit") if k in results[ns[0]]]
    if not kinds:
        return ""
    per = {(k, n): stages(results[n][k]) for k in kinds for n in ns}
    names = list(dict.fromkeys(name for k in kinds for name in per[(k, ns[0])]))
    head = "| stage (s, median) | " + " | ".join(
        f"{'cold' if k.startswith('MovieVault') else 'one edit'} {n:,}" for k in kinds for n in ns) + (
        " | " + " | ".join(f"growth {'cold' if k.startswith('MovieVault') else 'one edit'}" for k in kinds)
        if len(ns) > 1 else "") + " |"
    lines = [head, "|---|" + "---:|" * (len(kinds) * len(ns) + (len(kinds) if len(ns) > 1 else 0))]
    for name in names:
        cells = [f"{per[(k, n)].get(name, 0):.2f}" for k in kinds for n in ns]
        if len(ns) > 1:
            cells += [growth(per[(k, ns[0])].get(name, 0), per[(k, ns[-1])].get(name, 0)) for k in kinds]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_section(text: str) -> None:
    readme = ROOT / "benchmarks" / "README.md"
    old = readme.read_text("utf-8")
    start = old.find(f"\n{SECTION}\n")
    if start < 0:                                   # a new section goes last
        readme.write_text(old.rstrip("\n") + "\n\n" + text.rstrip("\n") + "\n", "utf-8")
        return
    end = old.find("\n## ", start + len(SECTION) + 2)   # replaced where it is
    rest = old[end:] if end >= 0 else "\n"
    readme.write_text(old[:start] + "\n" + text.rstrip("\n") + "\n" + rest, "utf-8")


def hugo_version() -> str:
    if not HUGO:
        return "not installed"
    return subprocess.run([HUGO, "version"], capture_output=True, text=True).stdout.split()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs (cycles) per row; median")
    parser.add_argument("--builds", action="store_true", help="also measure builds against stock and Hugo")
    parser.add_argument("--serve", action="store_true", help="also measure `mkdocs serve` reloads")
    parser.add_argument("--serve-dirty", action="store_true", help="... as `mkdocs serve --dirty` instead")
    parser.add_argument("--people-heavy", action="store_true", help="a few people in 30%% of the films")
    parser.add_argument("--no-hugo", action="store_true", help="leave Hugo out")
    parser.add_argument("--no-stock", action="store_true",
                        help="leave stock mkdocs-material out (MovieVault's own rows, e.g. at 100,000)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README.md alone")
    parser.add_argument("--before", metavar="REV", help="also scan with the package as it was at REV, interleaved")
    parser.add_argument("--code", metavar="REV", help="the package as it was at REV for every run but --before's "
                        "(default: this checkout as it is, edits and all)")
    parser.add_argument("--no-art", action="store_true", help="a library without posters or fanart")
    args = parser.parse_args()
    results: dict[int, dict[str, list[Measured]]] = {}
    for n in (int(x) for x in args.n.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"mv-scale-{n}-") as tmp:
            work = Path(tmp)
            make_library(n, work / "lib", seed=1, people_heavy=args.people_heavy, artwork=not args.no_art)
            codes = {f"before, {args.before}": export(args.before, work / "before")} if args.before else {}
            code = export(args.code, work / "code") if args.code else ROOT
            results[n] = bench_scan(work, args.runs, {**codes, "": code})
            if args.builds:
                serve = "dirty" if args.serve_dirty else args.serve
                results[n].update(bench_build(n, work, args.runs, hugo=not args.no_hugo, serve=serve, code=code,
                                              stock=not args.no_stock))
        print(f"{n}: " + ", ".join(f"{k} {summary(v)}" for k, v in results[n].items()), flush=True)
    library = "people-heavy (`--people-heavy`)" if args.people_heavy else "default"
    library += ", no posters or fanart (`--no-art`)" if args.no_art else ""
    text = (f"{SECTION}\n\n`python benchmarks/scale_bench.py {' '.join(sys.argv[1:])}`".rstrip()
            + f" — {library} synthetic library, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"Hugo {hugo_version()}. Seconds: median of the runs, (min–max) the spread; the load average is "
            f"the 1-minute figure as each run ended; CPU is user + system time of the process and the "
            f"children it waited for. The comparison pages hold an H1, an ~80-word plot, a "
            f"16-row table and 10 cast items (`comparison_sites.py`); stock builds them out of the nav with "
            f"search on, Hugo through a bare template.\n\n{table(results)}\n\n{stage_table(results)}\n")
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
