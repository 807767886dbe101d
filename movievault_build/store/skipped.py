"""`content/skipped.yml`: the files the last scan found but did not take as movies
(episodes, samples, extras), so that a build from content/ alone — in CI, with no
library mounted — shows the same health page as the machine that scanned.

Each scan rewrites the list; the entries of a library that was not mounted at that
scan are kept. A damaged file reads as an empty list (the next scan rewrites it).

    skipped:
      - {library: films, path: Shows/Some.Show.S01E01.mkv, kind: episode}
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Callable, Iterable

from ruamel.yaml import YAML

from ..fsutil import atomic_write_text, read_regular
from ..log import get_logger
from .document import check_shape

log = get_logger(__name__)

FILENAME = "skipped.yml"
HEADER = "# Files the last scan found but did not take as movies. Each scan rewrites this file.\n"
_KEYS = ("library", "path", "kind")
MAX_BYTES = 64 << 20


def _yaml() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None      # one flow mapping per entry: a line per file
    yaml.width = 4096
    yaml.allow_unicode = True
    return yaml


_LOADER = YAML(typ="safe")       # libyaml: every scan and build reads the list, a line per file


def load(content_dir: Path) -> list[dict[str, str]]:
    return _read(Path(content_dir) / FILENAME)[0]


def _read(path: Path) -> tuple[list[dict[str, str]], bool]:
    """The file's entries, and whether it holds nothing else (no entry of another shape)."""
    if not os.path.lexists(path):
        return [], False
    try:    # a regular file only: content/ is committed, and a FIFO there must not hang the build
        text = read_regular(path, MAX_BYTES).decode("utf-8")
        check_shape(text, str(path))       # a nesting bomb is refused before the C parser meets it
        data = _LOADER.load(text)
    except Exception as exc:  # unreadable or not YAML: the next scan writes it afresh
        log.debug("%s: %s; read as empty", path, exc)
        return [], False
    entries = data.get("skipped") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return [], False
    good = [{k: str(e[k]) for k in _KEYS} for e in entries
            if isinstance(e, dict) and all(isinstance(e.get(k), str) and e[k] for k in _KEYS)]
    return good, len(good) == len(entries) and list(data) == ["skipped"]


def save(content_dir: Path, found: Iterable[tuple[str, str, str]], looked: Callable[[str, str], bool],
         dry_run: bool = False) -> bool:
    """Write this scan's (library, path, kind) list, keeping the entries where the scan did
    not look (`looked(library, path)`: a library not mounted, a folder outside a targeted
    scan). Returns whether the file changed (or would have)."""
    path = Path(content_dir) / FILENAME
    previous, clean = _read(path)
    kept = [e for e in previous if not looked(e["library"], e["path"])]
    fresh = [dict(zip(_KEYS, entry)) for entry in found]
    entries = sorted({(e["library"], e["path"]): e for e in kept + fresh}.values(),
                     key=lambda e: (e["library"], e["path"]))
    if clean and entries == previous:    # as the last scan left it: not dumped again to compare
        return False
    old = path.read_text("utf-8") if path.is_file() else None
    if not entries:
        if old is not None and not dry_run:
            path.unlink()
        return old is not None
    buf = io.StringIO()
    _yaml().dump({"skipped": entries}, buf)
    text = HEADER + buf.getvalue()
    if text == old:
        return False
    if not dry_run:
        atomic_write_text(path, text)
    return True


def for_health(content_dir: Path) -> list[tuple[str, str]]:
    """(path, kind) pairs for the health report."""
    return [(e["path"], e["kind"]) for e in load(content_dir)]
