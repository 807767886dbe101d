"""Re-fetching chosen films: their movies are redone by a scan that asks the online
services again (the HTTP cache bypassed), and each comes back with what changed."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..scan import pipeline
from ..slugs import roots_by_label
from ..errors import ReadError, UserError
from ..vault.userdata import movie_file
from ..store import document
from ..store.changes import Change, changes
from ..settings import ScanSettings


@dataclass
class Refreshed:
    changes: dict[str, list[Change]] = field(default_factory=dict)   # slug -> what changed
    report: pipeline.ScanReport | None = None


def front(path: Path) -> dict[str, Any]:
    try:
        return document.load_plain(path.read_text("utf-8"), str(path))[0]
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"{path}: cannot read ({exc})") from None
    except ReadError as exc:
        raise UserError(str(exc)) from None


def check_mounted(settings: ScanSettings, slug: str, data: Mapping[str, Any]) -> None:
    """A film is redone from its files: its library must be there, and the film in it."""
    if data.get("missing"):
        raise UserError(f"{slug}: its files were not found at the last scan; nothing to re-fetch")
    labels = roots_by_label(settings.roots)
    for entry in data.get("files") or ():
        root = labels.get(str(entry.get("library"))) if isinstance(entry, Mapping) else None
        if root is not None and root.is_dir():
            return
    raise UserError(f"{slug}: its library is not mounted here (configured roots: "
                    f"{', '.join(str(r) for r in settings.roots) or 'none'})")


def refresh(settings: ScanSettings, slugs: Iterable[str], *, ask_again: bool = True) -> Refreshed:
    """Redo `slugs` with a scan (other movies as incremental scans leave them) and return
    each one's changes. `ask_again` bypasses the HTTP cache."""
    slugs = list(dict.fromkeys(slugs))
    paths = {slug: movie_file(settings.content_dir, slug) for slug in slugs}
    before = {slug: front(path) for slug, path in paths.items()}
    for slug in slugs:
        check_mounted(settings, slug, before[slug])
    if ask_again:
        providers = replace(settings.online.providers, refresh=True)
        settings = replace(settings, online=replace(settings.online, providers=providers))
    report = pipeline.scan(settings, redo=frozenset(slugs))
    out = Refreshed(report=report)
    for slug, path in paths.items():
        out.changes[slug] = changes(before[slug], front(path))
    return out
