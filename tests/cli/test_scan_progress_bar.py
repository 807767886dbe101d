"""The scan's progress bar on a terminal starts no thread: a scan forks its identify
workers only while it is the process's one thread (process/forked.can_fork)."""
import io
import sys
import threading

from movievault_build.cli.context import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_draws_from_the_scanning_thread(monkeypatch):
    monkeypatch.setattr(sys, "stderr", Terminal())
    before = threading.active_count()
    with Progress() as progress:
        assert progress._bar is not None, "a terminal gets the bar"
        assert threading.active_count() == before
        for done in range(1, 6):
            progress(done, 5, f"Movies/Film {done} (2001)")
        assert progress._bar.tasks[0].completed == 5
        assert threading.active_count() == before
    assert threading.active_count() == before


def test_without_a_terminal_a_line_at_the_start_and_every_tenth(monkeypatch, capsys):
    with Progress() as progress:
        assert progress._bar is None
        for done in range(1, 101):
            progress(done, 100, "x")
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"scanning: {n}/100" for n in (1, *range(10, 101, 10))]
