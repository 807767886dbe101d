"""Content files: `content/movies/<slug>.md` = YAML front matter + a Markdown body.

The scanner owns the keys in `SCANNER_KEYS`; everything else (the `user:` block, any
key a user adds, the body, comments and key order) belongs to the user and survives
every re-scan. ruamel.yaml's round-trip mode is what keeps comments and order.
"""
from __future__ import annotations

import io
import os
import re
from typing import Any, Mapping

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from ..errors import ReadError
from ..fsutil import read_regular
from ..model import METADATA_FIELDS, SCHEMA_VERSION
from . import emit, front_matter
from .plain_yaml import OneVersionResolver, PlainConstructor

SCANNER_KEYS: tuple[str, ...] = ("schema",) + METADATA_FIELDS + (
    "translations",   # {de-DE: {title, overview}} from the online providers
    "replaced_ids",   # {tmdb: {was, reason}}: ids of the NFO/names a provider found gone
    "files", "sources", "added", "missing", "confidence")
DEFAULT_USER_BLOCK = (
    ("tags", []), ("watched", False), ("favorite", False), ("rating", None), ("notes", ""),
)
# Content files come from pull requests as well as from the scanner: limits a real file
# never nears, so a hostile one is one file's error instead of a crash of every build.
USER_COMMENT = "Yours: the scanner never changes anything below this line."
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64            # real front matter nests 5 deep (streams > audio > track)
MAX_NODES = 200_000       # counted with aliases expanded: a "billion laughs" stops here
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)(?:^|\n)---[ \t]*(?:\r?\n|\Z)", re.S)


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096            # never fold long plots: diffs stay one line per field
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.allow_unicode = True
    return yaml


_SAFE = YAML(typ="safe")     # ruamel.yaml.clib's C parser: ~4.5x the pure-Python speed
_SAFE.Resolver = OneVersionResolver     # store/plain_yaml.py: the same values, quicker
_SAFE.Constructor = PlainConstructor
_RT = _round_trip_yaml()


def read_text(path: str | os.PathLike[str]) -> str:
    """A content file's text: a regular file of UTF-8 (a BOM allowed), or ReadError naming
    what it is instead (a folder, a FIFO, a device, too big, not UTF-8)."""
    data = read_regular(path, MAX_BYTES)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ReadError(path, f"not valid UTF-8 (line {line}: byte 0x{data[exc.start]:02x})") from None


def load_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any], str]:
    """A content file's front matter, parsed and of the right shape (front_matter.py)."""
    return load_checked(read_text(path), os.fspath(path))


def load_checked(text: str, path: str) -> tuple[dict[str, Any], str]:
    data, body = load_plain(text, path)
    return front_matter.clean(data, path), body


def load_file_round_trip(path: str | os.PathLike[str]) -> tuple[CommentedMap, str]:
    return load_round_trip(read_text(path), os.fspath(path))


def split(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, body)."""
    m = _FRONT.match(text.removeprefix("\ufeff"))
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def load_plain(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Fast read for building the site: plain dicts, no comments kept."""
    yaml_text, body = split(text)
    if yaml_text is None:
        raise ReadError(path, "no YAML front matter (a content file starts with ---)")
    check_shape(yaml_text, path)
    try:
        data = _SAFE.load(yaml_text) or {}
    except Exception as exc:  # ruamel raises many YAMLError subclasses and ValueErrors
        raise ReadError(path, f"invalid YAML front matter: {_one_line(exc)}") from None
    if not isinstance(data, dict):
        raise ReadError(path, "front matter is not a mapping")
    return data, body


def load_round_trip(text: str, path: str) -> tuple[CommentedMap, str]:
    yaml_text, body = split(text)
    if yaml_text is None:
        raise ReadError(path, "no YAML front matter (a content file starts with ---)")
    check_shape(yaml_text, path)
    try:
        data = _RT.load(yaml_text) or CommentedMap()
    except Exception as exc:
        raise ReadError(path, f"invalid YAML front matter: {_one_line(exc)}") from None
    if not isinstance(data, CommentedMap):
        raise ReadError(path, "front matter is not a mapping")
    front_matter.clean(data, path)   # checked, not changed: the round trip keeps what was written
    return data, body


_LINE_PREFIX = re.compile(r"^[ \t?:-]*", re.M)


def check_shape(yaml_text: str, path: str) -> None:
    """Refuse YAML nested deeper than MAX_DEPTH (the C parser recurses once per level and
    a deep enough file crashes the process) or with more than MAX_NODES nodes once its
    aliases are expanded (each later consumer would walk every copy). A cheap bound on
    the depth lets ordinary files through without reading their events."""
    flow = yaml_text.count("[") + yaml_text.count("{")
    block = max(map(len, _LINE_PREFIX.findall(yaml_text)), default=0)
    if flow + 2 * (block + 1) <= MAX_DEPTH and not ("&" in yaml_text and "*" in yaml_text):
        return
    try:
        depth, nodes = _measure(yaml_text)
    except Exception as exc:   # the loader will name the syntax error
        if isinstance(exc, ReadError):
            raise
        return
    if depth > MAX_DEPTH:
        raise ReadError(path, f"refused: front matter nested more than {MAX_DEPTH} levels deep")
    if nodes > MAX_NODES:
        raise ReadError(path, f"refused: front matter holds over {MAX_NODES:,} values once its "
                              "aliases are expanded (an alias bomb?)")


