"""The store stage: one redone movie's front matter written to content/ (if it changed)
and remembered in the scan state; stored movies no longer found marked missing."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Mapping

from ..artwork.sources import ArtworkScan
from ..enrich import online
from ..errors import ReadError
from ..fsutil import WriteBatch
from ..probe import ffprobe as probe
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


def store_movie(settings: ScanSettings, plan: scan_plan.Plan, report: ScanReport, slug: str,
                ident: Identified, given: MovieInputs, dry_run: bool) -> None:
    """Make one redone movie's front matter, write it if it changed, and remember it."""
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
        return
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
    remember = functools.partial(scan_plan.remember_movie, plan, ident.candidate, slug, generated,
                                 settings.movies_dir / f"{slug}.md", notes, retry=given.found.failed or unprobed)
    if given.batch is not None:
        given.batch.after(remember)   # recorded once its files are in place and durable
    else:
        remember()


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
