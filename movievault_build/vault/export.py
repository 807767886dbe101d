"""Exporting the library: JSON, CSV, SQLite, or one HTML table.

Every format is written atomically (fsutil): a failed export leaves the old file alone.

CSV is meant to open in a spreadsheet by double-click. It is written as UTF-8 *with* a
byte-order mark: Excel reads a BOM-less CSV in the machine's legacy code page, which
mangles "Amélie" or "千と千尋の神隠し"; with the BOM it detects UTF-8 (LibreOffice and
Python's `utf-8-sig` read it either way). Lists are joined with "; ", nested mappings
become dotted columns (`ids.imdb`, `ratings.imdb.value`), and a text cell that a
spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import tempfile
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..errors import UserError
from ..fsutil import atomic_write_bytes
from ..model import METADATA_FIELDS, Movie

FORMATS = ("json", "csv", "sqlite", "html")
LIBRARY_FIELDS = ("files", "sources", "added", "missing", "confidence", "user")
ALL_FIELDS: tuple[str, ...] = ("slug",) + METADATA_FIELDS + LIBRARY_FIELDS
LIST_SEPARATOR = "; "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def movie_document(movie: Movie) -> dict[str, Any]:
    """Everything stored about one movie, nested, empty values dropped."""
    doc: dict[str, Any] = {"slug": movie.slug, **movie.metadata()}
    doc["files"] = [f.to_dict() for f in movie.files]
    for key in ("sources", "added", "confidence", "user"):
        doc[key] = getattr(movie, key)
    doc["missing"] = movie.missing
    return {k: (dict(v) if isinstance(v, Mapping) else v) for k, v in doc.items() if v not in (None, "", [], {})}


def parse_fields(text: str | None) -> list[str] | None:
    """`a,b,c` as a list; each must be a known field or a dotted path below one."""
    if not text:
        return None
    fields = [f.strip() for f in text.split(",") if f.strip()]
    bad = [f for f in fields if f.split(".", 1)[0] not in ALL_FIELDS]
    if bad:
        raise UserError(f"export: unknown field {bad[0]!r} (known: {', '.join(ALL_FIELDS)})")
    return fields


def _lookup(doc: Mapping[str, Any], path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def select(doc: Mapping[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    if fields is None:
        return dict(doc)
    return {f: _lookup(doc, f) for f in fields}


def _item_text(item: Any) -> str:
    if isinstance(item, Mapping):
        for key in ("name", "path", "src"):
            if item.get(key):
                return str(item[key])
        return json.dumps(item, ensure_ascii=False, sort_keys=True)
    return _scalar(item)


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def flatten(doc: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    """One row of text cells: mappings become dotted keys, lists are joined."""
    row: dict[str, str] = {}
    for key, value in doc.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            row.update(flatten(value, f"{name}.") if value else {name: ""})
        elif isinstance(value, (list, tuple)):
            row[name] = LIST_SEPARATOR.join(_item_text(v) for v in value)
        else:
            row[name] = _scalar(value)
    return row


def _columns(rows: Iterable[Mapping[str, str]], fields: Sequence[str] | None) -> list[str]:
    order = {f: i for i, f in enumerate(fields or ALL_FIELDS)}
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    top = lambda c: next((order[p] for p in (c, c.split(".", 1)[0]) if p in order), len(order))  # noqa: E731
    return sorted(seen, key=lambda c: (top(c), c))


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet would evaluate gets a leading apostrophe; numbers stay.

    >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-1.5")
    ("'=HYPERLINK(1)", '-1.5')
    """
    if cell.startswith(_FORMULA_START):
        try:
            float(cell)
            return cell
        except ValueError:
            return "'" + cell
    return cell


def to_json(docs: list[dict[str, Any]]) -> bytes:
    return (json.dumps({"movies": docs}, ensure_ascii=False, indent=1, default=str) + "\n").encode("utf-8")


def to_csv(docs: list[dict[str, Any]], fields: Sequence[str] | None = None) -> bytes:
    rows = [flatten(d) for d in docs]
    columns = _columns(rows, fields)
    buf = io.StringIO(newline="")
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return buf.getvalue().encode("utf-8-sig")


def to_html(docs: list[dict[str, Any]], fields: Sequence[str] | None = None, title: str = "Movies",
            templates_dir: Path | None = None) -> bytes:
    """One HTML table, from the `export.html` template (the user's, else ours)."""
    from ..templating import EXPORT_HTML, render

    rows = [flatten(d) for d in docs]
    page = render(EXPORT_HTML, templates_dir, title=title, columns=_columns(rows, fields), rows=rows,
                  count=len(rows), movies=docs)
    return page.encode("utf-8")


def sqlite_bytes(content_dir: Path) -> bytes:
    """A freshly built index of content/ (the same file `movievault index rebuild` makes)."""
    from .index import rebuild

    with tempfile.TemporaryDirectory(prefix="movievault-export-") as tmp:
        path = Path(tmp) / "index.sqlite"
        db, report = rebuild(path, content_dir)
        db.close()
        if report.problems:
            raise UserError(f"export: {len(report.problems)} content files unreadable, first: {report.problems[0]}")
        return path.read_bytes()


def export(fmt: str, target: Path, movies: list[Movie], content_dir: Path,
           fields: Sequence[str] | None = None, compress: bool = False,
           templates_dir: Path | None = None) -> int:
    """Write `movies` to `target` in `fmt`; returns the number of bytes written."""
    if fmt not in FORMATS:
        raise UserError(f"export: format must be one of {', '.join(FORMATS)}")
    if fmt == "sqlite":
        data = sqlite_bytes(content_dir)
    else:
        docs = [select(movie_document(m), fields) for m in movies]
        data = {"json": lambda: to_json(docs), "csv": lambda: to_csv(docs, fields),
                "html": lambda: to_html(docs, fields, templates_dir=templates_dir)}[fmt]()
    if compress:
        data = gzip.compress(data, mtime=0)   # mtime 0: the same library gives the same bytes
    atomic_write_bytes(Path(target), data)
    return len(data)
