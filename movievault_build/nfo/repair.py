"""Mechanical NFO repair: recover malformed XML, re-encode as UTF-8 without a BOM, turn
legacy forms into current ones (plain `<id>` -> `<uniqueid type=…>`, `<set>Name</set>` ->
`<set><name>`), drop empty elements.

The guarantee: a file is only rewritten when the reader gets the same facts from the
new text as from the old (`parse_nfo(...).metadata` compared), save the one intended
change (a numeric `<id>` becoming a TMDB id). Otherwise it is refused with the reason,
and so are the files the reader refuses (entity declarations, bombs, non-movie NFOs).
"""
from __future__ import annotations

import codecs
import copy
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ReadError
from ..fsutil import atomic_write_bytes
from ..identify import nfo_xml
from ..identify.nfo import parse_nfo
from ..identify.nfo_values import clean_line, ids_from_text, valid_id
from .build import DECLARATION
from .files import backup, unified_diff
from .validate import is_empty

_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


@dataclass
class RepairOutcome:
    path: str
    status: str = "unchanged"        # unchanged | repaired | refused
    changes: list[str] = field(default_factory=list)
    reason: str = ""
    diff: str = ""
    backup: str | None = None
    text: str = ""                   # the repaired text (when repaired)


def repair_file(path: str | Path, *, dry_run: bool = False, backup_dir: Path | None = None) -> RepairOutcome:
    path = Path(path)
    try:
        data = nfo_xml.read_file(path)
    except ReadError as exc:
        return RepairOutcome(str(path), "refused", reason=exc.reason)
    outcome = repair_bytes(data, str(path))
    if outcome.status != "repaired":
        return outcome
    old = nfo_xml.decode(data, [])
    outcome.diff = unified_diff(path, old, outcome.text)
    if not dry_run:
        outcome.backup = str(backup(path, backup_dir))
        atomic_write_bytes(path, outcome.text.encode("utf-8"))
    return outcome


def repair_bytes(data: bytes, path: str = "<bytes>") -> RepairOutcome:
    """Work out the repaired text; nothing is written here."""
    outcome = RepairOutcome(path)
    try:
        doc = nfo_xml.load(data, path)
        before = parse_nfo(data, path).metadata
    except ReadError as exc:
        outcome.status, outcome.reason = "refused", exc.reason
        return outcome
    outcome.changes.extend(_encoding_changes(data, doc.warnings))
    structural = any("(recovered" in w for w in doc.warnings)
    if structural:
        outcome.changes.append("recovered malformed XML")
    if doc.root is None:
        text = doc.text.lstrip("\ufeff")
        expected = before
    else:
        root = _copy(doc.root)
        expected = copy.deepcopy(before)
        tree_changes = normalise(root, expected)
        outcome.changes.extend(tree_changes)
        if tree_changes or structural:
            text = _serialise(root, _after_movie(doc.text))
            if "<!--" in doc.text:
                outcome.changes.append("comments dropped")
        else:
            text = _utf8_declared(doc.text)
    if not outcome.changes:
        return outcome
    return _checked(outcome, text, expected)


def _checked(outcome: RepairOutcome, text: str, expected: dict[str, Any]) -> RepairOutcome:
    """Read the new text back: only the same facts may come out."""
    try:
        after = parse_nfo(text.encode("utf-8"), outcome.path)
    except ReadError as exc:
        outcome.status, outcome.reason = "refused", f"the repaired text would not read: {exc.reason}"
        return outcome
    if any("(recovered" in w for w in after.warnings):
        outcome.status, outcome.reason = "refused", "the repaired text is still not well-formed"
        return outcome
    if after.metadata != expected:
        fields = sorted(k for k in set(after.metadata) | set(expected)
                        if after.metadata.get(k) != expected.get(k))
        outcome.status = "refused"
        outcome.reason = f"a repair would change what the file says ({', '.join(fields)})"
        return outcome
    outcome.status, outcome.text = "repaired", text
    return outcome


# --- encoding ---------------------------------------------------------------------------

