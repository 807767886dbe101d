"""The library page's script-built grid names one poster per movie: the AVIF the
server-rendered cards' <source> gives the same browsers, not the small JPEG fallback."""
from __future__ import annotations

from movievault_build.views.art import grid_poster_urls


def view(sources: dict[str, list[int]], fallback: list[int], ext: str = "jpg") -> dict:
    return {"sources": [{"type": f"image/{fmt}", "srcset": [(f"img/{fmt}-{w}.{fmt}", w) for w in widths]}
                        for fmt, widths in sources.items()],
            "srcset": [(f"img/fallback-{w}.{ext}", w) for w in fallback]}


def test_the_grid_takes_avif_over_webp_and_the_fallback_at_the_largest_width_up_to_500():
    views = {
        ("compact", "poster"): view({"avif": [500]}, [240]),
        ("full", "poster"): view({"avif": [185, 342, 500, 780], "webp": [185, 342, 500, 780]}, [185, 342, 500, 780]),
        ("webp-only", "poster"): view({"webp": [342, 780]}, [342]),
        ("jpeg-only", "poster"): view({}, [185, 342]),
        ("small", "poster"): view({"avif": [300]}, [240]),
        ("compact", "fanart"): view({"avif": [960]}, []),
    }
    assert grid_poster_urls(views) == {
        "compact": "img/avif-500.avif", "full": "img/avif-500.avif", "webp-only": "img/webp-342.webp",
        "jpeg-only": "img/fallback-342.jpg", "small": "img/avif-300.avif"}
