"""Check movie NFOs the way their readers will see them: well-formedness, encoding, the
facts a media server needs (title, year, ids), ids that disagree, artwork that is not
there, and elements a reader would take differently (duplicates) or not at all (empty).

Reading goes through the reader (`identify.nfo_xml.load`, `identify.nfo.parse_nfo`), so
hostile files are refused the same way and nothing here parses XML by itself.

Levels: `error` (a reader will get it wrong or fail; `nfo validate` exits 1),
`warning` (worth fixing), `info` (harmless, e.g. the empty elements Kodi's export writes).
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..identify import nfo_xml
from ..identify.filename import parse as parse_name
from ..identify.nfo import parse_nfo
from ..identify.nfo_values import clean_line
from .dialect import detect_dialect, legacy_forms
from .lines import child_lines

LEVELS = ("error", "warning", "info")
# Elements a movie has once; readers disagree on which duplicate wins (Kodi takes the
# first, Jellyfin the last: nfo-format.md section 6.1).
SINGLE = frozenset({"title", "originaltitle", "sorttitle", "year", "plot", "outline", "tagline",
                    "runtime", "mpaa", "premiered", "releasedate", "rating", "votes", "userrating",
                    "top250", "playcount", "lastplayed", "id", "tmdbid", "imdbid", "ratings",
                    "fileinfo", "dateadded", "watched", "criticrating", "lockdata", "edition"})
# Elements that name an id of one kind (tag -> kind); <uniqueid> and <id> are handled apart.
_ID_TAGS = {"tmdbid": "tmdb", "imdbid": "imdb", "imdb_id": "imdb", "imdb": "imdb", "tmdb": "tmdb"}
_IMDB = re.compile(r"^tt\d{7,8}$")
_LINE = re.compile(r"^line (\d+)")
_ENCODING_WORDS = ("encoding", "UTF-8", "windows-1252", "control character")


@dataclass(frozen=True)
class Problem:
    level: str
    message: str
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "message": self.message, "line": self.line}


@dataclass
class FileCheck:
    path: str
    flavour: str = "unreadable"
    problems: list[Problem] = field(default_factory=list)

    @property
    def status(self) -> str:
        levels = {p.level for p in self.problems}
        return "error" if "error" in levels else "warning" if "warning" in levels else "ok"

    def add(self, level: str, message: str, line: int | None = None) -> None:
        self.problems.append(Problem(level, message, line))

    def to_json_dict(self) -> dict[str, Any]:
        return {"path": self.path, "flavour": self.flavour, "status": self.status,
                "problems": [p.to_dict() for p in self.problems]}


def validate_file(path: str | Path) -> FileCheck:
    path = Path(path)
    try:
        data = nfo_xml.read_file(path)
    except ReadError as exc:
        check = FileCheck(str(path))
        check.add("error", exc.reason)
        return check
    return validate_bytes(data, path)


def validate_bytes(data: bytes, path: Path) -> FileCheck:
    check = FileCheck(str(path))
    _encoding(data, check)
    try:
        doc = nfo_xml.load(data, str(path))
        result = parse_nfo(data, str(path))
    except ReadError as exc:
        check.add("error", exc.reason)
        return check
    check.flavour = detect_dialect(doc.root) if doc.root is not None else result.flavour
    _reader_warnings(result.warnings, check)
    meta = result.metadata
    if doc.root is None:
        check.add("warning", "URL-only NFO: ids but no title or year; media servers scrape the rest")
    else:
        lines = child_lines(doc.text)
        kids = list(zip(nfo_xml.children(doc.root), lines + [None] * len(doc.root)))
        _required(meta, kids, check)
        _ids(kids, check)
        _duplicates(kids, check)
        _empty(kids, check)
        if legacy := legacy_forms(doc.root):
            check.add("info", f"legacy form(s): {', '.join(legacy)} (`movievault nfo repair` converts them)")
    _missing_ids(meta, check)
    _against_folder(path, meta, check)
    _images(path, meta, doc.text, check)
    return check


# --- the file as bytes and text ---------------------------------------------------------

def _encoding(data: bytes, check: FileCheck) -> None:
    if data.startswith(codecs.BOM_UTF8):
        check.add("warning", "starts with a UTF-8 BOM (the Plex importer may not accept it)", 1)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2] in (b"<\x00", b"\x00<"):
        check.add("warning", "encoded as UTF-16/32; UTF-8 is what every reader handles", 1)
    match = re.match(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""", data[:256])
    if match and match.group(1).decode("ascii", "replace").lower().replace("_", "-") not in ("utf-8", "utf8"):
        check.add("warning", f"declares encoding {match.group(1).decode('ascii', 'replace')}; "
                             "UTF-8 is safest", 1)


def _reader_warnings(warnings: tuple[str, ...], check: FileCheck) -> None:
    for warning in warnings:
        match = _LINE.match(warning)
        line = int(match.group(1)) if match else None
        if "(recovered" in warning:
            check.add("error", f"not well-formed XML: {warning}", line)
        elif any(word in warning for word in _ENCODING_WORDS):
            check.add("warning", f"encoding: {warning}", line)
        else:
            check.add("warning", warning, line)


# --- facts ----------------------------------------------------------------------------

