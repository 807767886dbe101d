"""Mark the tokens that are tags: vocabulary words and phrases, resolutions,
part markers, ids and hashes. Weak words are settled by what follows them."""
from __future__ import annotations

import itertools
import re

from .vocab import MAX_PHRASE, Tag, Vocabulary, word_groups
from .tokens import Token, joined
from .year import is_year

_RESOLUTIONS = {"2160", "1440", "1080", "720", "576", "540", "480", "360", "240", "4320"}
RESOLUTION_RE = re.compile(r"^(?:tc|m|hd)?([0-9o]{3,4})([pi])$")
DIMENSION_RE = re.compile(r"^(\d{3,4})x(\d{3,4})$")
# A season and episode written as one token: "S01", "S01E02", "1x02".
MARKER_TOKEN_RE = re.compile(r"^(?:s\d{1,2}(?:e\d{1,4})*|\d{1,2}x\d{1,3})$")
DISC_SUFFIX_RE = re.compile(r"^D(\d{1,2})$")
BONUS_RE = re.compile(r"^x\d{2}$")
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


_PART_WORDS = frozenset({"cd", "disc", "disk", "part", "pt"})
ARTICLES_BY_LANGUAGE = {lang: frozenset(words) for lang, words in word_groups("articles").items()}
ARTICLES = frozenset().union(*ARTICLES_BY_LANGUAGE.values())
_SEASON_WORDS = frozenset(word_groups("markers")["season"])
_TITLE_LIKE = frozenset({"audio", "video", "other"})   # tag kinds that double as English words
_TECH_PROPS = frozenset({"audio", "video", "source"})    # technical tag kinds
_MEMO: dict[int, dict[str, Tag]] = {}                  # vocabulary id -> token key -> tag
_NO_TAG = Tag("", "")           # memo marker: "not a tag"


def _single_key(key: str, vocab: Vocabulary, memo: dict[str, Tag]) -> Tag | None:
    """Tag of one token key, memoised: names repeat the same few hundred keys."""
    tag = memo.get(key)
    if tag is None:
        tag = vocab.lookup(key)
        if tag is None:
            res = resolution_of(key)
            m = None if res else (PART_RE.match(key) or COUNT_CD_RE.match(key))
            tag = (Tag("resolution", res) if res else Tag("part", str(int(m[1]))) if m
                   else Tag("other", "imdb") if IMDB_RE.match(key)
                   else Tag("year", key) if is_year(key) else _NO_TAG)
        memo[key] = tag
    return None if tag is _NO_TAG else tag


def _classify(tokens: list[Token], tok: Token, vocab: Vocabulary, memo: dict[str, Tag]) -> None:
    tag = _single_key(tok.key, vocab, memo)
    if tag is not None and tag.prop == "year":
        tok.kind = "year"
    elif tag is not None and tag.capitals and vocab.on("capitals-only") and not _in_capitals(tokens, tok):
        return                           # "Om.Shanti.Om", not "Trials.OM.2015"
    elif tag is not None:
        _mark([tok], tag)
    elif tok.group >= 0 and HASH_RE.match(tok.key) and tok.text.isupper() and vocab.on("bracket-hash"):
        _mark([tok], Tag("other", "hash"))     # [BF42B1C8]: a checksum


def _phrase(text: str, toks: list[Token], key: str, vocab: Vocabulary) -> Tag | None:
    if all(len(t.key) == 1 and t.key.isalpha() for t in toks):
        return None                      # an acronym: "R.I.P.D.", "V.H.S."
    first, second = toks[0], toks[1]
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


def _longest_phrase(text: str, tokens: list[Token], i: int,
                    vocab: Vocabulary) -> tuple[int, Tag | None]:
    """Longest run of 2..MAX_PHRASE joined tokens from i that is a known phrase,
    grown one token at a time while the key is still a prefix of some phrase."""
    key, best = tokens[i].key, (1, None)
    for j in range(i + 1, min(i + MAX_PHRASE, len(tokens))):
        if key not in vocab.prefixes and not (j == i + 1 and (key in _PART_WORDS or key.isdigit())):
            break
        a, b = tokens[j - 1], tokens[j]
        if a.group != b.group or not joined(text, a, b):
            break
        key += b.key
        tag = _phrase(text, tokens[i:j + 1], key, vocab)
        if tag is not None:
            best = (j + 1 - i, tag)
    return best


def _mark(toks: list[Token], tag: Tag) -> None:
    for t in toks:
        t.kind = "weak" if tag.weak else "tag"
        t.tag = tag


def mark_tags(text: str, tokens: list[Token], vocab: Vocabulary) -> None:
    """Classify tokens in place: phrases first (longest wins), then single tokens."""
    memo = _MEMO.setdefault(id(vocab), {})
    n, i = len(tokens), 0
    prefixes = vocab.prefixes
    while i < n:
        key = tokens[i].key
        if i + 1 < n and (key in prefixes or key in _PART_WORDS or key.isdigit()):
            size, tag = _longest_phrase(text, tokens, i, vocab)
        else:
            size, tag = 1, None
        if tag is not None:
            _mark(tokens[i:i + size], tag)
        else:
            _classify(tokens, tokens[i], vocab, memo)
        i += size
    if n > 1 and vocab.on("disc-suffix"):
        _disc_suffix(tokens)
    if n > 1 and vocab.on("bonus-number") and ("-x" in text or "-X" in text):
        _bonus_number(text, tokens)


