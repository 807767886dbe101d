"""The interface every synced service implements, and the HTTP every one of them uses.

A service lists items and one user's state of them (`fetch`, incrementally from a
cursor when it can), writes states back (`push`), and — a media server — looks at
folders again (`refresh`). The runner (runner.py) does the rest the same way for all.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, TypeVar
from urllib.parse import urlsplit

from ..errors import ProviderError
from ..model import Movie, WatchState
from ..providers.base import ProviderSettings
from ..providers.http import HttpClient, Reply
from .merge import EXACT, Capabilities
from .model import Item, Seen
from .settings import Account, SyncSettings

R = TypeVar("R")


@dataclass
class Fetched:
    items: dict[str, Item] = field(default_factory=dict)   # items listed this time
    seen: dict[str, Seen] = field(default_factory=dict)    # the user's states that may have changed
    cursor: str | None = None                              # where the next run starts
    complete: bool = False                                 # `items` is every item there is


@dataclass(frozen=True)
class Push:
    key: str
    item: Item
    target: WatchState            # MovieVault's state: what the service should hold
    current: WatchState           # what it holds now
    groups: tuple[str, ...]


@dataclass
class Pushed:
    seen: dict[str, Seen] = field(default_factory=dict)    # the state after the write, where known
    failed: dict[str, str] = field(default_factory=dict)   # key -> why
    gone: list[str] = field(default_factory=list)          # items the service no longer has


class Service(ABC):
    NAME = ""                     # for people: "Jellyfin"
    ID = ""                       # for config and state: "jellyfin"
    caps: Capabilities = EXACT
    addressable = False           # takes movies it never listed, by their ids (Trakt)

    def __init__(self, accounts: tuple[Account, ...]):
        self.accounts = {a.user: a for a in accounts}

    @property
    @abstractmethod
    def state_key(self) -> str:
        """Names this server in the sync state (another URL is another server)."""

    def users(self) -> tuple[str, ...]:
        return tuple(self.accounts)

    @abstractmethod
    def fetch(self, user: str, last: Mapping[str, Seen], cursor: str | None) -> Fetched:
        """Items and `user`'s states: all of them without a cursor, else what changed since."""

    def refetch(self, user: str, last: Mapping[str, Seen], cursor: str | None, keys: list[str]) -> Fetched:
        """After pushes: what changed since this run's read (`cursor`, our own writes among
        it) as the service now holds it, and a cursor past our writes (so the next run does
        not list them again)."""
        return self.fetch(user, last, cursor)

    @abstractmethod
    def push(self, user: str, pushes: list[Push]) -> Pushed:
        ...

    def refresh(self, paths: list[str]) -> list[str]:
        """Ask the server to look at these folders (ours, mapped to its view) again; returns
        the folders done. Only media servers do anything here."""
        return list(paths)

    def library_sync(self, user: str, movies: list[Movie], dry_run: bool) -> int:
        """Anything the service keeps of the library itself (Trakt's collection); returns
        how many movies were (or, in a dry run, would be) added."""
        return 0

    def local_key(self, movie: Movie) -> str | None:
        """The key of a movie the service never listed, when it is `addressable`."""
        return None

    def requests(self) -> int:
        return 0

    def close(self) -> None:
        pass


class ServiceHttp:
    """One configured server: its base URL, the headers every call carries (credentials
    among them), and an uncached HttpClient confined to that server's host."""

    def __init__(self, name: str, base_url: str, headers: Mapping[str, str], sync: SyncSettings,
                 rate_limit: float | None = None):
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ProviderError(name, f"url {base_url!r} is not an http(s) URL", fatal=True)
        self.name, self.base = name, base_url.rstrip("/")
        self.headers = dict(headers)
        settings = ProviderSettings(timeout=sync.timeout, connect_timeout=min(10.0, sync.timeout),
                                    retries=sync.retries, backoff_base=0.5, backoff_cap=30.0,
                                    retry_after_cap=600.0,
                                    rate_limit=sync.rate_limit if rate_limit is None else rate_limit)
        self.client = HttpClient(settings, cached=False, only_hosts=[parts.netloc])

    def call(self, method: str, path: str, *, headers: Mapping[str, str] | None = None, **kw: Any) -> Reply:
        return self.client.call(method, self.base + path, provider=self.name,
                                headers={**self.headers, **(headers or {})}, **kw)

    @staticmethod
    def for_items(work: Callable[[], R], failed: dict[str, str] | None = None, keys: Iterable[str] = ()) -> R | None:
        """`work()` done for some items, or None when it failed for them alone (a non-fatal
        ProviderError: each of `keys` is noted in `failed` with the reason, and the caller
        goes on with the next). A fatal one (credentials refused, a server that is not
        there) stops the whole service."""
        try:
            return work()
        except ProviderError as exc:
            if exc.fatal:
                raise
            if failed is not None:
                failed.update((key, exc.reason) for key in keys)
            return None

    def requests(self) -> int:
        return self.client.stats.snapshot().get("requests", 0)

    def close(self) -> None:
        self.client.close()
