"""Image factories for the artwork tests: small, made in memory, each with one trait.
(A uniquely named module rather than conftest, so other test folders cannot shadow it.)"""
from __future__ import annotations

import io
import random
import struct
import zlib

from PIL import Image

from movievault_build.artwork.cache import VariantCache


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def photo(w: int, h: int, seed: int = 0) -> Image.Image:
    """Gradient plus (seeded, so repeatable) noise: compresses like a photo, not a flat fill."""
    grad = Image.linear_gradient("L").resize((w, h))
    noise = Image.frombytes("L", (w, h), random.Random(seed).randbytes(w * h))
    return Image.merge("RGB", (grad, noise, grad.transpose(Image.Transpose.FLIP_TOP_BOTTOM)))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`x`height` (a decompression bomb's shape)."""
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


def open_variant(cache: VariantCache, variant) -> Image.Image:
    im = Image.open(cache.path(variant.relpath))
    im.load()
    return im
