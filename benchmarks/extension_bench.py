"""The browser extension's look-up at library scale: the bytes of api/ids.json it downloads,
and the time its background takes to fetch, parse and answer from it, in headless Chromium.

    python -m benchmarks.extension_bench [--movies 1000 10000 100000] [--runs 5]

Each library is synthetic: every movie has a TMDB and an IMDb id, as a scanned library's do.
"Cold" is a look-up with the one-minute memo emptied (fetch api/ids.json, api/user-state.json
and the film's api/movies/<slug>.json, parse, answer); "warm" is the next film page within
the minute. Served by Python's http.server on 127.0.0.1 without compression, as a static host
without gzip would; the gzip column is what a host that compresses JSON sends. Each
look-up time is the median of `--runs` with their min–max beside it.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import tempfile
import threading
from pathlib import Path

from movievault_build.extension import export
from movievault_build.model import movie_from_metadata
from movievault_build.views.api import dump, ids_document
from movievault_build.views.pages import Links

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--headless=new"]


def site(root: Path, n: int) -> None:
    movies = [movie_from_metadata(f"film-{i}-{1920 + i % 100}", {"title": f"Film {i}", "year": 1920 + i % 100,
              "ids": {"tmdb": str(10_000 + i), "imdb": f"tt{1_000_000 + i:07d}"}}) for i in range(n)]
    links = Links({m.slug: f"movies/{m.slug}/" for m in movies}, {}, {})
    (root / "api" / "movies").mkdir(parents=True)
    (root / "api" / "ids.json").write_bytes(dump(ids_document(movies, links)))
    (root / "api" / "user-state.json").write_bytes(dump({"version": 1, "user": "me", "movies": {
        m.slug: {"watched": True, "plays": 1} for m in movies[::3]}}))
    last = movies[-1]
    (root / "api" / "movies" / f"{last.slug}.json").write_bytes(dump({"title": last.title, "year": last.year}))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


TIMED = """async ([ids, cold]) => { if (cold) memo = null;
  const t = performance.now(); const answer = await lookup(ids);
  if (answer.state !== 'found') throw new Error(JSON.stringify(answer)); return performance.now() - t; }"""


def measure(sw, n: int, runs: int) -> tuple[list[float], list[float]]:
    ids = {"tmdb": str(10_000 + n - 1)}
    cold = [sw.evaluate(TIMED, [ids, True]) for _ in range(runs)]
    warm = [sw.evaluate(TIMED, [ids, False]) for _ in range(runs)]
    return cold, warm


def spread(times: list[float], digits: int) -> str:
    """'median (min–max)' in ms."""
    return f"{statistics.median(times):,.{digits}f} ({min(times):,.{digits}f}–{max(times):,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--movies", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        ext = Path(tmp) / "ext"
        export(ext)
        manifest = json.loads((ext / "manifest.json").read_text())
        manifest["host_permissions"] = ["http://127.0.0.1/*"]
        (ext / "manifest.json").write_text(json.dumps(manifest))
        context = pw.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=False, ignore_default_args=["--disable-extensions"],
            args=ARGS + [f"--disable-extensions-except={ext}", f"--load-extension={ext}"])
        sw = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        print("| movies | api/ids.json | gzipped | cold look-up, ms: median (min–max) | warm look-up, ms: median (min–max) |")
        print("|---:|---:|---:|---:|---:|")
        for n in args.movies:
            root = Path(tmp) / f"site-{n}"
            site(root, n)
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
            threading.Thread(target=server.serve_forever, daemon=True).start()
            sw.evaluate("s => chrome.storage.local.set({site: s})", f"http://127.0.0.1:{server.server_address[1]}/")
            cold, warm = measure(sw, n, args.runs)
            data = (root / "api" / "ids.json").read_bytes()
            print(f"| {n:,} | {len(data) / 1024:,.0f} KiB | {len(gzip.compress(data)) / 1024:,.0f} KiB "
                  f"| {spread(cold, 1)} | {spread(warm, 2)} |", flush=True)
            server.shutdown()
            server.server_close()
        context.close()
    print(f"median (min–max) of {args.runs} runs each; load average {load_before:.1f}–{os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
