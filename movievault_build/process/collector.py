"""Python's cyclic garbage collector, tuned for a run over a whole library.

A scan or build of 10,000 movies keeps a few hundred thousand objects alive until it ends.
With the default thresholds Python walks all of them in a full collection every 100,000 or
so new survivors (eight times per warm build at 10,000 movies, about 1 s), and once more as
the process exits (another second). During a run, young collections are made rarer (garbage
cycles still go, in batches), and what is alive when the run ends is frozen: the process
either exits without walking it, or (`mkdocs serve`) unfreezes it as the next build begins,
so nothing stays uncollectable for longer than one build.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator

RUN_THRESHOLDS = (50_000, 20, 10)
_saved: list[tuple[int, int, int]] = []


def run_started() -> None:
    gc.unfreeze()          # the last run's objects: collectable again
    if not _saved:
        _saved.append(gc.get_threshold())
    gc.set_threshold(*RUN_THRESHOLDS)


def run_ended() -> None:
    if _saved:
        gc.set_threshold(*_saved.pop())
    gc.freeze()


@contextmanager
def library_run() -> Iterator[None]:
    run_started()
    try:
        yield
    finally:
        run_ended()
