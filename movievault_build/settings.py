"""Settings the pipeline runs with: plain values, resolved from mkdocs.yml by the site
layer or from CLI flags, so the engine never imports MkDocs."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .providers.base import ProviderSettings

CACHE_DIR = Path(".cache") / "movievault"


# -- online metadata (enrich/online.py) ---------------------------------------------------
@dataclass(frozen=True)
class OnlineSettings:
    """How NFO and the online providers are chained and merged. `providers` carries the
    keys, URLs, language, limits and cache the providers themselves read."""
    providers: ProviderSettings = field(default_factory=ProviderSettings)
    fallback_order: tuple[str, ...] = ("nfo", "tmdb", "omdb")   # first listed wins a field
    prefer: str | None = None          # nfo | online: moves the NFO first or last
    rating_source: str | None = None   # imdb | tmdb | nfo | rottentomatoes | metacritic
    fallback_languages: tuple[str, ...] = ()
    cache_dir: Path | None = None      # None: .cache/movievault next to content/


# -- artwork sources (artwork/sources.py): where the masters in content/images come from --
@dataclass(frozen=True)
class ArtworkSettings:
    sources: tuple[str, ...] = ("local", "nfo", "tmdb")   # tried in this order, per image
    nfo_download_images: bool = True   # fetch the URLs an NFO names (local NFO paths always count)
    allow_hosts: tuple[str, ...] = ()  # hosts/IPs allowed even when private or loopback
    image_max_bytes: int = 20 * 1024 * 1024
    tmdb_image_size: Mapping[str, str] = field(
        default_factory=lambda: {"poster": "w780", "fanart": "w1280"})   # replaces /original/
    download_kinds: tuple[str, ...] = ("poster", "fanart")   # kinds fetched from URLs
    actor_photos: int = 20             # cast members per movie whose photo is stored; 0: none
    master_max_width: int | None = None   # wider masters are scaled down (JPEG q92, PNG kept)
    retries: int = 2                   # extra attempts on 5xx and timeouts


# -- publishing (library/publish.py): where `movievault publish` pushes content/ ----------
@dataclass(frozen=True)
class PublishSettings:
    remote: str | None = None          # None: origin, or the only remote
    branch: str | None = None          # None: the branch checked out


@dataclass(frozen=True)
class ScanSettings:
    roots: tuple[Path, ...]
    content_dir: Path
    scan: str = "auto"                 # auto | always | never
    copy_artwork: bool = True          # copy local artwork into content/images
    low_confidence: float = 0.6        # guesses below this are listed in the summary
    known_problems: tuple[Path, ...] = ()   # files whose problems are accepted (problems.py)
    images: Any = None                 # artwork.variants.ImageSettings (None: defaults)
    cache_dir: Path | None = None      # derived data; None: online.cache_dir or .cache/movievault by content/
    # --- NFO writing (nfotools.writer): sidecars for media servers -------------------
    write_nfo: bool = False            # the scan writes an NFO for movies that have none
    nfo_overwrite: bool = False        # replace existing NFOs too (a backup is kept)
    nfo_format: str = "kodi"           # kodi | jellyfin | emby | plex: names and dialect
    extra: dict = field(default_factory=dict)
    # -- library management (index, queries, playlists) --
    index_path: Path | None = None     # the SQLite index; None: .cache/movievault/index.sqlite by mkdocs.yml
    online: OnlineSettings = field(default_factory=OnlineSettings)   # online metadata
    artwork: ArtworkSettings = field(default_factory=ArtworkSettings)   # artwork sources
    publish: PublishSettings = field(default_factory=PublishSettings)
    # --- media analysis: ffprobe, subtitles, duplicates, library health ---
    probe: str = "auto"                # auto: probe every file with ffprobe when installed; off
    probe_timeout: float = 30.0        # seconds one ffprobe run may take
    thumbnails: bool = False           # frame grabs (thumb.webp, strip.webp) per movie
    quarantine_dir: Path | None = None  # duplicates moved aside; default <first root>/.movievault-quarantine

    @property
    def quarantine(self) -> Path:
        if self.quarantine_dir is not None:
            return self.quarantine_dir
        base = self.roots[0] if self.roots else self.content_dir.parent
        return base / ".movievault-quarantine"

    def __post_init__(self) -> None:
        if self.cache_dir is None:   # one cache folder for every derived cache
            object.__setattr__(self, "cache_dir", self.online.cache_dir or self.content_dir.parent / CACHE_DIR)

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
