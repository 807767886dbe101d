"""Which content file each identified movie is: the slug it had (by a moved file, its
files' paths, its ids), else a new one."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from ..slugs import movie_slug, unique_slug
from ..store import library
from .metadata import metadata
from .plan import candidate_key

if TYPE_CHECKING:
    from ..identify.item import Identified


def _file_key(labels: Mapping[Path, str], ident: Identified) -> set[tuple[str, str]]:
    c = ident.candidate
    return {(labels[c.root], c.relpath(f.path)) for f in c.files}


def assign_slugs(movies: list[Identified], stored: Mapping[str, library.StoredMovie],
                 labels: Mapping[Path, str], taken: set[str] = frozenset(),
                 preset: Mapping[str, str] | None = None) -> dict[str, Identified]:
    """Match each movie to its content file: a slug the plan kept for it (a moved file), by
    file path, then (a moved file) by ids of a content file no longer seen on disk, else a
    new de-duplicated `title-year` slug. `taken` slugs belong to unchanged movies."""
    claimed: dict[str, Identified] = {}
    if not movies:
        return claimed      # a warm scan with nothing to redo: skip indexing every stored file
    by_file = {key: s.slug for s in stored.values() for key in s.file_keys()}
    pending: list[Identified] = []
    for ident in movies:
        slug = (preset or {}).get(candidate_key(labels[ident.candidate.root], ident.candidate))
        slug = slug or next((by_file[k] for k in sorted(_file_key(labels, ident)) if k in by_file), None)
        if slug and slug not in claimed and slug not in taken:
            claimed[slug] = ident
        else:
            pending.append(ident)
    by_ids = _ids_index(stored) if pending else {}     # an edited movie is found by its files
    for ident in pending:
        meta = metadata(ident).values   # merged once: its ids, else its title and year
        slug = _match_by_ids(meta, by_ids, claimed.keys() | taken) if by_ids else None
        if slug is None:
            wanted = movie_slug(meta.get("title") or ident.candidate.folder.name, meta.get("year"))
            slug = unique_slug(wanted, _Union(stored, claimed, taken))
        claimed[slug] = ident
    return dict(sorted(claimed.items()))


class _Union:
    """`in` over several slug collections without copying them (unique_slug asks often)."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def __contains__(self, slug: object) -> bool:
        return any(slug in p for p in self.parts)


def _ids_index(stored: Mapping[str, library.StoredMovie]) -> dict[tuple[str, str], list[str]]:
    """(id kind, value) -> slugs holding it, built once (not a pass over all per movie)."""
    index: dict[tuple[str, str], list[str]] = {}
    for s in stored.values():
        for kind, value in s.ids().items():
            index.setdefault((kind, value), []).append(s.slug)
    return index


def _match_by_ids(meta: Mapping, by_ids: Mapping[tuple[str, str], list[str]],
                  claimed) -> str | None:
    ids = meta.get("ids") or {}
    for key in ("tmdb", "imdb"):
        if key in ids:
            slug = next((s for s in by_ids.get((key, str(ids[key])), ()) if s not in claimed), None)
            if slug:
                return slug
    return None
