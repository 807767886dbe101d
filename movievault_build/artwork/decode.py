"""Turning untrusted image bytes into one upright, 8-bit sRGB master image.

Every way an image can be bad (empty, not an image, truncated, a decompression bomb,
a colour mode we cannot map) ends as `ReadError(name, reason)`: the caller shows a
placeholder and the batch goes on.
"""
from __future__ import annotations

import io
import os
import math
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from ..errors import ReadError
from ..log import get_logger

log = get_logger(__name__)

_ROTATED = (5, 6, 7, 8)        # EXIF orientations that swap width and height
_HIGH_DEPTH = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
_SRGB = ImageCms.createProfile("sRGB")


@dataclass
class Source:
    """An opened, not yet decoded image and its upright size."""
    image: Image.Image
    width: int
    height: int


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def open_source(data: bytes, name: str, max_pixels: int) -> Source:
    """Read the header only: size, orientation, frames. Refuses bombs before decoding."""
    if not data:
        raise ReadError(name, "empty file (0 bytes)")
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            im = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ReadError(name, f"refused: decompression bomb (over {max_pixels:,} pixels)") from None
        except UnidentifiedImageError:
            raise ReadError(name, "not an image (unrecognised format)") from None
        except Exception as exc:  # Pillow's parsers raise many types on hostile headers
            raise ReadError(name, f"unreadable image header: {_one_line(exc)}") from None
    # The decoder gets the whole file in one call, not Pillow's 64 KB at a time: each
    # refill suspends and resumes the JPEG decoder, 4-9% of a master's decode in all.
    im.decodermaxblock = max(im.decodermaxblock, len(data))
    w, h = im.size
    if w <= 0 or h <= 0 or w * h > max_pixels:
        raise ReadError(name, f"refused: decompression bomb ({w}x{h} is over {max_pixels:,} pixels)")
    try:
        frames = getattr(im, "n_frames", 1)   # counting GIF frames reads the whole file
        if frames > 1:
            im.seek(0)
    except Exception as exc:
        raise ReadError(name, f"truncated or corrupt image data: {_one_line(exc)}") from None
    if frames > 1:
        log.warning("%s: animated image (%d frames); using the first frame", name, frames)
    if _orientation(im) in _ROTATED:
        w, h = h, w
    return Source(im, w, h)


def _orientation(im: Image.Image) -> int:
    try:
        return int(im.getexif().get(0x0112, 1))
    except Exception:  # a broken EXIF block is not worth losing the image over
        return 1


def decode_master(src: Source, name: str, largest_width: int) -> Image.Image:
    """Decode (JPEG DCT-scaled towards `largest_width`), rotate upright, convert to sRGB."""
    im = src.image
    if im.format == "JPEG" and largest_width < src.width:
        scale = largest_width / src.width
        raw_w, raw_h = im.size
        im.draft(im.mode, (math.ceil(raw_w * scale), math.ceil(raw_h * scale)))
    try:
        im.load()
    except Exception as exc:
        raise ReadError(name, f"truncated or corrupt image data: {_one_line(exc)}") from None
    try:   # in place: for an upright image (most) the copy it would return is wasted
        ImageOps.exif_transpose(im, in_place=True)
    except Exception as exc:
        log.warning("%s: EXIF orientation ignored: %s", name, _one_line(exc))
    return to_srgb(im, name)


def to_srgb(im: Image.Image, name: str) -> Image.Image:
    """8-bit RGB, or RGBA when the image really uses transparency."""
    if im.mode in _HIGH_DEPTH:
        im = _to_8bit(im)
    elif im.mode in ("P", "PA"):
        im = im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
    elif im.mode in ("1", "LA", "La", "RGBa", "RGBX", "YCbCr"):
        im = im.convert("RGBA" if "A" in im.mode or "a" in im.mode else "RGB")
    elif "transparency" in im.info and im.mode in ("L", "RGB"):
        im = im.convert("RGBA")
    icc = im.info.get("icc_profile")
    if icc and im.mode in ("RGB", "RGBA", "CMYK", "L"):
        im = _apply_icc(im, icc, name)
    if im.mode not in ("RGB", "RGBA"):
        try:
            im = im.convert("RGB")
        except ValueError:
            raise ReadError(name, f"unsupported colour mode {im.mode}") from None
    if im.mode == "RGBA" and im.getchannel("A").getextrema() == (255, 255):
        im = im.convert("RGB")   # opaque alpha only costs bytes
    return im


def _to_8bit(im: Image.Image) -> Image.Image:
    """16-bit (and 32-bit) greyscale to 8-bit by scaling, not clipping at 255."""
    im = im if im.mode in ("I", "F") else im.convert("I")
    hi = im.getextrema()[1]
    scale = 255 / 65535 if hi > 255 else 1.0
    return im.point(lambda v: v * scale).convert("L").convert("RGB")


def _apply_icc(im: Image.Image, icc: bytes, name: str) -> Image.Image:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if ImageCms.getProfileDescription(profile).strip().startswith("sRGB"):
            return im.convert("RGB") if im.mode in ("L", "CMYK") else im
        alpha = im.getchannel("A") if im.mode == "RGBA" else None
        base = im.convert("RGB") if alpha is not None else im
        out = ImageCms.profileToProfile(base, profile, _SRGB, outputMode="RGB")
        assert out is not None
        if alpha is not None:
            out.putalpha(alpha)
        return out
    except Exception as exc:  # a broken profile: keep the pixels, lose colour accuracy
        log.warning("%s: embedded colour profile ignored: %s", name, _one_line(exc))
        return im


def flatten(im: Image.Image, background: str) -> Image.Image:
    """RGBA on a solid background (for JPEG, which has no alpha)."""
    if im.mode != "RGBA":
        return im
    base = Image.new("RGB", im.size, background)
    base.paste(im, mask=im.getchannel("A"))
    return base


def resize_to(im: Image.Image, width: int, height: int, reducing_gap: float = 3.0) -> Image.Image:
    """Lanczos; with `reducing_gap` the picture is first box-reduced by a whole factor to
    within that many times the target (Pillow's `reducing_gap`: 3.0 is indistinguishable
    from Lanczos alone, 1.0 the fastest)."""
    if im.size == (width, height):
        return im
    return im.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=reducing_gap)


def upright_size(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Width and height as shown (EXIF rotation applied), from the header alone."""
    with Image.open(path) as im:
        w, h = im.size
        return (h, w) if _orientation(im) in _ROTATED else (w, h)
