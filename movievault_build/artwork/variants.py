"""Resized AVIF / WebP / JPEG variants of one artwork image, encoded once.

`render_variants` hashes the source bytes, asks the cache what it already has, and only
when something is missing decodes the image (once) and encodes the missing files.
"""
from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass, field
from typing import Mapping

from PIL import Image

from ..cache.keys import content_hash, text_hash
from ..cache.layout import VERSIONS
from ..errors import ReadError
from .cache import SourceInfo, VariantCache
from .decode import Source, decode_master, flatten, open_source, resize_to

# Bumped (cache/layout.py) when decoding or encoding changes output for the same settings
# (colour handling, resampling, placeholder): every cached file and manifest row is then redone.
PIPELINE_VERSION = VERSIONS["image_variants"]

# Widths below the decoded picture are box-reduced by a whole factor first, then Lanczos
# does the rest (Pillow's `reducing_gap`). The poster's 240 px JPEG from the 500 px picture:
# 4.4 ms instead of 9.0 (of a poster's ~60) for 0.002 of SSIM; a scale under 2x (a photo's
# square to 160 px) is Lanczos alone, as before (benchmarks/README.md).
REDUCING_GAP = 1.0

FORMAT_EXT = {"avif": "avif", "webp": "webp", "jpeg": "jpg"}
# What `effort` means per format, and its range: AVIF speed (0 slow … 10 fast), WebP
# method (0 fast … 6 slow), JPEG 1 = optimized progressive, 0 = baseline.
EFFORT_RANGE = {"avif": (0, 10), "webp": (0, 6), "jpeg": (0, 1)}

DEFAULT_WIDTHS: dict[str, tuple[int, ...]] = {
    "poster": (185, 342, 500, 780),
    "fanart": (780, 1280, 1920),
    "landscape": (500, 780),
    "thumb": (185,),
    "actor": (185,),
    "clearlogo": (400,),
    "clearart": (500,),
    "banner": (758,),
    "discart": (500,),
    "keyart": (342, 780),
}


# Kinds the site only ever shows as a centred square (people's photos: a round cast-row
# photo and the person page's round portrait, both `object-fit: cover`): their variants are
# that square, the same picture on screen for a third fewer pixels than a 2:3 headshot.
SQUARE_KINDS = frozenset({"actor"})


def shown_size(kind: str | None, width: int, height: int) -> tuple[int, int]:
    """The part of a `width` x `height` master the variants of `kind` keep."""
    if kind in SQUARE_KINDS:
        side = min(width, height)
        return side, side
    return width, height


def crop_shown(im: Image.Image, kind: str | None) -> Image.Image:
    """`im` cropped to `shown_size` about its centre (what `object-fit: cover` shows)."""
    w, h = shown_size(kind, *im.size)
    if (w, h) == im.size:
        return im
    left, top = (im.width - w) // 2, (im.height - h) // 2
    return im.crop((left, top, left + w, top + h))


