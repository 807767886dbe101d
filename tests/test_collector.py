"""The garbage collector's policy over a library run (process/collector.py)."""
from __future__ import annotations

import gc

from movievault_build.process import collector


def test_a_run_makes_collections_rarer_and_freezes_what_it_leaves_alive():
    before = gc.get_threshold()
    try:
        collector.run_started()
        assert gc.get_threshold() == collector.RUN_THRESHOLDS
        collector.run_ended()
        assert gc.get_threshold() == before
        frozen = gc.get_freeze_count()
        assert frozen > 0
        # The next run (a `mkdocs serve` rebuild) hands last run's objects back to the collector.
        collector.run_started()
        assert gc.get_freeze_count() == 0
        collector.run_ended()
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_an_error_inside_a_run_still_restores_the_thresholds():
    before = gc.get_threshold()
    try:
        with collector.library_run():
            raise ValueError("boom")
    except ValueError:
        pass
    finally:
        gc.unfreeze()
    assert gc.get_threshold() == before
