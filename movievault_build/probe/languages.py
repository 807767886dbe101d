"""Language codes as they appear in subtitle names and stream tags, brought to one form.

ffprobe reports ISO 639-2 ("eng", "ger"/"deu"); sidecar names use 639-1 ("en"), regions
("pt-BR") or English names ("English"). Everything is normalised to 639-1 plus an
optional region, so `--languages en,de` matches all of them.
"""
from __future__ import annotations

import re

# 639-1: (639-2 codes (bibliographic and terminology), English name)
_TABLE: dict[str, tuple[tuple[str, ...], str]] = {
    "en": (("eng",), "english"), "de": (("ger", "deu"), "german"), "fr": (("fre", "fra"), "french"),
    "es": (("spa",), "spanish"), "it": (("ita",), "italian"), "pt": (("por",), "portuguese"),
    "nl": (("dut", "nld"), "dutch"), "sv": (("swe",), "swedish"), "no": (("nor", "nob", "nno"), "norwegian"),
    "da": (("dan",), "danish"), "fi": (("fin",), "finnish"), "is": (("ice", "isl"), "icelandic"),
    "pl": (("pol",), "polish"), "cs": (("cze", "ces"), "czech"), "sk": (("slo", "slk"), "slovak"),
    "hu": (("hun",), "hungarian"), "ro": (("rum", "ron"), "romanian"), "bg": (("bul",), "bulgarian"),
    "el": (("gre", "ell"), "greek"), "tr": (("tur",), "turkish"), "ru": (("rus",), "russian"),
    "uk": (("ukr",), "ukrainian"), "hr": (("hrv",), "croatian"), "sr": (("srp",), "serbian"),
    "sl": (("slv",), "slovenian"), "et": (("est",), "estonian"), "lv": (("lav",), "latvian"),
    "lt": (("lit",), "lithuanian"), "ja": (("jpn",), "japanese"), "ko": (("kor",), "korean"),
    "zh": (("chi", "zho"), "chinese"), "ar": (("ara",), "arabic"), "he": (("heb",), "hebrew"),
    "hi": (("hin",), "hindi"), "th": (("tha",), "thai"), "vi": (("vie",), "vietnamese"),
    "id": (("ind",), "indonesian"), "ms": (("may", "msa"), "malay"), "fa": (("per", "fas"), "persian"),
    "ca": (("cat",), "catalan"), "eu": (("baq", "eus"), "basque"), "gl": (("glg",), "galician"),
    "ta": (("tam",), "tamil"), "te": (("tel",), "telugu"), "bn": (("ben",), "bengali"),
}
_ALIASES: dict[str, str] = {}
for _code, (_threes, _name) in _TABLE.items():
    _ALIASES[_code] = _code
    _ALIASES[_name] = _code
    for _three in _threes:
        _ALIASES[_three] = _code
_REGIONAL = re.compile(r"^([a-z]{2,3})[-_]([a-z]{2}|\d{3})$", re.I)


def normalise(token: str | None) -> str | None:
    """"eng" / "English" / "en" -> "en"; "pt-BR" -> "pt-BR"; anything else -> None."""
    if not token:
        return None
    key = token.strip().casefold()
    if key in _ALIASES:
        return _ALIASES[key]
    m = _REGIONAL.match(key)
    if m and m.group(1) in _ALIASES:
        return f"{_ALIASES[m.group(1)]}-{m.group(2).upper()}"
    return None


def base(code: str) -> str:
    return code.split("-", 1)[0]


def matches(wanted: str, code: str | None) -> bool:
    """Does a stream's language `code` satisfy `wanted`? A region-free want takes any region."""
    if not code:
        return False
    want = normalise(wanted) or wanted.casefold()
    have = normalise(code) or code.casefold()
    return have == want or ("-" not in want and base(have) == want)


def display_name(code: str) -> str:
    """"de" -> "German", "pt-BR" -> "Portuguese (BR)"; a code we do not know stays as it is."""
    entry = _TABLE.get(base(code))
    if entry is None:
        return code
    name = entry[1].title()
    return f"{name} ({code.split('-', 1)[1]})" if "-" in code else name


def iso639_2(code: str) -> tuple[str, ...]:
    """"de" -> ("ger", "deu"): the three-letter codes players such as Kodi store; a regional
    or unknown code has none."""
    entry = _TABLE.get(code) if "-" not in code else None
    return entry[0] if entry else ()
