"""The library roots, watched through the OS's change events (watchdog: inotify, FSEvents,
ReadDirectoryChanges) for the watch daemon.

A change marks the folder it happened in as settling. A folder is handed on once nothing
has happened in it for `debounce` seconds *and* its files' names, sizes and mtimes are
what they were one look earlier, so a download still being written (or copied in over a
share that sends few events) waits until it stops growing. A file event names its own
folder; a folder created, moved or deleted names itself with its sub-folders; a move
names both ends.

A root can go away (a network share unmounted) and come back: its watch is dropped while
it is gone, nothing of it is scanned (its movies are not marked missing), and when it is
back it is watched again and scanned whole, since anything may have changed meanwhile.
"""
from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..log import get_logger, safe_path

log = get_logger("watch")
Ready = Callable[[list[tuple[Path, bool]], str], None]
SIGNATURE_FILES = 20_000     # a bigger subtree settles on time alone
_UNSEEN = ("not looked at yet",)   # a folder is looked at twice, even one that is gone


@dataclass
class _Settling:
    recursive: bool
    last_event: float
    signature: tuple | None = _UNSEEN


class LibraryWatcher:
    """Both ends of a move settle together (they share their events' times and are looked at
    in the same round), so a moved movie is one batch: followed, never missing for a moment."""
    def __init__(self, roots: Iterable[Path], debounce: float, root_check: float, on_ready: Ready,
                 ignore: Iterable[Path] = ()) -> None:
        self.roots = [Path(os.path.abspath(r)) for r in roots]
        self.debounce, self.root_check = debounce, root_check
        self.on_ready = on_ready
        self.ignore = tuple(os.path.abspath(p) + os.sep for p in ignore)
        self._lock = threading.Lock()
        self._settling: dict[Path, _Settling] = {}
        self._watches: dict[Path, object] = {}
        self._stop = threading.Event()
        self._observer = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        from watchdog.observers import Observer

        self._observer = Observer()
        self._observer.start()
        for root in self.roots:
            if root.is_dir():
                self._watch(root)
            else:
                log.warning("library root %s is not there; watching for it", safe_path(root))
        self._thread = threading.Thread(target=self._loop, name="movievault-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=10)
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _watch(self, root: Path) -> bool:
        from watchdog import events

        handler = events.FileSystemEventHandler()
        handler.on_any_event = self._on_event        # type: ignore[method-assign]
        wanted = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileMovedEvent,
                  events.FileDeletedEvent, events.FileClosedEvent, events.DirCreatedEvent,
                  events.DirMovedEvent, events.DirDeletedEvent]
        try:
            self._watches[root] = self._observer.schedule(handler, os.fspath(root), recursive=True,
                                                          event_filter=wanted)
        except OSError as exc:      # inotify's watch limit, a share that went away again
            log.warning("cannot watch %s (%s); retrying in %.0f s", safe_path(root), exc, self.root_check)
            return False
        return True

    def _unwatch(self, root: Path) -> None:
        watch = self._watches.pop(root, None)
        if watch is not None:
            try:
                self._observer.unschedule(watch)
            except (KeyError, OSError, ValueError):
                pass     # its emitter stopped by itself when the root went

    # -- events ---------------------------------------------------------------------------
    def _on_event(self, event) -> None:
        if event.event_type == "modified" and event.is_directory:
            return
        now = time.monotonic()
        with self._lock:
            for raw in (event.src_path, getattr(event, "dest_path", "") or ""):
                if not raw:
                    continue
                path = Path(os.fsdecode(raw))
                if os.fspath(path).startswith(self.ignore) or path.name.startswith(".") and path.name.endswith(".tmp"):
                    continue
                folder, recursive = (path, True) if event.is_directory else (path.parent, False)
                entry = self._settling.get(folder)
                if entry is None:
                    self._settling[folder] = _Settling(recursive, now)
                else:
                    entry.recursive |= recursive
                    entry.last_event, entry.signature = now, _UNSEEN

    def _loop(self) -> None:
        tick = max(0.1, min(self.debounce / 4 or 0.1, 1.0))
        next_root_check = time.monotonic() + self.root_check
        while not self._stop.wait(tick):
            try:
                self._hand_on_settled()
                if time.monotonic() >= next_root_check:
                    next_root_check = time.monotonic() + self.root_check
                    self.check_roots()
            except Exception:  # noqa: BLE001 - the watch must outlive one bad look at the disk
                log.exception("watch: unexpected error; going on")

    def _hand_on_settled(self) -> None:
        now = time.monotonic()
        with self._lock:
            quiet = [(f, e) for f, e in self._settling.items() if now - e.last_event >= self.debounce]
        ready: list[tuple[Path, bool]] = []
        for folder, entry in quiet:
            signature = _signature(folder, entry.recursive)
            with self._lock:
                if self._settling.get(folder) is not entry or now < entry.last_event:
                    continue     # an event came in meanwhile
                if entry.signature == signature or self.debounce == 0:
                    del self._settling[folder]
                    ready.append((folder, entry.recursive))
                else:            # still changing (or first look): look again after another wait
                    entry.signature, entry.last_event = signature, time.monotonic()
        if ready:
            self.on_ready(ready, f"{len(ready)} folder{'s' if len(ready) > 1 else ''} changed")

    def check_roots(self) -> None:
        """Drop the watch of a root that went away; watch again and scan one that came back."""
        for root in self.roots:
            there, watched = root.is_dir(), root in self._watches
            if watched and not there:
                self._unwatch(root)
                log.warning("library root %s went away; its movies are kept as they are until it is back",
                            safe_path(root))
            elif not watched and there and self._watch(root):
                log.info("library root %s is there; watching it and scanning it whole", safe_path(root))
                self.on_ready([(root, True)], f"root {root.name} is back")

    def settling(self) -> int:
        with self._lock:
            return len(self._settling)


def _signature(folder: Path, recursive: bool) -> tuple | None:
    """The names, sizes and mtimes under a folder (None when it is gone)."""
    out: list[tuple] = []
    stack = [os.fspath(folder)]
    while stack and len(out) < SIGNATURE_FILES:
        here = stack.pop()
        try:
            with os.scandir(here) as it:
                for e in it:
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError:
                        continue
                    out.append((here, e.name, st.st_size, st.st_mtime_ns))
                    if recursive and e.is_dir(follow_symlinks=False):
                        stack.append(e.path)
        except OSError:
            if here == os.fspath(folder):
                return None
    return tuple(sorted(out))
