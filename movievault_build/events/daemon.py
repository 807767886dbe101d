"""`movievault watch`: the long-running process that keeps the site in step with the disk.

Everything that asks for a scan (the file watcher, a Radarr webhook, Home Assistant's scan
button) adds folders to one WorkQueue; the main thread takes one batch at a time, runs it
in a child (batch.py), publishes, and tells the sinks (notifications, MQTT) what happened.
One line is logged per batch. SIGTERM or SIGINT lets the batch in flight finish, then
everything stops; a second signal stops the batch too. A lock file keeps a second daemon
off the same cache folder, so two scans never run at once.
"""
from __future__ import annotations

import datetime as _dt
import fcntl
import os
import signal
import threading
from typing import Any, Protocol

from ..cache.layout import cache_path
from ..errors import UserError
from ..log import get_logger
from ..settings import ScanSettings
from . import batch as batches
from .settings import EventSettings
from .work import Batch, WorkQueue

log = get_logger("watch")


class Sink(Protocol):
    def batch_started(self, batch: Batch) -> None: ...
    def batch_done(self, batch: Batch, outcome: batches.Outcome) -> None: ...
    def tick(self) -> None: ...
    def close(self) -> None: ...


class Daemon:
    def __init__(self, scan: ScanSettings, events: EventSettings, *, scan_on_start: bool = True) -> None:
        self.scan, self.events = scan, events
        self.queue = WorkQueue(events.webhooks.queue_limit)
        self.sinks: list[Sink] = []
        self.stopping = threading.Event()
        self.events_dir = cache_path(scan.cache_dir, "events")
        self.scan_on_start = scan_on_start
        self.batches_done = 0
        self.last: batches.Outcome | None = None
        self._signals = 0
        self._lock_file = None
        self._parts: list[Any] = []      # watcher, webhook server: started and stopped here

    # -- lifecycle ------------------------------------------------------------------------
    def run(self) -> int:
        """Run until stopped (a signal, or `stop()` from another thread)."""
        self._take_lock()
        try:
            self._install_signals()
            self._start_parts()
            if self.scan_on_start:
                self.queue.add_full("start")
            while not self.stopping.is_set():
                work = self.queue.take(timeout=1.0)
                if work is not None and not self.stopping.is_set():
                    self.run_batch(work)
                self._tick()
            return 0
        finally:
            self._stop_parts()
            self._release_lock()
            log.info("watch: stopped")

    def stop(self) -> None:
        self.stopping.set()
        self.queue.close()

    def add_part(self, part: Any) -> None:
        """Something with start() and stop() that lives as long as the daemon (watcher, server)."""
        self._parts.append(part)

    def _start_parts(self) -> None:
        for part in self._parts:
            part.start()

    def _stop_parts(self) -> None:
        for part in reversed(self._parts):
            _quietly(part.stop)
        for sink in self.sinks:
            _quietly(sink.close)

    def _install_signals(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return      # tests run the daemon in a thread and call stop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._on_signal)

    def _on_signal(self, signum, frame) -> None:
        self._signals += 1
        if self._signals == 1:
            log.info("watch: %s received; finishing the batch in flight, then stopping",
                     signal.Signals(signum).name)
            self.stop()
        else:
            raise KeyboardInterrupt     # a second signal: stop the batch too (its child is killed)

    def _take_lock(self) -> None:
        self.events_dir.mkdir(parents=True, exist_ok=True)
        self._lock_file = open(self.events_dir / "watch.lock", "w")   # noqa: SIM115 - held for the run
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock_file.close()
            raise UserError(f"another `movievault watch` is running for {self.scan.cache_dir}") from None
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()

    def _release_lock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()

    # -- work -----------------------------------------------------------------------------
    def run_batch(self, work: Batch) -> batches.Outcome:
        for sink in self.sinks:
            _quietly(sink.batch_started, work)
        w = self.events.watch
        outcome = batches.run(self.events.config_file, work.items(), build=w.build, timeout=w.build_timeout,
                              log_file=self.events_dir / "last-batch.log")
        if outcome.ok and outcome.scanned and w.git_publish:
            why = batches.git_publish(self.scan)
            outcome.published, outcome.ok, outcome.error = not why, not why, why
        if outcome.ok and outcome.built and w.publish_command:
            why = batches.publish(w.publish_command, self.events.config_file.parent, w.publish_timeout)
            outcome.published, outcome.ok, outcome.error = not why, not why, why
        self.batches_done += 1
        self.last = outcome
        log.info(_line(work, outcome))
        for sink in self.sinks:
            _quietly(sink.batch_done, work, outcome)
        return outcome

    def _tick(self) -> None:
        for sink in self.sinks:
            _quietly(sink.tick)


def _line(work: Batch, outcome: batches.Outcome) -> str:
    """One log line per batch: what asked, what it did, how long it took."""
    what = "whole library" if work.full else f"{len(work.folders)} folder{'s' if len(work.folders) != 1 else ''}"
    asked = f"{', '.join(work.reasons)}" + (f" (+{work.asked - len(work.reasons)} more)" if work.asked > len(work.reasons) else "")
    if not outcome.ok:
        return f"watch: {what} [{asked}]: FAILED: {outcome.error} ({outcome.seconds:.1f} s)"
    done = [outcome.summary or "no scan"]
    if outcome.built:
        done.append("site built")
    if outcome.published:
        done.append("published")
    return f"watch: {what} [{asked}]: {'; '.join(done)} ({outcome.seconds:.1f} s)"


def _quietly(func, *args) -> None:
    """A sink's failure is logged, never the daemon's end (a notification never fails a scan)."""
    try:
        func(*args)
    except Exception as exc:  # noqa: BLE001
        log.warning("watch: %s failed: %s: %s", getattr(func, "__qualname__", func), type(exc).__name__, exc)


def now_iso() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
