"""What `mkdocs serve` watches: the library and content/, through the OS's change events.

MkDocs' server polls every file it is asked to watch (a stat of each, twice a second).
Over a library of thousands of folders that polling keeps a core busy and slows every
rebuild; and it cannot tell the scan's own writes to content/ from a user's edit, so each
rebuild set off another. Here a native observer (inotify, FSEvents, ReadDirectoryChanges,
through watchdog) watches the library and content/, and a change that matters touches one
trigger file: the only thing MkDocs itself polls for us.

A content file the scan wrote has the size and mtime the scan state recorded for it; a
change like that is the build's own and starts nothing. Changes that arrive while a build
runs are judged when it ends, once the state is saved.

MkDocs' server polls the trigger's folder every half second. Where its observer (the
server's `observer`, a watchdog observer) has an emitter for that folder, the change is
queued on it (watchdog's `queue_event`) and reaches the server at once: a quarter of a
second less, on average, from a save to the rebuild. Otherwise the trigger is touched.
"""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import Iterable

from ..cache.db import connect
from ..cache.layout import cache_path
from ..log import get_logger

log = get_logger("serve")
# `mkdocs serve` loads the config, and so a new plugin, for every rebuild; the watch started
# by the first one is found again here by the later ones (key: the trigger file).
_ACTIVE: dict[str, "ServeWatch"] = {}
CHANGES = {"created", "modified", "moved", "deleted"}     # not opened/closed: the build reads files


class ServeWatch:
    def __init__(self, trigger: Path, roots: Iterable[Path], content_dir: Path, cache_dir: Path) -> None:
        self.trigger = Path(trigger)
        self.roots = [Path(r) for r in roots if Path(r).is_dir()]
        self.content = os.path.abspath(content_dir) + os.sep
        self.movies = os.path.join(self.content, "movies") + os.sep
        self.state = cache_path(cache_dir, "scan_state")
        self.lock = threading.Lock()
        self.building = False
        self.deferred: set[str] = set()
        self.observer = None
        self.emitter = None          # MkDocs' server's emitter for the trigger's folder (`reach`)

    def start(self) -> bool:
        """Start watching; False when no native observer can (the caller polls instead)."""
        try:
            from watchdog import events
            from watchdog.observers import Observer
        except ImportError:
            return False
        handler = events.FileSystemEventHandler()
        handler.on_any_event = self.on_event          # type: ignore[method-assign]
        # Changes only: with opens and closes too, a build reading every file of a large
        # library floods the kernel's event queue (and watchdog re-walks the tree, forever).
        wanted = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
                  events.FileDeletedEvent, events.DirCreatedEvent, events.DirMovedEvent, events.DirDeletedEvent]
        observer = Observer()
        try:
            for path in [*self.roots, Path(self.content)]:
                if path.is_dir():
                    observer.schedule(handler, str(path), recursive=True, event_filter=wanted)
            observer.start()
        except (OSError, TypeError) as exc:   # inotify's watch limit, an old watchdog: MkDocs polls
            log.info("native file watching unavailable (%s); polling instead", exc)
            observer.stop()
            return False
        self.trigger.parent.mkdir(parents=True, exist_ok=True)
        self.trigger.touch()
        self.observer = observer
        _ACTIVE[os.path.abspath(self.trigger)] = self
        return True

    def reach(self, server) -> bool:
        """Hand changes to MkDocs' server through its emitter for the trigger's folder
        (which `server.watch` made); False when it has none (the trigger is touched)."""
        folder = os.path.abspath(self.trigger.parent)
        emitters = getattr(getattr(server, "observer", None), "emitters", ())
        found = [e for e in list(emitters) if os.path.abspath(getattr(e.watch, "path", "")) == folder]
        with self.lock:
            self.emitter = found[0] if found else None
        return self.emitter is not None

    @staticmethod
    def running(trigger: Path) -> "ServeWatch | None":
        return _ACTIVE.get(os.path.abspath(trigger))

    def on_event(self, event) -> None:
        if event.is_directory or event.event_type not in CHANGES:
            return
        paths = [p for p in (event.src_path, getattr(event, "dest_path", "")) if p]
        with self.lock:
            fire = False
            for path in map(os.fsdecode, paths):
                if not path.startswith(self.content):
                    fire = True                       # the library changed
                elif _temp_file(path):
                    continue                          # an atomic write's temp file (fsutil.py)
                elif self.building:
                    self.deferred.add(path)           # judged when the build ends
                elif not self._written_by_scan(path):
                    fire = True
            if fire:
                self._fire(paths[0])

    def build_started(self) -> None:
        with self.lock:
            self.building = True

    def build_done(self) -> None:
        with self.lock:
            self.building = False
            deferred, self.deferred = self.deferred, set()
            # While a build runs only the scan writes images into content/.
            edited = [p for p in sorted(deferred) if not self._in_images(p) and not self._written_by_scan(p)]
            if edited:
                self._fire(edited[0])

    def _in_images(self, path: str) -> bool:
        return path.startswith(os.path.join(self.content, "images") + os.sep)

    def _written_by_scan(self, path: str) -> bool:
        """A content file exactly as the scan last wrote it."""
        if not path.startswith(self.movies) or not path.endswith(".md"):
            return False
        slug = path[len(self.movies):-3]
        try:
            st = os.stat(path)
            db = connect(self.state, read_only=True)
            try:
                row = db.execute("SELECT size, mtime_ns FROM movies WHERE slug = ?", (slug,)).fetchone()
            finally:
                db.close()
        except (OSError, sqlite3.Error):
            return False
        return row is not None and (row[0], row[1]) == (st.st_size, st.st_mtime_ns)

    def _fire(self, why: str) -> None:
        log.debug("change: %s", why)
        if self.emitter is not None and self.emitter.is_alive():
            from watchdog.events import FileModifiedEvent
            self.emitter.queue_event(FileModifiedEvent(str(self.trigger)))
            return
        try:
            os.utime(self.trigger)
        except OSError:
            self.trigger.touch()


def _temp_file(path: str) -> bool:
    name = os.path.basename(path)
    return name.startswith(".") and name.endswith(".tmp")
