"""The plugin's options, typed with MkDocs' own config options so an unknown key or a
wrong type fails the build naming the key. The CLI validates through the same class."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..settings import ScanSettings


class MovieVaultConfig(base.Config):
    library = c.ListOfItems(c.Dir(exists=False), default=[])
    content_dir = c.Dir(exists=False, default="content")
    scan = c.Choice(("auto", "always", "never"), default="auto")
    copy_artwork = c.Type(bool, default=True)
    low_confidence = c.Type(float, default=0.6)
    show_paths = c.Type(bool, default=False)   # print library paths on the site (off: privacy)
    # --- media analysis: ffprobe, subtitles, duplicates, library health ---
    probe = c.Choice(("auto", "off"), default="auto")
    probe_timeout = c.Type((int, float), default=30)
    cache_dir = c.Dir(exists=False, default=".cache/movievault")
    thumbnails = c.Type(bool, default=False)
    quarantine_dir = c.Optional(c.Dir(exists=False))


def scan_settings(cfg: MovieVaultConfig, *, roots: list[str] | None = None,
                  content_dir: str | None = None) -> ScanSettings:
    """Plain settings for the engine; CLI overrides (already absolute) win."""
    root_paths = tuple(Path(r) for r in (roots if roots else cfg.library))
    return ScanSettings(
        roots=root_paths,
        content_dir=Path(content_dir or cfg.content_dir),
        scan=cfg.scan,
        copy_artwork=cfg.copy_artwork,
        low_confidence=cfg.low_confidence,
        # media analysis
        probe=cfg.probe,
        probe_timeout=float(cfg.probe_timeout),
        cache_dir=Path(cfg.cache_dir),
        thumbnails=cfg.thumbnails,
        quarantine_dir=Path(cfg.quarantine_dir) if cfg.quarantine_dir else None,
    )
