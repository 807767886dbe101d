"""Library health: what in content/ needs a look, and the few fixes that are safe.

Reported: movies whose files are gone, images no movie references, movies without
images, incomplete metadata, low-confidence matches (with their files), the files the
last scan skipped as no movie of their own (`content/skipped.yml`), and references that
point nowhere.
The only automatic fix moves unreferenced images into `content/.trash/` with a manifest
(see quarantine.py), so every fix can be undone.
"""
from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..enrich.unmatched import reasons as unmatched_reasons
from ..model import Movie
from ..artwork.names import is_shared
from ..store.library import IMAGES, image_files
from .quarantine import MoveReport, quarantine, restore

TRASH = ".trash"
SECTIONS = {
    "missing": "Files gone (content file kept, marked missing)",
    "unreferenced_images": "Images no movie references",
    "no_images": "Movies without a poster",
    "incomplete": "Incomplete metadata",
    "low_confidence": "Unmatched or low-confidence matches",
    "skipped": "Files skipped (episodes, samples, extras)",
    "broken": "Broken references and unreadable content files",
}


@dataclass
class Issue:
    kind: str                   # a SECTIONS key
    subject: str                # a slug or a content-relative path
    detail: str = ""


@dataclass
class HealthReport:
    issues: list[Issue] = field(default_factory=list)

    def by_kind(self) -> dict[str, list[Issue]]:
        return {k: [i for i in self.issues if i.kind == k] for k in SECTIONS}

    def to_json(self) -> dict[str, Any]:
        return {kind: [asdict(i) for i in issues] for kind, issues in self.by_kind().items()}

    def sections(self) -> list[dict[str, Any]]:
        """For a page: [{kind, title, issues: [{subject, detail}]}], empty sections left out."""
        return [{"kind": k, "title": SECTIONS[k], "issues": [{"subject": i.subject, "detail": i.detail}
                                                              for i in v]}
                for k, v in self.by_kind().items() if v]


def check(movies: Iterable[Movie], content_dir: Path, *, problems: Iterable[str] = (),
          low_confidence: float = 0.6, skipped: Iterable[tuple[str, str]] = ()) -> HealthReport:
    """`skipped`: (library-relative path, what it is) of the files the scan did not take
    as movies."""
    report = HealthReport()
    report.issues.extend(Issue("broken", p.split(": ", 1)[0], p.split(": ", 1)[-1]) for p in problems)
    report.issues.extend(Issue("skipped", path, kind) for path, kind in sorted(skipped))
    referenced: set[str] = set()
    present = set(image_files(content_dir))     # one listing, not a stat per image
    for movie in sorted(movies, key=lambda m: m.slug):
        report.issues.extend(_movie_issues(movie, content_dir, low_confidence, present))
        referenced.update(a.path for a in movie.images if a.path)
    for rel in unreferenced_images(present, referenced):
        report.issues.append(Issue("unreferenced_images", rel))
    return report


def _movie_issues(movie: Movie, content_dir: Path, low_confidence: float, present: set[str]) -> list[Issue]:
    out: list[Issue] = []
    if movie.missing:
        out.append(Issue("missing", movie.slug, "its files were not found at the last scan"))
    if movie.image("poster") is None:
        out.append(Issue("no_images", movie.slug, "no poster"))
    lacking = [name for name, have in (("year", movie.year), ("plot", movie.plot or movie.outline),
                                       ("ids", movie.ids)) if not have]
    if lacking:
        out.append(Issue("incomplete", movie.slug, "no " + ", no ".join(lacking)))
    if why := unmatched_reasons(movie, low_confidence):   # the list `movievault unmatched` prints
        files = ", ".join(f.path for f in movie.files)
        out.append(Issue("low_confidence", movie.slug, "; ".join(why) + (f" ({files})" if files else "")))
    for art in movie.images:
        if art.path and art.path not in present and not os.path.isfile(os.path.join(content_dir, art.path)):
            out.append(Issue("broken", movie.slug, f"{art.kind} image {art.path} does not exist"))
    return out


def unreferenced_images(present: Iterable[str], referenced: set[str]) -> list[str]:
    """The stored images (content-relative) no movie references. Generated variants
    (thumb.webp, strip.webp …) belong to the folder of an image a movie references; people
    and collection masters are shared (artwork/sources.py), not any one movie's."""
    folders = set()             # every folder holding a referenced image, at any depth
    for r in referenced:
        while "/" in r:
            r = r.rsplit("/", 1)[0]
            folders.add(r)
    return [rel for rel in sorted(present)
            if rel not in referenced and not _is_derived(rel, folders) and not is_shared(rel)]


def _is_derived(rel: str, referenced_folders: set[str]) -> bool:
    folder, name = rel.rsplit("/", 1)
    return name.rsplit(".", 1)[0] in ("thumb", "strip") and folder in referenced_folders


def fix(report: HealthReport, content_dir: Path, *, dry_run: bool = False) -> MoveReport:
    """Move unreferenced images to content/.trash/ (manifest kept; undo with `undo_fixes`)."""
    files = [(Path(content_dir) / i.subject, i.subject) for i in report.issues
             if i.kind == "unreferenced_images" and i.subject.startswith(IMAGES + "/")]
    return quarantine(files, Path(content_dir) / TRASH, dry_run=dry_run)


def undo_fixes(content_dir: Path, *, dry_run: bool = False) -> MoveReport:
    """Images back from content/.trash/ — only into content/, whatever its manifest says."""
    return restore(Path(content_dir) / TRASH, [Path(content_dir)], dry_run=dry_run)
