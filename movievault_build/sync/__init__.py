"""Two-way sync of each user's watch state with Jellyfin, Plex and Trakt.

One model for every service (model.py), one rule (merge.py: three-way, the newer change
wins, ties keep MovieVault's value), one matcher (match.py: ids, then path, then title
and year), one runner (runner.py); a module per service for its HTTP. The sync writes
only users' watch state (store/users.py, the default user's `user:` blocks), never the
scanned metadata, and never the library's files.
"""
from __future__ import annotations

from .service import Service
from .settings import SyncSettings

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
