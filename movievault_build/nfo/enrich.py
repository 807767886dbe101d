"""Fill the gaps of existing NFOs from the content store, never changing what is there.

An NFO is matched to its content file by the videos it sits beside (the `files` of the
content file, through the reader's own NFO lookup order), else by a TMDB or IMDb id.
Missing fields are written as new elements just before `</movie>`: the rest of the file
stays byte for byte as the user (or their media server) wrote it. The new text is read
back, and every fact the file already had must come out unchanged.
"""
from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import ReadError
from ..fields import with_nfo
from ..fsutil import atomic_write_bytes
from ..identify import nfo_xml
from ..identify.nfo import nfo_candidates, parse_nfo
from ..model import Movie
from ..settings import ScanSettings
from ..store import library
from .build import build_tree
from .files import backup, unified_diff
from ..slugs import roots_by_label
from .writer import nfo_metadata

# Which written elements carry which metadata field (fields.py), for the fields `nfo enrich` adds.
FIELD_TAGS: dict[str, tuple[str, ...]] = {f.name: f.nfo.elements for f in with_nfo()
                                          if f.nfo.fill and f.nfo.elements}
_END = re.compile(r"</\s*movie\s*>", re.I)
# The reader's flavour -> the dialect new elements are written in.
_WRITE_AS = {"jellyfin": "jellyfin", "emby": "emby"}


@dataclass
class EnrichOutcome:
    path: str
    status: str = "unchanged"     # unchanged | enriched | refused | unmatched
    added: list[str] = field(default_factory=list)
    reason: str = ""
    slug: str | None = None
    diff: str = ""


class ContentIndex:
    """Stored movies by the NFO paths their videos would use, and by id."""

    def __init__(self, settings: ScanSettings) -> None:
        movies, self.problems = library.load_movies(settings.content_dir)
        self.roots = roots_by_label(settings.roots)
        self.by_path: dict[Path, Movie] = {}
        self.by_id: dict[tuple[str, str], Movie] = {}
        for movie in movies:
            for kind in ("tmdb", "imdb"):
                if movie.ids.get(kind):
                    self.by_id.setdefault((kind, str(movie.ids[kind])), movie)
            for media in movie.files:
                root = self.roots.get(media.root)
                if root is not None:
                    for path in nfo_candidates(root / media.path):
                        self.by_path.setdefault(_key(path), movie)

    def match(self, path: Path, ids: Mapping[str, str]) -> Movie | None:
        found = self.by_path.get(_key(path))
        if found is None:
            found = next((self.by_id[(k, str(ids[k]))] for k in ("tmdb", "imdb")
                          if k in ids and (k, str(ids[k])) in self.by_id), None)
        return found

    def root_of(self, movie: Movie) -> Path | None:
        return self.roots.get(movie.files[0].root) if movie.files else None


def _key(path: Path) -> Path:
    return Path(str(path.resolve()).casefold())


def enrich_file(path: str | Path, index: ContentIndex, *, dry_run: bool = False,
                backup_dir: Path | None = None) -> EnrichOutcome:
    path = Path(path)
    outcome = EnrichOutcome(str(path))
    try:
        data = nfo_xml.read_file(path)
        result = parse_nfo(data, str(path))
        doc = nfo_xml.load(data, str(path))
    except OSError as exc:
        outcome.status, outcome.reason = "refused", f"cannot read: {exc.strerror or exc}"
        return outcome
    except ReadError as exc:
        outcome.status, outcome.reason = "refused", exc.reason
        return outcome
    movie = index.match(path, result.metadata.get("ids") or {})
    if movie is None:
        outcome.status, outcome.reason = "unmatched", "no content file for it (by video path or id)"
        return outcome
    outcome.slug = movie.slug
    problem = _unsafe(data, doc)
    if problem:
        outcome.status, outcome.reason = "refused", problem
        return outcome
    root = index.root_of(movie) or path.parent
    source = nfo_metadata(movie, root, path, _WRITE_AS.get(result.flavour, "kodi"))
    new_els, outcome.added = missing_elements(doc.root, result.metadata, source,
                                              _WRITE_AS.get(result.flavour, "kodi"))
    if not new_els:
        return outcome
    text = _insert(doc.text, new_els)
    return _finish(outcome, path, data, text, result.metadata, dry_run, backup_dir)


