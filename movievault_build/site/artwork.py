"""Artwork for the site: every stored image of every movie becomes AVIF/WebP/JPEG
variants (encoded once, cached by content hash + settings) and a `<picture>` view.

The masters are the copies in content/images/ (made by the scan), so a build with no
library and no network still has every image; the variants live in the cache dir and
are rebuilt from the masters whenever the cache is cold.

A master is read only from inside content/images/: a content file (or a pull request
adding one) may name `../../`, an absolute path, or a committed symlink leading out, and
the build would otherwise publish any image the build machine can read. Such a path is
a warning naming the movie, and no image.
"""
from __future__ import annotations

import marshal
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..cache.keys import digest as key_digest, hasher
from ..artwork.pool import MASTER_MAX, EncodeJob, encode_all
from ..artwork.variants import ImageSet, ImageSettings, cached_variants_of
from ..artwork.cache import VariantCache
from ..artwork.names import IMAGES, collection_stem, person_stem, shared_masters
from ..errors import ReadError
from ..fsutil import feed_regular, relative_inside
from ..log import get_logger
from ..model import Movie
from ..views.art import KINDS, SITE_PREFIX, picture_view

log = get_logger("artwork")


@dataclass
class SiteArt:
    views: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)   # (slug, kind) -> view
    files: dict[str, str] = field(default_factory=dict)                           # site path -> cache file
    problems: list[str] = field(default_factory=list)
    key: str = ""     # digest of every input of this result (masters' stats, settings)


def build_art(movies: Iterable[Movie], content_dir: Path, cache_dir: Path,
              settings: ImageSettings, workers: int | None = None) -> SiteArt:
    """Views keyed (slug, kind) for movies, ("person:<name>", "actor") for people's
    photos and ("collection:<name>", "poster") for collection posters.

    When every master has the size and mtime it had last time (and the settings are the
    same), the result is last build's, remembered whole: a warm build only stats the
    masters. Otherwise a master known by size and mtime is still known by its
    remembered hash, so only new or changed images are read and hashed."""
    movies = list(movies)
    refused: list[str] = []
    art = _art_for(site_masters(movies, content_dir, refused), content_dir, cache_dir, settings, workers)
    art.problems[:0] = refused
    return art


def _art_for(masters: list[tuple[tuple[str, str], str]], content_dir: Path, cache_dir: Path,
             settings: ImageSettings, workers: int | None) -> SiteArt:
    if not masters:
        return SiteArt()
    stamps = [_stamp(os.path.join(content_dir, rel)) for _, rel in masters]
    key = key_digest(repr((sys.version_info[:2], settings.fingerprint(), masters, stamps)))
    cache = VariantCache(cache_dir)
    try:
        art = _remembered(cache, key)
        if art is not None:
            log.info("artwork: %d images, 0 variants encoded, all as last build", len(masters))
            return art
        art = _build(masters, stamps, content_dir, cache, settings, workers)
        art.key = key
        cache.remember_site_art(key, marshal.dumps((art.views, art.files, art.problems)))
    finally:
        cache.close()
    return art


def confined(masters: list[tuple[tuple[str, str], str]],
             content_dir: Path) -> tuple[list[tuple[tuple[str, str], str]], list[str]]:
    """The masters whose files lie inside content/images/ (symlinks resolved), and a
    warning for each one that does not."""
    images = os.path.realpath(os.path.join(content_dir, IMAGES))
    kept, refused = [], []
    folders: dict[str, str] = {}
    for owner, rel in masters:
        real = _realpath(os.path.join(content_dir, rel), folders) if relative_inside(rel) else None
        if real is not None and os.path.commonpath([images, real]) == images and real != images:
            kept.append((owner, rel))
        else:
            who = owner[0].split(":", 1)[-1]
            refused.append(f"{who}: {owner[1]} image {rel[:200]!r} is not inside {Path(content_dir).name}/{IMAGES}/; refused")
    return kept, refused


def _realpath(path: str, folders: dict[str, str]) -> str:
    """os.path.realpath(path), each folder resolved once (`folders` remembers them):
    realpath stats every component of every path, and a library's images share a few
    hundred folders."""
    head, tail = os.path.split(path)
    if tail in ("", ".", ".."):
        return os.path.realpath(path)
    if head not in folders:
        folders[head] = os.path.realpath(head)
    joined = os.path.join(folders[head], tail)
    return os.path.realpath(joined) if os.path.islink(joined) else joined


