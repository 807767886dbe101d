"""What a scan found and did: its report, and the unchanged candidates' warnings repeated
from the scan state."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from ..enrich.online import OnlineReport
from ..store.changes import Change
from . import plan as scan_plan

Progress = Callable[[int, int, str], None]      # (done, of, what): a scan's progress line


@dataclass
class ScanReport:
    found: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    skipped_files: list[tuple[str, str, str]] = field(default_factory=list)   # (library, path, what it is)
    problems: list[str] = field(default_factory=list)
    low_confidence: list[str] = field(default_factory=list)
    unidentified: list[tuple[str, str]] = field(default_factory=list)    # (path, why)
    dry_run: bool = False
    online: OnlineReport | None = None
    nfo_written: list[str] = field(default_factory=list)   # NFOs written beside the videos
    changes: dict[str, list[Change]] = field(default_factory=dict)   # dry run: slug -> fields that would change
    writes: list[str] = field(default_factory=list)     # dry run: content-relative files it would write
    unprobed: int = 0                                    # files left for ffprobe (dry run, quick scan)

    def to_json(self) -> dict[str, Any]:
        """The whole report, for `movievault scan --report FILE` (paths are library-relative)."""
        return {
            "found": self.found, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
            "missing": self.missing, "dry_run": self.dry_run,
            "skipped": [{"library": lib, "path": p, "kind": k} for lib, p, k in sorted(self.skipped_files)],
            "unidentified": [{"path": p, "why": w} for p, w in sorted(self.unidentified)],
            "low_confidence": self.low_confidence, "problems": self.problems,
            "replaced_ids": self.online.replaced if self.online else [],
            "online_failed": self.online.failed if self.online else [],
        }

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))
        verb = "would be " if self.dry_run else ""
        return (f"{self.found} movies found: {len(self.new)} {verb}new, {len(self.changed)} {verb}changed, "
                f"{self.unchanged} unchanged, {len(self.missing)} {verb}marked missing; "
                f"{skipped} skipped" + (f" ({kinds})" if kinds else "") + f"; {len(self.problems)} problems"
                + (f"; {self.online.summary()}" if self.online and self.online.active else ""))


def replay_kept(plan: scan_plan.Plan, report: ScanReport) -> None:
    """Unchanged candidates count as before and repeat their warnings, unread."""
    report.unchanged += len(plan.kept)
    for key, kind in plan.kept_other.items():
        report.skipped[kind] += 1
        report.skipped_files.append((*key.split(":", 1), kind))
    for key in plan.kept:
        notes = plan.state.candidates[key].notes
        report.problems.extend(notes.get("problems", ()))
        report.low_confidence.extend(notes.get("low_confidence", ()))
        report.unidentified.extend((key.split(":", 1)[-1], why) for why in notes.get("unidentified", ()))
