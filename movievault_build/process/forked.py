"""Map a function over many items on every core, in forked worker processes; or run one
call on another core while this process goes on (`in_background`).

Workers inherit the function and the items by fork instead of having them pickled, so
closures over a build's state (a theme environment, a page list) work; only each
result travels back. Fork is used only where it is safe and worth it: on Linux, with
no other thread running (`mkdocs serve` has its server's), and for enough items.
Otherwise everything runs here, in order. Results always come back in item order.
"""
from __future__ import annotations

import ctypes
import functools
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
import threading
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator, Sequence, TypeVar

from ..errors import MovieVaultError

T = TypeVar("T")
R = TypeVar("R")

_INHERITED: dict[str, object] = {}
CHUNK = 100
# Rounds a long map over a big heap is cut into (a scan's stages, a cold build's content
# load), each on freshly forked workers: a worker's memory grows with what it reads of the
# inherited heap and allocates into its free slots, so at 100,000 movies the scan's store
# workers grew to most of a copy of the scan each (2 GB for the tree), and a quicker
# content load's workers to twice their size at 10,000. The count is fixed, not the
# round's size: each round costs a fork, and the pages both sides write copied again, in
# proportion to the heap, so rounds of a fixed size would cost N² in all.
ROUNDS = 4
PR_SET_PDEATHSIG = 1     # linux/prctl.h


class WorkerDied(MovieVaultError):
    """A forked worker was killed (by the system when memory ran out, say): the run stops
    with this one line instead of waiting for a result that will never come."""

    def __init__(self) -> None:
        super().__init__("a worker process was killed before it finished (out of memory?); "
                         "what was stored before it stands, run again to go on")


def can_fork() -> bool:
    return sys.platform.startswith("linux") and threading.active_count() == 1


def workers_for(n_items: int, min_items: int, workers: int | None = None, per_worker: int = 50) -> int:
    """How many processes `fork_map` would use for n_items (1: all in this one)."""
    if n_items < min_items or not can_fork():
        return 1
    return max(1, min(workers or os.cpu_count() or 1, n_items // per_worker))


def fork_map(func: Callable[[T], R], items: Sequence[T], *, min_items: int = 200,
             workers: int | None = None, per_worker: int = 50, chunk: int = CHUNK,
             per_round: int | None = None, rounds: int = 1) -> Iterator[R]:
    """func over items; `per_worker` items at least per process, `chunk` items per task
    (small items: many per task; a few big tasks: chunk=1); `per_round`: tasks a process
    does before it is replaced by a fresh fork (None: it does them all); `rounds`: instead,
    the map cut into this many rounds of fresh forks."""
    n = workers_for(len(items), min_items, workers, per_worker)
    if n < 2:
        yield from map(func, items)
        return
    _INHERITED.update(func=func, items=items)
    try:
        chunks = [range(i, min(i + chunk, len(items))) for i in range(0, len(items), chunk)]
        step = n * per_round if per_round else -(-len(chunks) // max(rounds, 1))
        for at in range(0, len(chunks), step):
            yield from _one_round(n, chunks[at:at + step])
    finally:
        _INHERITED.clear()


def _one_round(n: int, chunks: list[range]) -> Iterator:
    """The chunks of one round, on n workers forked for it. A worker's memory grows with
    every chunk it does although it keeps nothing: what it reads of the inherited heap
    (reference counts are written on read) and what it allocates into the inherited heap's
    free slots copy those pages, until it holds a private copy of most of this process.
    Workers forked afresh every round start from shared pages again; what they warm up
    (imports, compiled patterns) they warm up again, so a short map is better off in one
    round."""
    # A process pool that knows when a worker dies (multiprocessing.Pool forks another
    # and waits forever for the lost chunk). Leaving early (an error, a consumer that
    # stops) cancels the chunks not started and waits for the few running, so no
    # worker goes on writing after fork_map has returned.
    pool = ProcessPoolExecutor(n, multiprocessing.get_context("fork"), _die_with_parent, (os.getpid(),))
    try:
        for done in _frozen_map(pool, chunks):
            yield from done
    except BrokenProcessPool:
        raise WorkerDied() from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _frozen_map(pool: ProcessPoolExecutor, chunks: list[range]) -> Iterator[list]:
    """pool.map, its workers forked (at the first chunk given) as `_forking` prepares them:
    without the collector's freeze each worker's collections would copy every page of a
    big scan's heap into it (it was a fifth more CPU)."""
    with _forking():
        return pool.map(_run_chunk, chunks)


def _die_with_parent(parent: int) -> None:
    """A worker's start: it is killed when the process that forked it dies (Linux
    PR_SET_PDEATHSIG), so a scan killed mid-store leaves no worker writing on behind it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:     # it died before the signal was asked for
        os._exit(1)


def _run_chunk(indices: range) -> list:
    func, items = _INHERITED["func"], _INHERITED["items"]
    return [func(items[i]) for i in indices]


def in_background(func: Callable[[], R], encode: Callable[[R], bytes] = pickle.dumps,
                  decode: Callable[[bytes], R] = pickle.loads, *, forks: bool = False) -> Callable[[], R]:
    """Start func() in a forked child; the function returned waits for its result (sent
    as `encode` makes it: marshal, say, for plain values) and gives that same result to
    every later call. Where forking is not safe, or the child fails or dies, func runs
    here when its result is first asked for (so an error is raised here, with its own
    traceback). `forks`: func forks workers of its own (fork_map), which multiprocessing
    refuses a daemon child; the child is then killed with this process instead, so a
    build stopped mid-scan leaves nothing writing behind it.

    The child writes its result to an unnamed file and exits: over a pipe it would wait,
    holding its copy of this process's heap, until this process asks for the result (a
    build asks after rendering every page). It is forked as fork_map's workers are
    (`_forking`)."""
    if not can_fork():
        return functools.cache(func)
    out = tempfile.TemporaryFile()
    child = multiprocessing.get_context("fork").Process(target=_write_result, args=(func, encode, out),
                                                        kwargs={"parent": os.getpid() if forks else None},
                                                        daemon=not forks)
    with _forking():
        child.start()

    @functools.cache
    def result() -> R:
        with out:
            child.join()
            out.seek(0)
            data = out.read() if child.exitcode == 0 else b""
        if not data.startswith(_DONE):    # the child failed or died: this process works it out
            return func()
        return decode(data[len(_DONE):])

    return result


def _write_result(func: Callable[[], object], encode: Callable[[object], bytes], out,
                  parent: int | None = None) -> None:
    if parent is not None:
        _die_with_parent(parent)
    try:
        data = encode(func())
    except BaseException:    # an error or Ctrl-C: the parent works it out itself
        return
    out.write(_DONE + data)
    out.flush()


_DONE = b"+"      # before a result the child wrote whole


@contextmanager
def _forking() -> Iterator[None]:
    """Around a fork: what this process holds frozen for the collector, so a child's
    collections leave the inherited objects alone instead of writing to each (which
    copies every page of the heap into the child); and the memory this process freed
    given back to the system, which the C library keeps for reuse otherwise (a library's
    parses and pickled results: at 30,000 movies a sixth of a build's resident memory)."""
    was_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    _trim()
    try:
        yield
    finally:
        if not was_frozen:
            gc.unfreeze()


def _trim() -> None:
    try:
        ctypes.CDLL(None).malloc_trim(0)    # glibc's (forks are Linux's): a few milliseconds
    except AttributeError:                  # another C library: nothing to give back this way
        pass
