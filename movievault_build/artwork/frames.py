"""Video frame grabs (PNG from ffmpeg) as WebP: one still, and a contact strip."""
from __future__ import annotations

import io
from typing import Sequence

from PIL import Image

from ..errors import ReadError


def _open(data: bytes, name: str) -> Image.Image:
    try:
        im = Image.open(io.BytesIO(data))
        im.load()
    except Exception as exc:   # Pillow raises many types for bad input
        raise ReadError(name, f"not a readable frame ({exc})") from None
    return im.convert("RGB")


def still_webp(png: bytes, name: str, quality: int = 80) -> bytes:
    buf = io.BytesIO()
    _open(png, name).save(buf, "WEBP", quality=quality, method=4)
    return buf.getvalue()


def strip_webp(pngs: Sequence[bytes], name: str, height: int = 90, quality: int = 75) -> bytes:
    """The frames side by side, each scaled to `height`, as one WebP."""
    frames = [_open(p, name) for p in pngs]
    if not frames:
        raise ReadError(name, "no frames to put in a strip")
    scaled = [f.resize((max(1, round(f.width * height / f.height)), height), Image.LANCZOS) for f in frames]
    strip = Image.new("RGB", (sum(f.width for f in scaled), height))
    x = 0
    for f in scaled:
        strip.paste(f, (x, 0))
        x += f.width
    buf = io.BytesIO()
    strip.save(buf, "WEBP", quality=quality, method=4)
    return buf.getvalue()
