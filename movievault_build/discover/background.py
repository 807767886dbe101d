"""The walk on the other core: a forked child lists the roots while the scan loads its
state and stats its content files, then hands the listings over a pipe.

Only where forking is safe (`forked.can_fork`: Linux, no other thread running);
otherwise, or when the child fails, the walk runs here when its result is asked for.
The child only reads the library, and gives up when its parent is gone, so a scan
killed meanwhile leaves nothing behind (`forked.in_background`).
"""
from __future__ import annotations

import marshal
from pathlib import Path
from typing import Callable

from ..process.forked import in_background
from .walk import Listing, Problem, list_folders

Walked = list[Listing | Problem]


def start_walk(roots: list[Path], in_child: bool = True) -> Callable[[], Walked]:
    """Start listing the roots; the function returned waits for the listings and returns them."""
    walk = lambda: list(list_folders(roots))      # noqa: E731
    return in_background(walk, _encode, _decode) if in_child else walk


# Listings travel as plain tuples in marshal's format: several times quicker than
# pickling objects, and the parent waits for them.
def _encode(walked: Walked) -> bytes:
    return marshal.dumps([(x.root, x.path, x.names, x.stats, x.dirs, x.disc) if isinstance(x, Listing)
                          else (x.path, x.reason) for x in walked])


def _decode(data: bytes) -> Walked:
    return [Listing(*fields) if len(fields) == 6 else Problem(*fields) for fields in marshal.loads(data)]
