"""One call on another core (forked.in_background): its result, its errors, its death."""
from __future__ import annotations

import multiprocessing
import os

import pytest

from movievault_build.process import forked


def test_the_result_comes_from_a_child_process():
    here = os.getpid()
    result = forked.in_background(lambda: (os.getpid(), [1, 2, 3]))
    pid, value = result()
    assert value == [1, 2, 3]
    assert pid != here or not forked.can_fork()


def test_asking_again_gives_the_same_result_without_working_it_out_again(tmp_path):
    calls = tmp_path / "calls"

    def count():
        with calls.open("a") as fh:
            fh.write("x")
        return "result"

    result = forked.in_background(count)
    assert result() == result() == "result"
    assert calls.read_text() == "x"


def test_an_error_is_raised_here_with_its_own_traceback():
    def fails():
        raise ValueError("bad library")

    result = forked.in_background(fails)
    with pytest.raises(ValueError, match="bad library"):
        result()


def test_a_child_that_dies_leaves_the_work_to_this_process():
    here = os.getpid()

    def dies_in_a_child():
        if os.getpid() != here:
            os._exit(9)          # killed without a word (an OOM kill, say)
        return "done here"

    assert forked.in_background(dies_in_a_child)() == "done here"


def test_the_child_exits_once_its_result_is_made_not_when_it_is_asked_for(monkeypatch):
    """A result bigger than a pipe holds: the child must not wait, with its copy of this
    process's heap, for the parent to read it (a build asks only after its render)."""
    # in_background forks here even if an earlier test in this worker left a thread alive
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    big = b"x" * (4 << 20)
    result = forked.in_background(lambda: big, encode=bytes, decode=bytes)
    child, = multiprocessing.active_children()
    # waits for the child's exit without reaping it (the result still joins it)
    os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
    assert result() == big


def test_a_child_that_forks_workers_of_its_own_runs_them(monkeypatch):
    """The scan beside MkDocs' clean forks its own workers (fork_map): multiprocessing
    refuses a daemon child any children, which would leave the scan to this process."""
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    here = os.getpid()

    def with_workers():
        pids = set(forked.fork_map(lambda _: os.getpid(), range(400), min_items=2, workers=2, per_worker=1))
        return os.getpid(), pids

    child, workers = forked.in_background(with_workers, forks=True)()
    assert child != here
    assert child not in workers and here not in workers


def test_a_forking_child_dies_with_its_parent(tmp_path):
    """A build killed while its scan runs beside the clean leaves no scan writing on."""
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys, time
        sys.path.insert(0, {str(os.getcwd())!r})
        from movievault_build.process import forked
        forked.can_fork = lambda: True
        def child():
            open({str(tmp_path / 'child.pid')!r}, "w").write(str(os.getpid()))
            while True:
                time.sleep(1)
        forked.in_background(child, forks=True)
        open({str(tmp_path / 'parent.ready')!r}, "w").write("x")
        while True:
            time.sleep(1)
    """))
    parent = subprocess.Popen([sys.executable, str(script)])
    try:
        for _ in range(600):                   # until both are running (at most a minute)
            if (tmp_path / "child.pid").exists() and (tmp_path / "parent.ready").exists():
                break
            time.sleep(0.1)
        child = int((tmp_path / "child.pid").read_text())
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        for _ in range(600):
            try:
                if open(f"/proc/{child}/stat").read().rsplit(")", 1)[1].split()[0] == "Z":
                    break                      # dead, not yet reaped by its new parent
            except FileNotFoundError:
                break
            time.sleep(0.1)
        else:
            os.kill(child, signal.SIGKILL)
            pytest.fail("the child outlived its parent")
    finally:
        parent.kill()
