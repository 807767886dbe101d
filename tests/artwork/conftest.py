"""Image factories for the artwork tests: small, made in memory, each with one trait."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from movievault_build.artwork.cache import VariantCache
from movievault_build.artwork.variants import ImageSettings


def encode(im: Image.Image, fmt: str, **kw) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def photo(w: int, h: int) -> Image.Image:
    """Gradient plus noise: compresses like a photo, not like a flat fill."""
    grad = Image.linear_gradient("L").resize((w, h))
    noise = Image.effect_noise((w, h), 30)
    return Image.merge("RGB", (grad, noise, grad.transpose(Image.Transpose.FLIP_TOP_BOTTOM)))


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width`x`height` (a decompression bomb's shape)."""
    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b""))


@pytest.fixture
def cache(tmp_path) -> VariantCache:
    c = VariantCache(tmp_path / "cache")
    yield c
    c.close()


@pytest.fixture
def fast() -> ImageSettings:
    """Small widths and fast efforts: the behaviour under test, not the codecs' speed."""
    return ImageSettings(widths={"poster": (100, 200, 400), "fanart": (320, 640), "thumb": (64,)},
                         effort={"avif": 10, "webp": 0, "jpeg": 0})


def open_variant(cache: VariantCache, variant) -> Image.Image:
    im = Image.open(cache.path(variant.relpath))
    im.load()
    return im
