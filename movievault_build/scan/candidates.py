"""The discover and identify stages over the plan's candidates: the walk's folders, and
what each candidate to redo is (a movie, or an episode, a sample, an extra skipped)."""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator

from ..discover.walk import Candidate, Listing, Problem
from ..process.forked import ROUNDS, fork_map, workers_for
from . import plan as scan_plan
from .report import Progress, ScanReport

if TYPE_CHECKING:
    from ..identify.filename import Guess
    from ..identify.item import Identified

# Identifying is a few milliseconds a candidate (name rules, the NFO's XML), each on its
# own: from this many candidates (a cold scan, a new drive) it runs on every core, in
# forked workers; fewer are done here sooner than workers start.
FORK_FROM = 400


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
    for i, (candidate, ident) in enumerate(zip(plan.redo, identified_all(plan.redo)), 1):
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


def identified_all(candidates: list[Candidate]) -> Iterator[Identified]:
    """identify() of each candidate, in order; in forked workers when there are many.
    A worker sends back what it found without the candidate (the parent has it, and its
    paths are dearer to pickle than the rest): the same values a scan here would make."""
    if workers_for(len(candidates), FORK_FROM) < 2:
        yield from map(identify, candidates)
        return
    from ..identify import item   # noqa: F401  imported once, here, not in every worker
    for candidate, found in zip(candidates, fork_map(_identified_alone, candidates, min_items=FORK_FROM,
                                                          rounds=ROUNDS)):
        yield replace(found, candidate=candidate)


def _identified_alone(candidate: Candidate) -> Identified:
    return replace(identify(candidate), candidate=None)


def _what(ident: Identified) -> str:
    """"episode", "sample", "extra: trailer": why a file is no movie of its own."""
    extra = ident.guess.extra_type
    return f"{ident.kind}: {extra}" if extra and extra != ident.kind else ident.kind
