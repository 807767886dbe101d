"""The plugin's options, typed with MkDocs' own config options so an unknown key or a
wrong type fails the build naming the key. The CLI validates through the same class."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..settings import ScanSettings


class ImagesConfig(base.Config):
    """Artwork variants: which formats, widths per kind, quality and effort per format."""
    formats = c.ListOfItems(c.Choice(("avif", "webp", "jpeg")), default=["avif", "webp", "jpeg"])
    widths = c.DictOfItems(c.ListOfItems(c.Type(int)), default={})
    quality = c.DictOfItems(c.Type(int), default={})
    effort = c.DictOfItems(c.Type(int), default={})
    workers = c.Optional(c.Type(int))


class MovieVaultConfig(base.Config):
    library = c.ListOfItems(c.Dir(exists=False), default=[])
    content_dir = c.Dir(exists=False, default="content")
    scan = c.Choice(("auto", "always", "never"), default="auto")
    copy_artwork = c.Type(bool, default=True)
    low_confidence = c.Type(float, default=0.6)
    show_paths = c.Type(bool, default=False)   # print library paths on the site (off: privacy)
    cache_dir = c.Dir(exists=False, default=".cache/movievault")   # derived data, safe to delete
    # --- artwork -----------------------------------------------------------------------
    images = c.SubConfig(ImagesConfig)
    # -- library management (index, queries, playlists) --
    index_path = c.Optional(c.File(exists=False))   # SQLite index (a cache); default .cache/movievault/index.sqlite


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
        cache_dir=Path(cfg.cache_dir),
        images=image_settings(cfg),
        index_path=Path(cfg.index_path) if cfg.index_path else None,
    )


def image_settings(cfg: MovieVaultConfig):
    """The artwork settings: defaults overlaid with what mkdocs.yml sets."""
    from ..artwork.variants import ImageSettings  # Pillow loads only when images are built

    base_settings = ImageSettings()
    images = cfg.images
    try:
        return ImageSettings(
            widths={**base_settings.widths, **{k: tuple(v) for k, v in images.widths.items()}},
            formats=tuple(images.formats),
            quality={**base_settings.quality, **images.quality},
            effort={**base_settings.effort, **images.effort},
        )
    except ValueError as exc:
        from mkdocs.exceptions import PluginError
        raise PluginError(f"movievault: images: {exc}") from None
