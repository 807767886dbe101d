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
