"""Settings the pipeline runs with: plain values, resolved from mkdocs.yml by the site
layer or from CLI flags, so the engine never imports MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class ScanSettings:
    roots: tuple[Path, ...]
    content_dir: Path
    scan: str = "auto"                 # auto | always | never
    copy_artwork: bool = True          # copy local artwork into content/images
    low_confidence: float = 0.6        # guesses below this are listed in the summary
    extra: dict = field(default_factory=dict)
    # --- media analysis: ffprobe, subtitles, duplicates, library health ---
    probe: str = "auto"                # auto: probe every file with ffprobe when installed; off
    probe_timeout: float = 30.0        # seconds one ffprobe run may take
    cache_dir: Path = Path(".cache/movievault")   # probe.sqlite and other derived caches
    thumbnails: bool = False           # frame grabs (thumb.webp, strip.webp) per movie
    quarantine_dir: Path | None = None  # duplicates moved aside; default <first root>/.movievault-quarantine

    @property
    def quarantine(self) -> Path:
        if self.quarantine_dir is not None:
            return self.quarantine_dir
        base = self.roots[0] if self.roots else self.content_dir.parent
        return base / ".movievault-quarantine"

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
