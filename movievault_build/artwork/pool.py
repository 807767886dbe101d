"""Encoding many images on all cores.

Warm images are answered in this process straight from the cache (no pickling of
bytes to a worker just to be told "already done"); only misses go to worker
processes. Results come back in job order whatever order workers finish in.

A job may name a file instead of holding its bytes: the file is read only when the job
is sent to a worker (or encoded here) and dropped when it is done, so a cold build holds
a window of masters, not the library's. Reading here and sending the bytes costs the
pickle and the pipe (0.3 ms of CPU a 1.4 MB master, next to the ~60 ms of its encode),
and keeps every read on one path: read_regular's refusals, and the check that the file
is still the one hashed.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Iterable, NamedTuple

from ..cache.keys import content_hash
from ..errors import ReadError
from ..fsutil import Stamp, read_stamped
from .cache import VariantCache
from .variants import ImageSet, ImageSettings, cached_variants_of, render_variants


MASTER_MAX = 100 << 20    # bytes of one master: far past any real poster


class EncodeJob(NamedTuple):
    name: str        # shown in errors: a path or URL
    kind: str        # poster, fanart …
    data: bytes = b""
    digest: str = ""  # SHA-256 of data (of the file, when it had `stamp`); else worked out once here
    path: str = ""    # instead of data: the file whose bytes are read when the job is sent
    stamp: Stamp | None = None   # the file's (size, mtime_ns) when `digest` was taken


def _loaded(job: EncodeJob) -> EncodeJob:
    """The job with its bytes. A file that changed since it was hashed is hashed again:
    variants are only ever stored under the digest of the bytes they come from."""
    if not job.path:
        return job
    data, stamp = read_stamped(job.path, MASTER_MAX)
    if stamp is None or stamp != job.stamp or not job.digest:
        return job._replace(data=data, digest=content_hash(data), stamp=stamp)
    return job._replace(data=data)


Result = ImageSet | ReadError
_worker_caches: dict[str, VariantCache] = {}


def _work(cache_dir: str, settings: ImageSettings, job: EncodeJob) -> tuple[object, dict]:
    """Runs in a worker. ReadError does not survive pickling (its args differ from its
    __init__), so failures travel as (path, reason)."""
    cache = _worker_caches.get(cache_dir)
    if cache is None:
        cache = _worker_caches.setdefault(cache_dir, VariantCache(cache_dir))
    before = cache.stats()
    try:
        # One encoder thread per worker: the pool already keeps every core busy.
        result: object = render_variants(job.data, job.kind, settings, cache, job.name, threads=1,
                                         source_hash=job.digest)
    except ReadError as exc:
        result = (exc.path, exc.reason)
    after = cache.stats()
    delta = {k: after[k] - before[k] for k in after if k != "bytes"}
    delta["bytes"] = {f: n - before["bytes"].get(f, 0) for f, n in after["bytes"].items()}
    return result, delta


def _settle(cache: VariantCache, future: Future) -> Result:
    result, delta = future.result()
    cache.merge_stats(delta)
    return ReadError(*result) if isinstance(result, tuple) else result


def encode_all(jobs: Iterable[EncodeJob | tuple[str, str, bytes]], settings: ImageSettings,
               cache: VariantCache, workers: int | None = None) -> list[Result]:
    """`render_variants` for every job; a failed image yields its ReadError in its slot."""
    workers = workers or os.cpu_count() or 1
    results: dict[int, Result] = {}
    cold: list[tuple[int, EncodeJob]] = []
    for i, job in enumerate(EncodeJob(*j) for j in jobs):
        if not job.digest and job.data:
            job = job._replace(digest=content_hash(job.data))
        try:
            warm = cached_variants_of(job.digest, job.kind, settings, cache, job.name) if job.digest else None
        except ReadError as exc:
            warm = exc
        if warm is None:
            cold.append((i, job))
        else:
            results[i] = warm
    cold, copies = _dedupe(cold)
    firsts = dict(cold)
    if workers <= 1 or len(cold) <= 1:
        for i, job in cold:
            results[i] = _inline(job, settings, cache)
    else:
        _run_pool(cold, settings, cache, min(workers, len(cold)), results)
    for i, first, job in copies:
        done = results[first]
        if _moved(done, firsts[first]):
            results[i] = _inline(job, settings, cache)
            continue
        results[i] = ReadError(job.name, done.reason) if isinstance(done, ReadError) else done
        if isinstance(done, ImageSet):
            cache.count("hits", len(done.variants))
    return [results[i] for i in range(len(results))]


def _moved(result: Result, job: EncodeJob) -> bool:
    """Whether a repeat of `job` must be encoded on its own: `result` is not of the bytes
    `job` was hashed from (its file changed since), or it failed to read a file that the
    repeat, being another file, may still read (a decode failure is remembered by digest,
    so asking again costs no decode)."""
    if isinstance(result, ImageSet):
        return result.source_hash != job.digest
    return bool(job.path)


def _dedupe(cold: list[tuple[int, EncodeJob]]):
    """The same picture used twice in one batch (a shared backdrop) is encoded once.
    Returns the unique jobs and (slot, slot it copies, job) for the repeats."""
    first_of: dict[tuple[str, str], int] = {}
    unique, copies = [], []
    for i, job in cold:
        key = (job.digest, job.kind)
        if job.digest and key in first_of:
            copies.append((i, first_of[key], job))
        else:
            first_of[key] = i
            unique.append((i, job))
    return unique, copies


def _inline(job: EncodeJob, settings: ImageSettings, cache: VariantCache) -> Result:
    try:
        job = _loaded(job)
        return render_variants(job.data, job.kind, settings, cache, job.name, source_hash=job.digest)
    except ReadError as exc:
        return exc


def _run_pool(cold: list[tuple[int, EncodeJob]], settings: ImageSettings, cache: VariantCache,
              workers: int, results: dict[int, Result]) -> None:
    """A worker killed by a codec crash (or the OOM killer) breaks the whole pool. The
    jobs then in flight are suspects and are retried one per pool, so only the guilty
    image ends as a ReadError; jobs not yet sent go to a fresh pool."""
    suspects: list[tuple[int, EncodeJob]] = []
    unsent: list[tuple[int, EncodeJob]] = []
    # spawn, not fork: the caller may be a threaded server (mkdocs serve).
    ctx = multiprocessing.get_context("spawn")
    window: deque[tuple[int, EncodeJob, Future]] = deque()
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        for i, job in cold:
            # A bounded window keeps only a few sources' bytes in flight at once.
            if len(window) >= workers * 2:
                _collect(window.popleft(), cache, results, suspects)
            try:
                loaded = _loaded(job)       # the window's entry keeps the unread job: a retry reads again
            except ReadError as exc:
                results[i] = exc
                continue
            try:
                window.append((i, job, pool.submit(_work, str(cache.dir), settings, loaded)))
            except BrokenProcessPool:
                unsent.append((i, job))
            del loaded
        while window:
            _collect(window.popleft(), cache, results, suspects)
    if suspects and len(cold) == 1:
        i, job = suspects[0]
        results[i] = ReadError(job.name, "the image decoder crashed (worker process died)")
        return
    for item in suspects:
        _run_pool([item], settings, cache, 1, results)
    if unsent:
        _run_pool(unsent, settings, cache, workers, results)


def _collect(entry: tuple[int, EncodeJob, Future], cache: VariantCache,
             results: dict[int, Result], suspects: list[tuple[int, EncodeJob]]) -> None:
    i, job, fut = entry
    try:
        results[i] = _settle(cache, fut)
    except BrokenProcessPool:
        suspects.append((i, job))
