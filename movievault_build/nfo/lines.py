"""Line numbers of the <movie> element's children, for messages.

The safe tree the reader builds (defusedxml/ElementTree) keeps no source positions, so
the start tags are found in the text instead: comments, CDATA, processing instructions
and DOCTYPEs are blanked first (keeping offsets), then tags are counted by depth. For a
well-formed file the n-th child's line is exact; for a recovered one it is a best guess.
"""
from __future__ import annotations

import re

_BLANKS = (re.compile(r"<!--.*?(?:-->|$)", re.S), re.compile(r"<!\[CDATA\[.*?(?:\]\]>|$)", re.S),
           re.compile(r"<\?.*?(?:\?>|$)", re.S), re.compile(r"<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>?", re.S | re.I))
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>")
_MOVIE = re.compile(r"<movie(?=[\s>/])", re.I)


def _blank(text: str) -> str:
    for pattern in _BLANKS:
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text


def child_lines(text: str) -> list[int]:
    """1-based line of each direct child of the first <movie> element, in order."""
    scan = _blank(text)
    start = _MOVIE.search(scan)
    if start is None:
        return []
    lines: list[int] = []
    depth = 0
    line = scan.count("\n", 0, start.start()) + 1
    last = start.start()
    for match in _TAG.finditer(scan, start.start()):
        line += scan.count("\n", last, match.start())
        last = match.start()
        closing, _name, selfclose = match.groups()
        if closing:
            depth -= 1
            if depth <= 0:
                break
            continue
        if depth == 1:
            lines.append(line)
        if not selfclose:
            depth += 1
    return lines
