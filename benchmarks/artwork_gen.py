"""Photo-like artwork for the image benchmarks: posters 2000x3000, backdrops 3840x2160.

A flat or purely random image says nothing about an encoder (the first compresses to
nothing, the second not at all). These have what artwork has: a colour gradient, soft
out-of-focus shapes and sharp ones, thin hard-edged strokes (titles, credits), texture
at every scale with the 1/f falloff of natural images, and film grain. Master JPEGs
(q90) come out at 1.5-2.5 MB, as real 2000x3000 posters and 4K backdrops do.
Deterministic for a seed.

    from benchmarks.artwork_gen import master_jpeg
    data = master_jpeg("poster", seed=7)
"""
from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

SIZES = {"poster": (2000, 3000), "fanart": (3840, 2160)}


def _colour(rng: random.Random) -> tuple[int, int, int]:
    return rng.randrange(256), rng.randrange(256), rng.randrange(256)


def _base(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A gradient with soft shapes (background) and nearly sharp ones (subject), drawn
    at a quarter of the size and scaled up, like a lens would render them."""
    w, h = size[0] // 4, size[1] // 4
    corners = Image.new("RGB", (2, 2))
    corners.putdata([_colour(rng) for _ in range(4)])
    im = corners.resize((w, h), Image.Resampling.BILINEAR)
    for count, blur in ((12, w / 50), (7, w / 500)):
        layer = im.copy()
        draw = ImageDraw.Draw(layer)
        for _ in range(count):
            x, y, r = rng.randrange(w), rng.randrange(h), rng.randrange(w // 25, w // 4)
            if rng.random() < 0.5:
                draw.ellipse((x - r, y - r, x + r, y + int(r * rng.uniform(0.5, 1.5))), fill=_colour(rng))
            else:
                draw.polygon([(x + rng.randint(-r, r), y + rng.randint(-r, r)) for _ in range(rng.randint(3, 6))],
                             fill=_colour(rng))
        im = Image.blend(im, layer.filter(ImageFilter.GaussianBlur(blur)), 0.75)
    return im.resize(size, Image.Resampling.BICUBIC)


def _texture(size: tuple[int, int], seed: int) -> np.ndarray:
    """Luminance texture over octaves (cells of 256 … 2 px), each finer octave weaker:
    the 1/f spectrum photographs share. Built coarse to fine, doubling as it goes."""
    rng = np.random.default_rng(seed)
    w, h = size
    cell = 256
    acc = rng.normal(0, cell ** 0.5, (max(2, h // cell), max(2, w // cell))).astype(np.float32)
    while cell > 2:
        cell //= 2
        shape = (max(2, h // cell), max(2, w // cell))
        up = Image.fromarray(acc, "F").resize(shape[::-1], Image.Resampling.BILINEAR)
        acc = np.asarray(up) + rng.normal(0, cell ** 0.5, shape).astype(np.float32)
    return np.asarray(Image.fromarray(acc, "F").resize((w, h), Image.Resampling.BICUBIC))


def _strokes(im: Image.Image, rng: random.Random) -> None:
    """Rows of small hard-edged glyph-like boxes: where ringing and blocking show first."""
    draw = ImageDraw.Draw(im)
    w, h = im.size
    for _ in range(rng.randint(2, 4)):
        y, colour = rng.randrange(h), _colour(rng)
        x, size = rng.randrange(w // 10), rng.randint(h // 120, h // 40)
        while x < w * 0.9:
            cw = rng.randint(size // 2, size)
            if rng.random() < 0.85:
                draw.rectangle((x, y, x + cw, y + size), outline=colour, width=max(2, size // 6))
            x += cw + size // 3


def photo(kind: str, seed: int) -> Image.Image:
    rng = random.Random(seed)
    size = SIZES[kind]
    base = _base(size, rng)
    _strokes(base, rng)
    pixels = np.asarray(base, np.float32)
    detail = _texture(size, seed) * rng.uniform(1.2, 2.0)
    grain = np.random.default_rng(seed + 1).standard_normal(pixels.shape[:2], np.float32) * rng.uniform(2.5, 4.0)
    pixels = pixels + (detail + grain)[..., None]
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def master_jpeg(kind: str, seed: int, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    photo(kind, seed).save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def variant_of(data: bytes, n: int) -> bytes:
    """The same JPEG with a comment (COM segment) naming `n`: other bytes, hence another
    master to the content-addressed cache, at exactly the same decoding cost."""
    text = f"movievault benchmark copy {n}".encode()
    return data[:2] + b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text + data[2:]
