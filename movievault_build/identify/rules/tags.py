"""Mark the tokens that are tags: vocabulary words and phrases, resolutions,
part markers, ids and hashes. Weak words are settled by what follows them."""
from __future__ import annotations

import re

from ..vocab import MAX_PHRASE, Tag, Vocabulary
from .tokens import Token, joined
from .year import is_year

_RESOLUTIONS = {"2160", "1440", "1080", "720", "576", "540", "480", "360", "240", "4320"}
RESOLUTION_RE = re.compile(r"^(?:tc|m|hd)?([0-9o]{3,4})([pi])$")
DIMENSION_RE = re.compile(r"^(\d{3,4})x(\d{3,4})$")
PART_RE = re.compile(r"^(?:cd|disc|disk|dvd|part|pt)(\d{1,2})(?:of\d{1,2})?$")
COUNT_CD_RE = re.compile(r"^(\d)cds?$")
HASH_RE = re.compile(r"^[0-9a-f]{8}$")
IMDB_RE = re.compile(r"^tt\d{7,8}$")
_WIDTHS = {"3840": "2160p", "4096": "2160p", "2560": "1440p", "1920": "1080p",
           "1280": "720p", "1024": "576p", "720": "480p"}


def resolution_of(key: str) -> str | None:
    m = RESOLUTION_RE.match(key)
    if m and any(c.isdigit() for c in m[1]):
        digits = m[1].replace("o", "0")
        return f"{digits}{m[2]}" if digits in _RESOLUTIONS else None
    m = DIMENSION_RE.match(key)
    if m:
        return _WIDTHS.get(m[1], f"{m[2]}p")
    if key in ("4k", "uhd", "2160"):
        return "2160p"
    return None


def _single(tok: Token, vocab: Vocabulary) -> Tag | None:
    key = tok.key
    tag = vocab.lookup(key)
    if tag is not None:
        return tag
    res = resolution_of(key)
    if res:
        return Tag("resolution", res)
    m = PART_RE.match(key) or COUNT_CD_RE.match(key)
    if m:
        return Tag("part", str(int(m[1])))
    if IMDB_RE.match(key):
        return Tag("other", "imdb")
    if tok.group >= 0 and HASH_RE.match(key) and tok.text.upper() == tok.text:
        return Tag("other", "hash")
    return None


def _phrase(text: str, toks: list[Token], vocab: Vocabulary) -> Tag | None:
    if all(len(t.key) == 1 and t.key.isalpha() for t in toks):
        return None                      # an acronym: "R.I.P.D.", "V.H.S."
    first, second = toks[0], toks[1]
    key = "".join(t.key for t in toks)
    spaced_number = first.key.isdigit() and " " in text[first.end:second.start]
    tag = None if spaced_number else vocab.lookup(key)   # "8 Bit Christmas"
    if tag is not None or len(toks) != 2:
        return tag
    m = COUNT_CD_RE.match(key)
    if m or (first.key in ("cd", "disc", "disk") and second.key.isdigit()):
        return Tag("part", str(int(m[1] if m else second.key)))
    if first.key in ("part", "pt") and second.key.isdigit() and len(second.key) <= 2:
        return Tag("part", str(int(second.key)), weak=True)  # "Harry Potter 7 - Part 1"
    return None


def _mark(toks: list[Token], tag: Tag) -> None:
    for t in toks:
        t.kind = "weak" if tag.weak else "tag"
        t.tag = tag


def mark_tags(text: str, tokens: list[Token], vocab: Vocabulary) -> None:
    """Classify tokens in place: phrases first (longest wins), then single tokens."""
    n, i = len(tokens), 0
    while i < n:
        step = 1
        for size in range(min(MAX_PHRASE, n - i), 1, -1):
            window = tokens[i:i + size]
            if all(joined(text, a, b) and a.group == b.group
                   for a, b in zip(window, window[1:])):
                tag = _phrase(text, window, vocab)
                if tag is not None:
                    _mark(window, tag)
                    step = size
                    break
        else:
            tok = tokens[i]
            if is_year(tok.key):
                tok.kind = "year"
            else:
                tag = _single(tok, vocab)
                if tag is not None:
                    _mark([tok], tag)
        i += step


def _words_before(tokens: list[Token], i: int) -> int:
    return sum(1 for t in tokens[:i] if t.kind == "word")


def _weak_is_tag(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:
        return tok.tag.prop != "part"
    if tok.group >= 0 and nxt.group != tok.group:
        return True                      # last word of a bracket group
    if nxt.kind == "tag":
        return True
    if nxt.kind != "year":
        return False
    if tok.tag.prop == "language":       # "Der.Film.German.2011" vs "Johnny.English.2003"
        return nxt.group < 0 and _words_before(tokens, i) >= 2
    return tok.tag.prop == "edition"     # "Aliens.SE.1986", but "Saw.3D.2010", "Madame Web 2024"


def resolve_weak(tokens: list[Token]) -> None:
    """Right to left, so a run of weak words ending in a tag all become tags."""
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.kind == "weak":
            tok.kind = "tag" if _weak_is_tag(tokens, i) else "word"
