"""The one sync rule, as pure functions: for each group of each matched movie, does
MovieVault take the service's value (`pull`), give it ours (`push`), or leave both?

Three-way, per service: both sides are compared with what they were when they last
agreed (the `Record` bases; before the first sync, the empty state).

- Only the service changed: pull. Only MovieVault changed: push.
- Both changed to different values — a conflict: **the newer change wins**, dated by the
  service's timestamps (the last play, the rating's date) against MovieVault's
  `lastplayed`. A tie, or a change either side cannot date (a favourite; a rating made
  in MovieVault), keeps MovieVault's value, which is then pushed.
- A state the service already *agrees* with is never pushed again: that makes every
  push idempotent, so a sync killed after the service took a change but before it was
  recorded finishes without adding a second play.

    >>> from datetime import datetime, timezone
    >>> from ..model import WatchState
    >>> seen = WatchState(watched=True, playcount=1, lastplayed=datetime(2024, 5, 1, tzinfo=timezone.utc))
    >>> decide("played", WatchState(), seen, None, None, EXACT)
    'pull'
    >>> decide("played", seen, WatchState(), None, None, EXACT)
    'push'
    >>> decide("played", seen, seen, None, None, EXACT) is None
    True
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from ..model import WatchState
from .model import EMPTY, GROUPS


@dataclass(frozen=True)
class Capabilities:
    """What a service carries (`groups`) and what it can set exactly. A group it cannot
    set exactly (Plex and Trakt count plays themselves; Trakt rates in whole numbers)
    agrees with MovieVault when pushing ours would change nothing there."""
    groups: tuple[str, ...] = GROUPS
    exact: frozenset[str] = frozenset(GROUPS)
    whole_ratings: bool = False


EXACT = Capabilities()


def project(group: str, state: WatchState) -> Any:
    """What counts as a change of `group` (times to the second, ratings to a tenth)."""
    if group == "played":
        when = state.lastplayed.replace(microsecond=0) if state.lastplayed else None
        return (True, max(state.playcount, 1), when) if state.watched else (False,)
    if group == "position":
        return int(state.position)
    if group == "favorite":
        return bool(state.favorite)
    return round(state.rating, 1) if state.rating is not None else None


def agrees(group: str, local: WatchState, remote: WatchState, caps: Capabilities) -> bool:
    if group in caps.exact:
        return project(group, local) == project(group, remote)
    if group == "played":
        if local.watched != remote.watched:
            return False
        if not local.watched or local.lastplayed is None or remote.lastplayed is None:
            return True
        return remote.lastplayed.timestamp() >= local.lastplayed.timestamp() - 1
    if group == "rating" and caps.whole_ratings:
        mine = round(local.rating) if local.rating is not None else None
        return mine == (round(remote.rating) if remote.rating is not None else None)
    return project(group, local) == project(group, remote)


def local_stamp(group: str, state: WatchState) -> datetime | None:
    """When MovieVault's value of the group changed, as far as it knows: only plays are dated."""
    return state.lastplayed if group in ("played", "position") and state.watched else None


def remote_is_newer(remote: datetime | None, local: datetime | None) -> bool:
    return remote is not None and local is not None and remote.timestamp() > local.timestamp()


def decide(group: str, local: WatchState, remote: WatchState, base_local: WatchState | None,
           base_remote: WatchState | None, caps: Capabilities,
           stamps: Mapping[str, datetime | None] | None = None) -> str | None:
    """'pull', 'push' or None for one group (see the module's rule)."""
    if agrees(group, local, remote, caps):
        return None
    local_moved = project(group, local) != project(group, base_local or EMPTY)
    remote_moved = project(group, remote) != project(group, base_remote or EMPTY)
    if remote_moved and not local_moved:
        return "pull"
    if local_moved and not remote_moved:
        return "push"
    if not local_moved:
        return None           # both as last agreed: a value the service cannot hold exactly
    return "pull" if remote_is_newer((stamps or {}).get(group), local_stamp(group, local)) else "push"
