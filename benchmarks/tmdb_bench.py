"""Online metadata benchmark: TMDB lookups of synthetic titles against the local fake
server with per-request latency and a client rate limit.

    python benchmarks/tmdb_bench.py [--titles 500] [--repeat 3] [--latency 0.1] [--rate 40]

Measures wall time for a cold run with 1 worker and with 8 workers (ThreadPoolExecutor
over `lookup()`), and a warm re-run served from the HTTP cache; the median of `--repeat`
runs. Prints a table and writes the "## Online metadata" section of benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from movievault_build.providers.base import ProviderSettings, Query  # noqa: E402
from movievault_build.providers.tmdb import TmdbProvider  # noqa: E402
from tests.fakes.tmdb_server import API_KEY, Film, FakeTmdb  # noqa: E402

README = ROOT / "benchmarks" / "README.md"
SECTION = "## Online metadata"
ADJECTIVES = ("Silent", "Broken", "Crimson", "Last", "Hidden", "Electric", "Frozen", "Golden",
              "Lonely", "Savage", "Velvet", "Wicked", "Distant", "Burning", "Secret", "Iron",
              "Hollow", "Wild", "Bitter", "Northern")
NOUNS = ("Harbor", "Empire", "Garden", "Summer", "Horizon", "River", "Machine", "Kingdom",
         "Letter", "Shadow", "Orchard", "Station", "Promise", "Circus", "Frontier")
SUFFIXES = ("", " Returns", " II", ": Origins", " Forever")


def synthetic_catalogue(n: int) -> tuple[Film, ...]:
    """n films with distinct (title, year); titles repeat every 240 films with another
    year, so about half of them are "remakes" the year has to tell apart."""
    films = []
    for i in range(n):
        base = f"The {ADJECTIVES[i % 20]} {NOUNS[(i // 20) % 12]}{SUFFIXES[(i // 480) % 5]}"
        year = 1950 + (i * 7 + (i // 240) * 23) % 70
        films.append(Film(100000 + i, f"tt{9000000 + i}", base, f"{year}-0{1 + i % 9}-15",
                          popularity=1.0 + (i * 37) % 200))
    seen, unique = set(), []
    for f in films:
        if (f.title, f.date[:4]) not in seen:
            seen.add((f.title, f.date[:4]))
            unique.append(f)
    return tuple(unique)


def run(films, settings: ProviderSettings, workers: int) -> dict:
    provider = TmdbProvider(settings)
    queries = [Query(f.title, int(f.date[:4])) for f in films]
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        found = list(pool.map(provider.lookup, queries))
    wall = time.perf_counter() - start
    provider.http.close()
    correct = sum(1 for f, hit in zip(films, found)
                  if hit and provider.min_confidence <= hit.confidence
                  and hit.metadata["ids"]["tmdb"] == str(f.id))
    return {"wall": wall, "correct": correct, **provider.http.stats.snapshot()}


def measure(films, server, args, workers: int, warm: bool) -> dict:
    results = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            settings = ProviderSettings(
                tmdb_api_key=API_KEY, tmdb_api_url=f"{server.url}/3", rate_limit=args.rate,
                cache_path=Path(tmp) / "http-cache.sqlite", workers=workers)
            if warm:
                run(films, settings, workers)
            results.append(run(films, settings, workers))
    median = statistics.median(r["wall"] for r in results)
    return next(r for r in results if r["wall"] == median) | {"wall": median}


def table(rows: list[tuple[str, dict]], n: int) -> str:
    lines = ["| run | wall time (s) | lookups/s | HTTP requests | cache hits | correct |",
             "|---|---:|---:|---:|---:|---:|"]
    for name, r in rows:
        lines.append(f"| {name} | {r['wall']:.2f} | {n / r['wall']:.1f} | {r.get('requests', 0)} "
                     f"| {r.get('cache_hits', 0)} | {r['correct']}/{n} |")
    return "\n".join(lines)


def write_readme(body: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    section = f"{SECTION}\n\n{body.strip()}\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text).rstrip() + "\n"
    else:
        text = text.rstrip() + "\n\n" + section
    README.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.1)
    parser.add_argument("--rate", type=float, default=40.0)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    films = synthetic_catalogue(args.titles)
    with FakeTmdb(catalogue=films, latency=args.latency) as server:
        rows = [("cold, 1 worker", measure(films, server, args, 1, warm=False)),
                ("cold, 8 workers", measure(films, server, args, 8, warm=False)),
                ("warm re-run, 8 workers", measure(films, server, args, 8, warm=True))]
    out = table(rows, len(films))
    print(out)
    if not args.no_readme:
        write_readme(
            f"`python benchmarks/tmdb_bench.py` — {len(films)} synthetic titles (no NFOs), each a "
            f"title+year search plus one details request, against the local fake TMDB server "
            f"with {args.latency * 1000:.0f} ms latency per request and a client rate limit of "
            f"{args.rate:.0f} requests/s. Median of {args.repeat} runs; Python "
            f"{platform.python_version()} on {platform.machine()}.\n\n{out}\n\n"
            "One worker is bound by latency (two round trips per title); eight workers are "
            "bound by the rate limit (requests / rate); the warm re-run is served entirely "
            "from the SQLite HTTP cache and sends no request.")


if __name__ == "__main__":
    main()
