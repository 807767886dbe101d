"""content/ as a whole: read every movie file, write one, copy artwork in."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from ..cache.layout import cache_path
from ..errors import ReadError, UserError
from ..fsutil import WriteBatch, atomic_write_text, write_inside
from ..model import MediaFile, Movie, movie_from_metadata
from . import document
from .movie_snapshot import Entries, MovieSnapshot
from .parsed_cache import ParsedCache

MOVIES = "movies"
IMAGES = "images"


@dataclass(frozen=True)
class StoredMovie:
    """A content file as read for matching: its front matter, plain."""
    slug: str
    path: Path
    data: Mapping[str, Any]

    def file_keys(self) -> set[tuple[str, str]]:
        return {(str(f.get("library", "")), str(f.get("path", "")))
                for f in self.data.get("files") or () if isinstance(f, Mapping)}

    def ids(self) -> Mapping[str, str]:
        ids = self.data.get("ids") or {}
        return {str(k): str(v) for k, v in ids.items()} if isinstance(ids, Mapping) else {}


@dataclass
class StoreReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def movie_path(content_dir: Path, slug: str) -> Path:
    """content/movies/<slug>.md; UserError when `slug` is not a plain name (a path such as
    `../../mkdocs`, a hidden name, control characters, longer than a file name may be)."""
    if (not slug or slug.startswith(".") or any(c in slug for c in "/\\\x00") or not slug.isprintable()
            or len(slug.encode("utf-8", "surrogateescape")) > 250):
        raise UserError(f"{slug[:80]!r} is not a movie slug")
    return Path(content_dir) / MOVIES / f"{slug}.md"


def movie_paths(content_dir: Path) -> list[Path]:
    folder, names = _movie_files(content_dir)
    return [Path(folder) / name for name in names]


def _movie_files(content_dir: Path) -> tuple[str, list[str]]:
    """content/movies as a string and the names of its movie files, sorted."""
    folder = Path(content_dir) / MOVIES
    if not folder.is_dir():
        return str(folder), []
    return str(folder), sorted(e.name for e in os.scandir(folder) if e.name.endswith(".md") and not e.name.startswith("."))


def read_stored(content_dir: Path) -> tuple[dict[str, StoredMovie], list[str]]:
    stored: dict[str, StoredMovie] = {}
    problems: list[str] = []
    for path in movie_paths(content_dir):
        try:
            data, _body = document.load_file(path)
        except ReadError as exc:
            problems.append(str(exc))
            continue
        stored[path.stem] = StoredMovie(slug=path.stem, path=path, data=data)
    return stored, problems


def load_movies(content_dir: Path, cache_dir: Path | None = None, workers: int | None = None,
                digests: dict[str, str] | None = None) -> tuple[list[Movie], list[str]]:
    """Every movie in content/, as the site sees it (user overrides applied). With a
    cache dir, unchanged files are last load's movies (store/movie_snapshot.py) or at least
    not parsed again (store/parsed_cache.py), and `digests` gets slug -> a digest of each
    movie's parsed file."""
    if cache_dir is None:
        return _read_all(movie_paths(content_dir))
    # Strings, not Paths (10,000 of them every build): a Path only for a file parsed again.
    folder, names = _movie_files(content_dir)
    keys = [folder + os.sep + name for name in names]       # as str(Path(folder) / name)
    snapshot = MovieSnapshot(cache_path(cache_dir, "movie_snapshot"))
    last = snapshot.read()
    now: Entries = {}
    found: list[Movie | str | None] = [None] * len(keys)      # a movie, or a problem
    todo: list[int] = []
    stats: dict[int, os.stat_result] = {}
    for i, key in enumerate(keys):
        entry = last.get(key)
        try:
            st = stats[i] = os.stat(key)
        except OSError:
            todo.append(i)          # the parsed cache says why
            continue
        if entry is not None and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
            now[key] = entry
            found[i] = entry[3]
        else:
            todo.append(i)
    paths = {i: Path(keys[i]) for i in todo}
    cache = ParsedCache(cache_path(cache_dir, "parsed_content"))
    try:
        cache.keep(now)
        parsed = cache.load([paths[i] for i in todo], document.load_checked, workers)
        for i, result in zip(todo, parsed, strict=True):   # each parse made a Movie before the next
            path = paths[i]
            try:
                if isinstance(result, ReadError):
                    raise result
                movie = movie_from_front_matter(path.stem, result[0], result[1], str(path))
            except ReadError as exc:
                found[i] = str(exc)
                continue
            found[i] = movie
            if i in stats:
                now[str(path)] = (stats[i].st_size, stats[i].st_mtime_ns, cache.digests[str(path)], movie)
    finally:
        cache.close()
    if now.keys() != last.keys() or todo:
        try:
            snapshot.write(now)
        except OSError:
            pass                    # a derived cache: the next load parses again
    if digests is not None:
        digests.update((os.path.basename(k)[:-3], entry[2]) for k, entry in now.items())
    return [m for m in found if isinstance(m, Movie)], [p for p in found if isinstance(p, str)]


