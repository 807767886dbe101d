"""Cut the title out of a name: where it starts, where it ends, and how to
turn the cut text back into words (dots as separators vs dots in "R.I.P.D.")."""
from __future__ import annotations

import re

from .tags import ARTICLES
from .tokens import Token, key_of
from .vocab import Vocabulary, word_groups

_CONNECTIVES = frozenset(word_groups("connectives")["connective"])
_TECH = frozenset({"source", "video", "audio", "resolution"})
_LEAD = " \t-–—:,;/|+~=*._"
_TRIM = _LEAD + "([{<"
_SPACES = re.compile(r"\s+")
_SLASH_SPLIT = re.compile(r"\s+/\s+|\s+\|\s+")
_DASH_SPLIT = re.compile(r"\s+[-–—]\s+")
_SORT_ARTICLE = re.compile(r"^(.*[^\W_]),\s*([^\W\d_]{1,3})$")
_AKA_SPLIT = re.compile(r"\s+a\.?k\.?a\.?\s+", re.IGNORECASE)
# "James_Bond-f21-Casino_Royale", "Marvel - 01 - Iron Man": a collection, its
# number, then the film's own title.
_COLLECTION_INFIX = re.compile(r"^(?=.*[^\W\d_].*?-)(.+?)\s*-\s*[a-z]?\d{1,3}\s*-\s*(?=.*[^\W\d_])(.+)$",
                               re.IGNORECASE)


def title_start(tokens: list[Token], vocab: Vocabulary) -> int:
    """Index of the first title token: skip a leading run of technical tags
    ("h265 - HEVC Riddick")."""
    i = 0
    if not vocab.on("tech-lead"):
        return i
    while i < len(tokens) and tokens[i].kind == "tag" and tokens[i].tag.prop in _TECH:
        i += 1
    return i


def group_role(tokens: list[Token], group: int) -> str:
    """What a bracket group holds: 'tag' (any tag), 'year', or 'aside'
    (an alternative title, a director, a genre …)."""
    kinds = {t.kind for t in tokens if t.group == group}
    if "tag" in kinds:
        return "tag"
    return "year" if "year" in kinds else "aside"


def _after_group(tokens: list[Token], i: int) -> int:
    group = tokens[i].group
    while i < len(tokens) and tokens[i].group == group:
        i += 1
    return i


def title_end(tokens: list[Token], start: int, year_idx: int | None,
              stop: int, vocab: Vocabulary) -> tuple[int, list[int]]:
    """Index of the first token after the title, and the bracket groups dropped
    from it as asides (kept when more title words follow: "You Are (Not) Alone")."""
    asides: list[int] = []
    i = start
    while i < stop:
        tok = tokens[i]
        if tok.kind == "tag" or (tok.kind == "year" and i == year_idx):
            break
        if tok.group >= 0 and i > start:
            j = _after_group(tokens, i)
            role = group_role(tokens, tok.group)
            if role == "aside" and j < stop and tokens[j].kind == "word" and tokens[j].group < 0 \
                    and vocab.on("inner-aside"):
                i = j
                continue
            if role == "aside" and tokens[i - 1].key in _CONNECTIVES and vocab.on("open-end"):
                i = j                             # "Birdman or (The Unexpected Virtue of Ignorance)"
                continue
            if role == "aside":
                asides.append(tok.group)
            break
        i += 1
    return min(i, stop), asides


def cut(text: str, tokens: list[Token], spans: list[tuple[int, int]], start: int, end: int) -> str:
    """The raw text of tokens[start:end], brackets of a group at either edge included."""
    if start >= end:
        return ""
    first, last = tokens[start], tokens[end - 1]
    a = spans[first.group][0] if first.group >= 0 else first.start
    b = spans[last.group][1] if last.group >= 0 else last.end
    return text[a:b]


def clean(raw: str) -> str:
    """Separators back to spaces. Dots and underscores count as separators when
    the name has no spaces; runs of single letters keep their dots ("R.I.P.D.")."""
    s = raw.lstrip(_LEAD).rstrip(_TRIM)
    if " " not in s:
        s = _undot(s.replace("_", "."))
    else:
        s = s.replace("_", " ")
    return _SPACES.sub(" ", s).lstrip(_LEAD).rstrip(_TRIM.replace(".", ""))


def _undot(s: str) -> str:
    words: list[str] = []
    run: list[str] = []
    for part in s.split("."):
        if len(part) == 1 and part.isalpha():
            run.append(part)
            continue
        if run:
            words.append(".".join(run) + "." if len(run) > 1 else run[0])
            run = []
        if part:
            words.append(part)
    if run:
        words.append(".".join(run) + "." if len(run) > 1 else run[0])
    return " ".join(words)


def drop_labels(title: str, vocab: Vocabulary) -> str:
    """A genre or language set off by " - " at either end is a label, not
    title: "The Deep Blue Sea - Drama", "Fr - Le Titre"."""
    parts = _DASH_SPLIT.split(title)
    if len(parts) < 2:
        return title
    labels = vocab.labels
    is_label = [all(key_of(w) in labels for w in p.split()) and len(p.split()) <= 3 for p in parts]
    if is_label[0] and not is_label[-1]:
        return title[_DASH_SPLIT.search(title).end():]
    if is_label[-1] and not is_label[0]:
        return title[:list(_DASH_SPLIT.finditer(title))[-1].start()]
    return title


def drop_aka(title: str) -> str:
    """"Title AKA Other Title": the first title, or the Latin-script one when the
    first is not ("Кин-дза-дза AKA Kin-dza-dza")."""
    if not _AKA_SPLIT.search(title):
        return title
    parts = [p for p in _AKA_SPLIT.split(title) if p.strip(_TRIM)]
    if len(parts) < 2:
        return title
    return next((p for p in parts if is_latin(p)), parts[0]) if _non_latin(parts[0]) else parts[0]


def front_article(title: str) -> str:
    """"Matrix, The" -> "The Matrix": a sort title's article put back in front."""
    m = _SORT_ARTICLE.match(title) if "," in title else None
    if m and key_of(m[2]) in ARTICLES:
        return f"{m[2]} {m[1]}"
    return title


def drop_collection(title: str) -> str:
    """"James Bond-f21-Casino Royale" -> "Casino Royale"."""
    m = _COLLECTION_INFIX.match(title)
    return m[2] if m else title


def _non_latin(text: str) -> bool:
    return not text.isascii() and any(ch.isalpha() and ord(ch) > 0x24F for ch in text)


def _latin(text: str) -> bool:
    return any(ch.isascii() and ch.isalpha() for ch in text)


def is_latin(text: str) -> bool:
    """Written in Latin script alone."""
    return _latin(text) and not _non_latin(text)


def prefer_latin(title: str, asides: list[str]) -> str:
    """Bilingual names ("Трон: Наследие / TRON: Legacy", "抓娃娃 Successor",
    "О мышах и людях (Of Mice and Men)"): keep the Latin-script title, the
    one metadata providers are most likely to match."""
    parts = [p for p in _SLASH_SPLIT.split(title) if p.strip()]
    if len(parts) > 1:
        latin = [p for p in parts if is_latin(p)]
        return latin[-1].strip() if latin else title
    if not _non_latin(title):
        return title
    for aside in asides:
        if is_latin(aside):
            return aside
    words = title.split()
    if any(_latin(w) for w in words):
        kept = [w for w in words if not _non_latin(w)]
        return " ".join(kept).strip(_TRIM) or title
    return title
