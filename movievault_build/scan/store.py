"""The store stage: one redone movie's front matter written to content/ (if it changed)
and remembered in the scan state; stored movies no longer found marked missing."""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, Mapping

from ..artwork.sources import ArtworkScan, Remote
from ..enrich import online
from ..errors import ReadError
from ..fsutil import WriteBatch
from ..logconfig import about
from ..probe import ffprobe as probe
from ..process.forked import ROUNDS, fork_map, workers_for
from ..settings import ScanSettings
from ..store import library
from ..store.changes import changes
from ..templating import content_body
from . import plan as scan_plan
from .metadata import front_matter
from .report import ScanReport
from .scope import Scope

if TYPE_CHECKING:
    from ..identify.item import Identified


@dataclass(frozen=True)
class MovieInputs:
    """What one movie's front matter is made from, besides its identification."""
    labels: Mapping[Path, str]
    today: str
    found: online.Result
    art: ArtworkScan
    media: probe.MovieMedia | None
    batch: WriteBatch | None = None    # where its files are written (None: a dry run)


@dataclass(frozen=True)
class Outcome:
    """What the scan state remembers of one stored movie (scan_plan.remember_movie)."""
    front_hash: str
    summary: dict[str, Any]
    notes: dict[str, list[str]]
    retry: bool       # a failed lookup or a file left for ffprobe: redone next scan


def store_movie(settings: ScanSettings, plan: scan_plan.Plan, report: ScanReport, slug: str,
                ident: Identified, given: MovieInputs, dry_run: bool) -> Outcome | None:
    """Make one redone movie's front matter and write it if it changed; what to remember
    of it once its files are durable (None: its content file is broken, left alone)."""
    stored = plan.stored
    previous = stored[slug].data if slug in stored else {}
    noted, problems_before = len(report.low_confidence), len(report.problems)
    unsure_before = len(report.unidentified)
    if not dry_run:
        scan_plan.sweep_images(settings.content_dir, slug)
    generated = front_matter(settings, slug, ident, given.labels, stored.get(slug), given.today, report,
                              given.found, given.art)
    generated = probe.apply(generated, given.media)
    unprobed = given.media is not None and given.media.pending
    if unprobed:
        report.unprobed += 1
        generated = probe.keep_previous(generated, previous)
    body = "" if slug in stored else content_body(settings.templates_dir, slug, generated)
    try:
        changed = (not scan_plan.unchanged_write(plan, slug, generated)
                   and library.write_movie(settings.content_dir, slug, generated, dry_run=dry_run, new_body=body,
                                           batch=given.batch))
    except ReadError as exc:     # the content file there is broken: never written over
        if not any(p.startswith(f"{exc.path}: ") for p in report.problems):   # one line a file
            report.problems.append(f"{exc}; left as it is (fix or delete it, then scan again)")
        return None
    if changed and dry_run:   # what a dry run shows (kept only then: a first scan of 100,000 is big)
        report.changes[slug] = changes(previous, generated)
        report.writes.append(f"{library.MOVIES}/{slug}.md")
    if slug not in stored:
        report.new.append(slug)
    elif changed:
        report.changed.append(slug)
    else:
        report.unchanged += 1
    # this movie's own warnings (artwork included) are replayed while it stays unchanged,
    # so a `--strict` build keeps failing until the problem is fixed
    notes = {"problems": list(ident.problems) + report.problems[problems_before:],
             "low_confidence": report.low_confidence[noted:] + _online_notes(report.online, ident),
             "unidentified": [why for path, why in report.unidentified[unsure_before:]]}
    return Outcome(scan_plan.front_hash(generated), scan_plan.summary(generated), notes,
                   retry=given.found.failed or unprobed)


# Storing a movie is a few milliseconds (its front matter, its artwork read and hashed, its
# content file's text and temp file): from this many it runs on every core, in forked
# workers; fewer are done here sooner than workers start.
FORK_FROM = 400
# What store_movie adds to a report (dry runs' changes and writes never fork).
_GROWING = ("new", "changed", "problems", "low_confidence", "unidentified")
_COUNTED = ("unchanged", "unprobed")


@dataclass(frozen=True)
class _Apart:
    """One movie stored by a worker: what the scan process takes over in its turn."""
    outcome: Outcome | None
    added: dict[str, Any]                   # the report's growth (_GROWING tails, _COUNTED deltas)
    written: list[tuple[Path, str]]         # (target, temp file) for the scan's batch
    art: tuple[Any, Any]                    # ArtworkScan.notes()