def _disc_suffix(tokens: list[Token]) -> None:
    """"MOVIE_NAME_D1", "LOTR_FOTR_SE_D2": a disc label's number at its end.
    Disc labels are written in capitals; "Sector D7" is a title."""
    last = tokens[-1]
    m = DISC_SUFFIX_RE.match(last.text)
    if m and last.kind == "word" and last.group < 0 and all(t.text.upper() == t.text for t in tokens):
        _mark([last], Tag("part", str(int(m[1]))))


def _bonus_number(text: str, tokens: list[Token]) -> None:
    """"Moon_(2009)-x02-Making_Of", "Title-x01-Stunts": a bonus feature's number set
    between dashes after the film's name (guessit's and some rippers' notation)."""
    for tok in tokens[1:]:
        if BONUS_RE.match(tok.key) and text[tok.start - 1:tok.start] == "-" and text[tok.end:tok.end + 1] == "-":
            _mark([tok], Tag("other", "bonus"))
            return


def _weak_is_tag(tokens: list[Token], i: int, vocab: Vocabulary) -> bool:
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is None:                      # "Title (2019) - Part 1", not "Harry Potter 7 - Part 1"
        if vocab.on("article-title") and i and all(t.key in ARTICLES for t in tokens[:i]):
            return False                 # "The Extended", "The Internal": a title is more than "The"
        return tok.tag.prop != "part" or any(t.kind == "year" for t in tokens[:i])
    if tok.group >= 0 and nxt.group != tok.group:
        return True                      # last word of a bracket group
    if vocab.on("shouted-tag") and shouted(tokens, tok) and (i == 0 or nxt.kind != "word" or nxt.tag is not None):
        return True                      # "Der.Blob.REMASTERED.GERMAN.1988", "FRENCH Title", not "The.REAL.Thing"
    if tok.tag.prop == "part" and vocab.on("one-part") and _other_part(tokens, i):
        return False                     # "Title Part 2 CD1": the CD is the part, "Part 2" the title's
    if vocab.on("tag-before-marker") and _marker_at(tokens, i + 1):
        return not all(t.key in ARTICLES for t in tokens[:i] if t.kind == "word")  # "The.Real.S01E01"
    if tok.tag.title_like and vocab.on("title-like"):
        verdict = _title_like_is_tag(tokens, i)
        if verdict is not None:
            return verdict
    if nxt.kind == "tag":
        return True
    if nxt.kind != "year":
        return False
    if nxt.group >= 0 and vocab.on("boxed-year-title"):
        return False                     # "The Good German (2006)", "The Final Cut (2004)"
    words = [t.key for t in tokens[:i] if t.kind == "word"]
    if all(w in ARTICLES for w in words) and vocab.on("article-title"):
        return False                     # "The.Final.Cut.2004": a title needs more than "The"
    if tok.tag.prop == "language" and vocab.on("language-title-word"):
        return len(words) >= 3 or _in_its_language(words, tok.tag.value)   # not "Johnny.English.2003"
    return tok.tag.prop == "edition"     # "Aliens.SE.1986", but "Madame Web 2024"


def _marker_at(tokens: list[Token], i: int) -> bool:
    """An episode or season marker starts at token i: "S01E02", "1x02", "Season 1"."""
    tok = tokens[i]
    if MARKER_TOKEN_RE.match(tok.key):
        return True
    return tok.key in _SEASON_WORDS and i + 1 < len(tokens) and tokens[i + 1].key.isdigit()


def _in_its_language(words: list[str], language: str) -> bool:
    """The title opens with an article of the language named after it:
    "Das.Boot.German.1981", but "The.Good.German.2006" is English. Not English
    itself, which release names leave unsaid: "The.Queens.English.2010" is a title."""
    return bool(words) and language != "English" and words[0] in ARTICLES_BY_LANGUAGE.get(language, ())


def _other_part(tokens: list[Token], i: int) -> bool:
    return any(t.kind == "tag" and t.tag.prop == "part" and not t.tag.weak
               for j, t in enumerate(tokens) if j != i)


def _in_capitals(tokens: list[Token], tok: Token) -> bool:
    """Written in capitals in a name that is not all capitals."""
    return tok.text.isupper() and any(t.text.isalpha() and not t.text.isupper() for t in tokens)


def shouted(tokens: list[Token], tok: Token) -> bool:
    """Written in capitals in a name that is not ("Movie.PROPER.2010",
    "UNRATED title 2008"): scene names write their tags so. Short acronyms
    ("HDR", "3D", "DC") are capitals anyway and prove nothing."""
    return (tok.text.isupper() and sum(ch.isalpha() for ch in tok.text) >= 4
            and any(t.kind == "word" and not t.text.isupper() and t.text.isalpha() for t in tokens))


