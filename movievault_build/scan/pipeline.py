"""The one place that knows the stage order: discover → identify → enrich → store.

Everything is gathered first and written last, so slugs, collections and the
missing-movie marks come out consistent whatever order the disk lists files in. Each
stage's work for one movie lives in its own module: candidates.py (discover, identify),
claim.py (which content file a movie is), metadata.py and art.py (enrich), store.py
(write, mark missing), report.py (what the scan tells).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import replace
from pathlib import Path
from typing import Iterable

from ..artwork.sources import ArtworkScan
from ..discover.background import start_walk
from ..errors import UserError
from ..fsutil import WriteBatch
from ..log import get_logger, safe_path
from ..probe import ffprobe as probe
from ..process.checkpoints import checkpoint
from ..settings import ScanSettings
from ..slugs import root_labels
from ..store.scan_state import ScanState
from ..store.skipped import save as save_skipped
from .. import problems
from . import plan as scan_plan
from .candidates import discovered, identify_all
from .claim import assign_slugs
from .metadata import look_up
from .report import Progress, ScanReport, replay_kept
from .scope import Scope
from .store import MovieInputs, looked, mark_missing, remember, store_all

__all__ = ["scan", "ScanReport", "Progress"]
log = get_logger(__name__)
# A library whose last scan state is smaller (about a thousand movies) is walked in less
# time than a fork costs.
WALK_IN_CHILD_FROM = 1 << 20
# Movies whose files are made durable together (fsutil.WriteBatch): the first batches are
# small, so a short scan's files land soon; later ones larger, so a big scan syncs seldom.
FIRST_BATCH, LARGEST_BATCH = 16, 512


def scan(settings: ScanSettings, *, dry_run: bool = False, progress: Progress | None = None,
         full: bool = False, folders: Iterable[tuple[Path, bool]] | None = None,
         redo: frozenset[str] = frozenset()) -> ScanReport:
    """Scan the roots into content/. Incremental: candidates whose inputs and content file
    are as the last scan left them are kept untouched (scan/plan.py); `full` redoes all,
    `redo` the movies of those slugs (`movievault refresh`).

    `folders` ((folder, with its sub-folders?) pairs) makes it a targeted scan: only those
    folders are listed, and only movies whose files lie in them can be found gone."""
    if (why := settings.roots_missing()) is not None:
        raise UserError(safe_path(why))
    report = ScanReport(dry_run=dry_run)
    if dry_run:   # sends nothing and runs no ffprobe: cached answers only, the rest is listed
        settings = replace(settings, probe_new=False, online=replace(
            settings.online, providers=replace(settings.online.providers, offline=True, refresh=False)))
    labels = root_labels(settings.roots)
    scope = None if folders is None else Scope.of(settings.roots, folders, labels)
    if scope is not None:
        report.problems.extend(f"{safe_path(p)}: not under a library root; not scanned" for p in scope.outside)
        walked = lambda: list(scope.listings())   # noqa: E731
    else:
        walked = start_walk(list(settings.roots),   # on the other core, while the state loads
                            in_child=ScanState.saved_bytes(settings.cache_dir) >= WALK_IN_CHILD_FROM)
    fingerprint = scan_plan.settings_fingerprint(settings, labels, probe.find_ffprobe(settings.probe))
    state = ScanState.load(settings.cache_dir, fingerprint, fresh=full or settings.redo_all)
    for slug in redo:   # not trusted: its content file is read again and its movie redone
        state.drop_movie(slug)
    plan = scan_plan.make_plan(settings, labels, discovered(walked, report), state, scope)
    report.problems.extend(plan.problems)
    replay_kept(plan, report)
    stored = plan.stored
    movies = identify_all(plan, report, progress)
    claimed = assign_slugs(movies, stored, labels, taken=set(plan.kept.values()),
                           preset={plan.key(i.candidate): s for i in movies
                                   if (s := plan.moved.get(plan.key(i.candidate)))})
    scan_plan.load_full(plan, list(claimed))
    found, report.online = look_up(settings, claimed, stored, progress,
                                   moved={s for s in claimed if plan.key(claimed[s].candidate) in plan.moved})
    report.low_confidence.extend(report.online.low_confidence)
    media = probe.analyse(settings, {s: i.candidate for s, i in claimed.items()}, report.problems, dry_run)
    today = _dt.date.today().isoformat()
    batch = None if dry_run else WriteBatch()
    art = ArtworkScan(settings.artwork, settings.content_dir, settings.roots, report.problems,
                      copy=settings.copy_artwork, dry_run=dry_run, batch=batch)
    def given(slug: str) -> MovieInputs:
        return MovieInputs(labels, today, found[slug], art, media.get(slug), batch)

    try:
        size, in_batch = FIRST_BATCH, 0
        for slug, ident, outcome in store_all(settings, plan, report, claimed, given, dry_run):
            if outcome is not None:   # recorded once its files are in place and durable
                remember(settings, plan, slug, ident, outcome, batch)
            checkpoint("movie")
            in_batch += 1
            if batch is not None and in_batch >= size:
                batch.commit()
                size, in_batch = min(2 * size, LARGEST_BATCH), 0
        art.finish()   # people and collection images, shared by many movies (commits the batch)
    finally:
        if batch is not None:
            batch.discard()   # what an error left uncommitted
        art.close()
    report.writes.extend(art.planned)
    seen = looked(settings, labels, scope)
    mark_missing(settings, plan, set(claimed) | set(plan.kept.values()), labels, report, dry_run, seen, scope)
    save_skipped(settings.content_dir, report.skipped_files, seen, dry_run)
    report.found = len(claimed) + len(plan.kept)
    if not dry_run:
        checkpoint("state")
        plan.state.save()
    if settings.write_nfo and not dry_run:
        from ..nfo import writer   # NFO sidecars for media servers (README "NFO writing")
        written = writer.write_missing(settings)
        report.problems.extend(written.problems)
        report.nfo_written.extend(written.written)
    problems.report(log, report.problems, settings.known_problems, note_fixed=True)
    return report
