"""One sync run: for each user, every service's changes are read first and MovieVault takes
what it should (phase A, pulls, in the configured order of services: a conflict between
two services is settled by the same newer-wins rule); then every service gets MovieVault's
final state (phase B, pushes). So one run carries a play from Plex to Jellyfin and Trakt,
and a second run finds nothing to do.

Failure is per service: one that cannot be read is skipped whole (nothing pulled from it,
nothing pushed to it, nothing of it recorded), and the others go on. Order makes a killed
run safe to repeat: the state seen is recorded first, MovieVault's files next, the
services' writes after, and each service's new bases and cursor last — so a repeat reads
again from the old cursor and finds either nothing left to do or a state the service
already agrees with (merge.py), never a change to make twice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..process.checkpoints import checkpoint
from ..errors import MovieVaultError, ProviderError, ReadError
from ..vault.users import load_states, save_states
from ..log import get_logger
from ..model import Movie, WatchState
from ..settings import ScanSettings
from .match import MovieIndex
from .merge import agrees, decide
from .model import EMPTY, Change, Item, Record, Seen, Unmatched, take
from .service import Push, Pushed, Service
from .settings import SyncSettings
from .state import SyncState

log = get_logger(__name__)


@dataclass
class ServiceReport:
    name: str
    matched: int = 0
    unmatched: list[Unmatched] = field(default_factory=list)
    pulled: int = 0                     # changes made to MovieVault
    pushed: int = 0                     # changes made to the service
    collected: int = 0                  # movies added to a Trakt collection
    errors: list[str] = field(default_factory=list)
    requests: int = 0
    refreshed: int = 0                  # folders a media server was asked to look at again

    def summary(self, dry_run: bool = False) -> str:
        would = "would be " if dry_run else ""
        extra = f", {self.collected} {would}added to the collection" if self.collected else ""
        extra += f", {self.refreshed} folders refreshed" if self.refreshed else ""
        return (f"{self.name}: {self.matched} matched, {len(self.unmatched)} unmatched; "
                f"{self.pulled} {would}changed in MovieVault, {self.pushed} {would}changed in {self.name}{extra}; "
                f"{len(self.errors)} errors; {self.requests} requests")


@dataclass
class SyncReport:
    dry_run: bool = False
    services: dict[str, ServiceReport] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems) or any(r.errors for r in self.services.values())


@dataclass
class _Session:
    """One service during one user's run."""
    service: Service
    key: str                            # state key
    records: dict[str, Record]
    seen: dict[str, Seen]
    items: dict[str, Item]
    matches: dict[str, str]             # item key -> slug
    cursor_before: str | None
    cursor_after: str | None
    bases: dict[str, tuple[WatchState, WatchState]] = field(default_factory=dict)


def run(settings: ScanSettings, sync: SyncSettings, services: list[Service], *, users: list[str] | None = None,
        dry_run: bool = False, movies: list[Movie] | None = None) -> SyncReport:
    report = SyncReport(dry_run=dry_run)
    if movies is None:
        from ..store.library import load_movies
        movies, problems = load_movies(settings.content_dir, settings.cache_dir)
        report.problems.extend(problems)
    from ..slugs import roots_by_label
    index = MovieIndex(movies, roots_by_label(settings.roots))
    state = SyncState(sync.state_dir)
    try:
        for s in services:
            report.services[s.ID] = ServiceReport(s.NAME)
        wanted = [u for u in settings.users.names if any(u in s.users() for s in services)]
        for user in (u for u in wanted if users is None or u in users):
            _run_user(user, settings, sync, services, index, state, report, dry_run)
        for s in services:
            if not dry_run and s.ID in ("jellyfin", "plex") and not report.services[s.ID].errors:
                _refresh(s, sync, state, index, report.services[s.ID])
    finally:
        state.close()
        for s in services:
            report.services[s.ID].requests = s.requests()
    return report


