"""The daemon's one queue of work: folders to scan, from the file watcher, the webhooks and
the Home Assistant button alike.

Work is folded, not lined up: a folder asked for a hundred times while a scan runs is
scanned once after it, and every folder asked for while the daemon is busy is in the next
batch, so a burst never becomes a backlog and nothing asked for is dropped. The queue is
bounded: past `limit` folders it gives them up for one whole-library scan, which covers
them all. One consumer takes batches, so two scans never run at once.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable


@dataclass
class Batch:
    folders: dict[Path, bool] = field(default_factory=dict)   # folder -> with its sub-folders
    full: bool = False                                          # the whole library instead
    reasons: list[str] = field(default_factory=list)            # what asked, for the log line
    asked: int = 0                                              # requests folded into it

    def items(self) -> list[tuple[Path, bool]] | None:
        return None if self.full else sorted(self.folders.items())


class WorkQueue:
    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._cond = threading.Condition()
        self._pending = Batch()
        self._closed = False
        self.taken = 0               # batches handed out (tests and the state topic read it)

    def add(self, folders: Iterable[tuple[Path, bool]], reason: str) -> None:
        with self._cond:
            batch = self._pending
            if not batch.full:
                for folder, recursive in folders:
                    batch.folders[folder] = batch.folders.get(folder, False) or recursive
                if len(batch.folders) > self.limit:
                    batch.full, batch.folders = True, {}
            self._note(reason)

    def add_full(self, reason: str) -> None:
        with self._cond:
            self._pending.full, self._pending.folders = True, {}
            self._note(reason)

    def _note(self, reason: str) -> None:
        batch = self._pending
        batch.asked += 1
        if reason not in batch.reasons and len(batch.reasons) < 5:
            batch.reasons.append(reason)
        self._cond.notify_all()

    def pending(self) -> bool:
        with self._cond:
            return self._has_work()

    def _has_work(self) -> bool:
        return self._pending.full or bool(self._pending.folders)

    def take(self, timeout: float | None = None) -> Batch | None:
        """The work pending, all of it, once there is some; None on timeout or once closed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._has_work() and not self._closed:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._cond.wait(left)
            if not self._has_work():
                return None
            batch, self._pending = self._pending, Batch()
            self.taken += 1
            return batch

    def close(self) -> None:
        """Wake the consumer; what is pending stays (the next start scans the whole library)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()
