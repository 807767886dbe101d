"""The plugin's options, typed with MkDocs' own config options so an unknown key or a
wrong type fails the build naming the key. The CLI validates through the same class."""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..providers.base import ProviderSettings
from ..settings import (ArtworkSettings, LogSettings, OnlineSettings, Profile, PublishSettings,
                        ScanSettings, UpdateCheckSettings)
from .events_config import MqttConfig, NotifyConfig, WatchConfig, WebhooksConfig
from .sync_config import SyncConfig, UserConfig, users_settings

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
    """How the published site presents itself."""
    allow_indexing = c.Type(bool, default=False)   # false: robots.txt asks crawlers to stay away
    # A person gets a page with this many films in the library (directors and billed actors);
    # 2 leaves out the pages that would repeat one film's card (benchmarks/README.md, budget).
    person_page_min_films = c.Type(int, default=1)


class PublishConfig(base.Config):
    """`movievault publish`: where the committed content/ is pushed; and the host the site
    is published on, whose limits `movievault images stats` checks the site against."""
    remote = c.Optional(c.Type(str))    # default: origin, or the only remote
    branch = c.Optional(c.Type(str))    # default: the branch checked out
    host = c.Choice(("github-pages", "gitlab-pages", "netlify", "none"), default="github-pages")
    max_site_mb = c.Optional(c.Type(int))     # default: the host's limit
    max_files = c.Optional(c.Type(int))       # files and folders; default: the host's limit


class LoggingConfig(base.Config):
    """The CLI's logging (README "Logging"); `mkdocs build` keeps MkDocs' own console
    output and only adds the file, when one is set."""
    level = c.Optional(c.Choice(("debug", "info", "warning", "error")))
    format = c.Choice(("text", "json"), default="text")
    file = c.Optional(c.File(exists=False))
    max_bytes = c.Type(int, default=10 * 1024 * 1024)   # rotated at this size
    backups = c.Type(int, default=3)                     # rotated files kept


class ProfileConfig(base.Config):
    """One scan profile (README "Scan profiles"); unset switches keep the configuration's."""
    online = c.Optional(c.Type(bool))
    probe = c.Optional(c.Type(bool))
    full = c.Optional(c.Type(bool))
    write_nfo = c.Optional(c.Type(bool))


class TemplatesConfig(base.Config):
    """The user's Jinja templates, looked up before ours (README "Templates")."""
    dir = c.Optional(c.Dir(exists=True))


class UpdateCheckConfig(base.Config):
    enabled = c.Type(bool, default=False)
    url = c.Optional(c.Type(str))        # default: the package index's JSON API


class UpdateCheckOption(c.SubConfig[UpdateCheckConfig]):
    """`update_check: true`, or the long form `{enabled: true, url: …}`."""

    def run_validation(self, value: object) -> UpdateCheckConfig:
        return super().run_validation({"enabled": value} if isinstance(value, bool) else value)


