"""What a name is: an episode (markers such as S01E02, 1x02, dates, anime
numbering), a sample, an extra (trailers, featurettes …), or else a movie."""
from __future__ import annotations

import re

from .vocab import Vocabulary, alternation, word_groups
from .tags import ARTICLES
from .tokens import Token, key_of
from .year import is_year

_WORDS = word_groups("markers")
_SEASON, _EPISODE, _OF = (alternation(_WORDS[k]) for k in ("season", "episode", "of"))
_AFTER = alternation(_WORDS["season-after"] + _WORDS["episode-after"])
_EPISODE_FIRST = "".join(sorted({w[0] for w in _WORDS["episode"]}))
_B = r"(?<![a-z0-9])"     # no letter or digit before
_E = r"(?![a-z0-9])"      # none after
# Markers whose position ends a show title; one alternation, so the leftmost wins.
# The leading lookahead lists every alternative's first character: positions that
# cannot start a marker are skipped at once (about twice as fast).
EPISODE_RE = re.compile(f"(?=[0-9scemp#第シ{_EPISODE_FIRST}])(?:" + "|".join(f"(?:{p})" for p in (
    _B + r"s\d{1,4}[\s._-]?x?[\s._-]?ep?\d{1,4}",               # S01E02 S01.E03 S06xE01 S2014E18
    r"(?<![a-z0-9-])s\d{1,2}" + _E,                           # S01 (season pack), S3
    _B + r"\d{1,2}[x×]\d{1,3}(?:x\d{1,3})*" + _E,             # 1x02, 8x12, 1x02x03, 2×7
    _B + r"s\d{1,2}d\d{1,2}" + _E,                              # S07D1: a season's disc
    r"第\s*[\d一二三四五六七八九十百]+\s*[話话集回季]|シーズン\s*\d+|\d+期",  # 第3集, 第二季
    r"(?<!\d)(?:19|20)\d\dx\d{2}(?!\d)",                       # 1940x01 (year as season)
    _B + r"(?:ep?\d{2,4}|ep[\s._]*\d{1,4})(?:e\d{2,4})*(?:v\d)?" + _E,  # E12, Ep06, E623, Ep 23, Ep1, E01E02
    r"(?<![\w#])#\d{1,4}(?=$|[\s._\[(-])",                     # #12
    _B + f"(?:{_EPISODE})" + r"[\s._-]*\d{1,4}(?:v\d)?" + _E,  # Episode 59, Cap.408
    _B + r"(?:(?:part|pt)[\s._-]*)?\d{1,3}(?:[\s._]" + f"(?:{_OF})" + r"[\s._]|of)\d{1,3}" + _E,  # 14.of.21, 1of3
    _B + r"(?:(?:complete|full)[\s._-]+(?:mini[\s._-]?)?series|mini[\s._-]?series|all[\s._-]+seasons)" + _E,
    r"(?<!\d)(?:19|20)\d\d[\s._-](?:0[1-9]|1[0-2])[\s._-](?:0[1-9]|[12]\d|3[01])(?!\d)",
    r"(?<!\d)(?:0[1-9]|[12]\d|3[01])[\s._-](?:0[1-9]|[12]\d|3[01])[\s._-](?:19|20)\d\d(?!\d)",
    r"(?<![a-z0-9])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![a-z0-9])",  # 140722, 20140722
)) + ")", re.IGNORECASE)
# Words written after their number ("2 сезон 5 серия"), in names not in ASCII alone.
AFTER_RE = re.compile(_B + r"\d{1,4}[\s._-]*" + f"(?:{_AFTER})" + r"(?![^\W\d_])", re.IGNORECASE)
_DISC_BEFORE_RE = re.compile(r"(?<![a-z0-9])(?:cd|dis[ck])[\s._-]$", re.IGNORECASE)
# A spaced dash right before a position: "Show - Season 3".
_DASH_BEFORE_RE = re.compile(r"(?:^|[\s._])[-–—][\s._]+$")
# "The Complete Series", "The Full Series": the article before the marker is the marker's.
_THE_BEFORE_RE = re.compile(r"(?<![a-z0-9])the[\s._-]+$", re.IGNORECASE)
# An episode word and its number, spelled out ("Episode 5", "Cap.408", "#5").
EPISODE_WORD_RE = re.compile(f"(?:(?:{_EPISODE})" + r"[\s._-]*|#)\d{1,4}(?:v\d)?", re.IGNORECASE)
# An episode word, a separator and four digits: a year, when they can be one.
_YEAR_EPISODE_RE = re.compile(r"^[^\d]*[a-zа-я][\s._-]+\d{4}$", re.IGNORECASE)
# "Show Season 2": only when no year follows ("Open Season 2 (2008)" is a movie).
# A number set off by a spaced dash is the episode's ("The Final Season - 05").
SEASON_WORD_RE = re.compile(_B + f"(?:{_SEASON})" + r"(?:[\s._]*|-)(\d{1,2})" + _E, re.IGNORECASE)
# "Season Two", "The Complete First Season", "3rd Season": a season numbered in words
# (English, as release names write it).
SPELLED_SEASON_RE = re.compile(
    _B + r"(?:season[\s._-]+(?:" + alternation(_WORDS["season-number"]) + r")"
    r"|(?:the[\s._-]+)?(?:complete[\s._-]+)?(?:" + alternation(_WORDS["season-ordinal"]) + r"|\d{1,2}(?:st|nd|rd|th))"
    r"[\s._-]+season)" + _E, re.IGNORECASE)
