"""The plugin's old flat keys, each moved into its group: one table, old -> new. For one
release an old key still works, with a warning naming its new place (`mkdocs build
--strict` fails on it, as on any configuration warning); giving both is an error. A retired
key (`RETIRED`) is accepted for one release too, with a warning saying what to do instead."""
from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

_ONLINE = ("fallback_order", "prefer", "rating_source", "tmdb_api_key", "tmdb_read_token", "tmdb_api_url",
           "tmdb_image_url", "omdb_api_key", "omdb_api_url", "language", "fallback_languages",
           "certification_country", "min_confidence", "workers", "rate_limit", "timeout", "retries", "offline")

MOVED: dict[str, str] = {
    "low_confidence": "scan.low_confidence",
    "known_problems": "scan.known_problems",
    **{key: f"online.{key}" for key in _ONLINE},
    "artwork_sources": "artwork.sources",
    "copy_artwork": "artwork.copy_local",
    "nfo_download_images": "artwork.nfo_download_images",
    "allow_hosts": "artwork.allow_hosts",
    "image_max_bytes": "artwork.max_bytes",
    "tmdb_image_size": "artwork.tmdb_image_size",
    "artwork_download_kinds": "artwork.download_kinds",
    "actor_photos": "artwork.actor_photos",
    "master_max_width": "artwork.master_max_width",
    "write_nfo": "nfo.write",
    "nfo_overwrite": "nfo.overwrite",
    "nfo_format": "nfo.format",
    "probe": "media.probe",
    "probe_timeout": "media.probe_timeout",
    "thumbnails": "media.thumbnails",
    "quarantine_dir": "media.quarantine_dir",
    "build_workers": "site.workers",
}
# Keys that did nothing, flat or in their group -> the warning. `show_paths` was never
# read: the site shows no library paths (the movie page's Files table names each file).
SHOW_PATHS_RETIRED = ("`{}` is retired and does nothing: the site never shows library paths "
                      "(a movie's Files table names each file); remove it")
RETIRED: dict[str, str] = {"show_paths": SHOW_PATHS_RETIRED}
# Groups that also take a scalar short form, and the key the scalar stands for.
SHORT_FORMS = {"scan": "when"}
_ABSENT = object()


class Moved(c.BaseConfigOption):
    """An old key: its value is handed to its new place before the groups are validated."""

    def __init__(self, old: str, new: str) -> None:
        super().__init__()
        self.default = _ABSENT       # not None: `key: null` (an unset `!ENV`) is still the old key
        self.old, (self.group, self.key) = old, new.split(".")

    def pre_validation(self, config: base.Config, key_name: str) -> None:
        if config.get(self.old) is _ABSENT:
            return
        new = f"{self.group}.{self.key}"
        group = config.get(self.group)
        if isinstance(group, str) and self.group in SHORT_FORMS:
            group = {SHORT_FORMS[self.group]: group}
        if group is not None and not isinstance(group, dict):
            raise c.ValidationError(f"`{self.old}` is deprecated, and `{self.group}` is not a mapping to move it into")
        group = dict(group or {})      # a copy: the group's default mapping is shared
        if self.key in group:
            raise c.ValidationError(f"`{self.old}` and `{new}` are both given; keep `{new}` only")
        group[self.key] = config.pop(self.old)
        config[self.group] = group
        self.warnings.append(f"`{self.old}` is deprecated; use `{new}`")

    def run_validation(self, value: object) -> None:
        return None


# Inherited by the plugin's config: each old key an option of its own.
MovedKeys = type("MovedKeys", (base.Config,), {
    **{old: Moved(old, new) for old, new in MOVED.items()},
    **{old: c.Deprecated(message=message, option_type=c.Type(bool)) for old, message in RETIRED.items()}})