def _run_user(user: str, settings: ScanSettings, sync: SyncSettings, services: list[Service], index: MovieIndex,
              state: SyncState, report: SyncReport, dry_run: bool) -> None:
    try:
        local = load_states(settings.content_dir, settings.users, user, index.movies.values())
    except ReadError as exc:
        report.problems.append(f"{user}: {exc}; nothing synced for this user")
        return
    before = dict(local)
    sessions: list[_Session] = []
    for s in (s for s in services if user in s.users()):
        try:
            session = _read(s, user, index, sync, state, report.services[s.ID], dry_run)
        except MovieVaultError as exc:
            report.services[s.ID].errors.append(f"{user}: {exc}")
            log.warning("%s (%s): %s", s.NAME, user, exc)
            continue
        _pull(session, user, local, report)
        sessions.append(session)
    changed = {slug: st for slug, st in local.items() if st != before.get(slug)}
    if changed and not dry_run:
        save_states(settings.content_dir, settings.users, user, changed)
        checkpoint("sync-pulled")
    for session in sessions:
        try:
            _push(session, user, local, state, report, dry_run, list(index.movies.values()))
        except MovieVaultError as exc:
            report.services[session.service.ID].errors.append(f"{user}: {exc}")
            log.warning("%s (%s): %s", session.service.NAME, user, exc)


def _read(s: Service, user: str, index: MovieIndex, sync: SyncSettings, state: SyncState,
          sr: ServiceReport, dry_run: bool) -> _Session:
    key = s.state_key
    records = state.records(key, user)
    last = {k: r.seen for k, r in records.items() if r.seen is not None}
    cursor = state.cursor(key, user)
    fetched = s.fetch(user, last, cursor)
    items = {**state.items(key), **fetched.items}
    gone = set(items) - set(fetched.items) if fetched.complete else set()
    if not dry_run:
        with state.transaction():
            state.put_items(key, fetched.items.values())
            state.drop_items(key, gone)
            state.put_seen(key, user, fetched.seen)
    for k in gone:
        items.pop(k, None)
    seen = {**last, **fetched.seen}
    matches: dict[str, str] = {}
    sr.unmatched = []
    for k, item in sorted(items.items(), key=lambda kv: kv[1].label.casefold()):
        slug, how = index.match(item, sync.path_mappings)
        if slug is None:
            sr.unmatched.append(Unmatched(s.NAME, item, how))
        else:
            matches[k] = slug
    if s.addressable:                  # movies the service never listed, known by their ids
        taken = set(matches.values())
        for movie in index.movies.values():
            k = s.local_key(movie)
            if k and movie.slug not in taken and k not in items:
                items[k] = Item(k, movie.title, movie.year, dict(movie.ids))
                matches[k] = movie.slug
    sr.matched = len(matches)
    return _Session(s, key, records, seen, items, matches, cursor, fetched.cursor)


def _groups(session: _Session, key: str, slug: str, local: Mapping[str, WatchState], wanted: str) -> list[str]:
    rec = session.records.get(key, Record())
    seen = session.seen.get(key) or Seen()
    base_l, base_r = session.bases.get(key, (rec.base_local, rec.base_remote))
    return [g for g in session.service.caps.groups
            if decide(g, local[slug], seen.state, base_l, base_r, session.service.caps, seen.stamps) == wanted]


def _pull(session: _Session, user: str, local: dict[str, WatchState], report: SyncReport) -> None:
    sr = report.services[session.service.ID]
    for key, slug in session.matches.items():
        if slug not in local:
            continue
        remote = (session.seen.get(key) or Seen()).state
        for group in _groups(session, key, slug, local, "pull"):
            new = take(group, local[slug], remote)
            report.changes.append(Change(session.service.NAME, user, slug, session.items[key].title, group,
                                         "pull", local[slug], new))
            local[slug] = new
            sr.pulled += 1
            # as agreed for this group now: phase B must not push it straight back
            rec = session.records.get(key, Record())
            base_l, base_r = session.bases.get(key, (rec.base_local, rec.base_remote))
            session.bases[key] = (take(group, base_l or EMPTY, new), take(group, base_r or EMPTY, remote))