# "1ª Temporada": an ordinal before the season word (tried only in names with "ª" or "º").
ORDINAL_SEASON_RE = re.compile(_B + r"\d{1,2}[ªº][\s._]*" + f"(?:{_SEASON})" + _E, re.IGNORECASE)
# "Show - 11 [1080p]", "Show_-_11_-_Title": a dash, then an episode number.
DASH_NUMBER_RE = re.compile(r"(?:^|[\s._])-[\s._]+(\d{2,4})(?:v\d)?(?=$|[\s._\[(~+])")
# "Show - OVA", "Show - OVA 2", "Show - SP01 [1080p]": a special set off by a spaced dash.
SPECIAL_RE = re.compile(r"-(?<![^\s._]-)[\s._]+(" + alternation(_WORDS["special"]) + r")(?:[\s._]?\d{1,3})?"
                        r"(?:v\d)?(?=$|[\s._]*[\[(]|[\s._]+-[\s._])", re.IGNORECASE)
RANGE_RE = re.compile(r"(?<![\w.~-])(\d{1,3})[-~](\d{1,3})(?![\d.~-])")
# "Season 2009": a season numbered by its year (Jellyfin, Kodi), only as the whole name.
SEASON_DIR_RE = re.compile(r"^(?:.*[\s._-])?" + f"(?:{_SEASON})" + r"[\s._-]*\d{1,3}$"
                           f"|^(?:{_SEASON})" + r"[\s._-]*(?:19|20)\d\d$"
                           r"|^series[\s._-]*\d{1,3}$|^(?:.*[\s._-])?s\d{1,2}$|^specials$", re.IGNORECASE)
# "…-sample", "movie.sample", "sample-grp-title", "sample": not "Sample People (2000)",
# a title's word before a space.
SAMPLE_RE = re.compile(r"(?:^|[\s._-])sample$|^sample(?:[._-]|$)", re.IGNORECASE)
EXTRA_SUFFIX_RE = re.compile(r"[\s._-]+([a-z]+)$", re.IGNORECASE)
_SUFFIX_REACH = 40


def first_marker(text: str, tokens: list[Token], numbered: bool, vocab: Vocabulary) -> int | None:
    """Character offset where the first episode marker starts, if any.
    `numbered`: a bare number after the title also counts (fansub group prefix,
    TV folder), as in "[Group] Show 07" or "new.girl.117.hdtv"."""
    m = EPISODE_RE.search(text)          # leftmost of all the marker patterns
    while m and (_YEAR_EPISODE_RE.match(m.group()) and is_year(m.group()[-4:])
                 or _read_as_tag(tokens, m.start(), m.end())
                 or _DISC_BEFORE_RE.search(text, max(0, m.start() - 5), m.start()) is not None  # "CD 1 of 2"
                 or _titled_episode_word(m, tokens, numbered, vocab)):
        m = EPISODE_RE.search(text, m.end())   # "The.Episode.2019.1080p", "MOVIE_16X9"
    hits = [_marker_start(text, m)] if m else []
    if not text.isascii() and (after := AFTER_RE.search(text)):
        hits.append(after.start())
    if vocab.on("season-word"):
        hits += [m.start() for m in [SEASON_WORD_RE.search(text)]
                 if m and (_no_year_after(tokens, m.start()) or _first_season(m[1], vocab)
                           or _dashed_season(text, m.start(), vocab))]
        if "ª" in text or "º" in text:
            hits += [m.start() for m in [ORDINAL_SEASON_RE.search(text)]
                     if m and (_no_year_after(tokens, m.start()) or _first_season("", vocab))]
    dashed = _dash_number(text, tokens) if vocab.on("dash-number") else []
    hits += dashed
    if vocab.on("spelled-season") and not dashed and "season" in text.lower():
        hits += [m.start() for m in [SPELLED_SEASON_RE.search(text)]
                 if m and m.start() > 0 and _no_year_after(tokens, m.start())]
    if vocab.on("special-word"):
        hits += [m.start(1) for m in [SPECIAL_RE.search(text)] if m and _no_year_after(tokens, m.start(1))]
    if vocab.on("number-range"):
        hits += _range(text, tokens)
    if vocab.on("bare-number"):
        hits += _bare_number(tokens, numbered, vocab)
    if not hits and vocab.on("broadcast-part"):     # a part matters only where nothing else marks
        hits += _broadcast_part(text, tokens)
    if numbered and vocab.on("leading-episode-number"):
        hits += leading_number(text, tokens)
    return min(hits) if hits else None