def forget_art(cache_dir: Path) -> None:
    """Drop the remembered result (one of its files went missing)."""
    cache = VariantCache(cache_dir)
    try:
        cache.forget_site_art()
    finally:
        cache.close()


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _remembered(cache: VariantCache, key: str) -> SiteArt | None:
    data = cache.site_art(key)
    if data is None:
        return None
    try:
        views, files, problems = marshal.loads(data)
    except (ValueError, EOFError, TypeError):     # damaged: built again
        return None
    return SiteArt(views, files, problems, key)


def _build(masters: list[tuple[tuple[str, str], str]], stamps: list[tuple[int, int] | None], content_dir: Path,
           cache: VariantCache, settings: ImageSettings, workers: int | None) -> SiteArt:
    art = SiteArt()
    known, seen = cache.master_hashes(), []
    results: dict[int, ImageSet | ReadError] = {}
    jobs, slots = [], []
    for i, ((owner, rel), stamp) in enumerate(zip(masters, stamps)):
        path = content_dir / rel
        try:
            if stamp is None:
                path.stat()           # raises the reason
            size, mtime, digest = known.get(str(path)) or (None, None, None)
            if (size, mtime) == stamp:
                warm = cached_variants_of(digest, owner[1], settings, cache, str(path))
                if warm is not None:
                    results[i] = warm
                    continue
            # Hashed in blocks now, read whole only when its encode starts: a cold build
            # holds a few masters at once, not the library's. A FIFO or a device is a
            # warning, not a hang.
            sha = hasher()
            hashed = feed_regular(path, MASTER_MAX, sha.update)
        except ReadError as exc:
            results[i] = exc
            continue
        except OSError as exc:
            art.problems.append(str(ReadError(path, f"cannot read image ({exc.strerror or exc})")))
            continue
        digest = sha.hexdigest()
        jobs.append(EncodeJob(str(path), owner[1], digest=digest, path=str(path), stamp=hashed))
        slots.append(i)
        if hashed is not None:       # else it changed while hashed: known by no stamp
            seen.append((str(path), *hashed, digest))
    results.update(zip(slots, encode_all(jobs, settings, cache, workers)))
    cache.remember_masters(seen, forget=known.keys() - {str(content_dir / rel) for _, rel in masters})
    for i in sorted(results):
        owner, result = masters[i][0], results[i]
        if isinstance(result, ReadError):
            art.problems.append(f"{result} (a placeholder is shown)")
            continue
        art.views[owner] = picture_view(result)
        for v in result.variants:
            art.files[SITE_PREFIX + v.relpath] = os.fspath(cache.path(v.relpath))
    stats = cache.stats()
    log.info("artwork: %d images, %d variants encoded, %d reused",
             len(masters), stats.get("encoded", 0), stats.get("hits", 0))
    return art


def site_masters(movies: list[Movie], content_dir: Path,
                 refused: list[str] | None = None) -> list[tuple[tuple[str, str], str]]:
    """((owner, kind), content-relative path) of every master the site shows: those inside
    content/images/ (`refused` gets a warning for each of the others)."""
    kept, outside = confined([*_movie_masters(movies), *_shared_masters(movies, content_dir)], content_dir)
    if refused is not None:
        refused.extend(outside)
    return kept


def _movie_masters(movies: list[Movie]) -> Iterator[tuple[tuple[str, str], str]]:
    for movie in movies:
        for kind in KINDS:
            image = movie.image(kind)
            if image is not None:
                yield (movie.slug, kind), str(image.path)


def _shared_masters(movies: list[Movie], content_dir: Path) -> Iterator[tuple[tuple[str, str], str]]:
    """People's photos and collection posters the scan stored (artwork/sources.py)."""
    stored = shared_masters(content_dir)
    if not stored:
        return
    names = dict.fromkeys(n for m in movies for n in (*m.directors, *(p.name for p in m.cast)))
    for name in names:
        if (rel := stored.get(person_stem(name))):
            yield (f"person:{name}", "actor"), rel
    for name in dict.fromkeys(m.collection.name for m in movies if m.collection):
        if (rel := stored.get(collection_stem(name, "poster"))):
            yield (f"collection:{name}", "poster"), rel
