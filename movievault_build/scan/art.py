"""What the artwork sources need to know of one movie (artwork/sources.py chooses and
stores its images)."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ..artwork.local import find_local_art
from ..artwork.sources import MovieArt
from ..discover.walk import Candidate, is_video_name
from ..enrich import online
from ..store import library
from .candidates import parse

if TYPE_CHECKING:
    from ..identify.item import Identified


def movie_art(slug: str, ident: Identified, meta: Mapping[str, Any], found: online.Result,
              old: library.StoredMovie | None) -> MovieArt:
    """What the artwork sources need: local files (copied into content/ so a build needs
    no library), the NFO's references, TMDB's images, and last scan's entries."""
    c = ident.candidate
    siblings = list(c.siblings)
    if _shared_folder(c):
        stem = c.main.path.stem.casefold()
        siblings = [n for n in siblings if n.casefold().startswith(stem)]
    collection = meta.get("collection")
    return MovieArt(
        slug=slug, label=c.relpath(), root=c.root, folder=c.folder,
        local=find_local_art(c.main.path, siblings),
        nfo=ident.nfo.metadata if ident.nfo else {},
        nfo_dir=Path(ident.nfo.path).parent if ident.nfo else None,
        tmdb=found.layers.get("tmdb") or {}, tmdb_collection=tuple(found.collection_images),
        cast=tuple(str(p.get("name")) for p in meta.get("cast") or () if isinstance(p, Mapping) and p.get("name")),
        collection=(collection.get("name") if isinstance(collection, Mapping) else collection) or None,
        previous=tuple((old.data.get("images") or ()) if old else ()),
        chosen=chosen_art(old.data if old else {}))


def chosen_art(front: Mapping[str, Any]) -> dict[str, str]:
    """The images the user picked (`user: {artwork: {poster: <url or path>}}`)."""
    user = front.get("user")
    art = user.get("artwork") if isinstance(user, Mapping) else None
    if not isinstance(art, Mapping):
        return {}
    return {str(k): str(v).strip() for k, v in art.items() if isinstance(v, str) and v.strip()}


def _shared_folder(c: Candidate) -> bool:
    """A folder holding several movies (a flat Downloads folder): folder-wide names such
    as poster.jpg belong to none of them."""
    if c.disc is not None:
        return False
    own = {f.path.name for f in c.files}
    if all(n in own for n in c.siblings if is_video_name(n)):   # no other video: nothing to parse
        return False
    movies = _movie_videos(c.siblings)
    return len(movies) > len(movies & own)


# One entry a folder with several videos: a library has hundreds of flat download folders,
# and the movies come in slug order, not folder by folder.
@functools.lru_cache(maxsize=4096)
def _movie_videos(siblings: tuple[str, ...]) -> frozenset[str]:
    """The names in one folder listing that parse as movies; parsed once per folder, not
    once per movie in it (a flat folder of N files would cost N² parses)."""
    return frozenset(n for n in siblings if is_video_name(n) and parse(n).kind == "movie")