def _push(session: _Session, user: str, local: dict[str, WatchState], state: SyncState, report: SyncReport,
          dry_run: bool, movies: list[Movie]) -> None:
    s, sr = session.service, report.services[session.service.ID]
    pushes: list[Push] = []
    for key, slug in session.matches.items():
        if slug not in local:
            continue
        groups = tuple(_groups(session, key, slug, local, "push"))
        if groups:
            remote = (session.seen.get(key) or Seen()).state
            pushes.append(Push(key, session.items[key], local[slug], remote, groups))
            for g in groups:
                report.changes.append(Change(s.NAME, user, slug, session.items[key].title, g, "push", remote,
                                             take(g, remote, local[slug])))
            sr.pushed += len(groups)
    collected = s.library_sync(user, movies, dry_run)
    sr.collected += collected
    if dry_run:
        return
    pushed = s.push(user, pushes) if pushes else None
    checkpoint("sync-pushed")
    cursor = session.cursor_after
    if pushed is not None or collected:
        pushed = pushed or Pushed()
        for key, why in pushed.failed.items():
            sr.errors.append(f"{user}: {session.items[key].label}: {why}")
        # from this run's own read: what changed since (our writes among it), not all again
        again = s.refetch(user, session.seen, session.cursor_after, [p.key for p in pushes])
        session.seen.update(pushed.seen)
        session.seen.update(again.seen)
        cursor = again.cursor or cursor
        with state.transaction():
            state.put_items(session.key, again.items.values())
            state.put_seen(session.key, user, {**pushed.seen, **again.seen})
            state.drop_items(session.key, pushed.gone)
    _record(session, user, local, state, pushes, pushed, cursor)


def _record(session: _Session, user: str, local: Mapping[str, WatchState], state: SyncState,
            pushes: list[Push], pushed, cursor: str | None) -> None:
    """Both sides as they now stand become the bases; a push the service did not take (it
    failed, or the service still disagrees) keeps the old ones, so the next run tries again."""
    caps = session.service.caps
    failed = set(pushed.failed) | set(pushed.gone) if pushed else set()
    wanted = {p.key: p.groups for p in pushes}
    bases: dict[str, tuple[WatchState, WatchState]] = {}
    for key, slug in session.matches.items():
        if slug not in local or key in failed:
            continue
        remote = (session.seen.get(key) or Seen()).state
        if key in wanted and not all(agrees(g, local[slug], remote, caps) for g in wanted[key]):
            continue
        rec = session.records.get(key, Record())
        if (rec.base_local, rec.base_remote) != (local[slug], remote):
            bases[key] = (local[slug], remote)
    with state.transaction():
        state.put_bases(session.key, user, bases)
        state.put_cursor(session.key, user, cursor)


def _refresh(s: Service, sync: SyncSettings, state: SyncState, index: MovieIndex, sr: ServiceReport) -> None:
    """Folders MovieVault wrote NFOs into since the last sync: the server looks at them again."""
    from ..path_mapping import map_path
    pending = state.pending_refresh(s.state_key)
    if not pending:
        return
    items = state.items(s.state_key)
    folders: dict[str, list[Item]] = {p: [] for p in pending}
    for item in items.values():
        if item.path:
            mine = str(Path(map_path(item.path, sync.path_mappings)).parent)
            if mine in folders:
                folders[mine].append(item)
    try:
        done = s.refresh(folders)
    except ProviderError as exc:
        sr.errors.append(f"refresh: {exc}")
        return
    state.refreshed(s.state_key, done)
    sr.refreshed += len(done)


def queue_refresh(sync: SyncSettings, services: list[Service], folders: list[str]) -> None:
    """Remember folders whose NFO MovieVault wrote, for the next sync to have them looked at."""
    if not folders:
        return
    state = SyncState(sync.state_dir)
    try:
        keys = [s.state_key for s in services if s.ID in ("jellyfin", "plex")
                and getattr(getattr(s, "settings", None), "refresh", False)]
        state.queue_refresh(keys, [str(Path(f)) for f in folders])
    finally:
        state.close()

