"""What the published site will weigh, in bytes and file entries, against the host's limits.

Images are counted exactly when the variant cache already holds them and otherwise
estimated from the master's size (read from its header) and the format's measured bits
per pixel. Pages and JSON are measured from a built site when one is given, and
otherwise estimated per page from the demo site's sizes. Entries count folders too, as
GitLab Pages does: every page is a folder and its index.html.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..artwork.cache import VariantCache
from ..artwork.decode import upright_size
from ..artwork.variants import ImageSettings, cached_variants_of, shown_size, target_sizes
from ..model import Movie
from ..views.art import SITE_PREFIX
from .artwork import site_masters
from ..views.catalog import with_pages

# A variant's bytes grow with its pixels to the power 0.65 (larger images have smoother
# areas); the factor by format and quality (the nearest is used) was fitted to photo-like
# posters and backdrops from 240 to 1280 px wide (benchmarks/image_bench.py checks it). It
# overestimates people's 160 px squares by about a third: a site not built yet is counted high.
BYTES_EXPONENT = 0.65
BYTES_FACTOR = {
    "avif": {35: 2.85, 40: 3.45, 50: 5.3, 60: 7.45},
    "webp": {70: 5.6, 80: 7.5},
    "jpeg": {60: 7.8, 65: 8.5, 70: 9.5, 80: 12.3, 82: 13.0},
}
# HTML and JSON per page, measured on a built site of 300 movies with ten billed actors
# each (benchmarks/budget_bench.py): a movie's page (20.8 KB with its cast and related
# rows), its API document (1.9 KB), its share of the search shards, the library and the
# genre and decade pages (about 5 KB) — with the page's folder and its search shard, four
# entries; a person's page (12.3 KB: a page carries about 8 KB of theme markup however
# short) and its folder; what every site has (theme assets, 404, feeds).
MOVIE_PAGE_BYTES, MOVIE_PAGE_ENTRIES = 28_400, 4
PERSON_PAGE_BYTES, PERSON_PAGE_ENTRIES = 12_700, 2
COLLECTION_PAGE_BYTES = 12_000
FIXED_BYTES, FIXED_ENTRIES = 3_300_000, 350
MB = 1024 * 1024


@dataclass(frozen=True)
class Projection:
    movies: int
    people: int               # person pages
    images: int               # masters shown on the site
    images_estimated: int     # of which not encoded yet (bytes estimated)
    image_bytes: int
    image_files: int          # variant files plus their folders
    page_bytes: int
    page_files: int
    pages_measured: bool      # from a built site (else estimated per page)

    @property
    def total_bytes(self) -> int:
        return self.image_bytes + self.page_bytes

    @property
    def total_files(self) -> int:
        return self.image_files + self.page_files

    def over(self, limits: tuple[int | None, int | None], host: str) -> list[str]:
        """One line per limit the site would break."""
        mb, files = limits
        out = []
        if mb is not None and self.total_bytes > mb * MB:
            out.append(f"the site would be {self.total_bytes / MB:,.0f} MB, over the {mb:,} MB "
                       f"{_whose(host)} (publish.max_site_mb)")
        if files is not None and self.total_files > files:
            out.append(f"the site would have {self.total_files:,} files and folders, over the "
                       f"{files:,} {_whose(host)} (publish.max_files)")
        return out


def _whose(host: str) -> str:
    return f"{host} allows" if host != "none" else "configured limit"


def project(movies: list[Movie], content_dir: Path, cache_dir: Path, settings: ImageSettings,
            site_dir: Path | None = None, person_min_films: int = 2) -> Projection:
    masters = site_masters(movies, content_dir)
    image_bytes, variants, estimated = _image_bytes(masters, content_dir, cache_dir, settings)
    # A master's variants share a folder named by the first two hex digits of its hash:
    # those of encoded masters are known, the rest fall at random among 256.
    known = {rel[:2] for rel in variants if "|" not in rel}
    folders = len(known) + round((256 - len(known)) * (1 - (255 / 256) ** estimated))
    people = _person_pages(movies, person_min_films)
    if site_dir is not None and site_dir.is_dir():
        page_bytes, page_files = _measure_pages(site_dir)
    else:
        collections = len({m.collection.name for m in movies if m.collection})
        page_bytes = (FIXED_BYTES + len(movies) * MOVIE_PAGE_BYTES + people * PERSON_PAGE_BYTES
                      + collections * COLLECTION_PAGE_BYTES)
        page_files = FIXED_ENTRIES + len(movies) * MOVIE_PAGE_ENTRIES + (people + collections) * PERSON_PAGE_ENTRIES
    return Projection(len(movies), people, len(masters), estimated, image_bytes,
                      len(variants) + folders + bool(folders), page_bytes, page_files,
                      site_dir is not None and site_dir.is_dir())


def _person_pages(movies: Iterable[Movie], min_films: int = 2) -> int:
    """Directors and billed actors with `min_films` films get a page (views/catalog.py)."""
    return len(with_pages(movies, min_films))


def _image_bytes(masters, content_dir: Path, cache_dir: Path,
                 settings: ImageSettings) -> tuple[int, set[str], int]:
    """(bytes, variant paths, masters estimated). Variants are files named by content and
    settings, so a picture two movies share is counted once."""
    sizes: dict[str, int] = {}
    estimated = 0
    cache = VariantCache(cache_dir)
    try:
        known = cache.master_hashes()
        for (_owner, kind), rel in masters:
            path = os.path.join(content_dir, rel)
            found = _cached(known.get(path), path, kind, settings, cache)
            if found is not None:
                sizes.update(found)
                continue
            estimated += 1
            sizes.update(_estimate(path, kind, settings))
    finally:
        cache.close()
    return sum(sizes.values()), set(sizes), estimated


def _cached(row, path: str, kind: str, settings: ImageSettings, cache: VariantCache) -> dict[str, int] | None:
    if row is None:
        return None
    size, mtime, digest = row
    try:
        st = os.stat(path)
    except OSError:
        return None
    if (st.st_size, st.st_mtime_ns) != (size, mtime):
        return None
    try:
        found = cached_variants_of(digest, kind, settings, cache, path)
    except Exception:   # remembered as unusable: it publishes nothing
        return {}
    return None if found is None else {v.relpath: v.bytes_size for v in found.variants}


def _estimate(path: str, kind: str, settings: ImageSettings) -> dict[str, int]:
    try:
        width, height = upright_size(path)
    except Exception:      # unreadable: the build shows a placeholder and publishes nothing
        return {}
    out = {}
    for fmt in settings.formats:
        factor = _factor(fmt, settings.quality_for(kind, fmt))
        for w, h in target_sizes(*shown_size(kind, width, height), settings.widths_for(kind, fmt)):
            out[f"{path}|{fmt}|{w}"] = int(factor * (w * h) ** BYTES_EXPONENT)
    return out


def _factor(fmt: str, quality: int) -> float:
    table = BYTES_FACTOR[fmt]
    return table[min(table, key=lambda q: abs(q - quality))]


def _measure_pages(site_dir: Path) -> tuple[int, int]:
    """Bytes and entries of everything in a built site but the artwork variants."""
    total = entries = 0
    img = os.path.join(site_dir, SITE_PREFIX.rstrip("/"))
    for dirpath, dirnames, names in os.walk(site_dir):
        if dirpath == img or dirpath.startswith(img + os.sep):
            continue
        entries += len(names) + len(dirnames)
        total += sum(os.path.getsize(os.path.join(dirpath, n)) for n in names)
    return total, entries - os.path.isdir(img)   # img/ itself is counted with the images
