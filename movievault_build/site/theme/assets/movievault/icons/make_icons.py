"""Draw the site's icons once; the PNGs are committed (the build never runs this).

    python movievault_build/site/theme/assets/movievault/icons/make_icons.py

They ship in the plugin's theme folder, so every site built with the plugin has its icons (MkDocs
copies the theme's static files, never its .py files).

A film frame with a play mark, amber on the app's near-black (movievault.css; theme_color in
the manifest). The maskable icon keeps the mark inside the central 80% circle that launchers may
crop to, and fills the rest. `logo-96.png` is the header's logo (48 px on a 2x screen).
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
FRAME = (11, 13, 17, 255)        # the app's header in the dark scheme (theme_color in the manifest)
AMBER = (245, 165, 36, 255)       # the app's accent
WHITE = (255, 255, 255, 255)
SCALE = 4                         # draw large, then downsample for smooth edges


def mark(draw: ImageDraw.ImageDraw, box: tuple[float, float, float, float]) -> None:
    """The film frame (rounded rectangle with sprocket holes) and a play triangle, in `box`."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    draw.rounded_rectangle((x0, y0 + h * 0.12, x1, y1 - h * 0.12), radius=w * 0.08, fill=AMBER)
    hole_w, hole_h = w * 0.07, h * 0.06
    for i in range(6):
        hx = x0 + w * (0.08 + i * 0.155)
        for hy in (y0 + h * 0.16, y1 - h * 0.16 - hole_h):
            draw.rectangle((hx, hy, hx + hole_w, hy + hole_h), fill=FRAME)
    cx, cy, r = x0 + w * 0.52, y0 + h / 2, w * 0.2
    draw.polygon([(cx - r * 0.8, cy - r), (cx - r * 0.8, cy + r), (cx + r, cy)], fill=WHITE)


def icon(size: int, *, maskable: bool = False, rounded: bool = True) -> Image.Image:
    big = size * SCALE
    img = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    if maskable or not rounded:
        draw.rectangle((0, 0, big, big), fill=FRAME)
    else:
        draw.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.2, fill=FRAME)
    inset = big * (0.24 if maskable else 0.14)   # maskable: stay inside the safe zone
    mark(draw, (inset, inset, big - inset, big - inset))
    return img.resize((size, size), Image.LANCZOS)


def main() -> None:
    outputs = {
        "icon-192.png": icon(192),
        "icon-512.png": icon(512),
        "maskable-512.png": icon(512, maskable=True),
        "apple-touch-icon.png": icon(180, rounded=False),   # iOS rounds the corners itself
        "favicon.png": icon(48),
        "logo-96.png": icon(96),
    }
    for name, image in outputs.items():
        image.save(HERE / name, optimize=True)
        print(name, image.size)


if __name__ == "__main__":
    main()
