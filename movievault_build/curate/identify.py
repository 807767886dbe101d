"""Pinning a film to the TMDB movie the user picked (`movievault identify`)."""
from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from ..errors import UserError
from ..vault.userdata import edit_user
from ..providers.base import Found, Query
from ..providers.tmdb import TmdbProvider


def by_id(tmdb: TmdbProvider, tmdb_id: str | None, imdb_id: str | None, language: str) -> Found:
    """The TMDB movie with this TMDB or IMDb id; an error naming the id when there is none."""
    if tmdb_id is not None:
        tmdb_id = str(tmdb_id).strip()
        if not tmdb_id.isdigit():
            raise UserError(f"--tmdb {tmdb_id!r}: a TMDB id is a number")
        found = tmdb.movie(tmdb_id, language)
        if found is None:
            raise UserError(f"TMDB has no movie {tmdb_id}")
        return found
    imdb_id = str(imdb_id or "").strip()
    if not (imdb_id.startswith("tt") and imdb_id[2:].isdigit()):
        raise UserError(f"--imdb {imdb_id!r}: an IMDb id looks like tt0084787")
    found = tmdb.lookup(Query(title=None, ids={"imdb": imdb_id}, language=language))
    if found is None:
        raise UserError(f"TMDB knows no movie with IMDb id {imdb_id}")
    return found


def pin(content_dir: Path, slug: str, found: Found) -> dict[str, str]:
    """Write the film's ids into `user.ids` (replacing earlier pins); returns them."""
    ids = {k: str(v) for k, v in (found.metadata.get("ids") or {}).items() if k in ("tmdb", "imdb") and v}

    def change(user) -> None:
        user["ids"] = CommentedMap(sorted(ids.items()))
    edit_user(content_dir, slug, change)
    return ids
