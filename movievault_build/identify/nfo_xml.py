"""Bytes of an NFO file -> a safe XML tree (or the plain text of a URL-only NFO).

NFO files come from many writers over many years, so this is lenient about what
real files get wrong (BOMs, undeclared Latin-1, bare `&`, a URL after `</movie>`,
truncation) and strict about what is dangerous: entity declarations are refused
before any parser sees them, the tree is built by defusedxml, and the recovering
lxml pass never loads a DTD, resolves an entity or touches the network.
"""
from __future__ import annotations

import codecs
import html.entities
import os
import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_et
from defusedxml import DefusedXmlException

from movievault_build.errors import ReadError
from movievault_build.fsutil import read_regular
from movievault_build.identify.nfo_values import ids_from_text

MAX_BYTES = 5 * 1024 * 1024
# Roots of other Kodi NFO kinds: a clear "wrong kind of file" instead of an empty movie.
OTHER_ROOTS = frozenset({"tvshow", "episodedetails", "musicvideo", "artist", "album",
                         "movieset", "season"})

_BOMS = (  # UTF-32 first: its LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Latin-1 labels are read as windows-1252, its superset for printable text (as browsers do).
_LATIN1_LABELS = frozenset({"latin_1", "iso8859-1", "ascii"})
# Codecs Python knows that turn text into other text, or that no XML writer uses.
_NOT_DOCUMENT_CODECS = frozenset({"idna", "punycode", "undefined", "unicode-escape",
                                  "raw-unicode-escape", "utf-7", "charmap"})
_PROBE = b"<?xml version=\"1.0\" encoding=\"x\"?>\n<movie><title>A-z 0-9</title></movie>"
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# Each may run to the end of the text when unterminated: a failed match would be
# retried from every later "<?" and make hostile input quadratic.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:>|\[.*?(?:\]\s*>|$)|$)", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_PI = re.compile(r"<\?.*?(?:\?>|$)", re.S)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_MOVIE_START = re.compile(r"<movie(?=[\s>/]|$)", re.I)
_MOVIE_END = re.compile(r"</\s*movie\s*>", re.I)
_BARE_AMP = re.compile(r"&(?!#\d+;|#x[0-9A-Fa-f]+;)([A-Za-z][A-Za-z0-9]*;)?")
_XML_NAMED = frozenset({"amp;", "lt;", "gt;", "quot;", "apos;"})
_POSITION = re.compile(r":\s*line \d+, column \d+$")


@dataclass
class Document:
    """A loaded NFO: an XML root (ElementTree- or lxml-flavoured element) or, for a
    file without a <movie> element, only `text`. `outside` is the text around the XML
    (a trailing URL line, say) where Jellyfin and Kodi look for ids."""
    root: Any = None
    text: str = ""
    other_root: str | None = None   # first element of a file without <movie>
    outside: str = ""
    warnings: list[str] = field(default_factory=list)
    recovered_from: str | None = None   # the parse error a recovering parse got past


def read_file(path: str | os.PathLike[str]) -> bytes:
    """An NFO's bytes: a regular file of at most MAX_BYTES, or ReadError (a FIFO, a link
    to /dev/zero, a folder or a huge file is named, never read)."""
    return read_regular(path, MAX_BYTES)


def load(data: bytes, path: str) -> Document:
    """Decode and parse NFO bytes. Raises ReadError(path, one-line reason)."""
    if len(data) > MAX_BYTES:
        raise ReadError(path, f"too large ({len(data)} bytes; the limit is {MAX_BYTES // 2**20} MB)")
    warnings: list[str] = []
    text = decode(data, warnings)
    if not text.strip():
        raise ReadError(path, "empty file")
    if re.search(r"<!ENTITY", text, re.I):
        raise ReadError(path, "refused: XML entity declarations are not allowed in an NFO")
    scan = _blank(_COMMENT, _blank(_PI, _blank(_DOCTYPE, text)))
    first = _FIRST_ELEMENT.search(scan)
    if first is None:
        return Document(text=text, warnings=warnings)
    if first.group(1).lower() in OTHER_ROOTS:
        raise ReadError(path, f"not a movie NFO (<{first.group(1)}>)")
    movie = _MOVIE_START.search(scan)
    if movie is None:
        # Scene release notes, HTML and other prose: only the links in it can help.
        return Document(text=text, other_root=first.group(1), warnings=warnings)
    return _load_xml(text, scan, movie.start(), path, warnings)


def decode(data: bytes, warnings: list[str]) -> str:
    """Bytes -> text: a BOM wins, then a declared encoding, then UTF-8, then cp1252."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _clean_chars(data[len(bom):].decode(codec, "replace"), warnings)
    if data[:2] == b"<\x00":
        return _clean_chars(data.decode("utf-16-le", "replace"), warnings)
    if data[:2] == b"\x00<":
        return _clean_chars(data.decode("utf-16-be", "replace"), warnings)
    declared = _declared_codec(data, warnings)
    if declared:
        try:
            return _clean_chars(data.decode(declared), warnings)
        except UnicodeDecodeError as exc:
            warnings.append(f"line {_line_of(data, exc.start)}: bytes do not match the declared "
                            f"encoding {declared}; guessing instead")
        except (UnicodeError, ValueError, TypeError, LookupError) as exc:   # a codec's own failure
            warnings.append(f"line 1: the declared encoding {declared} cannot read this file "
                            f"({type(exc).__name__}); guessing instead")
    try:
        return _clean_chars(data.decode("utf-8"), warnings)
    except UnicodeDecodeError as exc:
        if not declared:
            warnings.append(f"line {_line_of(data, exc.start)}: not UTF-8 and no encoding "
                            "declared; read as windows-1252")
    try:
        return _clean_chars(data.decode("cp1252"), warnings)
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined
        return _clean_chars(data.decode("latin-1"), warnings)


def _declared_codec(data: bytes, warnings: list[str]) -> str | None:
    match = _DECL_ENCODING.match(data[:256])
    if not match:
        return None
    label = match.group(1).decode("ascii")
    try:
        info = codecs.lookup(label)
    except LookupError:
        warnings.append(f"line 1: unknown encoding {label!r} declared; guessing instead")
        return None
    if info.name.startswith(("utf-16", "utf-32")):
        return None   # declared wide but without a BOM: the bytes say otherwise
    if not is_document_encoding(info):
        warnings.append(f"line 1: {label!r} is not a text encoding an XML file can be in; guessing instead")
        return None
    return "cp1252" if info.name in _LATIN1_LABELS else info.name


def is_document_encoding(info: codecs.CodecInfo) -> bool:
    """Whether a codec can be the encoding of an XML file: a text codec (not base64, zlib,
    rot13 …), not one of Python's own transfer forms, and one that reads the ASCII of the
    declaration itself as ASCII (the declaration was found by reading it that way)."""
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_DOCUMENT_CODECS:
        return False
    try:
        return info.decode(_PROBE)[0] == _PROBE.decode("ascii")
    except Exception:   # a codec may fail any way it likes; any failure means "no"
        return False


def _clean_chars(text: str, warnings: list[str]) -> str:
    text = text.lstrip("\ufeff")
    bad = len(_BAD_CHARS.findall(text))
    if bad:
        warnings.append(f"removed {bad} control character(s) that XML does not allow")
        text = _BAD_CHARS.sub("", text)
    return text


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1   # type: ignore[arg-type]


def _blank(pattern: re.Pattern[str], text: str) -> str:
    """Replace matches by spaces, keeping newlines, so offsets, lines and columns stay put."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def _load_xml(text: str, scan: str, start: int, path: str, warnings: list[str]) -> Document:
    ends = list(_MOVIE_END.finditer(scan))
    end = ends[-1].end() if ends else len(text)
    before = _blank(_COMMENT, _blank(_XML_DECL, _blank(_DOCTYPE, text[:start])))
    if re.search(r"<!DOCTYPE", text[:start], re.I):
        warnings.append("DOCTYPE declaration ignored")
    if before.strip():
        warnings.append(f"line {_line_of(text, len(before) - len(before.lstrip()))}: "
                        "text before <movie> ignored")
    tail = text[end:]
    if tail.strip() and not ids_from_text(tail):
        offset = end + len(tail) - len(tail.lstrip())
        warnings.append(f"line {_line_of(text, offset)}: text after </movie> ignored")
    xml = re.sub(r"[^\n]", " ", before) + text[start:end]
    doc = Document(text=text, outside=text[:start] + "\n" + text[end:], warnings=warnings)
    doc.root = _parse(xml, path, doc)
    return doc


def _parse(xml: str, path: str, doc: Document) -> Any:
    try:
        return _strict(xml, path)
    except ParseError as exc:
        error = _describe(exc)
    repaired = _repair_entities(xml)
    if repaired != xml:
        try:
            root = _strict(repaired, path)
        except ParseError:
            pass
        else:
            doc.warnings.append(f"{error} (recovered: escaped a bare '&' or HTML entity)")
            return root
    root = _recover(repaired)
    if root is None or _local(root.tag).lower() != "movie":
        raise ReadError(path, error)
    doc.warnings.append(f"{error} (recovered what came before it)")
    doc.recovered_from = error
    return root


def _strict(xml: str, path: str) -> Any:
    try:
        return safe_et.fromstring(xml, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ReadError(path, f"refused: {type(exc).__name__} (entities and external "
                              "references are not allowed)") from None


def _describe(exc: ParseError) -> str:
    line, column = getattr(exc, "position", (0, 0))
    message = _POSITION.sub("", str(exc))
    return f"line {line}, column {column + 1}: {message}"


def _repair_entities(xml: str) -> str:
    """What Kodi does before parsing: a bare `&` becomes `&amp;`; HTML-only named
    entities (`&eacute;`, `&nbsp;`) become their characters."""
    def fix(m: re.Match[str]) -> str:
        name = m.group(1)
        if name is None:
            return "&amp;"
        if name in _XML_NAMED:
            return m.group(0)
        char = html.entities.html5.get(name)
        return "&amp;" + name if char is None or char in "<&" else char
    return _BARE_AMP.sub(fix, xml)


def _recover(xml: str) -> Any:
    """libxml2's recovering parser keeps what came before an error (Jellyfin keeps
    partial data too). It sees no DTD (refused above) and may not load or fetch any."""
    try:
        from lxml import etree
    except ImportError:   # recovery is a nicety; strict parsing still works
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True,
                             load_dtd=False, dtd_validation=False, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(xml.encode("utf-8"), parser)
    except etree.LxmlError:
        return None


def _local(tag: Any) -> str:
    """An element's tag without a namespace; '' for comments, entities and the like."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- reading the tree (works for both ElementTree and lxml elements) ---------------

def children(el: Any) -> list[Any]:
    """Element children only (lxml also yields comments and entity references)."""
    return [c for c in el if _local(c.tag)]


def index(el: Any) -> dict[str, list[Any]]:
    """Children by lower-cased tag: writers disagree on case (`tmdbId`, `Name`)."""
    out: dict[str, list[Any]] = {}
    for child in children(el):
        out.setdefault(_local(child.tag).lower(), []).append(child)
    return out


def tag(el: Any) -> str:
    return _local(el.tag).lower()


def tag_as_written(el: Any) -> str:
    return _local(el.tag)


def own_text(el: Any) -> str:
    """The element's direct text, CDATA included, without its children's text."""
    parts = [el.text or ""] + [c.tail or "" for c in el]
    return "".join(parts)


def inner_text(el: Any) -> str:
    """The content of a prose element as text. Markup that was written unescaped
    (`<plot>Great <b>film</b></plot>`) is kept as literal text, like escaped markup
    is; escaping is the renderer's job. Iterative, so deep nesting cannot recurse."""
    out: list[str] = [el.text or ""]
    stack: list[tuple[Any, bool]] = [(c, False) for c in reversed(list(el))]
    while stack:
        node, closing = stack.pop()
        name = _local(node.tag)
        if closing:
            out.append(f"</{name}>{node.tail or ''}")
            continue
        if not name:
            out.append(node.tail or "")
            continue
        out.append(f"<{name}>{node.text or ''}")
        stack.append((node, True))
        stack.extend((c, False) for c in reversed(list(node)))
    return "".join(out)