@dataclass(frozen=True)
class ImageSettings:
    """What variants to make: every format at `widths[kind]`, except the fallback format
    (JPEG, or the last listed; what `<img src>` names) at `fallback_widths[kind]` when
    that is given and there is more than one format; an empty list there means no
    fallback for that kind (the page then names the first format). `effort`: see EFFORT_RANGE.
    Named profiles (artwork/profiles.py) fill these; the defaults are the full set."""
    widths: Mapping[str, tuple[int, ...]] = field(default_factory=lambda: dict(DEFAULT_WIDTHS))
    formats: tuple[str, ...] = ("avif", "webp", "jpeg")
    quality: Mapping[str, int] = field(default_factory=lambda: {"avif": 60, "webp": 80, "jpeg": 82})
    effort: Mapping[str, int] = field(default_factory=lambda: {"avif": 9, "webp": 4, "jpeg": 1})
    fallback_widths: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    # Quality per kind and format where it differs from `quality` (e.g. a backdrop shown
    # dimmed behind the title needs less than a poster): {"fanart": {"avif": 40}}.
    kind_quality: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    max_pixels: int = 50_000_000          # decompression-bomb guard, checked before decoding
    jpeg_background: str = "#ffffff"      # what transparent areas become in JPEG

    def __post_init__(self) -> None:
        problem = settings_problem(self)
        if problem:
            raise ValueError(problem)

    def __hash__(self) -> int:
        return hash(self.fingerprint())

    @property
    def fallback_format(self) -> str:
        return "jpeg" if "jpeg" in self.formats else self.formats[-1]

    def widths_for(self, kind: str, fmt: str | None = None) -> tuple[int, ...]:
        if fmt is not None and len(self.formats) > 1 and fmt == self.fallback_format \
                and kind in self.fallback_widths:
            return tuple(sorted(set(self.fallback_widths[kind])))
        try:
            return tuple(sorted(set(self.widths[kind])))
        except KeyError:
            raise ValueError(f"no widths configured for artwork kind {kind!r}") from None

    def quality_for(self, kind: str | None, fmt: str) -> int:
        return self.kind_quality.get(kind or "", {}).get(fmt, self.quality[fmt])

    def fingerprint(self) -> str:
        """Stable hash of all settings (same settings -> same string, across runs)."""
        data = {"v": PIPELINE_VERSION, "widths": {k: sorted(v) for k, v in self.widths.items()},
                "fallback": {k: sorted(v) for k, v in self.fallback_widths.items()},
                "formats": list(self.formats), "quality": dict(self.quality),
                **({"kind_quality": {k: dict(v) for k, v in self.kind_quality.items()}}
                   if self.kind_quality else {}),
                "effort": dict(self.effort), "max_pixels": self.max_pixels,
                "bg": self.jpeg_background}
        return _digest(data)

    def variant_fingerprint(self, fmt: str, width: int, kind: str | None = None) -> str:
        """Only what shapes one file: a WebP change leaves AVIF and JPEG keys alone, and
        two profiles that ask for the same file share it."""
        data = {"v": PIPELINE_VERSION, "f": fmt, "w": width, "q": self.quality_for(kind, fmt),
                "e": self.effort[fmt], "bg": self.jpeg_background if fmt == "jpeg" else None,
                **({"crop": "square"} if kind in SQUARE_KINDS else {})}
        return _digest(data)

    def decoder_fingerprint(self) -> str:
        return _digest({"v": PIPELINE_VERSION, "max_pixels": self.max_pixels})


def settings_problem(s: ImageSettings) -> str | None:
    """The first thing wrong with `s`, as one line naming the key, or None."""
    if not s.formats:
        return "images.formats: list at least one format (avif, webp, jpeg)"
    for fmt in s.formats:
        if fmt not in FORMAT_EXT:
            return f"images.formats: unknown image format {fmt!r} (choose from {', '.join(FORMAT_EXT)})"
        if fmt not in s.quality or fmt not in s.effort:
            return f"images: image format {fmt!r} needs a quality and an effort"
    qualities = [(fmt, q) for fmt, q in s.quality.items()]
    qualities += [(f"{kind}.{fmt}", q) for kind, by in s.kind_quality.items() for fmt, q in by.items()]
    for fmt, q in qualities:
        if not isinstance(q, int) or isinstance(q, bool) or not 0 <= q <= 100:
            return f"images.quality.{fmt}: {q!r} is not a whole number from 0 to 100"
    for fmt, e in s.effort.items():
        low, high = EFFORT_RANGE.get(fmt, (0, 10))
        if not isinstance(e, int) or isinstance(e, bool) or not low <= e <= high:
            return f"images.effort.{fmt}: {e!r} is not a whole number from {low} to {high}"
    for kind, widths in s.widths.items():
        if not widths or any(not isinstance(w, int) or w <= 0 for w in widths):
            return f"images.widths.{kind}: widths must be a non-empty list of positive whole numbers"
    for kind, widths in s.fallback_widths.items():
        if any(not isinstance(w, int) or w <= 0 for w in widths):
            return f"images.fallback_widths.{kind}: widths must be positive whole numbers ([] for none)"
    return None


def _digest(data: object) -> str:
    return text_hash(json.dumps(data, sort_keys=True), 16)