def store_all(settings: ScanSettings, plan: scan_plan.Plan, report: ScanReport, claimed: Mapping[str, Identified],
              given: Callable[[str], MovieInputs], dry_run: bool) -> Iterator[tuple[str, Identified, Outcome | None]]:
    """store_movie for each claimed movie, in order. Many movies, written (not a dry run)
    and with no provider online, are stored by forked workers: each writes its files
    beside their targets and hands them over, and here, in order, the scan's batch adopts
    them and the report and the artwork scan take what the movie added — so content/, the
    report and the scan state are those of a scan in one process. A movie with an image
    to download is done here (one HTTP client)."""
    slugs = list(claimed)
    inputs = given(slugs[0]) if slugs else None
    online = report.online is not None and bool(report.online.active)
    if (inputs is None or dry_run or inputs.batch is None or online
            or workers_for(len(slugs), FORK_FROM) < 2):
        for slug in slugs:
            yield slug, claimed[slug], _store_here(settings, plan, report, slug, claimed[slug], given, dry_run)
        return
    batch, art = inputs.batch, inputs.art

    def apart(slug: str) -> _Apart | None:
        staged, before = WriteBatch(), _counts(report)
        movie = given(slug)
        worker_art = movie.art.apart(report.problems, staged)
        try:
            with about(movie=slug, file=claimed[slug].candidate.relpath()):
                outcome = store_movie(settings, plan, report, slug, claimed[slug],
                                      replace(movie, art=worker_art, batch=staged), False)
        except Remote:
            staged.discard()
            _rewind(report, before)
            return None
        return _Apart(outcome, _rewind(report, before), staged.hand_over(), worker_art.notes())

    for slug, done in zip(slugs, fork_map(apart, slugs, min_items=FORK_FROM, rounds=ROUNDS)):
        if done is None:
            yield slug, claimed[slug], _store_here(settings, plan, report, slug, claimed[slug], given, dry_run)
            continue
        batch.adopt(done.written)
        _grow(report, done.added)
        art.take(done.art)
        yield slug, claimed[slug], done.outcome


def _store_here(settings: ScanSettings, plan: scan_plan.Plan, report: ScanReport, slug: str, ident: Identified,
                given: Callable[[str], MovieInputs], dry_run: bool) -> Outcome | None:
    with about(movie=slug, file=ident.candidate.relpath()):
        return store_movie(settings, plan, report, slug, ident, given(slug), dry_run)


def _counts(report: ScanReport) -> dict[str, int]:
    return {name: len(getattr(report, name)) for name in _GROWING} | {n: getattr(report, n) for n in _COUNTED}


def _rewind(report: ScanReport, before: dict[str, int]) -> dict[str, Any]:
    """What the report gained since `before` (_counts), taken out of it."""
    added: dict[str, Any] = {}
    for name in _GROWING:
        grown = getattr(report, name)
        added[name] = grown[before[name]:]
        del grown[before[name]:]
    for name in _COUNTED:
        added[name] = getattr(report, name) - before[name]
        setattr(report, name, before[name])
    return added


def _grow(report: ScanReport, added: dict[str, Any]) -> None:
    for name in _GROWING:
        getattr(report, name).extend(added[name])
    for name in _COUNTED:
        setattr(report, name, getattr(report, name) + added[name])


def remember(settings: ScanSettings, plan: scan_plan.Plan, slug: str, ident: Identified,
             outcome: Outcome, batch: WriteBatch | None) -> None:
    """Record a stored movie in the scan state, once its files are in place and durable."""
    done = functools.partial(scan_plan.remember_movie, plan, ident.candidate, slug, outcome.front_hash,
                             outcome.summary, settings.movies_dir / f"{slug}.md", outcome.notes,
                             retry=outcome.retry)
    if batch is not None:
        batch.after(done)
    else:
        done()


def _online_notes(online_report: online.OnlineReport | None, ident: Identified) -> list[str]:
    label = ident.candidate.relpath() + ":"
    return [line for line in (online_report.low_confidence if online_report else ()) if line.startswith(label)]


def looked(settings: ScanSettings, labels: Mapping[Path, str],
           scope: Scope | None) -> Callable[[str, str], bool]:
    """Whether this scan looked at (library label, path): a root that is there; the scope,
    if targeted. What lies elsewhere keeps what the last scan said of it."""
    scanned = {labels[r] for r in settings.roots if r.is_dir()}
    if scope is None:
        return lambda lib, path: lib in scanned
    return lambda lib, path: scope.holds_file(f"{lib}:{path}")


def mark_missing(settings: ScanSettings, plan: scan_plan.Plan, present: set[str],
                 labels: Mapping[Path, str], report: ScanReport, dry_run: bool,
                 looked: Callable[[str, str], bool], scope: Scope | None = None) -> None:
    """A stored movie none of whose files was found is marked missing, when every one of
    them lies where this scan looked."""
    scanned = {labels[r] for r in settings.roots if r.is_dir()}
    for slug, old in plan.stored.items():
        keys = old.file_keys()
        if slug not in present and keys and all(looked(lib, path) for lib, path in keys):
            if library.mark_missing(old, dry_run=dry_run):
                report.missing.append(slug)
                scan_plan.remember_missing(plan, slug, old.path)
    scan_plan.forget_vanished(plan, scanned, present, scope)
