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
    # kind -> TMDB size fetched: replaces /original/ in TMDB's poster and backdrop URLs, and
    # any size in a TMDB URL of a person's photo (the NFO's or TMDB's). w185 covers the
    # photos every image profile makes (160-185 px squares); widths above it ask for more
    # (site/config.py artwork_settings).
    tmdb_image_size: Mapping[str, str] = field(
        default_factory=lambda: {"poster": "w780", "fanart": "w1280", "actor": "w185"})
    download_kinds: tuple[str, ...] = ("poster", "fanart")   # kinds fetched from URLs
    actor_photos: int = 20             # cast members per movie whose photo is stored; 0: none
    master_max_width: int | None = None   # wider masters are scaled down (JPEG q92, PNG kept)
    retries: int = 2                   # extra attempts on 5xx and timeouts


# -- publishing: where `movievault publish` pushes content/ (vault/publish.py), and the
# host's limits, which `movievault images stats` checks the site against.
# host -> (max site MB, max file entries). GitHub Pages refuses published sites over 1 GB
# (and times deployments out after 10 minutes); GitLab Pages caps sites at 1 GB and
# 200,000 entries, folders included. Netlify has no hard cap and uploads only changed
# files, but a first deploy sends every file within the build's time limit and the free
# plan's bandwidth is 100 GB a month: 2 GB keeps both comfortable.
HOST_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "github-pages": (1024, None),
    "gitlab-pages": (1024, 200_000),
    "netlify": (2048, None),
    "none": (None, None),
}


@dataclass(frozen=True)
class PublishSettings:
    remote: str | None = None          # None: origin, or the only remote
    branch: str | None = None          # None: the branch checked out
    host: str = "github-pages"         # the strictest common free host: warn early, not at deploy
    max_site_mb: int | None = None     # None: the host's limit
    max_files: int | None = None       # file and folder entries; None: the host's limit

    @property
    def limits(self) -> tuple[int | None, int | None]:
        """(MB, entries) the site must stay within; None where there is no limit."""
        mb, files = HOST_LIMITS.get(self.host, (None, None))
        return (self.max_site_mb if self.max_site_mb is not None else mb,
                self.max_files if self.max_files is not None else files)


# -- users (vault/users.py): whose watch state is whose ----------------------------------
DEFAULT_USER = "owner"     # the one user of a library that names none


@dataclass(frozen=True)
class UserInfo:
    name: str                          # a-z, 0-9, '-', '_': file names, URLs, --user
    display_name: str | None = None    # what the site's user switcher shows

    @property
    def label(self) -> str:
        return self.display_name or self.name


@dataclass(frozen=True)
class Users:
    """The library's users, the default one first: its state lives in the movies' `user:`
    blocks, every other user's in content/users/<name>.yml."""
    all: tuple[UserInfo, ...] = (UserInfo(DEFAULT_USER),)

    @property
    def default(self) -> str:
        return self.all[0].name

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.all)

    @property
    def several(self) -> bool:
        return len(self.all) > 1

    def resolve(self, name: str | None) -> str:
        """`--user NAME` (or none: the default user); an unknown name is a UserError."""
        if name is None:
            return self.default
        if name not in self.names:
            from .errors import UserError
            raise UserError(f"unknown user {name!r}; the users are: {', '.join(self.names)} (mkdocs.yml `users:`)")
        return name


# -- operating: logging (logconfig.py), scan profiles (profiles.py), update check --------
@dataclass(frozen=True)
class LogSettings:
    level: str | None = None           # debug | info | warning | error; None: by -v/-q
    format: str = "text"               # text | json (one object per line)
    file: Path | None = None           # also log here, rotated by size
    max_bytes: int = 10 * 1024 * 1024
    backups: int = 3


@dataclass(frozen=True)
class Profile:
    """A named way to scan (`--profile NAME`); None leaves the configured setting as it is."""
    online: bool | None = None         # False: cached answers only; misses wait for the next scan
    probe: bool | None = None          # False: cached ffprobe facts only; the rest kept from last scan
    full: bool | None = None           # True: redo every movie, as `scan --full`
    write_nfo: bool | None = None


@dataclass(frozen=True)
class UpdateCheckSettings:
    enabled: bool = False              # opt-in
    url: str | None = None             # None: the package index's JSON API for movievault


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
    # --- NFO writing (nfo.writer): sidecars for media servers -------------------
    write_nfo: bool = False            # the scan writes an NFO for movies that have none
    nfo_overwrite: bool = False        # replace existing NFOs too (a backup is kept)
    nfo_format: str = "kodi"           # kodi | jellyfin | emby | plex: names and dialect
    extra: dict = field(default_factory=dict)
    # -- library management (index, queries, playlists) --
    index_path: Path | None = None     # the SQLite index; None: .cache/movievault/index.sqlite by mkdocs.yml
    online: OnlineSettings = field(default_factory=OnlineSettings)   # online metadata
    artwork: ArtworkSettings = field(default_factory=ArtworkSettings)   # artwork sources
    publish: PublishSettings = field(default_factory=PublishSettings)
    person_page_min_films: int = 2     # films a person needs in the library for a page of their own
    # --- media analysis: ffprobe, subtitles, duplicates, library health ---
    probe: str = "auto"                # auto: probe every file with ffprobe when installed; off
    probe_timeout: float = 30.0        # seconds one ffprobe run may take
    probe_new: bool = True             # False: cached probe facts only, the rest kept from last scan
    thumbnails: bool = False           # frame grabs (thumb.webp, strip.webp) per movie
    quarantine_dir: Path | None = None  # duplicates moved aside; default <first root>/.movievault-quarantine
    users: Users = field(default_factory=Users)


    # --- operating: logging, profiles, templates, update check ---
    logging: LogSettings = field(default_factory=LogSettings)
    profiles: Mapping[str, Profile] = field(default_factory=dict)   # on top of the built-in ones
    profile: str | None = None         # the profile applied (profiles.py)
    redo_all: bool = False             # every movie redone (a `full` profile)
    templates_dir: Path | None = None  # the user's Jinja templates, looked up before ours
    update_check: UpdateCheckSettings = field(default_factory=UpdateCheckSettings)

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

    def roots_missing(self) -> str | None:
        """Under `scan: always`, why the scan must fail (a root not found, or none given):
        the README's promise is that a missing root fails the run."""
        if self.scan != "always":
            return None
        missing = [r for r in self.roots if not r.is_dir()]
        if not missing and self.roots:
            return None
        return f"{missing[0]}: library root not found (scan: always)" if missing else "no library root configured"

    def should_scan(self) -> bool:
        if self.scan == "never":
            return False
        if self.scan == "always":
            return True
        return self.roots_available()