class ProfilesOption(c.BaseConfigOption[dict]):
    """`profiles: {name: {online: false, …}}`, each checked like any sub-config."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict:
        if not isinstance(value, dict):
            raise c.ValidationError("expected a mapping of profile names to their settings")
        out = {}
        for name, body in value.items():
            option = c.SubConfig(ProfileConfig)
            try:
                out[str(name)] = option.validate(body or {})
            except c.ValidationError as exc:
                raise c.ValidationError(f"profile {name!r}: {exc}") from None
            unknown = [w for w in option.warnings if "Unrecognised configuration name" in w]
            if unknown:
                raise c.ValidationError(f"profile {name!r}: {unknown[0]}")
        return out


class MovieVaultConfig(base.Config):
    library = c.ListOfItems(c.Dir(exists=False), default=[])
    content_dir = c.Dir(exists=False, default="content")
    scan = c.Choice(("auto", "always", "never"), default="auto")
    copy_artwork = c.Type(bool, default=True)
    low_confidence = Range(_NUMBER, 0, 1, default=0.6)
    known_problems = c.ListOfItems(c.File(exists=False), default=[])   # accepted: info, not warnings
    show_paths = c.Type(bool, default=False)   # print library paths on the site (off: privacy)
    cache_dir = c.Dir(exists=False, default=".cache/movievault")   # derived data, safe to delete
    build_workers = c.Optional(Range(int, 1))   # processes for pages and content reads; default all cores
    site = c.SubConfig(SiteConfig)
    publish = c.SubConfig(PublishConfig)
    # --- artwork -----------------------------------------------------------------------
    images = c.SubConfig(ImagesConfig)
    # --- artwork sources: where masters come from (README "Artwork") ---
    artwork_sources = c.ListOfItems(c.Choice(("local", "nfo", "tmdb")), default=["local", "nfo", "tmdb"])
    nfo_download_images = c.Type(bool, default=True)
    allow_hosts = c.ListOfItems(c.Type(str), default=[])     # empty: private/loopback hosts refused
    image_max_bytes = Range(int, 1, default=20 * 1024 * 1024)
    tmdb_image_size = c.DictOfItems(c.Type(str), default={})  # kind -> TMDB size (w780, w1280 …)
    artwork_download_kinds = c.ListOfItems(c.Type(str), default=["poster", "fanart"])
    actor_photos = Range(int, 0, default=20)                  # cast members per movie; 0: none
    master_max_width = c.Optional(Range(int, 1))
    # -- library management (index, queries, playlists) --
    index_path = c.Optional(c.File(exists=False))   # SQLite index (a cache); default .cache/movievault/index.sqlite

    # -- online metadata (TMDB, OMDb): enrich/online.py ------------------------------------
    fallback_order = c.ListOfItems(c.Type(str), default=["nfo", "tmdb", "omdb"])
    prefer = c.Optional(c.Choice(("nfo", "online")))
    rating_source = c.Optional(c.Choice(RATING_SOURCES))
    tmdb_api_key = c.Optional(c.Type(str))        # use `!ENV TMDB_API_KEY`; never commit a key
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
    offline = c.Type(bool, default=False)
    # --- NFO writing: sidecars for Kodi, Jellyfin, Emby, Plex (README "NFO writing") ---
    write_nfo = c.Type(bool, default=False)     # the scan writes NFOs for movies without one
    nfo_overwrite = c.Type(bool, default=False)  # also replace existing NFOs (backed up)
    nfo_format = c.Choice(("kodi", "jellyfin", "emby", "plex"), default="kodi")
    # --- media analysis: ffprobe, subtitles, duplicates, library health ---
    probe = c.Choice(("auto", "off"), default="auto")
    probe_timeout = Range(_NUMBER, 0.001, default=30)
    thumbnails = c.Type(bool, default=False)
    quarantine_dir = c.Optional(c.Dir(exists=False))
    # --- operating: logging, scan profiles, templates, update check ---
    logging = c.SubConfig(LoggingConfig)
    profiles = ProfilesOption()
    templates = c.SubConfig(TemplatesConfig)
    update_check = UpdateCheckOption()
    # --- events: `movievault watch`, Radarr webhooks, notifications, Home Assistant ---
    watch = c.SubConfig(WatchConfig)
    webhooks = c.SubConfig(WebhooksConfig)
    notify = c.SubConfig(NotifyConfig)
    mqtt = c.SubConfig(MqttConfig)
    # --- users and sync: per-user watch state, Jellyfin, Plex, Trakt (README "Users and sync") ---
    users = c.ListOfItems(c.SubConfig(UserConfig), default=[])   # the first is the default user
    sync = c.SubConfig(SyncConfig)


def placement_errors(cfg: MovieVaultConfig) -> list[tuple[str, c.ValidationError]]:
    """Folders that must not hold one another: the cache (and the index, a cache) inside
    content/ would be committed, and pruning a cache must never reach content/."""
    content = os.path.realpath(cfg.content_dir)
    errors = []
    for key in ("cache_dir", "index_path"):
        if cfg[key] is None:
            continue
        other = os.path.realpath(cfg[key])
        if _within(other, content) or (key == "cache_dir" and _within(content, other)):
            errors.append((key, c.ValidationError(f"{cfg[key]} and content_dir {cfg.content_dir} overlap: derived "
                                                  "data must live outside content/ (which is committed)")))
    return errors


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


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
        known_problems=tuple(Path(p) for p in cfg.known_problems),
        images=image_settings(cfg),
        cache_dir=Path(cfg.cache_dir),
        index_path=Path(cfg.index_path) if cfg.index_path else None,
        online=online_settings(cfg),
        artwork=artwork_settings(cfg),
        write_nfo=cfg.write_nfo,
        nfo_overwrite=cfg.nfo_overwrite,
        nfo_format=cfg.nfo_format,
        # media analysis
        probe=cfg.probe,
        probe_timeout=float(cfg.probe_timeout),
        thumbnails=cfg.thumbnails,
        quarantine_dir=Path(cfg.quarantine_dir) if cfg.quarantine_dir else None,
        publish=publish_settings(cfg),
        person_page_min_films=_at_least_one(cfg.site.person_page_min_films, "site.person_page_min_films"),
        users=users_settings(cfg.users),
        # operating
        logging=LogSettings(level=cfg.logging.level, format=cfg.logging.format,
                            file=Path(cfg.logging.file) if cfg.logging.file else None,
                            max_bytes=cfg.logging.max_bytes, backups=cfg.logging.backups),
        profiles={name: Profile(online=p.online, probe=p.probe, full=p.full, write_nfo=p.write_nfo)
                  for name, p in cfg.profiles.items()},
        templates_dir=Path(cfg.templates.dir) if cfg.templates.dir else None,
        update_check=UpdateCheckSettings(enabled=cfg.update_check.enabled, url=cfg.update_check.url),
    )


def image_settings(cfg: MovieVaultConfig):
    """The artwork settings: the profile's, overlaid with what mkdocs.yml sets."""
    from ..artwork.profiles import profile_settings  # Pillow loads only when images are built

    images = cfg.images
    if images.formats is not None and not images.formats:     # an empty list is a mistake, not a default
        from mkdocs.exceptions import PluginError
        raise PluginError("movievault: images.formats: list at least one format (avif, webp, jpeg), "
                          "or leave it out for the profile's")
    try:
        return profile_settings(
            images.profile, formats=tuple(images.formats) if images.formats is not None else None,
            widths={k: tuple(v) for k, v in images.widths.items()},
            fallback_widths={k: tuple(v) for k, v in images.fallback_widths.items()},
            quality=dict(images.quality), effort=dict(images.effort))
    except ValueError as exc:
        from mkdocs.exceptions import PluginError
        raise PluginError(f"movievault: {exc}") from None


