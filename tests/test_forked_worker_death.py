"""A forked worker killed mid-run (the system's out-of-memory killer, say) stops fork_map
with one line instead of leaving it waiting forever for the lost chunk."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from movievault_build.process.forked import can_fork

SCRIPT = textwrap.dedent("""
    import os, signal, sys
    from movievault_build.errors import MovieVaultError
    from movievault_build.process.forked import fork_map

    def work(i):
        if i == 250:
            os.kill(os.getpid(), signal.SIGKILL)     # this worker dies, its chunk with it
        return i * 2

    try:
        out = list(fork_map(work, range(400), min_items=10, workers=2, chunk=10))
    except MovieVaultError as exc:
        print("error:", exc)
        sys.exit(3)
    print("finished", len(out))
""")


@pytest.mark.skipif(not can_fork(), reason="fork_map forks on Linux only")
def test_a_killed_worker_ends_the_map_with_one_line():
    # The timeout only turns a hang (the failure this guards against) into a failed test.
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stdout + done.stderr
    assert "a worker process was killed" in done.stdout
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(not can_fork(), reason="fork_map forks on Linux only")
def test_results_keep_their_order_and_a_worker_error_is_raised_here(monkeypatch):
    from movievault_build.process import forked
    from movievault_build.process.forked import fork_map

    monkeypatch.setattr(forked, "can_fork", lambda: True)   # a thread an earlier test left alive

    assert list(fork_map(lambda i: i * i, list(range(500)), min_items=10, workers=2, chunk=7)) == \
        [i * i for i in range(500)]

    def fails(i):
        if i == 321:
            raise ValueError("item 321")
        return i

    with pytest.raises(ValueError, match="item 321"):
        list(fork_map(fails, list(range(500)), min_items=10, workers=2))
