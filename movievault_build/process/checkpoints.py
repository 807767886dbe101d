"""Named moments of a scan where a test may kill it, instead of guessing a delay.

`MOVIEVAULT_KILL_AT=movie:17` kills the process (SIGKILL, as a power cut would) the 17th
time the scan passes `checkpoint("movie")`; unset, a checkpoint costs one comparison.
The scan's kill tests use it to prove that a scan killed at any point leaves content/
that the next scan completes (tests/scale/test_scan_kill.py).
"""
from __future__ import annotations

import os
import signal

_WANTED = os.environ.get("MOVIEVAULT_KILL_AT", "")
_POINT, _, _COUNT = _WANTED.partition(":")
_seen = 0


def checkpoint(point: str) -> None:
    global _seen
    if point != _POINT:
        return
    _seen += 1
    if _seen == int(_COUNT or 1):
        os.kill(os.getpid(), signal.SIGKILL)
