"""The discover and identify stages over the plan's candidates: the walk's folders, and
what each candidate to redo is (a movie, or an episode, a sample, an extra skipped)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterator

from ..discover.walk import Candidate, Listing, Problem
from . import plan as scan_plan
from .report import Progress, ScanReport

if TYPE_CHECKING:
    from ..identify.filename import Guess
    from ..identify.item import Identified


def discovered(walked: Callable[[], list[Listing | Problem]], report: ScanReport) -> Iterator[Listing]:
    """The roots' folders as listed, once the walk is done (the plan asks late, and makes
    candidates of the folders that changed); the walk's problems go to the report."""
    for item in walked():
        if isinstance(item, Problem):
            report.problems.append(str(item))
        else:
            yield item


def identify(candidate: Candidate) -> Identified:
    """The identify stage, imported when a scan first has a candidate to identify: its
    name rules and NFO reader are a tenth of a second of every warm build's start-up."""
    from ..identify.item import identify as identified
    return identified(candidate)


def parse(name: str) -> Guess:
    from ..identify.filename import parse as parsed   # as identify(): only when there is work
    return parsed(name)


def identify_all(plan: scan_plan.Plan, report: ScanReport,
                 progress: Progress | None) -> list[Identified]:
    movies: list[Identified] = []
    for i, candidate in enumerate(plan.redo, 1):
        ident = identify(candidate)
        if progress:
            progress(i, len(plan.redo), candidate.relpath())
        if ident.kind != "movie":
            report.skipped[ident.kind] += 1
            report.skipped_files.append((*plan.key(candidate).split(":", 1), _what(ident)))
            scan_plan.remember_other(plan, candidate, ident.kind)
            continue
        report.problems.extend(ident.problems)
        movies.append(ident)
    return movies


def _what(ident: Identified) -> str:
    """"episode", "sample", "extra: trailer": why a file is no movie of its own."""
    extra = ident.guess.extra_type
    return f"{ident.kind}: {extra}" if extra and extra != ident.kind else ident.kind
