"""The sync's vocabulary, shared by every service: what a service knows of an item, what
one of its users did with it, and the changes a run makes. Frozen dataclasses, no I/O.

A person's state is split into four *groups* that move as one: `played` (watched, play
count, last played), `position` (where playback stopped), `favorite` and `rating`. Each
service says which groups it carries (a Plex library has no favourites, Trakt no resume
points) and which it can set exactly.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Mapping

from ..model import WatchState

GROUPS: tuple[str, ...] = ("played", "position", "favorite", "rating")
GROUP_FIELDS: Mapping[str, tuple[str, ...]] = {
    "played": ("watched", "playcount", "lastplayed"), "position": ("position",),
    "favorite": ("favorite",), "rating": ("rating",)}
EMPTY = WatchState()


@dataclass(frozen=True)
class Item:
    """An item as the service lists it: what it is, not what anyone did with it."""
    key: str                                   # the service's id (item id, ratingKey, tmdb:603 …)
    title: str
    year: int | None = None
    ids: Mapping[str, str] = field(default_factory=dict)   # {"tmdb": "603", "imdb": "tt0133093"}
    path: str | None = None                    # the video file as the server sees it

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


@dataclass(frozen=True)
class Seen:
    """One user's state of one item on the service, and when the service says each group
    last changed there (None where it keeps no date)."""
    state: WatchState = EMPTY
    stamps: Mapping[str, datetime | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Record:
    """What the sync remembers of one (service, user, item) between runs: the state last
    seen there, and both sides as they were when the two last agreed (None: never synced)."""
    seen: Seen | None = None
    base_local: WatchState | None = None
    base_remote: WatchState | None = None


@dataclass(frozen=True)
class Change:
    """One group of one movie moving one way: `pull` writes MovieVault, `push` the service."""
    service: str
    user: str
    slug: str
    title: str
    group: str
    direction: str                             # "pull" | "push"
    old: WatchState
    new: WatchState

    def describe(self) -> tuple[str, str]:
        """(before, after) of the group's fields, for the dry-run table."""
        return describe(self.old, self.group), describe(self.new, self.group)


@dataclass(frozen=True)
class Unmatched:
    service: str
    item: Item
    reason: str


def take(group: str, target: WatchState, source: WatchState) -> WatchState:
    """`target` with `group`'s fields from `source`."""
    return replace(target, **{f: getattr(source, f) for f in GROUP_FIELDS[group]})


def describe(state: WatchState, group: str) -> str:
    if group == "played":
        if not state.watched:
            return "unwatched"
        when = f", {state.lastplayed:%Y-%m-%d %H:%M}" if state.lastplayed else ""
        return f"watched ×{state.playcount or 1}{when}"
    if group == "position":
        return f"resume {state.position // 3600}:{state.position // 60 % 60:02}:{state.position % 60:02}" \
            if state.position else "from the start"
    if group == "favorite":
        return "favourite" if state.favorite else "not favourite"
    return f"rated {state.rating:g}" if state.rating is not None else "unrated"
