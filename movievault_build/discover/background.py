"""The walk on the other core: a forked child lists the roots while the scan loads its
state and stats its content files, then hands the listings over a pipe.

Only where forking is safe (`forked.can_fork`: Linux, no other thread running);
otherwise, or when the child fails, the walk runs here when its result is asked for.
The child only reads the library, and gives up when its parent is gone, so a scan
killed meanwhile leaves nothing behind. (Like `forked.in_background`, but the child
closes its copy of the pipe's reading end: megabytes of listings would otherwise keep
an orphaned child blocked on a full pipe for ever.)
"""
from __future__ import annotations

import marshal
import multiprocessing
from pathlib import Path
from typing import Callable

from ..forked import can_fork
from .walk import Listing, Problem, list_folders

Walked = list[Listing | Problem]


def start_walk(roots: list[Path], in_child: bool = True) -> Callable[[], Walked]:
    """Start listing the roots; the function returned waits for the listings and returns them."""
    if not (in_child and can_fork()):
        return lambda: list(list_folders(roots))
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_walk_and_send, args=(roots, receive, send), daemon=True)
    child.start()
    send.close()

    def result() -> Walked:
        try:
            walked = _decode(receive.recv_bytes())
        except (EOFError, OSError):   # the child died without a word
            walked = None
        finally:
            receive.close()
            child.join()
        return list(list_folders(roots)) if walked is None else walked

    return result


def _walk_and_send(roots: list[Path], receive, send) -> None:
    # The child's copy of the reading end, closed: if the parent dies, sending fails
    # instead of blocking for ever on a full pipe.
    receive.close()
    try:
        send.send_bytes(_encode(list(list_folders(roots))))
    except BaseException:   # Ctrl-C, or the scan gone: nothing to tell (the parent walks itself)
        pass
    finally:
        send.close()


# Listings travel as plain tuples in marshal's format: several times quicker than
# pickling objects, and the parent waits for them.
def _encode(walked: Walked) -> bytes:
    return marshal.dumps([(x.root, x.path, x.names, x.stats, x.dirs, x.disc) if isinstance(x, Listing)
                          else (x.path, x.reason) for x in walked])


def _decode(data: bytes) -> Walked:
    return [Listing(*fields) if len(fields) == 6 else Problem(*fields) for fields in marshal.loads(data)]
