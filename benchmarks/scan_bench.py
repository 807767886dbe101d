"""The whole scan with online metadata: a library of NFO-less release-named files scanned
into content/ with TMDB lookups against the local fake server (latency per request, a
client rate limit), cold with 1 and with N workers, then a warm re-scan.

    python benchmarks/scan_bench.py [--titles 500] [--latency 0.1] [--rate 40] [--workers 8]

Prints a table and writes the "## Online metadata: whole scan" section of benchmarks/README.md
(its own section, so `tmdb_bench.py` rewriting "## Online metadata" leaves it alone).
"""
from __future__ import annotations

import argparse
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import tmdb_bench  # noqa: E402
from movievault_build.scan import pipeline  # noqa: E402
from movievault_build.providers.base import ProviderSettings  # noqa: E402
from movievault_build.settings import OnlineSettings, ScanSettings  # noqa: E402
from movievault_build.store.library import read_stored  # noqa: E402
from tests.fakes.tmdb_server import API_KEY, FakeTmdb  # noqa: E402

SECTION = "## Online metadata: whole scan"


def release_name(title: str, year: str) -> str:
    words = title.replace(":", "").split()
    return ".".join(words + [year, "1080p", "BluRay", "x264-GRP"])


def make_library(root: Path, films) -> dict[str, str]:
    """One folder and video per film; returns {file name: expected tmdb id}."""
    expected = {}
    for f in films:
        name = release_name(f.title, f.date[:4])
        folder = root / name
        folder.mkdir(parents=True)
        (folder / f"{name}.mkv").write_bytes(b"x")
        expected[f"{name}.mkv"] = str(f.id)
    return expected


def scan_once(settings: ScanSettings, expected: dict[str, str]) -> dict:
    start = time.perf_counter()
    report = pipeline.scan(settings)
    wall = time.perf_counter() - start
    stored, _ = read_stored(settings.content_dir)
    correct = sum(1 for s in stored.values()
                  for f in s.data.get("files") or []
                  if expected.get(Path(f["path"]).name) == s.ids().get("tmdb"))
    return {"wall": wall, "correct": correct, **report.online.stats}


def settings_for(tmp: Path, server: FakeTmdb, args, workers: int) -> ScanSettings:
    providers = ProviderSettings(tmdb_api_key=API_KEY, tmdb_api_url=f"{server.url}/3",
                                 rate_limit=args.rate, workers=workers)
    online = OnlineSettings(providers=providers, fallback_order=("nfo", "tmdb"),
                            cache_dir=tmp / "cache")
    return ScanSettings(roots=(tmp / "lib",), content_dir=tmp / "content", online=online)


def table(rows, n: int) -> str:
    lines = ["| scan | wall time (s) | movies/s | HTTP requests | cache hits | correct tmdb id |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['wall']:.2f} | {n / r['wall']:.1f} | {r.get('requests', 0)} "
                     f"| {r.get('cache_hits', 0)} | {r['correct']}/{n} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=500)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    films = tmdb_bench.synthetic_catalogue(args.titles)
    rows = []
    with FakeTmdb(catalogue=films, latency=args.latency) as server, \
            tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as many:
        for tmp, workers in ((Path(one), 1), (Path(many), args.workers)):
            expected = make_library(tmp / "lib", films)
            settings = settings_for(tmp, server, args, workers)
            rows.append((f"cold, {workers} worker{'s' if workers > 1 else ''}",
                         scan_once(settings, expected)))
        rows.append((f"warm re-scan, {args.workers} workers", scan_once(settings, expected)))
    out = table(rows, len(films))
    print(out)
    if not args.no_readme:
        tmdb_bench.SECTION = SECTION
        tmdb_bench.write_readme(
            f"`python benchmarks/scan_bench.py` — `pipeline.scan` of {len(films)} NFO-less "
            f"release-named files (discover, identify, TMDB lookups, content writes) against "
            f"the fake TMDB server with {args.latency * 1000:.0f} ms latency per request and a "
            f"rate limit of {args.rate:.0f} requests/s. One run each; Python "
            f"{platform.python_version()} on {platform.machine()}.\n\n{out}\n\n"
            "The warm re-scan finds every lookup in the HTTP cache and sends no request; what "
            "remains is the local work (walking, parsing, reading and comparing content files).")


if __name__ == "__main__":
    main()
