"""The plugin's options, typed with MkDocs' own config options so an unknown key or a
wrong type fails the build naming the key. The CLI validates through the same class."""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.config import config_options as c

from ..providers.base import ProviderSettings
from ..settings import ArtworkSettings, LogSettings, OnlineSettings, Profile, PublishSettings, ScanSettings, UpdateCheckSettings
from .config_groups import ArtworkConfig, ImagesConfig, MediaConfig, NfoConfig, OnlineConfig, ScanConfig, ScanOption, SiteConfig
from .config_moved import MovedKeys
from .events_config import MqttConfig, NotifyConfig, WatchConfig, WebhooksConfig
from .sync_config import SyncConfig, UserConfig, users_settings


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


class MovieVaultConfig(MovedKeys):
    """Where things are at the top (README "Configuration"), every other option in the
    group of its concern; the old flat keys are config_moved.py's."""
    library = c.ListOfItems(c.Dir(exists=False), default=[])
    content_dir = c.Dir(exists=False, default="content")
    cache_dir = c.Dir(exists=False, default=".cache/movievault")   # derived data, safe to delete
    index_path = c.Optional(c.File(exists=False))   # SQLite index (a cache); default .cache/movievault/index.sqlite
    scan = ScanOption(ScanConfig)
    online = c.SubConfig(OnlineConfig)
    artwork = c.SubConfig(ArtworkConfig)
    images = c.SubConfig(ImagesConfig)
    nfo = c.SubConfig(NfoConfig)
    media = c.SubConfig(MediaConfig)
    site = c.SubConfig(SiteConfig)
    publish = c.SubConfig(PublishConfig)
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


def apart_from_site(settings: ScanSettings, config: MkDocsConfig) -> bool:
    """Whether a scan may run while MkDocs empties site_dir and lists docs_dir (site/build.py):
    no folder it reads or writes (the library, content/, the caches) holds, or lies in, either."""
    site = [os.path.realpath(config.site_dir), os.path.realpath(config.docs_dir)]
    scanned = [os.path.realpath(p) for p in (*settings.roots, settings.content_dir, settings.cache_dir,
                                              settings.index_path) if p is not None]
    return not any(_within(a, b) or _within(b, a) for a in site for b in scanned)


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def scan_settings(cfg: MovieVaultConfig, *, roots: list[str] | None = None,
                  content_dir: str | None = None) -> ScanSettings:
    """Plain settings for the engine; CLI overrides (already absolute) win."""
    root_paths = tuple(Path(r) for r in (roots if roots else cfg.library))
    return ScanSettings(
        roots=root_paths,
        content_dir=Path(content_dir or cfg.content_dir),
        scan=cfg.scan.when,
        copy_artwork=cfg.artwork.copy_local,
        low_confidence=cfg.scan.low_confidence,
        known_problems=tuple(Path(p) for p in cfg.scan.known_problems),
        images=image_settings(cfg),
        cache_dir=Path(cfg.cache_dir),
        index_path=Path(cfg.index_path) if cfg.index_path else None,
        online=online_settings(cfg),
        artwork=artwork_settings(cfg),
        write_nfo=cfg.nfo.write,
        nfo_overwrite=cfg.nfo.overwrite,
        nfo_format=cfg.nfo.format,
        # media analysis
        probe=cfg.media.probe,
        probe_timeout=float(cfg.media.probe_timeout),
        thumbnails=cfg.media.thumbnails,
        quarantine_dir=Path(cfg.media.quarantine_dir) if cfg.media.quarantine_dir else None,
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
    base_settings, a = ArtworkSettings(), cfg.artwork
    return ArtworkSettings(
        sources=tuple(dict.fromkeys(a.sources)), nfo_download_images=a.nfo_download_images,
        allow_hosts=tuple(a.allow_hosts), image_max_bytes=a.max_bytes,
        tmdb_image_size={**base_settings.tmdb_image_size, **_photo_size(cfg), **a.tmdb_image_size},
        download_kinds=tuple(a.download_kinds), actor_photos=a.actor_photos,
        master_max_width=a.master_max_width)


def _photo_size(cfg: MovieVaultConfig) -> dict[str, str]:
    """The TMDB size of people's photos when `images.widths.actor` asks for wider ones than
    every profile's (the default, w185, covers those: tests/site check it)."""
    widths = cfg.images.widths.get("actor")
    if not widths:
        return {}
    from ..providers.tmdb import profile_size_for    # HTTP loads only when it is needed
    return {"actor": profile_size_for(max(widths))}


def online_settings(cfg: MovieVaultConfig) -> OnlineSettings:
    keys = ("tmdb_api_key", "tmdb_read_token", "tmdb_api_url", "tmdb_image_url", "omdb_api_key",
            "omdb_api_url", "language", "certification_country", "workers", "retries", "offline")
    o = cfg.online
    providers = ProviderSettings(
        **{k: o[k] for k in keys}, min_confidence=float(o.min_confidence),
        rate_limit=float(o.rate_limit), timeout=float(o.timeout))
    return OnlineSettings(
        providers=providers, fallback_order=tuple(o.fallback_order), prefer=o.prefer,
        rating_source=o.rating_source, fallback_languages=tuple(o.fallback_languages),
        cache_dir=Path(cfg.cache_dir))
