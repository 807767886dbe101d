"""`movievault suggest`: the genres suggested for films that have none (recommend/genres.py),
listed, and accepted into a film's `user:` block as an override when the user says so —
the scanned metadata is never touched, so the next scan keeps the choice and a removed
override brings the suggestion back."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import UserError
from ..fsutil import atomic_write_text
from ..vault.userdata import user_edit
from ..model import Movie
from ..nfo.files import unified_diff
from ..recommend.analysis import analyse

Suggestion = tuple[Movie, list[tuple[str, float]]]


def suggestions(movies: Sequence[Movie], slugs: Iterable[str] = ()) -> list[Suggestion]:
    """(film, [(genre, confidence)]) for the films without genres that have suggestions, in
    slug order; with `slugs`, those films only (an unknown slug is an error)."""
    by_slug = {m.slug: m for m in movies}
    wanted = list(dict.fromkeys(slugs))
    unknown = [s for s in wanted if s not in by_slug]
    if unknown:
        raise UserError(f"no movie {unknown[0]!r} in content/")
    found = analyse(movies).suggested
    return [(by_slug[s], found[s]) for s in (wanted or sorted(found)) if s in found]


def accept(content_dir: Path, movies: Sequence[Movie], slug: str, only: Sequence[str] = (),
           dry_run: bool = False) -> tuple[list[str], str]:
    """Write the film's suggested genres (or those of them named in `only`) as its
    `user.overrides.genres`; returns (the genres, a unified diff of the file). A dry run
    writes nothing."""
    listed = suggestions(movies, [slug])
    if not listed:
        film = next(m for m in movies if m.slug == slug)
        why = "it has genres" if film.genres else "too few films read like it"
        raise UserError(f"{slug}: no genres to accept ({why})")
    suggested = [g for g, _ in listed[0][1]]
    folded = {g.casefold(): g for g in suggested}
    missing = [g for g in only if g.casefold() not in folded]
    if missing:
        raise UserError(f"{slug}: {missing[0]!r} is not suggested (suggested: {', '.join(suggested)})")
    genres = [folded[g.casefold()] for g in dict.fromkeys(only)] if only else suggested

    def change(user: CommentedMap) -> None:
        overrides = user.get("overrides")
        if not isinstance(overrides, dict):
            overrides = CommentedMap()
            user["overrides"] = overrides
        overrides["genres"] = CommentedSeq(genres)

    path, old, new, _ = user_edit(content_dir, slug, change)
    if not dry_run:
        atomic_write_text(path, new)
    return genres, unified_diff(Path(path.name), old, new)
