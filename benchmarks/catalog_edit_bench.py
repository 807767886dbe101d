"""CPU of the catalog stage after one plot edit: the text analysis and the related lists
worked out whole, against brought up to the edit from last build's indexes (what a one-edit
build does), on a scanned library's content/, in this process.

    python benchmarks/catalog_edit_bench.py WORK/content [--edits 5]

Each edit prepends "Edit N." to one film's plot, as scale_bench.py's NFO edit does; every
step also checks that both ways give the same analysis and the same related lists.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from movievault_build.recommend.analysis import analysed  # noqa: E402
from movievault_build.store.library import load_movies  # noqa: E402
from movievault_build.views.catalog import build_catalog  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a scanned library's content/")
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    movies, _ = load_movies(args.content)
    movies.sort(key=lambda m: m.slug)
    text, index = analysed(movies)
    last = build_catalog(movies, 1, text).related_index
    rows: dict[str, list[float]] = {}

    def timed(row: str, fn, *a):
        start = time.process_time()
        out = fn(*a)
        rows.setdefault(row, []).append(time.process_time() - start)
        return out

    for n in range(args.edits):
        i = n * 977 % len(movies)
        movies[i] = movies[i].with_changes(plot=f"Edit {n}. {movies[i].plot or ''}")
        whole_text = timed("text analysis, whole", analysed, movies)[0]
        whole = timed("catalog (related lists), whole", build_catalog, movies, 1, whole_text)
        text, index = timed("text analysis, after the edit", analysed, movies, index)
        catalog = timed("catalog (related lists), after the edit", build_catalog, movies, 1, text, last)
        last = catalog.related_index
        assert text == whole_text and catalog.related == whole.related
    print(f"{len(movies):,} movies, {args.edits} edits; CPU seconds: median (min–max)\n")
    for row, xs in rows.items():
        print(f"| {row} | {statistics.median(xs):.2f} ({min(xs):.2f}–{max(xs):.2f}) |")


if __name__ == "__main__":
    main()