def _unsafe(data: bytes, doc: nfo_xml.Document) -> str | None:
    """Files whose text is not safe to splice into: repair them first."""
    if doc.root is None:
        return "URL-only NFO: nothing to add elements to"
    if any("(recovered" in w for w in doc.warnings):
        return "not well-formed XML: run `movievault nfo repair` first"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "not UTF-8: run `movievault nfo repair` first"
    return None


def missing_elements(root: Any, have: Mapping[str, Any], source: Mapping[str, Any],
                     flavour: str) -> tuple[list[ET.Element], list[str]]:
    """Elements for the fields `source` has and the NFO lacks, and those fields' names."""
    wanted = {k: v for k, v in source.items() if k in FIELD_TAGS and k not in have and v}
    if "ratings" in wanted and "rating" in source:
        wanted["rating"] = source["rating"]
    if "ratings" in have or "rating" in have:
        wanted.pop("ratings", None)
    built = build_tree({**wanted, "ids": {}}, flavour)
    tags = {t for name in wanted for t in FIELD_TAGS.get(name, ())}
    elements = [el for el in built if el.tag in tags]
    id_elements = _missing_ids(root, have.get("ids") or {}, source.get("ids") or {}, flavour)
    added = sorted(wanted.keys() - {"rating"}) + (["ids"] if id_elements else [])
    return elements + id_elements, added


def _missing_ids(root: Any, have: Mapping[str, str], source: Mapping[str, str],
                 flavour: str) -> list[ET.Element]:
    new = {k: str(v) for k, v in source.items() if k not in have and k != "tmdbcol"}
    if not new:
        return []
    has_uniqueid = "uniqueid" in nfo_xml.index(root)
    # Kodi reads <id> only when no <uniqueid> exists: adding the first <uniqueid> must
    # repeat the ids the file already had, or Kodi would lose them.
    ids = new if has_uniqueid else {**{k: str(v) for k, v in have.items() if k != "tmdbcol"}, **new}
    out = []
    for el in build_tree({"ids": ids}, flavour):
        if el.tag == "uniqueid":
            if has_uniqueid:
                el.attrib.pop("default", None)   # the file's own default stays the default
            out.append(el)
        elif el.tag.endswith("id") and el.tag[:-2] in new:    # Jellyfin's <tmdbid>, <imdbid>
            out.append(el)
    return out


def _insert(text: str, elements: list[ET.Element]) -> str:
    """The new elements, indented like a direct child, just before the last </movie>."""
    end = list(_END.finditer(text))[-1]
    line_start = text.rfind("\n", 0, end.start()) + 1
    indent = "  "
    chunks = []
    for el in elements:
        ET.indent(el, space="  ", level=1)
        el.tail = None
        chunks.append(indent + ET.tostring(el, encoding="unicode") + "\n")
    if text[line_start:end.start()].strip():      # </movie> shares its line with content
        return text[:end.start()] + "\n" + "".join(chunks) + text[end.start():]
    return text[:line_start] + "".join(chunks) + text[line_start:]


def _finish(outcome: EnrichOutcome, path: Path, data: bytes, text: str, before: Mapping[str, Any],
            dry_run: bool, backup_dir: Path | None) -> EnrichOutcome:
    try:
        after = parse_nfo(text.encode("utf-8"), str(path)).metadata
    except ReadError as exc:
        outcome.status, outcome.reason = "refused", f"the enriched text would not read: {exc.reason}"
        return outcome
    changed = [k for k, v in before.items() if k != "ids" and after.get(k) != v]
    changed += ["ids"] if any((after.get("ids") or {}).get(k) != v for k, v in (before.get("ids") or {}).items()) else []
    if changed:
        outcome.status = "refused"
        outcome.reason = f"adding fields would change existing ones ({', '.join(changed)})"
        return outcome
    outcome.status = "enriched"
    outcome.diff = unified_diff(path, nfo_xml.decode(data, []), text)
    if not dry_run:
        backup(path, backup_dir)
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        atomic_write_bytes(path, bom + text.encode("utf-8"))
    return outcome
