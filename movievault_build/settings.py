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
    # --- NFO writing (nfotools.writer): sidecars for media servers -------------------
    write_nfo: bool = False            # the scan writes an NFO for movies that have none
    nfo_overwrite: bool = False        # replace existing NFOs too (a backup is kept)
    nfo_format: str = "kodi"           # kodi | jellyfin | emby | plex: names and dialect
    extra: dict = field(default_factory=dict)

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
