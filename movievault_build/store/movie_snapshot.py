"""The movies a build loaded, kept whole for the next one: a derived cache.

Turning 10,000 parsed content files into Movie objects costs a warm build more than
anything else it does with them (about 0.4 s); loading last build's objects back costs
half of that. An entry serves only while its file's size and mtime are as recorded and
the package's code is the same (a Movie made by other code may lack a field); the rest
come through the parsed cache (parsed_cache.py) as before.

Writing all of them again costs as much as loading them, so a build that changed a few
writes only those, to a small overlay beside the snapshot; the whole is written again
once the overlay holds an eighth of the library. A damaged or foreign file is ignored
(and replaced). Both files are pickles restricted to the model's own classes, so loading
them runs no other code.
"""
from __future__ import annotations

import io
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from .. import model
from ..cache import in_memory
from ..cache.layout import VERSIONS
from ..cache.keys import code_fingerprint
from ..cache.rules import read_cache_file, ready_cache_file, set_aside
from ..fsutil import atomic_write_bytes
from ..model import Movie

VERSION = VERSIONS["movie_snapshot"]
# path -> (size, mtime_ns, digest of its parse, the movie)
Entries = dict[str, tuple[int, int, str, Movie]]
MIN_OVERLAY = 64            # entries an overlay may always hold, however small the library
MAX_BYTES = 4 << 30         # far past 100,000 movies' snapshot


class _ModelOnly(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == model.__name__ and isinstance(getattr(model, name, None), type):
            return getattr(model, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of the movie model")


def _load(path: Path) -> Any:
    """The file's value; last read's or write's when this process read or wrote the file as
    it is (`mkdocs serve`: no unpickling of every movie per rebuild). Nothing loaded is
    changed in place (`read` copies the entries), so a kept value is given out again."""
    value = in_memory.take(path)
    if value is None:
        value = _unpickled(path)
    if value is not None:
        in_memory.keep(path, value)
    return value


def _unpickled(path: Path) -> Any:
    data = read_cache_file(path, MAX_BYTES)
    if not data:
        return None
    try:
        return _ModelOnly(io.BytesIO(data)).load()
    except (pickle.UnpicklingError, EOFError, ValueError) as exc:   # damaged, or not only the model's
        set_aside(path, str(exc) or type(exc).__name__)
    except Exception:       # damaged, or written by other code: not used
        pass
    return None


class MovieSnapshot:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.overlay = self.path.with_name(self.path.name + ".overlay")
        self._base: Entries | None = None       # the whole snapshot as read
        self._token = ""

    def _head(self) -> tuple[Any, ...]:
        return VERSION, sys.version_info[:2], code_fingerprint()

    def read(self) -> Entries:
        found = _load(self.path)
        if not (isinstance(found, tuple) and len(found) == 3 and found[0] == self._head()
                and isinstance(found[2], dict)):
            return {}
        _head, self._token, self._base = found
        entries = dict(self._base)
        extra = _load(self.overlay)       # (head, token of its snapshot, changed, removed)
        if isinstance(extra, tuple) and len(extra) == 4 and extra[:2] == (self._head(), self._token):
            entries.update(extra[2])
            for key in extra[3]:
                entries.pop(key, None)
        return entries

    def write(self, entries: Entries) -> None:
        """Keep `entries`: as an overlay on the snapshot read, while that stays small."""
        base = self._base
        if base is not None:
            changed = {k: v for k, v in entries.items() if base.get(k) is not v}
            removed = [k for k in base if k not in entries]
            if len(changed) + len(removed) <= max(MIN_OVERLAY, len(entries) // 8):
                ready_cache_file(self.overlay)
                overlay = (self._head(), self._token, changed, removed)
                atomic_write_bytes(self.overlay, pickle.dumps(overlay, protocol=5), durable=False)
                in_memory.keep(self.overlay, overlay)
                return
        self._token = os.urandom(8).hex()
        ready_cache_file(self.path)
        whole = (self._head(), self._token, entries)
        atomic_write_bytes(self.path, pickle.dumps(whole, protocol=5), durable=False)
        in_memory.keep(self.path, whole)
        self._base = entries
        self.overlay.unlink(missing_ok=True)
