"""fork_map forks its workers afresh every round of chunks: a worker's private copy of the
inherited heap grows with each chunk it does, so none is kept for the whole run."""
from __future__ import annotations

import os
import sys

import pytest

from movievault_build.process import forked
from movievault_build.process.forked import fork_map

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork_map forks on Linux only")


@pytest.fixture(autouse=True)
def forking(monkeypatch):
    # fork_map runs here, in order, while another thread is alive; a thread an earlier test
    # left in this worker process must not turn these tests into in-process maps
    monkeypatch.setattr(forked, "can_fork", lambda: True)


def test_each_round_of_chunks_runs_in_workers_of_its_own():
    items = list(range(200))          # 20 chunks of 10; rounds of 2 workers x 2 chunks: 5 rounds
    pids = list(fork_map(lambda i: os.getpid(), items, min_items=10, workers=2, chunk=10, per_round=2))
    rounds = [set(pids[at:at + 40]) for at in range(0, 200, 40)]
    assert os.getpid() not in set(pids)
    for i, first in enumerate(rounds):
        for later in rounds[i + 1:]:
            assert not first & later          # no worker outlives its round


def test_results_keep_item_order_across_rounds():
    assert list(fork_map(lambda i: i * 3, list(range(333)), min_items=10, workers=2, chunk=7, per_round=3)) == \
        [i * 3 for i in range(333)]


def test_a_map_cut_into_a_number_of_rounds():
    items = list(range(230))          # 23 chunks of 10 in 4 rounds: 6, 6, 6 and 5 chunks
    pids = list(fork_map(lambda i: os.getpid(), items, min_items=10, workers=2, chunk=10, rounds=4))
    rounds = [set(pids[at:at + 60]) for at in range(0, 230, 60)]
    assert len(rounds) == 4 and os.getpid() not in set(pids)
    for i, first in enumerate(rounds):
        for later in rounds[i + 1:]:
            assert not first & later
    assert list(fork_map(lambda i: -i, items, min_items=10, workers=2, chunk=7, rounds=3)) == [-i for i in items]
