"""External subtitle files next to a video: language and flags from the name, encoding
from the bytes.

    Movie (1999).en.srt            -> en
    Movie (1999).eng.forced.srt    -> en, forced
    Movie (1999).pt-BR.sdh.srt     -> pt-BR, hearing impaired
    Movie (1999).English.srt       -> en
"""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any, Iterable, Mapping

from . import languages

TEXT_FORMATS = {".srt": "subrip", ".ass": "ass", ".ssa": "ssa", ".vtt": "webvtt"}
IMAGE_FORMATS = {".sup": "hdmv_pgs_subtitle", ".idx": "dvd_subtitle", ".sub": "dvd_subtitle"}
SUBTITLE_EXTENSIONS = frozenset(TEXT_FORMATS) | frozenset(IMAGE_FORMATS)
HEARING_IMPAIRED = frozenset({"sdh", "hi", "cc"})
ENCODING_SAMPLE = 256 * 1024


def _stem_suffix(name: str) -> tuple[str, str]:
    """Path(name).stem and .suffix by string: every sibling of every video is looked at,
    and a flat download folder has hundreds of them."""
    i = name.rfind(".")
    return (name[:i], name[i:]) if 0 < i < len(name) - 1 else (name, "")


def parse_name(video_stem: str, name: str) -> dict[str, Any] | None:
    """Language and flags from a sidecar's name, or None when it is not this video's."""
    stem, ext = _stem_suffix(name)
    ext = ext.casefold()
    if ext not in SUBTITLE_EXTENSIONS or not stem.casefold().startswith(video_stem.casefold()):
        return None
    rest = stem[len(video_stem):]
    if rest and rest[0] not in "._- ":
        return None   # "Alien 2.srt" is not a subtitle of "Alien"
    entry: dict[str, Any] = {"file": name, "codec": TEXT_FORMATS.get(ext) or IMAGE_FORMATS[ext],
                             "external": True}
    for token in (t for t in rest.replace(" ", ".").split(".") if t):
        low = token.casefold()
        if low == "forced":
            entry["forced"] = True
        elif low in HEARING_IMPAIRED:
            entry["hearing_impaired"] = True
        elif low == "default":
            entry["default"] = True
        elif "language" not in entry and (code := languages.normalise(token)):
            entry["language"] = code
    return entry


def find_external(video: Path, siblings: Iterable[str]) -> list[dict[str, Any]]:
    """This video's sidecar subtitles (a VobSub .idx/.sub pair counts once, as its .idx)."""
    names = sorted(siblings)
    stems_with_idx = {_stem_suffix(n)[0] for n in names if n.casefold().endswith(".idx")}
    out = []
    for name in names:
        if name.casefold().endswith(".sub") and _stem_suffix(name)[0] in stems_with_idx:
            continue
        entry = parse_name(video.stem, name)
        if entry is not None:
            out.append(entry)
    return out


def detect_encoding(data: bytes) -> str:
    """"utf-8", "utf-8-sig", "utf-16-le"/"utf-16-be" (by BOM), or a best guess for legacy text."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if data.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A cut inside the sample's last character is still UTF-8.
        if exc.start >= len(data) - 3 and len(data) >= ENCODING_SAMPLE:
            return "utf-8"
    # Bytes 0x80-0x9f are printable in cp1252 (curly quotes, €) but controls in latin-1.
    return "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"


def encoding_problem(path: Path) -> str | None:
    """A one-line note when a text subtitle is not UTF-8 (players then show mojibake)."""
    if path.suffix.casefold() not in TEXT_FORMATS:
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(ENCODING_SAMPLE)
    except OSError as exc:
        return f"{path}: cannot read subtitle ({exc.strerror or exc})"
    if detect_encoding(data) in ("cp1252", "latin-1"):
        return f"{path}: subtitle is not UTF-8 (looks like cp1252/latin-1)"
    return None


def missing_languages(subtitles: Iterable[Mapping[str, Any]], wanted: Iterable[str]) -> list[str]:
    """The wanted languages no subtitle (embedded or external) of a movie has."""
    subs = list(subtitles)
    return [w for w in wanted if not any(languages.matches(w, s.get("language")) for s in subs)]