def _marker_start(text: str, m: re.Match) -> int:
    if m.group()[:4].lower() in ("comp", "full") and (the := _THE_BEFORE_RE.search(text, 0, m.start())):
        return the.start()
    return m.start()


def _titled_episode_word(m: re.Match, tokens: list[Token], numbered: bool, vocab: Vocabulary) -> bool:
    """An episode word and number with a year after them, outside a TV folder, are
    a film's title words, as a season word is ("Star Wars Episode 5 … (1980)",
    "Episode.50.2011.720p"); not "S01E05", nor in "Show/Season 1/…"."""
    return (vocab.on("episode-word-year") and not numbered and EPISODE_WORD_RE.fullmatch(m.group()) is not None
            and not _no_year_after(tokens, m.start()))


def _first_season(number: str, vocab: Vocabulary) -> bool:
    """"Season 1", "Season 01" or "1ª Temporada" (no number after: "") mark a season
    even before a year ("Show.Season.1.2010.1080p"): a film's sequel is not numbered 1,
    nor zero-padded, nor ordinal ("Open Season 2 (2008)" is a film)."""
    return vocab.on("season-one") and (number in ("", "1") or number.startswith("0"))


def _dashed_season(text: str, start: int, vocab: Vocabulary) -> bool:
    """"Show - Season 3 (2019)": a season word set off from the title by a spaced dash
    marks a season before a year too; a film's sequel number follows its title's own
    words ("Open Season 2 (2008)")."""
    return vocab.on("season-dash") and _DASH_BEFORE_RE.search(text, max(0, start - 4), start) is not None


def _read_as_tag(tokens: list[Token], start: int, end: int) -> bool:
    """The vocabulary reads the marker's text as one tag: "16x9" is an aspect ratio."""
    return any(t.start == start and t.end == end and t.kind == "tag" for t in tokens)


def _no_year_after(tokens: list[Token], pos: int) -> bool:
    return not any(t.kind == "year" and t.start > pos for t in tokens)


def _dash_number(text: str, tokens: list[Token]) -> list[int]:
    return [m.start(1) for m in DASH_NUMBER_RE.finditer(text)
            if not is_year(m[1]) and _no_year_after(tokens, m.start(1))][:1]


def _range(text: str, tokens: list[Token]) -> list[int]:
    return [m.start() for m in RANGE_RE.finditer(text)
            if m.start() > 0 and int(m[2]) > int(m[1]) and _no_year_after(tokens, m.start())][:1]


_VERSION_RE = re.compile(r"v\d$")
_PART_WORD_RE = re.compile(r"^(?:part|pt)\d{0,2}$")


def leading_number(text: str, tokens: list[Token]) -> list[int]:
    """"[Group] 01 Title", "[Group] 12 - Title": after a fansub group, a number
    first that is zero-led or followed by a dash; not when an episode number
    follows a dash later ("[Group] 86 - Eighty Six - 03": the number is the title's)."""
    if len(tokens) < 2 or not tokens[0].key.isdigit() or is_year(tokens[0].key):
        return []
    first = tokens[0]
    dashed = "-" in text[first.end:tokens[1].start] and len(first.key) >= 2
    if any(pos > first.start for pos in _dash_number(text, tokens)):
        return []
    return [first.start] if first.key.startswith("0") or dashed else []


def _bare_number(tokens: list[Token], numbered: bool, vocab: Vocabulary) -> list[int]:
    """A 2-4 digit number after title words, followed by tags or the end, when it
    has a leading zero ("Show 07") or the context says numbered episodes: a TV
    folder, a fansub group, or a broadcast capture right after a season-and-episode
    number ("new.girl.117.hdtv-lol", but "Fahrenheit.451.1966.HDTV": a year follows).
    A zero-led number may also be followed by the episode's title ("Show.03.The.Arrival")."""
    for i, tok in enumerate(tokens):
        if i == 0 or tok.kind == "year" or not tok.key[:1].isdigit():
            continue
        number = _VERSION_RE.sub("", tok.key)            # "07v4", "312v1"
        if not number.isdigit() or not 2 <= len(number) <= 4:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if not (numbered or number.startswith("0") or _broadcast_episode(number, tokens, i, vocab)):
            continue
        if tokens[i - 1].kind not in ("word", "year"):
            continue
        if vocab.on("article-number") and all(t.key in ARTICLES for t in tokens[:i] if t.kind == "word"):
            continue        # "The 100", "The 4400": a title is more than its article
        if nxt is not None and nxt.kind == "year":
            continue        # "District 09 (2009)": a number in a title, then its year
        if nxt is None or nxt.kind == "tag" or nxt.group != tok.group:
            return [tok.start]
        if _titled_number(number, tokens, i, vocab):
            return [tok.start]
    return []