def _title_like_is_tag(tokens: list[Token], i: int) -> bool | None:
    """A title-like word ("3D", "HDR", "Extended") before the year is a title word
    when nothing after the year looks like a release ("Saw.3D.2010") or the year is
    bracketed ("Dead Before Dawn 3D (2012) [1080p]", "HDR Film (2020)"), and a tag
    when a release follows a bare year ("Pacific.Rim.3D.2013.BLURAY"). An edition
    word is a tag before any year a release follows ("Title Extended (2015) 1080p").
    Inside a title ("Harold & Kumar 3D Christmas") it is a word. With no year after
    it, None: the ordinary weak-word rule decides."""
    year = next((j for j in range(i + 1, len(tokens)) if tokens[j].kind == "year"), None)
    if year is None:
        return None
    if i > 0 and any(t.kind == "word" and t.tag is None for t in tokens[i + 1:year]):
        return False                     # inside the title; tag words between prove nothing
    if tokens[year].group >= 0 and tokens[i].tag.prop != "edition":
        return False
    return any(t.kind == "tag" for t in tokens[year + 1:])


def resolve_weak(tokens: list[Token], vocab: Vocabulary) -> None:
    """Right to left, so a run of weak words ending in a tag all become tags.
    Then a lone, ordinarily written tag word between title words and the year
    is a title word ("The.Convert.2024", "Opus.2025"), unless it names an edition."""
    for i in range(len(tokens) - 1, -1, -1):
        tok = tokens[i]
        if tok.kind == "weak":
            tok.kind = "tag" if _weak_is_tag(tokens, i, vocab) else "word"
    years = [i for i, t in enumerate(tokens) if t.kind == "year"]
    if vocab.on("wordlike-tag"):
        for i in range(years[-1] if years else 0):
            if _wordlike_tag(tokens, i):
                tokens[i].kind = "word"
    if vocab.on("lead-tag-word"):
        for tok in _lead_title_words(tokens, vocab):
            tok.kind = "word"
    if vocab.on("tech-title") and tokens and tokens[0].kind == "tag":
        for tok in _tech_title_words(tokens):
            tok.kind = "word"


def _lead_title_words(tokens: list[Token], vocab: Vocabulary) -> list[Token]:
    """Edition or release words opening a name are its title's when a title word
    other than an article follows the first ("DC.League.of.Super-Pets",
    "Extended.Family.2023.1080p"), or when only the year follows them: a film has
    a title ("Theatrical.2020.1080p", as "2012.WEB-DL" is titled by its year).
    Not in capitals ("UNRATED title 2008"), nor before an article, which opens
    the title ("Extended The Hobbit 2012"). After an article opening the name
    likewise ("The.Anniversary.Party.2001", "The Convert (2023)"): a title is
    more than its article."""
    first = 1 if tokens and tokens[0].kind == "word" and tokens[0].key in ARTICLES \
        and vocab.on("article-lead-tag-word") else 0
    lead = list(itertools.takewhile(
        lambda t: t.kind == "tag" and t.group < 0 and t.tag.prop in ("edition", "other") and t.key.isalpha(),
        tokens[first:]))
    if not lead or first + len(lead) == len(tokens):
        return lead if first and lead else []    # "The Convert": a title is more than its article
    if vocab.on("shouted-tag") and any(shouted(tokens, t) for t in lead):
        return []
    after = tokens[first + len(lead)]
    if after.kind == "year":
        return lead
    second = tokens[first + 1]
    return lead[:1] if second.kind == "word" and second.key not in ARTICLES else []


def _tech_title_words(tokens: list[Token]) -> list[Token]:
    """Technical words opening a name with the year right after them, and no title
    word right after the year, are its title ("Opus (2025) [1080p]", "DTS.2019.1080p"):
    a film has a title, as "Theatrical.2020" and "2012.WEB-DL" have. Not
    "h265 - HEVC Riddick", nor "DTS 2019 Some Film"."""
    lead = list(itertools.takewhile(
        lambda t: t.kind == "tag" and t.group < 0 and t.tag.prop in _TECH_PROPS and t.key.isalpha(), tokens))
    n = len(lead)
    if not lead or n == len(tokens) or tokens[n].kind != "year":
        return []
    after = tokens[n + 1] if n + 1 < len(tokens) else None
    titled = after is not None and after.kind == "word" and after.group < 0
    return [] if titled else lead


def _wordlike_tag(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.kind != "tag" or tok.group >= 0 or tok.tag.prop not in _TITLE_LIKE or tok.tag.title_like:
        return False
    text = tok.text
    if len(text) < 3 or not text.isalpha() or not (text.islower() or text.istitle()):
        return False
    before_ok = i == 0 or tokens[i - 1].kind == "word"
    nxt = tokens[i + 1]
    return before_ok and nxt.group < 0 and nxt.kind in ("word", "year")
