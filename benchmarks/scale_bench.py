"""Scans (and optionally builds) of synthetic libraries of 1,000 and 10,000 movies.

    python benchmarks/scale_bench.py [--n 1000,10000] [--runs 3] [--builds] [--quick]

Per N: a cold scan, a warm re-scan with nothing changed, a re-scan after one NFO changed
(median of --runs for the warm rows), peak memory, and the growth from the smallest N to
each larger one. With --builds: `mkdocs build` of a site on the synthetic content (cold,
warm, after one NFO changed) and stock MkDocs-material building N plain pages out of the
nav, in the same run. No TMDB key; artwork copying on. Writes "## Scale" in README.md.
"""
from __future__ import annotations

import argparse
import os
import platform
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

from benchmarks.make_library import make_library  # noqa: E402

SECTION = "## Scale"
KEYS = ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")


def run(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one child process."""
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)   # this child's own peak, not all children's
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed:\n{err.read().decode()[-2000:]}")
    return wall, usage.ru_maxrss


def scan_cmd(lib: Path, content: Path) -> list[str]:
    return [sys.executable, "-m", "movievault_build", "scan", "-q", "--library", str(lib), "--content", str(content)]


def nfo_for(lib: Path, n: int) -> Path:
    return sorted((lib / "Movies").glob("*/*.nfo"))[n % 97]


def touch_nfo(lib: Path, n: int) -> None:
    """Change one NFO's plot (a real edit, so the movie's content changes)."""
    nfo = nfo_for(lib, n)
    nfo.write_text(nfo.read_text("utf-8").replace("<plot>", f"<plot>Edit {n}. ", 1), "utf-8")


def median(values: list[float]) -> float:
    return statistics.median(values)


def bench_scan(n: int, work: Path, runs: int) -> dict[str, object]:
    lib, content = work / "lib", work / "content"
    make_library(n, lib, seed=1)
    cold, rss = run(scan_cmd(lib, content), work)
    warm = [run(scan_cmd(lib, content), work)[0] for _ in range(runs)]
    touched = []
    for i in range(runs):
        touch_nfo(lib, i)
        touched.append(run(scan_cmd(lib, content), work)[0])
    return {"cold scan": cold, "warm re-scan, nothing changed": median(warm),
            "re-scan after one NFO changed": median(touched), "peak RSS (MB)": rss / 1024,
            "_runs": {"warm": warm, "touched": touched}}


def site_config(work: Path, lib: Path) -> Path:
    docs = work / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n")
    cfg = work / "mkdocs.yml"
    cfg.write_text(f"site_name: Scale\ndocs_dir: docs\ntheme:\n  name: material\n"
                   f"plugins:\n  - search\n  - movievault:\n      library: [\"{lib}\"]\n      content_dir: content\n")
    return cfg


def bench_build(n: int, work: Path, runs: int) -> dict[str, float]:
    lib = work / "lib"
    cfg = site_config(work, lib)
    build = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)]
    cold = run(build, work)[0]
    warm = [run(build, work)[0] for _ in range(runs)]
    touched = []
    for i in range(runs):
        touch_nfo(lib, 100 + i)
        touched.append(run(build, work)[0])
    return {"cold build": cold, "warm build, nothing changed": median(warm),
            "build after one NFO changed": median(touched),
            "`mkdocs serve`: NFO saved → page reloaded": bench_serve(work, cfg, lib, runs),
            "stock material, N plain pages": stock(n, work)}


def bench_serve(work: Path, cfg: Path, lib: Path, runs: int) -> float:
    """Seconds from saving an NFO to `mkdocs serve` serving the movie page with the edit
    (the watcher notices, re-scans, rebuilds), median of `runs` edits."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-q", "-f", str(cfg), "-a", f"127.0.0.1:{port}"],
                             cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
        return median(times)
    finally:
        serve.terminate()
        serve.wait(30)


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


def stock(n: int, work: Path) -> float:
    site = work / "stock"
    docs = site / "docs" / "movies"
    docs.mkdir(parents=True)
    (site / "docs" / "index.md").write_text("# Home\n")
    for i in range(n):
        (docs / f"m{i:05d}.md").write_text(f"# Movie {i}\n\n" + "A line of plot text here.\n\n" * 30)
    (site / "mkdocs.yml").write_text("site_name: Stock\ntheme:\n  name: material\nnav:\n  - index.md\n"
                                     "not_in_nav: |\n  /movies/\nplugins:\n  - search\n")
    return run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(site / "mkdocs.yml")], site)[0]


def table(results: dict[int, dict[str, object]]) -> str:
    ns = sorted(results)
    rows = [k for k in results[ns[0]] if not k.startswith("_")]
    head = "| measure | " + " | ".join(f"{n:,} movies" for n in ns) + (
        f" | growth {ns[0]:,}→{ns[-1]:,} |" if len(ns) > 1 else " |")
    lines = [head, "|---|" + "---:|" * (len(ns) + (len(ns) > 1))]
    for row in rows:
        cells = [f"{results[n][row]:.2f}" if "MB" not in row else f"{results[n][row]:.0f}" for n in ns]
        if len(ns) > 1:
            cells.append(f"{results[ns[-1]][row] / max(results[ns[0]][row], 1e-9):.1f}×")
        unit = "" if "MB" in row else " (s)"
        lines.append(f"| {row}{unit} | " + " | ".join(cells) + " |")
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1000,10000", help="comma-separated library sizes")
    parser.add_argument("--runs", type=int, default=3, help="runs per warm row (median)")
    parser.add_argument("--builds", action="store_true", help="also measure mkdocs builds")
    parser.add_argument("--quick", action="store_true", help="1,000 movies only")
    parser.add_argument("--no-write", action="store_true", help="print only; leave README.md alone")
    args = parser.parse_args()
    sizes = [1000] if args.quick else [int(x) for x in args.n.split(",")]
    results: dict[int, dict[str, object]] = {}
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix=f"mv-scale-{n}-") as tmp:
            results[n] = bench_scan(n, Path(tmp), args.runs)
            if args.builds:
                results[n].update(bench_build(n, Path(tmp), args.runs))
        print(f"{n}: " + ", ".join(f"{k} {v:.2f}" for k, v in results[n].items() if not k.startswith("_")),
              flush=True)
    load = os.getloadavg()[0]
    text = (f"{SECTION}\n\n`python benchmarks/scale_bench.py {' '.join(sys.argv[1:])}`".rstrip() +
            f" — synthetic libraries from `benchmarks/make_library.py` (seed 1), scanned by `movievault scan` "
            f"in a child process (start-up included), no TMDB key, artwork copied. Warm rows: median of "
            f"{args.runs}. {os.cpu_count()} cores, Python {platform.python_version()}, load average "
            f"{load:.1f} at the end.\n\n{table(results)}\n")
    print(text)
    if not args.no_write:
        write_section(text)


if __name__ == "__main__":
    main()
