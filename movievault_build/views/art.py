"""The artwork's views: what the `<picture>` partial renders of an image's variants, and
the one-URL-per-movie picks the script-built grids and search results use."""
from __future__ import annotations

from typing import Any

from ..artwork.variants import ImageSet

SITE_PREFIX = "img/"
KINDS = ("poster", "fanart")
MIME = {"avif": "image/avif", "webp": "image/webp", "jpeg": "image/jpeg"}
# The width each kind is laid out at, as measured in Chromium (benchmarks/picture_bench.py):
# posters 240-360 px on phones and 180-340 px on wider screens, backdrops the content
# column (the viewport on phones and tablets, ~1300 px on desktops), people 40-190 px.
SIZES = {"poster": "(max-width: 40em) 62vw, 17rem", "fanart": "(min-width: 76.25em) 1300px, 100vw",
         "actor": "8rem"}


def picture_view(image: ImageSet) -> dict[str, Any]:
    """What the `<picture>` partial needs: sources best-first, a JPEG (or last-format)
    fallback, intrinsic size for a box that never shifts, and a placeholder colour."""
    formats = [f for f in ("avif", "webp", "jpeg") if image.of_format(f)]
    fallback_fmt = "jpeg" if "jpeg" in formats else formats[-1]
    fallback = image.of_format(fallback_fmt)
    mid = fallback[min(1, len(fallback) - 1)]
    return {
        "sources": [{"type": MIME[f], "srcset": [(SITE_PREFIX + v.relpath, v.width) for v in image.of_format(f)]}
                    for f in formats if f != fallback_fmt],
        "srcset": [(SITE_PREFIX + v.relpath, v.width) for v in fallback],
        "src": SITE_PREFIX + mid.relpath,
        "width": mid.width,
        "height": mid.height,
        "placeholder": image.placeholder,
        "sizes": SIZES.get(image.kind, "100vw"),
    }


def thumbnail_urls(views: dict[tuple[str, str], dict[str, Any]], kind: str = "poster") -> dict[str, str]:
    """slug -> the smallest fallback variant of that kind (for search results, indexes)."""
    return {slug: min(view["srcset"], key=lambda uw: uw[1])[0]
            for (slug, k), view in views.items() if k == kind and view["srcset"]}


def grid_poster_urls(views: dict[tuple[str, str], dict[str, Any]], width: int = 500) -> dict[str, str]:
    """slug -> one poster variant for script-built grids (the library page): AVIF, which
    every current browser decodes, else WebP, else the fallback format's, at the largest
    width not above `width` — what the server-rendered cards' <source> gives the same
    browsers, so the JPEG can stay small (it is left to browsers without AVIF and link
    previews)."""
    out = {}
    for (slug, kind), view in views.items():
        if kind != "poster":
            continue
        by_type = {s["type"]: s["srcset"] for s in view["sources"]}
        options = by_type.get("image/avif") or by_type.get("image/webp") or view["srcset"]
        fitting = [uw for uw in options if uw[1] <= width] or options
        out[slug] = max(fitting, key=lambda uw: uw[1])[0]
    return out
