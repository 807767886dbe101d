"""How a change reaches `mkdocs serve`: queued on the server's emitter for the trigger's
folder when it has one (at once, not at its next poll), else by touching the trigger."""
from __future__ import annotations

import os
import threading
import types

from watchdog.events import FileModifiedEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from movievault_build.site.serve_watch import ServeWatch


def watch_of(tmp_path) -> ServeWatch:
    trigger = tmp_path / "cache" / "serve" / "trigger"
    trigger.parent.mkdir(parents=True)
    trigger.touch()
    os.utime(trigger, ns=(0, 0))
    return ServeWatch(trigger, [], tmp_path / "content", tmp_path / "cache")


def test_a_change_is_queued_on_the_servers_emitter_for_the_trigger(tmp_path):
    watch = watch_of(tmp_path)
    seen, got = [], threading.Event()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: (seen.append(event), got.set())   # type: ignore[method-assign]
    observer = PollingObserver(timeout=60)          # as MkDocs' server watches (server.watch)
    (tmp_path / "elsewhere").mkdir()
    observer.schedule(FileSystemEventHandler(), str(tmp_path / "elsewhere"), recursive=True)
    observer.schedule(handler, os.path.abspath(watch.trigger.parent), recursive=True)
    observer.start()
    try:
        assert watch.reach(types.SimpleNamespace(observer=observer))
        watch._fire("Heat (1995)/movie.nfo")
        assert got.wait(10)                         # long before the next poll, a minute away
    finally:
        observer.stop()
        observer.join()
    assert [(type(e), e.src_path) for e in seen] == [(FileModifiedEvent, str(watch.trigger))]
    assert watch.trigger.stat().st_mtime_ns == 0        # not touched: the poll would rebuild twice


def test_without_such_an_emitter_the_trigger_is_touched(tmp_path):
    watch = watch_of(tmp_path)
    for server in (object(), types.SimpleNamespace(observer=PollingObserver())):   # none, or not for it
        assert not watch.reach(server)
        os.utime(watch.trigger, ns=(0, 0))
        watch._fire("Heat (1995)/movie.nfo")
        assert watch.trigger.stat().st_mtime_ns > 0