def _measure(yaml_text: str) -> tuple[int, int]:
    """(deepest nesting, values with aliases expanded), from the parser's events alone:
    libyaml parses without recursing, so this is safe whatever the input."""
    from ruamel.yaml.cyaml import CParser
    from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

    parser = CParser(yaml_text)
    sizes: dict[Any, int] = {}
    frames: list[list[Any]] = [[None, 0]]          # [anchor, values so far]
    deepest = 0
    try:
        while (event := parser.get_event()) is not None:
            if isinstance(event, CollectionStartEvent):
                frames.append([event.anchor, 1])
                deepest = max(deepest, len(frames) - 1)
                if deepest > MAX_DEPTH:
                    break
                continue
            if isinstance(event, CollectionEndEvent):
                anchor, size = frames.pop()
            elif isinstance(event, ScalarEvent):
                anchor, size = event.anchor, 1
            elif isinstance(event, AliasEvent):
                anchor, size = None, sizes.get(event.anchor, 1)
            else:
                continue
            if anchor is not None:
                sizes[anchor] = size
            frames[-1][1] += size
            if frames[-1][1] > MAX_NODES:
                break
    finally:
        parser.dispose()
    return deepest, max(frame[1] for frame in frames)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:300]


def default_user_block() -> CommentedMap:
    """A fresh `user:` block (its lists are new each time: an edit to one never reaches another)."""
    return CommentedMap((k, list(v) if isinstance(v, list) else v) for k, v in DEFAULT_USER_BLOCK)


def new_document(generated: Mapping[str, Any]) -> CommentedMap:
    doc = CommentedMap()
    doc["schema"] = SCHEMA_VERSION
    for key in SCANNER_KEYS[1:]:
        if key in generated:
            doc[key] = generated[key]
    user = default_user_block()
    doc["user"] = user
    doc.yaml_set_comment_before_after_key("user", before=USER_COMMENT)
    return doc


def dump_new(generated: Mapping[str, Any], body: str) -> str:
    """A new content file's text: dump(new_document(generated), body), by the fast writer
    (emit.py) when the values allow, the same bytes either way."""
    plain: dict[str, Any] = {"schema": SCHEMA_VERSION}
    plain.update((key, generated[key]) for key in SCANNER_KEYS[1:] if key in generated)
    plain["user"] = {k: list(v) if isinstance(v, list) else v for k, v in DEFAULT_USER_BLOCK}
    text = emit.front_matter(plain, {"user": USER_COMMENT})
    if text is None:
        return dump(new_document(generated), body)
    return _fenced(text, body)


def update_document(doc: CommentedMap, generated: Mapping[str, Any]) -> bool:
    """Bring the scanner's keys of `doc` in line with `generated`, in place.

    Returns whether anything changed. Keys keep their position; new keys go before
    `user:`; scanner keys no longer produced are removed. User keys are untouched.
    """
    changed = False
    if doc.get("schema") != SCHEMA_VERSION:
        doc["schema"] = SCHEMA_VERSION
        changed = True
    for key in SCANNER_KEYS[1:]:
        if key in generated:
            if key in doc and _plain(doc[key]) == _plain(generated[key]):
                continue
            if key in doc:
                doc[key] = generated[key]
            else:
                doc.insert(_insert_position(doc, key), key, generated[key])
            changed = True
        elif key in doc:
            del doc[key]
            changed = True
    return changed


def _insert_position(doc: CommentedMap, key: str) -> int:
    """Just after the nearest scanner key that precedes `key` in SCANNER_KEYS."""
    keys = list(doc.keys())
    order = SCANNER_KEYS.index(key)
    best = 0
    for i, k in enumerate(keys):
        if k in SCANNER_KEYS and SCANNER_KEYS.index(k) < order:
            best = i + 1
    return best


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return value
    return value


def edit_block(text: str, path: str, key: str, change) -> tuple[str, Any] | None:
    """Rewrite one top-level block of a content file by itself: `change(value)` returns
    (new value, result). Returns (new text, result), or None when the block cannot be
    told apart safely (flow style, duplicates, CRLF …) and the caller should round-trip
    the whole front matter. The rest of the file is checked to be valid YAML first."""
    m = _FRONT.match(text)
    if not m or "\r" in m.group(1):
        return None
    load_plain(text, path)                         # a broken file is an error, as a full load would say
    front, offset = m.group(1), m.start(1)
    heads = [h for h in re.finditer(rf"^{re.escape(key)}:[ \t]*(?:#.*)?$", front, re.M)]
    if len(heads) != 1:
        return None
    start = heads[0].start()
    end = heads[0].end() + 1
    for line in front[heads[0].end() + 1:].splitlines(keepends=True):
        if line.strip() and not line[0] in " \t#":
            break
        end += len(line)
    end = min(end, len(front))
    block = front[start:end]
    try:
        data = _RT.load(block)
    except Exception:
        return None
    if not isinstance(data, CommentedMap) or list(data) != [key]:
        return None
    data[key], result = change(data[key])
    buf = io.StringIO()
    _RT.dump(data, buf)
    new = buf.getvalue()
    if not block.endswith("\n"):
        new = new.rstrip("\n")
    return text[:offset + start] + new + text[offset + end:], result


def yaml_text(value: Any) -> str:
    """One value as round-trip YAML (comments kept), no front-matter fences."""
    buf = io.StringIO()
    _RT.dump(value, buf)
    return buf.getvalue()


def dump(doc: CommentedMap, body: str) -> str:
    buf = io.StringIO()
    _RT.dump(doc, buf)
    return _fenced(buf.getvalue(), body)


def _fenced(front: str, body: str) -> str:
    if body and not body.startswith("\n"):
        body = "\n" + body
    return f"---\n{front}---\n{body}"
