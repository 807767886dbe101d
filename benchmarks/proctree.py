"""Run a command and measure it whole: wall time, and the peak memory of its process tree.

`ru_maxrss` is the largest single process; a build that forks workers uses more than
that. The tree (the command and every descendant, found through /proc) is sampled every
`interval` seconds and its proportional set size summed: PSS splits a page shared by
forked processes between them, so copy-on-write memory is counted once, where summing RSS
would count it per process. A peak shorter than the interval can be missed; the largest
process's own `ru_maxrss` is kept as a floor.
"""
from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    wall: float          # seconds
    peak_mb: float       # the tree's peak PSS (at least the largest process's peak RSS)
    load: float          # 1-minute load average when the command ended
    stderr: str
    cpu: float = 0.0     # seconds of CPU (user + system) of the command and the children it waited for


def _children(pid: int) -> list[int]:
    kids: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                kids.extend(int(k) for k in fh.read().split())
    except OSError:
        pass
    return kids


def _tree(root: int) -> list[int]:
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(_children(pid))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class _Sampler(threading.Thread):
    def __init__(self, root: int, interval: float) -> None:
        super().__init__(daemon=True)
        self.root, self.interval, self.peak_kb = root, interval, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in _tree(self.root)))
            self.done.wait(self.interval)


def measure(cmd: list[str], cwd: Path, env: dict[str, str], interval: float = 0.1) -> Measured:
    """Run `cmd` to its end; a failure stops the benchmark with the command's stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        sampler = _Sampler(proc.pid, interval)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.done.set()
        sampler.join()
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{text[-2000:]}")
    peak_kb = max(sampler.peak_kb, usage.ru_maxrss)
    return Measured(wall, peak_kb / 1024, os.getloadavg()[0], text, usage.ru_utime + usage.ru_stime)
