"""Two-way sync of each user's watch state with Jellyfin, Plex and Trakt.

One model for every service (model.py), one rule (merge.py: three-way, the newer change
wins, ties keep MovieVault's value), one matcher (match.py: ids, then path, then title
and year), one runner (runner.py); a module per service for its HTTP. The sync writes
only users' watch state (store/users.py, the default user's `user:` blocks), never the
scanned metadata, and never the library's files.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .settings import SyncSettings

if TYPE_CHECKING:     # not at run time: every build reads sync.settings, few sync
    from .service import Service

SERVICES = ("jellyfin", "plex", "trakt")


def make_services(sync: SyncSettings, names: tuple[str, ...] | list[str]) -> list[Service]:
    """The configured services among `names`, in the order of SERVICES."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        ours = version("movievault")
    except PackageNotFoundError:
        ours = "dev"
    out: list[Service] = []
    for name in SERVICES:
        if name not in names or getattr(sync, name) is None:
            continue
        if name == "jellyfin":
            from .jellyfin import Jellyfin
            out.append(Jellyfin(sync.jellyfin, sync, ours))
        elif name == "plex":
            from .plex import Plex
            out.append(Plex(sync.plex, sync))
        else:
            from .trakt import Trakt
            out.append(Trakt(sync.trakt, sync))
    return out


def after_scan(settings, sync: SyncSettings, nfo_written: list[str], *, dry_run: bool = False):
    """What a scan hands the sync: the folders it wrote NFOs into (queued for the media
    servers to look at again) and, with `sync.after_scan`, a sync of every service.
    Returns the sync's report, or None when none ran."""
    import os

    services = make_services(sync, SERVICES)
    try:
        if not (nfo_written or sync.after_scan and services) or dry_run:
            return None         # nothing to do: the HTTP client is not even imported
        from .runner import queue_refresh, run

        if nfo_written:
            queue_refresh(sync, services, sorted({os.path.dirname(p) for p in nfo_written}))
        if sync.after_scan and services:
            return run(settings, sync, services)
        return None
    finally:
        for s in services:
            s.close()
