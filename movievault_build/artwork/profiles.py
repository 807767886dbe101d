"""Named image profiles: which formats, widths, quality and encoder effort a site gets.

`compact` (the default) fits a 10,000-movie site in the 1 GB and 200,000 files that
GitHub Pages and GitLab Pages allow: AVIF (every current browser decodes it) at the
widths browsers pick for the layout, and one small JPEG per image for the rest.
`full` is for hosts without limits: AVIF, WebP and JPEG at every width. The figures
behind each choice are in benchmarks/README.md ("Artwork").

Explicit `formats`, `widths`, `fallback_widths`, `quality` and `effort` in mkdocs.yml
override the profile's, key by key.
"""
from __future__ import annotations

from typing import Any, Mapping

from .variants import DEFAULT_WIDTHS, ImageSettings

DEFAULT_PROFILE = "compact"

PROFILES: dict[str, dict[str, Any]] = {
    "compact": {
        "formats": ("avif", "jpeg"),
        # AVIF at the width browsers pick for the layout on the screens most visits come
        # from (2x and 3x phones, 2x laptops): a poster shows 180-360 px wide, a backdrop
        # the content column (960: one DCT scale of a 3840 master, decoded without a resize).
        # People's photos are shown as a round 104-163 px crop (the cast row) and a 120-216 px
        # one (their page): 160 px of the centred square (variants.SQUARE_KINDS).
        "widths": {**{k: v[:1] for k, v in DEFAULT_WIDTHS.items()},
                   "poster": (500,), "fanart": (960,), "actor": (160,)},
        # One small JPEG per poster, for browsers without AVIF and link previews (240 px:
        # above the 200 px Facebook asks of a preview); every grid, the library page's
        # script-built one too, shows the AVIF. Backdrops and people's photos are
        # decoration: without AVIF they show their placeholder colour.
        "fallback_widths": {"poster": (240,), "fanart": (), "actor": ()},
        "quality": {"avif": 50, "jpeg": 60},
        # The backdrop shows at 55% opacity under a dark gradient, behind the title: AVIF
        # q35 there (SSIM 0.892 against q50's 0.932, before the dimming) is half the bytes.
        "kind_quality": {"fanart": {"avif": 35}},
        "effort": {"avif": 9, "jpeg": 1},
    },
    "full": {
        "formats": ("avif", "webp", "jpeg"),
        "widths": dict(DEFAULT_WIDTHS),
        "fallback_widths": {},
        "quality": {"avif": 60, "webp": 80, "jpeg": 82},
        "effort": {"avif": 9, "webp": 4, "jpeg": 1},
    },
}


def profile_settings(profile: str = DEFAULT_PROFILE, *, formats: tuple[str, ...] | None = None,
                     widths: Mapping[str, tuple[int, ...]] | None = None,
                     fallback_widths: Mapping[str, tuple[int, ...]] | None = None,
                     quality: Mapping[str, int] | None = None,
                     kind_quality: Mapping[str, Mapping[str, int]] | None = None,
                     effort: Mapping[str, int] | None = None) -> ImageSettings:
    """The profile's settings with explicit values laid over it. Quality and effort of a
    format the profile lacks come from `full`. Raises ValueError naming the bad key."""
    if profile not in PROFILES:
        raise ValueError(f"images.profile: unknown profile {profile!r} (choose from {', '.join(PROFILES)})")
    base, full = PROFILES[profile], PROFILES["full"]
    # An explicit quality for a format is meant for every kind: it replaces the profile's
    # per-kind qualities of that format.
    if kind_quality is None:
        kind_quality = {kind: {f: q for f, q in by.items() if f not in (quality or {})}
                        for kind, by in base.get("kind_quality", {}).items()}
    return ImageSettings(
        formats=tuple(formats) if formats else base["formats"],
        widths={**base["widths"], **(widths or {})},
        fallback_widths={**base["fallback_widths"], **(fallback_widths or {})},
        quality={**full["quality"], **base["quality"], **(quality or {})},
        kind_quality={kind: by for kind, by in kind_quality.items() if by},
        effort={**full["effort"], **base["effort"], **(effort or {})},
    )
