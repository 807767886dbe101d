"""Names for the library roots: a short, machine-independent label per root, the same for
the scan, the NFO tools, the site's health page and the CLI."""
from __future__ import annotations

from pathlib import Path

from ..model import unique_slug


def root_labels(roots: tuple[Path, ...]) -> dict[Path, str]:
    """A short, machine-independent name for each root (its folder name, made unique)."""
    labels: dict[Path, str] = {}
    for root in roots:
        labels[root] = unique_slug(root.name or "library", labels.values())
    return labels
