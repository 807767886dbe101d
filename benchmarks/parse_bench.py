"""Filename parser vs guessit on the real-world corpus: accuracy and speed.

    python -m benchmarks.parse_bench [--runs 5] [--misses] [--cpu]

Prints a markdown table. Speed is the median of `--runs` passes over the
corpus, in microseconds per name (one warm-up pass first, so both parsers
have their patterns compiled and vocabularies loaded).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from typing import Callable

from benchmarks.corpus_score import CORPUS, Report, evaluate, load
from movievault_build.identify.filename import parse

Guesser = Callable[[str], tuple]


def ours(name: str) -> tuple:
    g = parse(name)
    return g.title, g.year, g.kind


def guessit_guesser() -> Guesser | None:
    try:
        from guessit import guessit
    except ImportError:
        return None

    def guess(name: str) -> tuple:
        r = guessit(name)
        title = r.get("title")
        if isinstance(title, list):
            title = title[0]
        year = r.get("year")
        if isinstance(year, list):
            year = year[0]
        return title, year, "episode" if r.get("type") == "episode" else "movie"
    return guess


def speed(guessers: list[Callable[[str], object]], names: list[str], runs: int,
          clock: Callable[[], float] = time.perf_counter) -> list[float]:
    """Median µs per name of each guesser over `runs` passes, after a warm-up pass.
    Passes alternate between guessers so a busy machine slows them alike. `clock`:
    wall time, or this process's CPU time (`--cpu`), which other people's load on a
    shared machine moves far less: a short pass of ours is not caught by a spike."""
    for fn in guessers:
        for name in names:
            fn(name)
    times: list[list[float]] = [[] for _ in guessers]
    for _ in range(runs):
        for fn, bucket in zip(guessers, times):
            t0 = clock()
            for name in names:
                fn(name)
            bucket.append((clock() - t0) / len(names) * 1e6)
    return [statistics.median(bucket) for bucket in times]


def row(label: str, report: Report, us: float) -> str:
    crossed = len(report.crossed("movie", "episode")) + len(report.crossed("episode", "movie"))
    return (f"| {label} | {report.accuracy:.1%} | {report.kind_accuracy:.1%} | {crossed} "
            f"| {us:,.1f} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--misses", action="store_true", help="list our remaining misses")
    ap.add_argument("--cpu", action="store_true", help="time by this process's CPU clock, not the wall")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    lines = load()
    names = [line["input"] for line in lines]
    other = guessit_guesser()
    guessers = [ours] + ([other] if other else [])
    micros = speed(guessers, names, args.runs, time.process_time if args.cpu else time.perf_counter)
    our_report = evaluate(lines, ours)
    print(f"Corpus: {len(lines)} names ({len(our_report.scored)} scored on title/year)\n")
    clock = "CPU" if args.cpu else "wall"
    print(f"| parser | title+year | kind | movie<->episode swaps | µs per name ({clock}, median of "
          f"{args.runs}) |\n|---|---|---|---|---|")
    print(row("movievault", our_report, micros[0]))
    if other is not None:
        print(row("guessit", evaluate(lines, other), micros[1]))
        print(f"\nSpeed: movievault is {micros[1] / micros[0]:,.0f}x guessit's.")
    if args.misses:
        print("\nMisses:")
        for o in our_report.misses:
            print(f"- `{o.line['input']}`: want {o.line['title']!r} / "
                  f"{o.line['year'] if o.line['year_asserted'] else '-'}, got {o.title!r} / {o.year}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
