"""Settings the pipeline runs with: plain values, resolved from mkdocs.yml by the site
layer or from CLI flags, so the engine never imports MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class ScanSettings:
    roots: tuple[Path, ...]
    content_dir: Path
    scan: str = "auto"                 # auto | always | never
    copy_artwork: bool = True          # copy local artwork into content/images
    low_confidence: float = 0.6        # guesses below this are listed in the summary
    cache_dir: Path = Path(".cache/movievault")   # derived data: safe to delete
    images: Any = None                 # artwork.variants.ImageSettings (None: defaults)
    extra: dict = field(default_factory=dict)
    # -- library management (index, queries, playlists) --
    index_path: Path | None = None     # the SQLite index; None: .cache/movievault/index.sqlite by mkdocs.yml

    @property
    def movies_dir(self) -> Path:
        return self.content_dir / "movies"

    @property
    def images_dir(self) -> Path:
        return self.content_dir / "images"

    def roots_available(self) -> bool:
        return any(r.is_dir() for r in self.roots)

    def should_scan(self) -> bool:
        if self.scan == "never":
            return False
        if self.scan == "always":
            return True
        return self.roots_available()