@dataclass(frozen=True)
class Variant:
    format: str
    width: int
    height: int
    relpath: str          # relative to the cache dir: "<hh>/<key>.<ext>"
    bytes_size: int


@dataclass(frozen=True)
class ImageSet:
    source_hash: str
    kind: str
    width: int            # of the upright master
    height: int
    placeholder: str      # dominant colour "#rrggbb"
    variants: tuple[Variant, ...]

    def of_format(self, fmt: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.format == fmt)

    def srcset(self, fmt: str, url_prefix: str = "") -> str:
        return ", ".join(f"{url_prefix}{v.relpath} {v.width}w" for v in self.of_format(fmt))


@dataclass(frozen=True)
class _Planned:
    format: str
    width: int
    height: int
    relpath: str


def target_sizes(width: int, height: int, wanted: tuple[int, ...]) -> list[tuple[int, int]]:
    """Wanted widths not above the source; the source width alone if all are above it;
    nothing when nothing is wanted."""
    if not wanted:
        return []
    widths = [w for w in wanted if w <= width] or [width]
    return [(w, max(1, round(height * w / width))) for w in widths]


def _plan(source_hash: str, kind: str, info: SourceInfo, settings: ImageSettings) -> list[_Planned]:
    out = []
    for fmt in settings.formats:
        for w, h in target_sizes(*shown_size(kind, info.width, info.height), settings.widths_for(kind, fmt)):
            key = f"{source_hash[:32]}-{settings.variant_fingerprint(fmt, w, kind)}"
            out.append(_Planned(fmt, w, h, VariantCache.relpath(key, FORMAT_EXT[fmt])))
    return out


def render_variants(data: bytes, kind: str, settings: ImageSettings, cache: VariantCache,
                    name: str = "<image>", threads: int | None = None,
                    source_hash: str | None = None) -> ImageSet:
    """All variants of `data` for `kind`; encodes only what the cache lacks. `source_hash`
    is data's SHA-256 when the caller already has it (hashing a 2 MB master costs ~3 ms).

    Raises ReadError(name, reason) for an image that cannot be used (also on warm runs:
    the failure is remembered by content hash, so a bad file is not decoded again)."""
    source_hash = source_hash or content_hash(data)
    warm = cached_variants_of(source_hash, kind, settings, cache, name)
    if warm is not None:
        return warm
    ids = (source_hash, settings.decoder_fingerprint())
    try:
        source = open_source(data, name, settings.max_pixels)
    except ReadError as exc:
        raise _failure(cache, *ids, exc) from None
    plan = _plan(source_hash, kind, SourceInfo(source.width, source.height), settings)
    sizes = {p.relpath: cache.size(p.relpath) for p in plan}
    missing = [p for p in plan if sizes[p.relpath] is None]
    cache.count("hits", len(plan) - len(missing))
    cache.count("misses", len(missing))
    info = _encode_missing(source, name, kind, settings, cache, missing, sizes, ids, threads)
    return _image_set(source_hash, kind, info, plan, sizes)


def cached_variants(data: bytes, kind: str, settings: ImageSettings, cache: VariantCache,
                    name: str = "<image>") -> ImageSet | None:
    """The ImageSet if every variant is already stored (no decoding), else None.
    Raises ReadError when this content is remembered as unusable."""
    return cached_variants_of(content_hash(data), kind, settings, cache, name)


def cached_variants_of(source_hash: str, kind: str, settings: ImageSettings, cache: VariantCache,
                       name: str = "<image>") -> ImageSet | None:
    """`cached_variants` for a source known by its hash alone."""
    info = cache.source_info(source_hash, settings.decoder_fingerprint())
    if info is None:
        return None
    if info.error:
        cache.count("failed")
        raise ReadError(name, info.error)
    plan = _plan(source_hash, kind, info, settings)
    sizes = {p.relpath: cache.size(p.relpath) for p in plan}
    if any(n is None for n in sizes.values()):
        return None
    cache.count("hits", len(plan))
    return _image_set(source_hash, kind, info, plan, sizes)