def _read_all(paths: list[Path]) -> tuple[list[Movie], list[str]]:
    movies: list[Movie] = []
    problems: list[str] = []
    for path in paths:
        try:
            movies.append(read_movie(path))
        except ReadError as exc:
            problems.append(str(exc))
    return movies, problems


def read_movie(path: Path) -> Movie:
    data, body = document.load_file(path)
    return movie_from_front_matter(path.stem, data, body, str(path))


def movie_from_front_matter(slug: str, data: Mapping[str, Any], body: str, path: str) -> Movie:
    """A Movie from front matter already of the declared shape (document.load_checked)."""
    data = _shared(data)
    user = data.get("user") or {}
    if not isinstance(user, Mapping):
        raise ReadError(path, "`user:` must be a mapping")
    meta = dict(data)
    overrides = user.get("overrides") or {}
    if isinstance(overrides, Mapping):
        meta.update(overrides)   # user overrides win over every scanned source
    try:
        files = tuple(_media_file(f) for f in data.get("files") or ())
        return movie_from_metadata(
            slug, meta, files=files, sources=dict(data.get("sources") or {}),
            missing=bool(data.get("missing", False)), added=_str_or_none(data.get("added")),
            confidence=data.get("confidence"), user=dict(user), body=body,
            translations=_translations(data.get("translations")))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ReadError(path, f"malformed front matter: {exc}") from None


def _shared(value: Any) -> Any:
    """The front matter with every key and short text interned: field names, provenance
    ("nfo"), rating sources, people's names and genres are the same few thousand strings
    across a library, and a copy of each in every movie was a fifth of a build's memory."""
    if type(value) is str:
        return sys.intern(value) if len(value) <= SHARED_TEXT else value
    if isinstance(value, Mapping):
        return {_shared(k): _shared(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared(v) for v in value]
    return value


SHARED_TEXT = 64        # characters: names and labels, not plots


def _translations(value: Any) -> dict[str, dict[str, str]]:
    if not isinstance(value, Mapping):
        return {}
    return {str(lang): {str(k): str(v) for k, v in fields.items() if v}
            for lang, fields in value.items() if isinstance(fields, Mapping)}


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _media_file(d: Mapping[str, Any]) -> MediaFile:
    return MediaFile(path=str(d["path"]), root=str(d.get("library", "")), size=int(d.get("size", 0)),
                     mtime=float(d.get("mtime", 0)), part=d.get("part"), container=d.get("container"),
                     resolution=d.get("resolution"), source=d.get("source"), edition=d.get("edition"))


def write_movie(content_dir: Path, slug: str, generated: Mapping[str, Any], dry_run: bool = False,
                new_body: str = "", batch: WriteBatch | None = None) -> bool:
    """Create or update one content file (a new one gets `new_body` under its front
    matter), in place when `batch` commits if one is given. Returns True if it (would have)
    changed."""
    path = Path(content_dir) / MOVIES / f"{slug}.md"
    if os.path.lexists(path):      # whatever is there (a broken file, a link) is read, never blindly replaced
        doc, body = document.load_file_round_trip(path)
        if not document.update_document(doc, generated):
            return False
        text = document.dump(doc, body)
    else:
        text = document.dump_new(generated, new_body)
    if not dry_run:
        atomic_write_text(path, text, batch)
    return True


def mark_missing(stored: StoredMovie, dry_run: bool = False) -> bool:
    if stored.data.get("missing"):
        return False
    if not dry_run:
        doc, body = document.load_file_round_trip(stored.path)
        if "missing" in doc:
            doc["missing"] = True
        else:
            doc.insert(_before_user(doc), "missing", True)
        atomic_write_text(stored.path, document.dump(doc, body))
    return True


def _before_user(doc: Mapping[str, Any]) -> int:
    keys = list(doc.keys())
    return keys.index("user") if "user" in keys else len(keys)


def store_image(content_dir: Path, slug: str, kind: str, source: Path, dry_run: bool = False) -> str:
    """Copy one artwork file into content/images/<slug>/; return its content-relative path."""
    ext = source.suffix.lower().replace(".jpeg", ".jpg").replace(".tbn", ".jpg")
    rel = f"{IMAGES}/{slug}/{kind}{ext}"
    if not dry_run:
        write_inside(Path(content_dir), rel, source.read_bytes())
    return rel


def image_files(content_dir: Path) -> list[str]:
    """Every file under content/images/ (dot-files aside), content-relative, sorted."""
    folder = os.path.join(content_dir, IMAGES)
    out = []
    for dirpath, _dirs, names in os.walk(folder):     # strings: one entry per stored image
        rel = IMAGES + dirpath[len(folder):].replace(os.sep, "/")
        out.extend(f"{rel}/{name}" for name in names if not name.startswith("."))
    return sorted(out)
