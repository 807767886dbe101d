"""Repeated warnings are capped per run with a summary, as Pelican's LimitFilter does."""
from __future__ import annotations

import logging

from movievault_build.log import REPEATS_SHOWN, RepeatLimit, get_logger


def test_the_eleventh_warning_of_a_kind_is_counted_and_summarised(caplog):
    log = get_logger("movievault_build.test_repeats")
    with caplog.at_level(logging.INFO, logger=log.name):
        for i in range(25):
            log.warning("/lib/Film %d (19%02d)/poster.jpg: line %d: not an image", i, i, i)
        log.warning("/lib/x.nfo: not well-formed")            # another kind: shown
        log.info("/lib/info lines are never capped")
        from movievault_build.log import REPEATS
        REPEATS.summarise()
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert sum("not an image" in m and not m.startswith("…") for m in messages) == REPEATS_SHOWN
    assert "/lib/x.nfo: not well-formed" in messages
    assert messages[-1] == "… and 15 more like this: line #: not an image"


def test_a_new_run_counts_afresh():
    limit = RepeatLimit(shown=2)
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "/a: gone", (), None)
    assert [limit.filter(record) for _ in range(3)] == [True, True, False]
    limit.summarise()
    assert limit.filter(record) is True


def test_a_command_summarises_only_its_own_warnings(tmp_path, capsys, monkeypatch):
    """Warnings held back by earlier work in the same process (a library caller, an
    earlier test) are not the command's: its output stays its own."""
    from movievault_build.cli import main
    log = get_logger("movievault_build.test_repeats")
    for i in range(REPEATS_SHOWN + 3):
        log.warning("/lib/Film %d/movie.nfo: line %d: not well-formed", i, i)
    capsys.readouterr()
    monkeypatch.chdir(tmp_path)                     # no mkdocs.yml here
    assert main(["ls", "--content", str(tmp_path / "content")]) == 0
    assert "more like this" not in capsys.readouterr().err


def test_records_kept_in_a_child_are_shown_and_capped_where_they_are_replayed(caplog):
    """A scan forked beside MkDocs' clean keeps what it logs; its parent replays it through
    the same loggers, so MkDocs' handlers (and --strict) see it and the cap counts it once."""
    import pickle

    from movievault_build.log import REPEATS, kept_records, replay
    log = get_logger("movievault_build.test_kept")
    with caplog.at_level(logging.INFO, logger=log.name):
        with kept_records() as kept:
            for i in range(REPEATS_SHOWN + 4):
                log.warning("/lib/Film %d/poster.jpg: %s", i, "not an image")
            try:
                raise ValueError("broken")
            except ValueError:
                log.exception("/lib/x.nfo: failed")
        assert caplog.records == []                          # kept, not shown
        assert len(kept) == REPEATS_SHOWN + 5                # none held back while kept
        replay(pickle.loads(pickle.dumps(kept)))             # as they cross from the child
        REPEATS.summarise()
    messages = [r.getMessage() for r in caplog.records]
    assert sum(m.endswith(": not an image") and not m.startswith("…") for m in messages) == REPEATS_SHOWN
    assert messages[-1] == "… and 4 more like this: not an image"
    failed = next(r for r in caplog.records if r.getMessage() == "/lib/x.nfo: failed")
    assert "ValueError: broken" in failed.exc_text
