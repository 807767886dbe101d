"""Parse one name (a release name, a file stem or a folder name) into a title,
a year, an episode flag and its tags. Paths and folders are filename.py's job."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .kind import first_marker
from .part import part_of
from .tags import ARTICLES, mark_tags, resolution_of, resolve_weak
from .title import clean, cut, drop_aka, drop_collection, drop_labels, front_article, is_latin, prefer_latin, title_end, title_start
from .tokens import Token, key_of, tokenize
from .vocab import Vocabulary, alternation, word_groups
from .year import choose_year, year_value

# "www.Site.tld - ", "www 1Site tel - ": a download site's name before the release.
# Or, without the dash, a whole domain (after the site's own name in its script):
# "阳光电影www.ygdy8.com.Title.BD.1080p".
# Or a bare domain before the dash: "Cpasbien.pe - Title".
_TLD = alternation(word_groups("generic")["tld"])
SITE_PREFIX_RE = re.compile(r"^\s*(?:w{2,3}[.,\s]\S+(?:\s\S+)?\s+-\s+"
                            r"|[a-z0-9][a-z0-9-]*\.(?:" + _TLD + r")\s+-\s+"
                            r"|[^\x00-\x7f]*w{2,3}\.[a-z0-9-]+\.(?:" + _TLD + r")[\s._]+)",
                            re.IGNORECASE)
# "[Group] ", "[BluRay Rip 720p ITA] ": leading square-bracket groups.
LEADING_GROUP_RE = re.compile(r"^\s*\[([^\]]*)\][\s._-]*")
# "(Title 1998) [Remux]": a round or curly bracket opening the name.
LEADING_ROUND_RE = re.compile(r"^\s*[({]([^)}]*)[)}][\s._-]*")
# "(1)The Girl With …": a sequence number in front of the title.
LEADING_NUMBER_RE = re.compile(r"^\s*\(\d{1,2}\)[\s._-]*(?=\w)")
# "01 - Iron Man (2008)", "3) Heat (1995)": a collection's numbering (taken only when
# a year follows, so "01 - Pilot" stays an episode). "01. Title" is left alone:
# some name a film so.
COLLECTION_INDEX_RE = re.compile(r"^\s*(?:0\d{1,2}|\d{1,2})(?:\s+-|\))\s+(?=\S)")
_LATER_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
# "grp-title.2016.1080p.bluray.x264": a scene group in front of a lower-case dotted name.
# The word after the dash is an article or four letters or more: "spider-man", "x-men",
# "face-off", "wall-e" are titles.
GROUP_PREFIX_RE = re.compile(r"^([a-z0-9]{2,10})-(?=(?:" + alternation(list(ARTICLES)) + r"|[a-z][a-z0-9']{3,})\.)")
_RELEASE_MARK_RE = re.compile(r"\.(?:(?:19|20)\d\d|\d{3,4}p)(?:\.|$)")
_TRAILING_GROUP_RE = re.compile(r"-[a-z0-9]+$")
# Plex's "{edition-Director's Cut}" names the edition verbatim.
PLEX_EDITION_RE = re.compile(r"\{edition-([^}]+)\}", re.IGNORECASE)
_WORD_SPLIT_RE = re.compile(r"[\s._]+")
_BRACKETS_ONLY_RE = re.compile(r"[\[\](){}]")
_BRACKETED_RE = re.compile(r"\[[^\]]*\]|\([^)]*\)|\{[^}]*\}")
RELEASE_GROUP_RE = re.compile(r"-([A-Za-z0-9@]+(?:[._][A-Za-z0-9]+)?)(?:\[[^\]]*\])*\s*$")
# Full-width brackets, as CJK fansub groups write them ("【Group】Title 第05話"), read as ASCII ones.
_WIDE_BRACKETS = str.maketrans("【】［］（）｛｝", "[][](){}")
_CODECS = frozenset({"H.264", "H.265", "XviD", "DivX", "VC-1", "MPEG-2", "AV1", "VP9"})


@dataclass(frozen=True)
class NameInfo:
    text: str
    title: str | None
    year: int | None
    episode: bool
    part: int | None = None
    values: dict[str, list[str]] = field(default_factory=dict)   # prop -> canonical values
    group: str | None = None
    three_d: bool = False

    @property
    def has_tags(self) -> bool:
        return bool(self.values)

    def first(self, prop: str) -> str | None:
        found = self.values.get(prop)
        return found[0] if found else None


def strip_prefixes(text: str, vocab: Vocabulary) -> tuple[str, bool]:
    """Drop a download site's name, a collection's numbering, a scene group in
    front of the title and leading [group] brackets (not a [year], nor a
    [Title Year] that is all the name has outside brackets)."""
    if vocab.on("site-prefix"):
        text = SITE_PREFIX_RE.sub("", text, count=1)
    if vocab.on("sequence-number"):
        text = LEADING_NUMBER_RE.sub("", text, count=1)
    if vocab.on("collection-index") and (m := COLLECTION_INDEX_RE.match(text)) \
            and _LATER_YEAR_RE.search(text, m.end()):
        text = text[m.end():]
    if vocab.on("group-prefix") and _group_prefixed(text):
        text = GROUP_PREFIX_RE.sub("", text, count=1)
    had_group = False
    if vocab.on("bracketed-title") and (m := LEADING_ROUND_RE.match(text)) \
            and _names_the_film(m[1], text[m.end():], vocab):
        return m[1] + " " + text[m.end():], had_group             # "(Title 1998) [Remux]"
    if (m := LEADING_GROUP_RE.match(text)) and m.end() == len(text.rstrip()) and vocab.on("bracketed-title"):
        text = m[1]                                             # "[Movie Name 2010 BDRip 1080p]"
    while (m := LEADING_GROUP_RE.match(text)) and m.end() < len(text) \
            and year_value(m[1].strip()) is None:
        if vocab.on("bracketed-title") and _names_the_film(m[1], text[m.end():], vocab):
            return m[1] + " " + text[m.end():], had_group      # "[Title 1998] [Remux 1080p]"
        if vocab.on("bracketed-title") and (later := _LATER_YEAR_RE.search(text, m.end())) \
                and not _has_words(text[m.end():], vocab) \
                and not (vocab.on("group-before-title") and _alnum_before(text, m.end(), _last_year(text, later))):
            return text, had_group                             # "[REC] (2007)": a year, no word
        text, had_group = text[m.end():], True
        if vocab.on("bracket-fields") and _only_brackets(text):
            return _title_field(text, vocab), True               # "[Group][Title][05][1080p]"
    return text, had_group


def _last_year(text: str, first: re.Match) -> int:
    """Where the last year of the name starts ("[GRP] 1917 (2019)": at 2019)."""
    last = first
    while (nxt := _LATER_YEAR_RE.search(text, last.end())) is not None:
        last = nxt
    return last.start()


def _alnum_before(text: str, start: int, end: int) -> bool:
    """Letters or digits between a leading [group] and the year: a tag word or a
    number there is the film's title ("[GRP] Proof (2005) [1080p]", "[GRP] 1917 (2019)");
    "[REC] (2007)" and "[REC]² (2009)" have none."""
    return any(ch.isascii() and ch.isalnum() for ch in _BRACKETED_RE.sub(" ", text[start:end]))


def _has_words(text: str, vocab: Vocabulary) -> bool:
    """Any word that is not a tag ("[REC]² (2009) 1080p" has none)."""
    return any(any(ch.isalpha() for ch in key) and vocab.lookup(key) is None and not resolution_of(key)
               for key in map(key_of, _WORD_SPLIT_RE.split(_BRACKETS_ONLY_RE.sub(" ", text))))


def _title_field(text: str, vocab: Vocabulary) -> str:
    """Of a name made of brackets, from the title's bracket on: the first that holds
    words, or, when several do before the first year or tag, the first in Latin
    script, as of a bilingual title ("[国漫][流浪地球][The Wandering Earth][2019]")."""
    fields = list(_BRACKETED_RE.finditer(text))
    named = []
    for f in fields:
        inside = f.group()[1:-1]
        if year_value(key_of(inside)) is not None or not _has_words(inside, vocab):
            break
        named.append(f)
    latin = [f for f in named if is_latin(f.group())]
    chosen = latin[0] if latin and not is_latin(named[0].group()) \
        else (named or fields)[0]
    return chosen.group()[1:-1] + " " + text[chosen.end():]


def _only_brackets(text: str) -> bool:
    """Nothing but two or more bracket groups: "[Title][05][1080p][CHS]"."""
    return (text.count("[") >= 2 and text.lstrip().startswith("[")
            and not any(ch.isalnum() for ch in _BRACKETED_RE.sub("", text)))


def _group_prefixed(text: str) -> bool:
    """A lower-case dotted scene name with a year or resolution and no "-group"
    at its end ("ulshd-the.right.stuff.1983.1080p.bluray.x264"): the group is
    written in front instead."""
    return (" " not in text and text.islower() and GROUP_PREFIX_RE.match(text) is not None
            and _RELEASE_MARK_RE.search(text) is not None and not _TRAILING_GROUP_RE.search(text))


def _names_the_film(inside: str, rest: str, vocab: Vocabulary) -> bool:
    """A leading bracket holding words and then a year (tags may follow it),
    with nothing but brackets or tags after it: the title, not a release group
    ("[Title 1998] [Remux]", "[Title 1998 1080p] [Remux]", "(Title 1998) [Remux]",
    "[Title 1998] 1080p BluRay"; not "[Group 2019] Title.2019.1080p")."""
    words = _WORD_SPLIT_RE.split(inside.strip())
    year = next((i for i, w in enumerate(words) if i and year_value(key_of(w)) is not None), None)
    return (year is not None and any(ch.isalpha() for ch in " ".join(words[:year]))
            and not _has_words(_BRACKETED_RE.sub(" ", rest), vocab))


def parse_name(text: str, vocab: Vocabulary, numbered: bool = False) -> NameInfo:
    """Title, year, episode flag and tags of one name.

    >>> from movievault_build.identify.rules.vocab import vocabulary
    >>> info = parse_name("2001.A.Space.Odyssey.1968.1080p.BluRay", vocabulary())
    >>> info.title, info.year, info.first("source")
    ('2001 A Space Odyssey', 1968, 'BluRay')
    """
    body, had_group = strip_prefixes(text.translate(_WIDE_BRACKETS), vocab)
    tokens, spans = tokenize(body)
    mark_tags(body, tokens, vocab)
    resolve_weak(tokens, vocab)
    marker = first_marker(body, tokens, numbered or had_group, vocab)
    start, stop, year_idx = _bounds(body, tokens, marker, vocab)
    end, asides = title_end(tokens, start, year_idx, stop, vocab)
    end_char = tokens[end].start if end < len(tokens) else len(body)
    values = _values(tokens)
    if vocab.on("plex-edition") and (plex := PLEX_EDITION_RE.search(body)) is not None:
        values["edition"] = [plex[1].strip()]
    return NameInfo(
        text=text, title=_title(body, tokens, spans, (start, end), asides, marker is not None, vocab),
        year=year_value(tokens[year_idx].key) if year_idx is not None else None,
        episode=marker is not None, part=part_of(tokens, end_char), values=values,
        group=_release_group(body, tokens, end_char, vocab),
        three_d=any(t.key == "3d" or (t.tag is not None and t.tag.value == "3D") for t in tokens))


def _bounds(body: str, tokens: list[Token], marker: int | None,
            vocab: Vocabulary) -> tuple[int, int, int | None]:
    """(first title token, end of the region the title may span, release-year index)."""
    start, n = title_start(tokens, vocab), len(tokens)
    stop = next((i for i in range(start, n) if tokens[i].kind == "tag"), n)
    if marker is not None:
        stop = min(stop, next((i for i in range(n) if tokens[i].end > marker), n))
    year_idx = choose_year(tokens, start, stop, vocab)
    if year_idx is not None and year_idx == start:
        if marker is not None:
            year_idx = None                       # "2020.A.Late.Talk.Show.2011.12.02"
        elif any(t.kind == "word" for t in tokens[start + 1:stop]) and vocab.on("year-first") \
                and not body.startswith(":", tokens[start].end):
            start += 1                            # "(1995) Movie Name", not "2001: A Space Odyssey"
        else:
            year_idx = None                       # "2012.WEB-DL": the year is the title
    return start, stop, year_idx


def _title(body: str, tokens: list[Token], spans: list[tuple[int, int]], bounds: tuple[int, int],
           asides: list[int], episode: bool, vocab: Vocabulary) -> str | None:
    title = clean(cut(body, tokens, spans, *bounds))
    if not title and not episode and vocab.on("longest-words"):
        title = _longest_words(body, tokens)   # "S06E13 - Pilot": an episode's name is no show title
    if not title:
        return None
    if vocab.on("label-segment"):
        title = drop_labels(title, vocab)
    if vocab.on("collection-infix"):
        title = drop_collection(title)
    if vocab.on("aka-title"):
        title = drop_aka(title)
    if vocab.on("sort-article"):
        title = front_article(title)
    if not vocab.on("latin-title"):
        return title
    alts = [clean(body[spans[g][0] + 1:spans[g][1] - 1]) for g in asides]
    return prefer_latin(title, alts) or None


def _longest_words(body: str, tokens: list[Token]) -> str:
    """Fallback when tags open the name: the longest run of plain words."""
    best: list[Token] = []
    run: list[Token] = []
    for tok in tokens:
        if tok.kind == "word" and tok.group < 0:
            run.append(tok)
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return clean(body[best[0].start:best[-1].end]) if best else ""


def _values(tokens: list[Token]) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for tok in tokens:
        if tok.kind == "tag" and tok.tag is not None:
            found = values.setdefault(tok.tag.prop, [])
            if tok.tag.value not in found:
                found.append(tok.tag.value)
    return values


def _release_group(body: str, tokens: list[Token], end_char: int,
                   vocab: Vocabulary) -> str | None:
    """"…x264-GROUP" after the tags; not a tag itself ("WEB-DL") nor a number."""
    m = RELEASE_GROUP_RE.search(body)
    if not m or m.start() < end_char or not any(t.kind == "tag" for t in tokens):
        return None
    for piece in re.split(r"[._]", m[1]):
        key = key_of(piece)
        tag = vocab.lookup(key)
        if not key or key.isdigit() or (tag is not None and tag.prop != "group") or resolution_of(key):
            return None
    return m[1]


def video_codec(info: NameInfo) -> str | None:
    return next((v for v in info.values.get("video", []) if v in _CODECS), None)
