"""The daemon's one queue: work folds, nothing asked for is lost, the bound holds."""
from __future__ import annotations

import threading
from pathlib import Path

from movievault_build.events.work import WorkQueue


def test_requests_fold_into_one_batch():
    q = WorkQueue()
    for _ in range(100):
        q.add([(Path("/lib/Heat"), False)], "radarr Download: Heat (1995)")
    q.add([(Path("/lib/Heat"), True), (Path("/lib/Ran"), False)], "2 folders changed")
    batch = q.take(timeout=0)
    assert batch.folders == {Path("/lib/Heat"): True, Path("/lib/Ran"): False}
    assert batch.asked == 101 and batch.reasons == ["radarr Download: Heat (1995)", "2 folders changed"]
    assert q.take(timeout=0) is None


def test_what_arrives_during_a_batch_is_the_next_one():
    q = WorkQueue()
    q.add([(Path("/a"), False)], "x")
    first = q.take(timeout=0)
    q.add([(Path("/b"), False)], "y")
    assert first.items() == [(Path("/a"), False)] and q.take(timeout=0).items() == [(Path("/b"), False)]


def test_past_the_limit_the_folders_give_way_to_one_whole_scan():
    q = WorkQueue(limit=2)
    q.add([(Path(f"/lib/{n}"), False) for n in range(3)], "burst")
    q.add([(Path("/lib/later"), False)], "more")
    batch = q.take(timeout=0)
    assert batch.full and batch.items() is None and batch.asked == 2


def test_take_waits_for_work_and_close_wakes_it():
    q = WorkQueue()
    got = []
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    q.add([(Path("/a"), False)], "x")
    t.join(timeout=30)
    assert got and got[0].folders
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    q.close()
    t.join(timeout=30)
    assert not t.is_alive() and got[-1] is None