def _titled_number(number: str, tokens: list[Token], i: int, vocab: Vocabulary) -> bool:
    """"Show.Name.03.The.Arrival.720p", "Show Name 03 The Arrival.avi": a two-digit
    zero-led number between title words, no year anywhere after it, is an episode's
    number and the episode's title follows. A film's title does not pad a number
    with a zero ("District 9"; "District 09 (2009)" has its year)."""
    return (vocab.on("titled-number") and len(number) == 2 and number[0] == "0"
            and tokens[i + 1].kind == "word" and _no_year_after(tokens, tokens[i].start))


def _broadcast_episode(number: str, tokens: list[Token], i: int, vocab: Vocabulary) -> bool:
    """"117" (season 1, episode 17) before tags that name a broadcast capture (HDTV, PDTV …);
    "1205" (season 12, episode 5) too, its episode under 40 ("Blade.Runner.2049.HDTV" is a title)."""
    shaped = (len(number) == 3 and number[1:] != "00") or \
        (len(number) == 4 and vocab.on("four-digit-episode") and "01" <= number[2:] <= "39")
    return shaped and _broadcast_after(tokens, i + 1)


def _broadcast_after(tokens: list[Token], i: int) -> bool:
    """Tags alone from i up to the source, and the source a broadcast capture."""
    for tok in tokens[i:]:
        if tok.kind != "tag" or tok.tag is None:
            return False
        if tok.tag.prop == "source":
            return tok.tag.value == "HDTV"
    return False


def _broadcast_part(text: str, tokens: list[Token]) -> list[int]:
    """"Show.Name.Pt.1.HDTV", "Show Name Part2 PDTV": a miniseries' part before a
    broadcast capture. A film's part comes from a disc ("Film.Part.1.BluRay") or
    follows its year ("Film.2010.Part.1.HDTV")."""
    lower = text.lower()
    if ("pt" not in lower and "part" not in lower) or any(t.kind == "year" for t in tokens):
        return []
    for i, tok in enumerate(tokens):
        if i and tok.tag is not None and tok.tag.prop == "part" and _PART_WORD_RE.match(tok.key):
            after = next((j for j in range(i + 1, len(tokens)) if tokens[j].tag is not tok.tag), len(tokens))
            if after < len(tokens) and _broadcast_after(tokens, after):
                return [tok.start]
    return []


def is_season_dir(name: str) -> bool:
    name = name.strip()
    if not name[-1:].isdigit() and name[-8:].lower() != "specials":
        return False     # every season folder ends in its number: a quick no for the rest
    return bool(SEASON_DIR_RE.match(name))


def is_sample(stem: str, folders: list[str]) -> bool:
    """A scene sample's marks ("grp-title-sample", "sample-grp-title", "title.sample") or
    a Sample folder; not "Sample People (2000)" nor "Sample.People.2000": a title's word,
    written as titles are, with a capital, before a space, dot or underscore."""
    m = SAMPLE_RE.search(stem) if "sample" in stem.lower() else None
    if m is not None and m.start() == 0 and stem[:7] in ("Sample.", "Sample_"):
        m = SAMPLE_RE.search(stem, 1)
    return m is not None or any(key_of(f) in ("sample", "samples") for f in folders)


def extra_type(stem: str, folders: list[str], vocab: Vocabulary) -> str | None:
    """Jellyfin/Kodi/Plex naming: a `-trailer` style suffix, a file named
    `trailer`, or a file inside an extras folder (`Featurettes/`, `Behind The Scenes/`)."""
    key = key_of(stem)
    if key in vocab.extras and key not in ("other", "others", "short", "scene", "clip"):
        return vocab.extras[key]
    # the suffix is one short word: the search need not start further back
    m = EXTRA_SUFFIX_RE.search(stem, max(0, len(stem) - _SUFFIX_REACH))
    if m and "-" in stem[m.start():m.end()] and m[1].lower() in vocab.extras:
        return vocab.extras[m[1].lower()]
    for folder in folders:
        kind = vocab.extras.get(key_of(folder))
        if kind:
            return kind
    return None