def _required(meta: dict[str, Any], kids: list[tuple[Any, int | None]], check: FileCheck) -> None:
    if not meta.get("title"):
        check.add("error", "no <title> (the Plex importer skips such files)")
    if not meta.get("year"):
        check.add("warning", "no <year> or <premiered> date")


def _missing_ids(meta: dict[str, Any], check: FileCheck) -> None:
    ids = meta.get("ids") or {}
    if "imdb" not in ids and "tmdb" not in ids:
        check.add("warning", "no IMDb or TMDB id (media servers must guess the movie)")


def _ids(kids: list[tuple[Any, int | None]], check: FileCheck) -> None:
    seen: dict[str, dict[str, tuple[str, int | None]]] = {}
    for el, line in kids:
        kind, label = _id_kind(el)
        if kind is None:
            continue
        value = clean_line(el.text)
        if not value:
            continue
        if not _id_ok(kind, value):
            placeholder = value in ("0", "-1")
            check.add("warning" if placeholder else "error",
                      f"{'placeholder' if placeholder else 'malformed'} {kind} id {value!r} in {label}", line)
            continue
        seen.setdefault(kind, {}).setdefault(value, (label, line))
    for kind, values in seen.items():
        if len(values) > 1:
            where = ", ".join(f"{v} in {label}" for v, (label, _) in values.items())
            check.add("error", f"{kind} ids disagree: {where}", list(values.values())[1][1])


def _id_kind(el: Any) -> tuple[str | None, str]:
    name = nfo_xml.tag(el)
    if name == "uniqueid":
        kind = (clean_line(el.get("type")) or "").lower()
        return (kind if kind in ("imdb", "tmdb") else None), f'<uniqueid type="{el.get("type")}">'
    if name == "id":
        value = clean_line(el.text) or ""
        return ("imdb" if value.startswith("tt") else None), "<id>"
    return _ID_TAGS.get(name), f"<{nfo_xml.tag_as_written(el)}>"


def _id_ok(kind: str, value: str) -> bool:
    if kind == "imdb":
        return bool(_IMDB.match(value))
    return value.isdigit() and int(value) > 0


def _against_folder(path: Path, meta: dict[str, Any], check: FileCheck) -> None:
    """The folder name (`Heat (1995)`, `… [tmdbid-949]`) is a second witness."""
    folder = path.parent.parent if path.parent.name.upper() in ("VIDEO_TS", "BDMV") else path.parent
    names = [folder.name]
    if path.stem.lower() not in ("movie", "video_ts", "index"):
        names.insert(0, path.stem)
    for name in names:
        guess = parse_name(name)
        if guess.year and meta.get("year") and guess.year != meta["year"]:
            check.add("warning", f"year {meta['year']} disagrees with {guess.year} in the name {name!r}")
        ids = meta.get("ids") or {}
        for kind, value in (guess.ids or {}).items():
            if kind in ids and str(ids[kind]) != str(value):
                check.add("error", f"{kind} id {ids[kind]} disagrees with {value} in the name {name!r}")
        if guess.year or guess.ids:
            return


def _images(path: Path, meta: dict[str, Any], text: str, check: FileCheck) -> None:
    """Local references must exist (relative ones from the NFO's folder, as Kodi resolves
    them); URLs are not fetched."""
    refs = [(i.get("src"), f"{i.get('kind')} image") for i in meta.get("images") or ()]
    refs += [(p.get("thumb"), f"thumb of {p.get('name')}") for p in meta.get("cast") or ()]
    for src, what in refs:
        if not src or "://" in src:
            continue
        local = Path(src) if Path(src).is_absolute() else path.parent / src
        if not local.exists():
            offset = text.find(src)
            line = text.count("\n", 0, offset) + 1 if offset >= 0 else None
            check.add("warning", f"{what} not found: {src}", line)


# --- shape ----------------------------------------------------------------------------

def _duplicates(kids: list[tuple[Any, int | None]], check: FileCheck) -> None:
    counts: dict[str, list[int | None]] = {}
    for el, line in kids:
        counts.setdefault(nfo_xml.tag(el), []).append(line)
    for name, lines in counts.items():
        if name in SINGLE and len(lines) > 1:
            check.add("warning", f"<{name}> appears {len(lines)} times (Kodi reads the first, "
                                 "Jellyfin the last)", lines[1])


def _empty(kids: list[tuple[Any, int | None]], check: FileCheck) -> None:
    empty = [(nfo_xml.tag_as_written(el), line) for el, line in kids if is_empty(el)]
    if empty:
        names = ", ".join(f"<{n}>" for n, _ in empty[:6]) + (" …" if len(empty) > 6 else "")
        check.add("info", f"{len(empty)} empty element(s): {names}", empty[0][1])


def is_empty(el: Any) -> bool:
    """No text, no element children and no attribute a reader takes a value from."""
    if (el.text or "").strip() or nfo_xml.children(el):
        return False
    return not any(v.strip() for k, v in el.attrib.items() if k.lower() in MEANINGFUL_ATTRS)


# Attributes that carry a value on their own (an image preview, a collection id).
MEANINGFUL_ATTRS = frozenset({"preview", "tmdbcolid", "tmdb", "imdb", "tvdb"})
