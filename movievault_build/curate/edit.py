"""`movievault edit`: the user block of one film in $EDITOR, checked before it is saved.

What comes back must be a mapping whose known keys have the right types (`overrides`
only the metadata fields, each of its type); anything else is refused with the reason,
and the content file is left as it was. Comments written in the editor are kept.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable, Mapping

from ruamel.yaml.comments import CommentedMap

from ..errors import ReadError, UserError
from ..fsutil import atomic_write_text
from ..vault.userdata import movie_file
from ..model import METADATA_FIELDS
from ..store import document
from ..store.library import movie_from_front_matter

HEADER = """\
# {slug}: your own data for this film. The scanner never changes it; a re-scan keeps it.
#   overrides:  fields set outright, over every source ({fields})
#   ids:        the film's TMDB/IMDb ids (movievault identify writes these)
#   artwork:    {{poster: <url or path>, fanart: …}} (movievault artwork choose)
#   tags, watched, favorite, rating (0-10), notes, watchlist, playcount, lastplayed
# Save and close to apply; an invalid value is refused and nothing changes.
"""
TEXT = ("title", "original_title", "sort_title", "edition", "certification", "premiered", "tagline",
        "outline", "plot", "lastplayed", "notes")
NAMES = ("genres", "tags", "directors", "writers", "studios", "countries")


def _is_text(v: Any) -> bool:
    return isinstance(v, str)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_rating(v: Any) -> bool:
    return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 10)


def _is_names(v: Any) -> bool:
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def _is_ids(v: Any) -> bool:
    return isinstance(v, Mapping) and all(isinstance(x, (str, int)) and not isinstance(x, bool) for x in v.values())


RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    **{k: (_is_text, "text") for k in TEXT},
    **{k: (_is_names, "a list of names") for k in NAMES},
    "year": (lambda v: _is_int(v) and 1870 <= v <= 2100, "a year (1870-2100)"),
    "runtime": (lambda v: _is_int(v) and v > 0, "minutes, a whole number above 0"),
    "playcount": (lambda v: _is_int(v) and v >= 0, "a whole number, 0 or more"),
    "rating": (_is_rating, "a number from 0 to 10"),
    "watched": (lambda v: isinstance(v, bool), "true or false"),
    "favorite": (lambda v: isinstance(v, bool), "true or false"),
    "watchlist": (lambda v: isinstance(v, bool), "true or false"),
    "ids": (_is_ids, "a mapping such as {tmdb: 603, imdb: tt0133093}"),
    "artwork": (lambda v: isinstance(v, Mapping) and all(isinstance(x, str) for x in v.values()),
                "a mapping such as {poster: <url or path>}"),
    "cast": (lambda v: isinstance(v, list) and all(isinstance(x, str) or (isinstance(x, Mapping) and x.get("name"))
                                                   for x in v), "a list of names or {name, role}"),
    "collection": (lambda v: isinstance(v, str) or (isinstance(v, Mapping) and bool(v.get("name"))),
                   "a name or {name: …}"),
    "ratings": (lambda v: isinstance(v, Mapping), "a mapping"),
    "streams": (lambda v: isinstance(v, Mapping), "a mapping"),
    "images": (lambda v: isinstance(v, list), "a list"),
}
_IDS = {"tmdb": (re.compile(r"^\d+$"), "a TMDB"), "imdb": (re.compile(r"^tt\d{5,}$"), "an IMDb")}


def problem(user: Any) -> str | None:
    """Why an edited user block is refused, or None when it is fine."""
    if not isinstance(user, Mapping):
        return "the user block must be a mapping of keys to values"
    for key, value in user.items():
        if key == "overrides":
            continue
        if key in RULES and value is not None and not RULES[key][0](value):
            return f"{key}: must be {RULES[key][1]}"
    for kind, (rule, what) in _IDS.items():
        value = (user.get("ids") or {}).get(kind) if isinstance(user.get("ids"), Mapping) else None
        if value is not None and not rule.match(str(value).strip()):
            return f"ids.{kind}: {value!r} is not {what} id"
    overrides = user.get("overrides")
    if overrides is None:
        return None
    if not isinstance(overrides, Mapping):
        return "overrides: must be a mapping of fields to values"
    for key, value in overrides.items():
        if key not in METADATA_FIELDS:
            return f"overrides: unknown field {key!r} (known: {', '.join(METADATA_FIELDS)})"
        if value is not None and key in RULES and not RULES[key][0](value):
            return f"overrides.{key}: must be {RULES[key][1]}"
    return None


def edit(content_dir: Path, slug: str, run_editor: Callable[[str], str | None]) -> bool:
    """Edit `slug`'s user block with `run_editor` (text in, text out or None when not
    saved). Returns whether the file changed; UserError (nothing written) when refused."""
    path = movie_file(content_dir, slug)
    doc, body = document.load_round_trip(path.read_text("utf-8"), str(path))
    user = doc.get("user")
    if user is None:
        user = CommentedMap(document.DEFAULT_USER_BLOCK)
    text = HEADER.format(slug=slug, fields=", ".join(METADATA_FIELDS[:6]) + " …") + document.yaml_text(user)
    edited = run_editor(text)
    if edited is None or edited == text:
        return False
    if not any(line.strip() and not line.lstrip().startswith("#") for line in edited.splitlines()):
        raise UserError(f"{slug}: not saved: the edit is empty (to clear a value, set it to null)")
    try:
        new_user = document.load_round_trip(f"---\n{edited}\n---\n", f"{slug} (edited)")[0]
    except ReadError as exc:
        raise UserError(f"{slug}: not saved: {exc.reason}") from None
    why = problem(new_user)
    if why is None:
        try:   # the whole file must still load as the site reads it
            plain = document.load_plain(f"---\n{edited}\n---\n", slug)[0]
            movie_from_front_matter(slug, {**document.load_plain(path.read_text('utf-8'), str(path))[0],
                                           "user": plain}, body, str(path))
        except ReadError as exc:
            why = exc.reason
    if why is not None:
        raise UserError(f"{slug}: not saved: {why}")
    doc["user"] = new_user
    atomic_write_text(path, document.dump(doc, body))
    return True