def _encoding_changes(data: bytes, warnings: list[str]) -> list[str]:
    out = []
    if data.startswith(codecs.BOM_UTF8):
        out.append("removed the UTF-8 BOM")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        out.append("re-encoded as UTF-8")
    else:
        match = re.match(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']""", data[:256])
        if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
            out.append("declared UTF-8")
    if any("control character" in w for w in warnings):
        out.append("removed control characters")
    return out


def _utf8_declared(text: str) -> str:
    """The text as it was, with a UTF-8 declaration (the bytes change, the markup does not)."""
    text = text.lstrip("\ufeff")
    body = _DECLARATION.sub("", text, count=1)
    return DECLARATION + body


# --- the tree ---------------------------------------------------------------------------

def _copy(src: Any) -> ET.Element:
    """The reader's tree (ElementTree or lxml) as a fresh ElementTree one, without
    comments; iterative, so deep nesting cannot exhaust the stack."""
    root = ET.Element(nfo_xml.tag_as_written(src), dict(src.attrib))
    root.text = src.text
    stack = [(src, root)]
    while stack:
        old, new = stack.pop()
        last: ET.Element | None = None
        for child in old:
            if not nfo_xml.tag_as_written(child):     # a comment or entity node (lxml)
                if last is None:
                    new.text = (new.text or "") + (child.tail or "")
                else:
                    last.tail = (last.tail or "") + (child.tail or "")
                continue
            last = ET.SubElement(new, nfo_xml.tag_as_written(child),
                                 {str(k): str(v) for k, v in child.attrib.items()})
            last.text, last.tail = child.text, child.tail
            stack.append((child, last))
    return root


def normalise(root: ET.Element, expected: dict[str, Any]) -> list[str]:
    """Legacy forms -> current ones, empty elements out. `expected` (the facts) gains
    what a change adds on purpose. Returns what changed."""
    changes = _legacy_id(root, expected) + _legacy_sets(root)
    dropped = _drop_empty(root)
    if dropped:
        changes.append(f"dropped {dropped} empty element(s)")
    return changes


def _legacy_id(root: ET.Element, expected: dict[str, Any]) -> list[str]:
    kids = list(root)
    if any(el.tag.lower() == "uniqueid" for el in kids):
        return []   # Kodi ignores <id> next to <uniqueid>; nothing legacy to convert
    ids = expected.setdefault("ids", {})
    for i, el in enumerate(kids):
        if el.tag.lower() != "id" or el.attrib:
            continue
        value = clean_line(el.text) or ""
        if valid_id("imdb", value):
            # <id> stays for the Plex importer and Jellyfin, which read it.
            unique = _uniqueid("imdb", value, el.tail)
            root.insert(i + 1, unique)
            return [f"<id>{value}</id> -> <uniqueid type=\"imdb\">"]
        tmdb = valid_id("tmdb", value)
        if tmdb and ids.get("tmdb", tmdb) == tmdb:
            ids["tmdb"] = tmdb
            root.remove(el)
            root.insert(i, _uniqueid("tmdb", tmdb, el.tail))
            return [f"<id>{value}</id> -> <uniqueid type=\"tmdb\"> (a number in <id> is a TMDB id)"]
    if not ids:
        del expected["ids"]
    return []


def _uniqueid(kind: str, value: str, tail: str | None) -> ET.Element:
    el = ET.Element("uniqueid", {"type": kind, "default": "true"})
    el.text, el.tail = value, tail
    return el


def _legacy_sets(root: ET.Element) -> list[str]:
    changes = []
    for el in list(root):
        if el.tag.lower() != "set" or any(c.tag.lower() in ("name", "setname") for c in el):
            continue
        name = clean_line(nfo_xml.own_text(el))
        if not name:
            continue
        el.text = None
        for child in el:
            child.tail = None
        name_el = ET.Element("name")
        name_el.text = name
        el.insert(0, name_el)
        changes.append(f"<set>{name}</set> -> <set><name>")
    return changes


def _drop_empty(root: ET.Element) -> int:
    """Post-order, so a block left empty by its children's removal goes too."""
    dropped = 0
    order: list[tuple[ET.Element, ET.Element]] = []
    stack = [root]
    while stack:
        parent = stack.pop()
        for child in parent:
            order.append((parent, child))
            stack.append(child)
    for parent, child in reversed(order):
        if is_empty(child):
            parent.remove(child)
            dropped += 1
    return dropped


def _after_movie(text: str) -> str:
    ends = list(re.finditer(r"</\s*movie\s*>", text, re.I))
    return text[ends[-1].end():] if ends else ""


def _serialise(root: ET.Element, outside: str) -> str:
    for el in root.iter():      # re-indented from scratch below
        if len(el) and not (el.text or "").strip():
            el.text = None
        if not (el.tail or "").strip():
            el.tail = None
    ET.indent(root, space="  ")
    text = DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
    tail = outside.strip()
    if tail and ids_from_text(tail):   # Kodi's "combined" NFO: keep the URL after </movie>
        text += tail + "\n"
    return text