def _at_least_one(value: int, key: str) -> int:
    from mkdocs.exceptions import PluginError
    if value < 1:
        raise PluginError(f"movievault: {key}: {value} must be a whole number from 1")
    return value


def publish_settings(cfg: MovieVaultConfig) -> PublishSettings:
    from mkdocs.exceptions import PluginError
    for key in ("max_site_mb", "max_files"):
        value = cfg.publish[key]
        if value is not None and value <= 0:
            raise PluginError(f"movievault: publish.{key}: {value} must be a positive whole number")
    p = cfg.publish
    return PublishSettings(remote=p.remote, branch=p.branch, host=p.host,
                           max_site_mb=p.max_site_mb, max_files=p.max_files)



def artwork_settings(cfg: MovieVaultConfig) -> ArtworkSettings:
    base_settings = ArtworkSettings()
    return ArtworkSettings(
        sources=tuple(dict.fromkeys(cfg.artwork_sources)), nfo_download_images=cfg.nfo_download_images,
        allow_hosts=tuple(cfg.allow_hosts), image_max_bytes=cfg.image_max_bytes,
        tmdb_image_size={**base_settings.tmdb_image_size, **cfg.tmdb_image_size},
        download_kinds=tuple(cfg.artwork_download_kinds), actor_photos=cfg.actor_photos,
        master_max_width=cfg.master_max_width)


def online_settings(cfg: MovieVaultConfig) -> OnlineSettings:
    keys = ("tmdb_api_key", "tmdb_read_token", "tmdb_api_url", "tmdb_image_url", "omdb_api_key",
            "omdb_api_url", "language", "certification_country", "workers", "retries", "offline")
    providers = ProviderSettings(
        **{k: cfg[k] for k in keys}, min_confidence=float(cfg.min_confidence),
        rate_limit=float(cfg.rate_limit), timeout=float(cfg.timeout))
    return OnlineSettings(
        providers=providers, fallback_order=tuple(cfg.fallback_order), prefer=cfg.prefer,
        rating_source=cfg.rating_source, fallback_languages=tuple(cfg.fallback_languages),
        cache_dir=Path(cfg.cache_dir))
