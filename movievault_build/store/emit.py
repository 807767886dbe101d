"""A new content file's front matter, written as ruamel.yaml's round-trip dump writes it,
without its event machinery: dumping each new file through ruamel was over half of a
cold scan's time.

Only the shapes a scanned movie has are written here — mappings with string keys, lists,
strings, numbers, booleans and nulls — and only strings whose output ruamel would write
verbatim (plain, single-quoted, or double-quoted with nothing to escape, never folded).
Each scalar's style is ruamel's own decision (its emitter's analysis and its resolver), so
the quoting rules live in one place. Anything else returns None and the caller dumps with
ruamel: the bytes are the same either way (tests/store/test_emit.py holds them to that),
so a later round-trip update of the file changes only the lines it means to.
"""
from __future__ import annotations

import functools
import re
from typing import Any, Mapping

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

_STR = "tag:yaml.org,2002:str"
_YAML = YAML(typ="rt")            # as document.py's: unicode written as is, YAML 1.2
_YAML.allow_unicode = True
_RESOLVER, _ANALYSER = _YAML.resolver, _YAML.emitter
# Below ruamel's width of 4096 less the deepest indent a front matter has, so no line is
# ever folded; longer strings go to ruamel.
LONGEST = 3500
LONGEST_KEY = 100          # ruamel writes keys of 128 characters or more as `? key`
_BREAKS = re.compile("[\n\r\x85\u2028\u2029]")
# What ruamel writes between double quotes without an escape (allow_unicode on).
_VERBATIM_DOUBLE = re.compile("[\x20-\x21\x23-\x5b\x5d-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


class _Unsupported(Exception):
    """A value this writer leaves to ruamel."""


def front_matter(doc: Mapping[str, Any], comments: Mapping[str, str]) -> str | None:
    """`doc` as YAML block text (no `---` fences), each key of `comments` preceded by its
    comment line; None when some value is of a shape left to ruamel."""
    out: list[str] = []
    try:
        for key, value in doc.items():
            if key in comments:
                out.append(f"# {comments[key]}\n")
            _entry(key, value, 0, "", out)
    except _Unsupported:
        return None
    return "".join(out)


def _entry(key: Any, value: Any, indent: int, lead: str, out: list[str]) -> None:
    """`key: value` at `indent`; `lead` replaces the indent on the line (a list item's `- `)."""
    if type(key) is not str or len(key) > LONGEST_KEY:
        raise _Unsupported
    head = (lead or " " * indent) + _scalar(key, True) + ":"
    kind = type(value)
    if kind is dict:
        if not value:
            out.append(head + " {}\n")
            return
        out.append(head + "\n")
        _mapping(value, indent + 2, "", out)
    elif kind is list:
        if not value:
            out.append(head + " []\n")
            return
        out.append(head + "\n")
        _sequence(value, indent + 2, out)
    elif value is None:
        out.append(head + "\n")
    else:
        out.append(head + " " + _value(value) + "\n")


def _mapping(value: Mapping[Any, Any], indent: int, lead: str, out: list[str]) -> None:
    for i, (k, v) in enumerate(value.items()):
        _entry(k, v, indent, lead if i == 0 else "", out)


def _sequence(items: list[Any], indent: int, out: list[str]) -> None:
    dash = " " * indent + "- "
    for item in items:
        kind = type(item)
        if kind is dict and item:
            _mapping(item, indent + 2, dash, out)
        elif kind is list and item:
            raise _Unsupported            # a list in a list: ruamel's own layout, left to it
        elif item is None:
            out.append(dash + "\n")
        else:
            out.append(dash + ("{}" if kind is dict else "[]" if kind is list else _value(item)) + "\n")


def _value(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return _scalar(value, False)
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float and value == value and abs(value) != float("inf"):
        text = repr(value).lower()
        if _RESOLVER.resolve(ScalarNode, text, (True, False)) == "tag:yaml.org,2002:float":
            return text
    raise _Unsupported


@functools.lru_cache(maxsize=8192)
def _scalar(text: str, key: bool) -> str:
    """A string as ruamel writes it (Emitter.choose_scalar_style with no style asked for)."""
    if len(text) > LONGEST or _BREAKS.search(text):
        raise _Unsupported
    analysis = _ANALYSER.analyze_scalar(text)
    if (_RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR and analysis.allow_block_plain
            and not (key and analysis.empty)):
        return text
    if key:
        raise _Unsupported
    if "'" in text:
        if analysis.allow_double_quoted and _VERBATIM_DOUBLE.fullmatch(text):
            return f'"{text}"'
        raise _Unsupported
    if analysis.allow_single_quoted:
        return f"'{text}'"
    raise _Unsupported
