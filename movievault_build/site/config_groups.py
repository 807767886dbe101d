"""The plugin's option groups, one per concern (README "Configuration"): what a scan
reports, where metadata and artwork come from, NFO writing, media analysis, the site."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .config_moved import SHOW_PATHS_RETIRED

_NUMBER = (int, float)
RATING_SOURCES = ("imdb", "tmdb", "nfo", "rottentomatoes", "metacritic")


class Range(c.Type):
    """A number within [low, high] (high None: no upper bound); bool is not a number."""

    def __init__(self, kind: type | tuple[type, ...], low: float, high: float | None = None, **kwargs) -> None:
        super().__init__(kind, **kwargs)
        self.low, self.high = low, high

    def run_validation(self, value: object):
        value = super().run_validation(value)
        if isinstance(value, bool) or value < self.low or (self.high is not None and value > self.high):
            bound = f"between {self.low} and {self.high}" if self.high is not None else f"at least {self.low}"
            raise c.ValidationError(f"must be {bound}, not {value!r}")
        return value


class ScanConfig(base.Config):
    """When a build scans, and what its report lists."""
    when = c.Choice(("auto", "always", "never"), default="auto")
    low_confidence = Range(_NUMBER, 0, 1, default=0.6)   # guesses below this are listed
    known_problems = c.ListOfItems(c.File(exists=False), default=[])   # accepted: info, not warnings


class ScanOption(c.SubConfig[ScanConfig]):
    """`scan: never`, short for `scan: {when: never}`."""

    def run_validation(self, value: object) -> ScanConfig:
        return super().run_validation({"when": value} if isinstance(value, str) else value)


class OnlineConfig(base.Config):
    """Online metadata (TMDB, OMDb): enrich/online.py. Keys with `!ENV`; never commit one."""
    offline = c.Type(bool, default=False)
    fallback_order = c.ListOfItems(c.Type(str), default=["nfo", "tmdb", "omdb"])
    prefer = c.Optional(c.Choice(("nfo", "online")))
    rating_source = c.Optional(c.Choice(RATING_SOURCES))
    tmdb_api_key = c.Optional(c.Type(str))
    tmdb_read_token = c.Optional(c.Type(str))
    tmdb_api_url = c.Optional(c.Type(str))
    tmdb_image_url = c.Optional(c.Type(str))
    omdb_api_key = c.Optional(c.Type(str))
    omdb_api_url = c.Optional(c.Type(str))
    language = c.Type(str, default="en-US")
    fallback_languages = c.ListOfItems(c.Type(str), default=[])
    certification_country = c.Type(str, default="US")
    min_confidence = Range(_NUMBER, 0, 1, default=0.7)   # weaker search matches are listed, not taken
    workers = Range(int, 1, default=4)
    rate_limit = Range(_NUMBER, 0, default=20)      # requests per second per host; 0 = unlimited
    timeout = Range(_NUMBER, 0.001, default=10)
    retries = Range(int, 0, default=4)


class ArtworkConfig(base.Config):
    """Where the masters in content/images come from (README "Artwork"); `images:` says
    which variants the site gets from them."""
    sources = c.ListOfItems(c.Choice(("local", "nfo", "tmdb")), default=["local", "nfo", "tmdb"])
    copy_local = c.Type(bool, default=True)       # copy the library's own artwork into content/
    nfo_download_images = c.Type(bool, default=True)
    allow_hosts = c.ListOfItems(c.Type(str), default=[])     # empty: private/loopback hosts refused
    max_bytes = Range(int, 1, default=20 * 1024 * 1024)
    tmdb_image_size = c.DictOfItems(c.Type(str), default={})  # kind -> TMDB size (w780, w1280 …)
    download_kinds = c.ListOfItems(c.Type(str), default=["poster", "fanart"])
    actor_photos = Range(int, 0, default=20)                  # cast members per movie; 0: none
    master_max_width = c.Optional(Range(int, 1))


class NfoConfig(base.Config):
    """NFO sidecars for Kodi, Jellyfin, Emby, Plex (README "NFO writing")."""
    write = c.Type(bool, default=False)       # the scan writes NFOs for movies without one
    overwrite = c.Type(bool, default=False)   # also replace existing NFOs (backed up)
    format = c.Choice(("kodi", "jellyfin", "emby", "plex"), default="kodi")


class MediaConfig(base.Config):
    """Media analysis: ffprobe, thumbnails, duplicates' quarantine."""
    probe = c.Choice(("auto", "off"), default="auto")
    probe_timeout = Range(_NUMBER, 0.001, default=30)
    thumbnails = c.Type(bool, default=False)
    quarantine_dir = c.Optional(c.Dir(exists=False))


class ImagesConfig(base.Config):
    """Artwork variants: a named profile (artwork/profiles.py), and explicit formats,
    widths per kind, quality and effort per format laid over it."""
    profile = c.Choice(("compact", "full"), default="compact")
    formats = c.Optional(c.ListOfItems(c.Choice(("avif", "webp", "jpeg"))))
    widths = c.DictOfItems(c.ListOfItems(c.Type(int)), default={})
    fallback_widths = c.DictOfItems(c.ListOfItems(c.Type(int)), default={})   # the JPEG's
    quality = c.DictOfItems(c.Type(int), default={})
    effort = c.DictOfItems(c.Type(int), default={})
    workers = c.Optional(Range(int, 1))


class SiteConfig(base.Config):
    """How the site is built and presents itself."""
    allow_indexing = c.Type(bool, default=False)   # false: robots.txt asks crawlers to stay away
    show_paths = c.Deprecated(message=SHOW_PATHS_RETIRED.replace("{}", "site.{}"), option_type=c.Type(bool))
    workers = c.Optional(Range(int, 1))            # processes for pages and content reads; default all cores
    # A person gets a page with this many films in the library (directors and billed actors).
    # 2 by default: a page for one film only repeats that film's card, and at 10,000 movies
    # such pages are two thirds of all person pages (benchmarks/README.md, budget); the
    # others are named, with their photo, in the movie's cast. 1 gives everyone a page.
    person_page_min_films = c.Type(int, default=2)
