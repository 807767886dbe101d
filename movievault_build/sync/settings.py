"""What the sync runs with: plain values resolved from mkdocs.yml's `sync:` block by
site/sync_config.py (the engine never imports MkDocs). Secrets are kept here and in the
services' headers only; `repr` hides them, so a settings object in a log shows none."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..path_mapping import PathMapping


def _secret(default=None):
    return field(default=default, repr=False)


@dataclass(frozen=True)
class Account:
    """One service account synced for one MovieVault user."""
    user: str                          # the MovieVault user
    name: str | None = None            # the service's user name or id (Jellyfin)
    token: str | None = _secret()      # a Plex token for this user


@dataclass(frozen=True)
class JellyfinSettings:
    url: str
    api_key: str = _secret("")
    accounts: tuple[Account, ...] = ()
    refresh: bool = True               # ask Jellyfin to refresh items whose NFO MovieVault wrote
    page_size: int = 500


@dataclass(frozen=True)
class PlexSettings:
    url: str
    token: str = _secret("")           # the server owner's: sections, scans, and the default account
    accounts: tuple[Account, ...] = ()
    sections: tuple[str, ...] = ()     # section titles or keys; none: every movie section
    refresh: bool = True               # partial scans of folders whose NFO MovieVault wrote
    page_size: int = 500


@dataclass(frozen=True)
class TraktSettings:
    client_id: str = _secret("")
    client_secret: str = _secret("")
    accounts: tuple[Account, ...] = ()
    api_url: str = "https://api.trakt.tv"
    auth_url: str = "https://api.trakt.tv"     # OAuth; auth.trakt.tv in Trakt's current docs
    collection: bool = True            # add the library's movies to the Trakt collection
    batch: int = 1000                  # movies per write (writes are limited to one a second)


@dataclass(frozen=True)
class SyncSettings:
    state_dir: Path                    # sync state and Trakt tokens: never under content/ or site/
    after_scan: bool = False           # `movievault scan` and the build's scan sync afterwards
    path_mappings: tuple[PathMapping, ...] = ()
    timeout: float = 30.0
    retries: int = 4
    rate_limit: float = 20.0           # requests per second per media server; 0: unlimited
    jellyfin: JellyfinSettings | None = None
    plex: PlexSettings | None = None
    trakt: TraktSettings | None = None

    def configured(self) -> tuple[str, ...]:
        return tuple(n for n in ("jellyfin", "plex", "trakt") if getattr(self, n) is not None)
