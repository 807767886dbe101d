"""Keeping masters no wider than the site ever shows, so content/ stays small in git."""
from __future__ import annotations

import io

from ..errors import ReadError
from .decode import open_source, decode_master, resize_to

JPEG_QUALITY = 92          # a master is re-encoded once; keep it close to the original
MAX_PIXELS = 50_000_000


def cap_width(data: bytes, ext: str, max_width: int, name: str) -> tuple[bytes, str]:
    """`data` unchanged when it is at most `max_width` wide; otherwise scaled down to it,
    as PNG when it has real transparency, else JPEG q92. Returns (bytes, extension)."""
    source = open_source(data, name, MAX_PIXELS)
    if source.width <= max_width:
        return data, ext
    master = decode_master(source, name, max_width)
    height = max(1, round(master.height * max_width / master.width))
    small = resize_to(master, max_width, height)
    buf = io.BytesIO()
    try:
        if small.mode == "RGBA":
            small.save(buf, "PNG", optimize=True)
            return buf.getvalue(), "png"
        small.convert("RGB").save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    except (OSError, ValueError) as exc:
        raise ReadError(name, f"cannot re-encode the master: {exc}") from None
    return buf.getvalue(), "jpg"