def _image_set(source_hash: str, kind: str, info: SourceInfo, plan: list[_Planned],
               sizes: dict[str, int | None]) -> ImageSet:
    variants = tuple(Variant(p.format, p.width, p.height, p.relpath, sizes[p.relpath] or 0)
                     for p in plan)
    return ImageSet(source_hash, kind, info.width, info.height, info.placeholder, variants)


def _failure(cache: VariantCache, source_hash: str, decoder: str, exc: ReadError) -> ReadError:
    """Remember that this content is unusable, so later runs skip decoding it."""
    cache.count("failed")
    cache.record_source(source_hash, decoder, SourceInfo(error=exc.reason))
    return exc


def _encode_missing(source: Source, name: str, kind: str, settings: ImageSettings, cache: VariantCache,
                    missing: list[_Planned], sizes: dict[str, int | None],
                    ids: tuple[str, str], threads: int | None) -> SourceInfo:
    """One decode, drafted down towards the largest width missing; every width and
    format is made from it (cache.counts["decoded"] counts decodes)."""
    largest = max((p.width for p in missing), default=64)
    kept_width = shown_size(kind, source.width, source.height)[0]
    try:   # drafted so that the kept part is still at least `largest` wide
        master = decode_master(source, name, math.ceil(largest * source.width / kept_width))
    except ReadError as exc:
        raise _failure(cache, *ids, exc) from None
    cache.count("decoded")
    shown = crop_shown(master, kind)
    resized: dict[int, Image.Image] = {}
    for p in missing:
        if p.width not in resized:
            resized[p.width] = resize_to(shown, p.width, p.height, REDUCING_GAP)
        try:
            data = encode(resized[p.width], p.format, settings, threads, kind)
        except Exception as exc:  # e.g. WebP's 16383 px limit on an extreme aspect ratio
            raise ReadError(name, f"cannot encode {p.format} at {p.width}x{p.height}: "
                                  f"{str(exc).strip() or type(exc).__name__}") from None
        cache.write(p.relpath, data, p.format)
        sizes[p.relpath] = len(data)
    # The placeholder colour needs 16 px: the smallest picture made here holds all it
    # shows, and sampling it instead of the master is a third of a people's photo's CPU time.
    smallest = min(resized.values(), key=lambda im: im.width) if resized else shown
    info = SourceInfo(source.width, source.height, placeholder(smallest, settings.jpeg_background))
    cache.record_source(*ids, info)
    return info


def encode(im: Image.Image, fmt: str, settings: ImageSettings, threads: int | None = None,
           kind: str | None = None) -> bytes:
    """`threads` caps the AVIF encoder's threads (None: one per core); a worker process of
    a pool that already uses every core asks for 1. The bytes are the same either way."""
    buf = io.BytesIO()
    q, e = settings.quality_for(kind, fmt), settings.effort[fmt]
    if fmt == "avif":
        im.save(buf, "AVIF", quality=q, speed=e, **({"max_threads": threads} if threads else {}))
    elif fmt == "webp":
        im.save(buf, "WEBP", quality=q, method=e)
    else:
        flatten(im, settings.jpeg_background).save(
            buf, "JPEG", quality=q, optimize=bool(e), progressive=bool(e))
    return buf.getvalue()


def placeholder(picture: Image.Image, background: str) -> str:
    """Dominant colour ("#rrggbb") of `picture` (the part of the master the variants show,
    at any size): what an image's box shows while it loads."""
    flat = flatten(picture, background)
    w, h = flat.size
    tiny = flat.resize((16, max(1, min(48, round(16 * h / w)))), Image.Resampling.BOX)
    # Median cut over the 16 px picture's few hundred pixels: the colour the 32 px one
    # gave, within a few levels, for a quarter of the time.
    quant = tiny.quantize(colors=6)
    count_idx = max(quant.getcolors() or [(1, 0)])
    palette = quant.getpalette() or [0, 0, 0]
    r, g, b = palette[count_idx[1] * 3: count_idx[1] * 3 + 3]
    return f"#{r:02x}{g:02x}{b:02x}"
