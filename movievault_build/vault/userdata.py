"""Edits to a movie's `user:` block — and nothing else.

Each edit reads the content file round-trip (comments, key order and the body kept),
changes the user block, and writes atomically. The scanner's keys are never touched.
"""
from __future__ import annotations

import datetime as _dt
import difflib
from pathlib import Path
from typing import Any, Callable, Iterable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..errors import UserError
from ..fsutil import atomic_write_text
from ..store import document
from ..store.library import movie_path, movie_paths


def movie_file(content_dir: Path, slug: str) -> Path:
    """The content file of `slug`; an unknown slug is an error listing close matches."""
    path = movie_path(content_dir, slug)
    if path.is_file():
        return path
    slugs = [p.stem for p in movie_paths(content_dir)]
    close = difflib.get_close_matches(slug, slugs, n=3, cutoff=0.5)
    close += [s for s in slugs if slug in s and s not in close][: 3 - len(close)]
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    raise UserError(f"no movie {slug!r} in {content_dir}{hint}")


def edit_user(content_dir: Path, slug: str, change: Callable[[CommentedMap], Any]) -> Any:
    """Apply `change` to the user block of `slug` and save; returns what `change` returned.

    Only the block's own lines are parsed round-trip and rewritten when they can be told
    apart (a top-level `user:` in block style): a sync writing thousands of watch states
    then pays for a few lines per movie, not the whole front matter, and every other
    byte of the file stays as it was."""
    path, _old, new_text, result = user_edit(content_dir, slug, change)
    atomic_write_text(path, new_text)
    return result


def user_edit(content_dir: Path, slug: str, change: Callable[[CommentedMap], Any]) -> tuple[Path, str, str, Any]:
    """What `edit_user` would write, without writing: (path, old text, new text, result)."""
    path = movie_file(content_dir, slug)
    text = document.read_text(path)      # a regular file within the size limit, UTF-8
    edited = document.edit_block(text, str(path), "user", lambda user: _user_map(path, user, change))
    if edited is not None:
        new_text, result = edited
    else:
        doc, body = document.load_round_trip(text, str(path))
        user = _user_map(path, doc.get("user"), None)
        doc["user"] = user
        result = change(user)
        new_text = document.dump(doc, body)
    return path, text, new_text, result


def _user_map(path: Path, user: Any, change: Callable[[CommentedMap], Any] | None) -> Any:
    """The block as a mapping (a fresh default one when empty); with `change`, the block
    after it, and what it returned."""
    if user is None:
        user = document.default_user_block()
    if not isinstance(user, CommentedMap):
        raise UserError(f"{path}: `user:` must be a mapping")
    return user if change is None else (user, change(user))


def _tag_list(user: CommentedMap) -> CommentedSeq:
    tags = user.get("tags")
    if not isinstance(tags, list):
        tags = CommentedSeq()
        user["tags"] = tags
    return tags


def add_tags(content_dir: Path, slug: str, tags: Iterable[str]) -> list[str]:
    """Add tags (case-insensitively new ones only); returns the tags added."""
    def change(user: CommentedMap) -> list[str]:
        current = _tag_list(user)
        added = []
        for tag in tags:
            tag = tag.strip()
            if tag and tag.casefold() not in {str(t).casefold() for t in current}:
                current.append(tag)
                added.append(tag)
        return added
    return edit_user(content_dir, slug, change)


def remove_tags(content_dir: Path, slug: str, tags: Iterable[str]) -> list[str]:
    wanted = {t.strip().casefold() for t in tags}

    def change(user: CommentedMap) -> list[str]:
        current = _tag_list(user)
        gone = [t for t in current if str(t).casefold() in wanted]
        for t in gone:
            current.remove(t)
        return [str(t) for t in gone]
    return edit_user(content_dir, slug, change)


def set_value(content_dir: Path, slug: str, key: str, value: Any) -> None:
    def change(user: CommentedMap) -> None:
        user[key] = value
    edit_user(content_dir, slug, change)


def set_rating(content_dir: Path, slug: str, rating: float | None) -> None:
    if rating is not None and not 0 <= rating <= 10:
        raise UserError(f"rating {rating:g} is outside 0..10")
    value = int(rating) if rating is not None and float(rating).is_integer() else rating
    set_value(content_dir, slug, "rating", value)


def mark_watched(content_dir: Path, slug: str, when: _dt.datetime | None = None) -> int:
    """watched: true, playcount + 1, lastplayed now, off the watchlist; returns the playcount."""
    stamp = (when or _dt.datetime.now()).replace(microsecond=0).isoformat(sep=" ")

    def change(user: CommentedMap) -> int:
        user["watched"] = True
        count = int(user.get("playcount") or 0) + 1
        user["playcount"] = count
        user["lastplayed"] = stamp
        if user.get("watchlist"):
            user["watchlist"] = False
        return count
    return edit_user(content_dir, slug, change)
