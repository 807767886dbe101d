#!/usr/bin/env python3
"""Regenerate demo/library/ from demo/films.yml.

    python demo/make_demo.py            # rewrite demo/library/
    python demo/make_demo.py --out DIR  # write a fresh copy elsewhere (DIR must not exist)

The output is byte-stable: images are drawn from a seed taken from their path, placeholder
videos from their path too, and every mtime is the spec's fixed date (plus one day per film,
so "recently added" has an order). Git does not keep mtimes: rerun after a checkout when a
scan must see them.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import sys
import unicodedata
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Iterable
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont
from ruamel.yaml import YAML

DEMO = Path(__file__).resolve().parent
SPEC = DEMO / "films.yml"
LIBRARY = DEMO / "library"

POSTER_SIZE = (200, 300)
BACKDROP_SIZE = (320, 180)
ACTOR_SIZE = (96, 128)
LANDSCAPE_KINDS = frozenset({"fanart", "backdrop", "landscape"})
JPEG_QUALITY = 70
BOM = b"\xef\xbb\xbf"

# Placeholders start with their container's magic bytes, so a prober can tell them apart
# even though none of them is real media.
MAGIC_BY_NAME = {
    "VIDEO_TS.IFO": b"DVDVIDEO-VMG", "VIDEO_TS.BUP": b"DVDVIDEO-VMG",
    "index.bdmv": b"INDX0200", "MovieObject.bdmv": b"MOBJ0200",
}
MAGIC_BY_SUFFIX = {
    ".mkv": b"\x1aE\xdf\xa3", ".mp4": b"\x00\x00\x00\x18ftypmp42", ".avi": b"RIFF\x00\x00\x00\x00AVI ",
    ".ifo": b"DVDVIDEO-VTS", ".vob": b"\x00\x00\x01\xba", ".mpls": b"MPLS0200",
    ".m2ts": b"\x00\x00\x00\x00G",
}
MAGIC_BY_KIND = {
    "ds_store": b"\x00\x00\x00\x01Bud1",
    "appledouble": b"\x00\x05\x16\x07\x00\x02\x00\x00",
}
SUBTITLE = "1\n00:00:01,000 --> 00:00:03,000\n(placeholder subtitle)\n"


# ---------------------------------------------------------------- spec

def load_spec(path: Path = SPEC) -> dict[str, Any]:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def video_entries(film: dict[str, Any]) -> list[dict[str, Any]]:
    """`disk.videos` with plain strings turned into {path: …}."""
    return [v if isinstance(v, dict) else {"path": v} for v in film["disk"].get("videos", [])]


def nfo_quirks(film: dict[str, Any]) -> set[str]:
    return set((film["disk"].get("nfo") or {}).get("quirks", []))


def actor_thumb_name(name: str) -> str:
    """Kodi's local actor art: spaces become underscores."""
    return name.replace(" ", "_") + ".jpg"


def film_date(spec: dict[str, Any], index: int) -> datetime:
    return spec["mtime"] + timedelta(days=index)


# ---------------------------------------------------------------- placeholder bytes

def placeholder(relpath: str, size: int | None = None, kind: str = "video") -> bytes:
    """A few bytes that differ per path: the magic, then a hash of the path."""
    name = relpath.rsplit("/", 1)[-1]
    magic = (MAGIC_BY_KIND.get(kind) or MAGIC_BY_NAME.get(name)
             or MAGIC_BY_SUFFIX.get(os.path.splitext(name)[1].lower(), b""))
    digest = hashlib.sha256(relpath.encode("utf-8")).digest()
    if size is None:
        size = max(12 + digest[0] % 5, len(magic))
    return (magic + digest)[:size]


# ---------------------------------------------------------------- images

def render_image(label: str, size: tuple[int, int], seed: str) -> bytes:
    """A seeded two-colour gradient with a few rings and the label: small, distinct, stable."""
    h = hashlib.sha256(seed.encode("utf-8")).digest()
    top, bottom = tuple(h[0:3]), tuple(h[3:6])
    mask = Image.linear_gradient("L").resize(size)
    img = Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)
    draw = ImageDraw.Draw(img)
    w, ht = size
    for i in range(3):
        x, y = h[6 + 3 * i] * w // 255, h[7 + 3 * i] * ht // 255
        r = 8 + h[8 + 3 * i] % max(min(w, ht) // 4, 9)
        draw.ellipse((x - r, y - r, x + r, y + r), outline=tuple(h[16 + i:19 + i]), width=3)
    font = ImageFont.load_default(size=max(11, min(w, ht) // 9))
    lines = wrap_to_width(ascii_label(label), font, w - 16)
    y = ht - 8 - len(lines) * (font.size + 4)
    for text in lines:
        draw.text((8, y), text, font=font, fill="white", stroke_width=1, stroke_fill="black")
        y += font.size + 4
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def ascii_label(text: str) -> str:
    """The bundled default font has no accents or CJK: draw the ASCII skeleton."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.strip() or "?"


def wrap_to_width(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def art_image(film: dict[str, Any], kind: str, relpath: str) -> bytes:
    landscape = kind in LANDSCAPE_KINDS
    label = film["title"] if landscape else f"{film['title']} ({film['year']})"
    return render_image(label, BACKDROP_SIZE if landscape else POSTER_SIZE, relpath)


# ---------------------------------------------------------------- NFO text

def line(tag: str, value: Any, indent: int = 2, attrs: str = "") -> str:
    return f"{' ' * indent}<{tag}{attrs}>{escape(str(value))}</{tag}>"


def repeated(tag: str, values: Iterable[Any]) -> list[str]:
    return [line(tag, v) for v in values]


def kodi_actor(person: list[str], order: int, thumbs: bool) -> list[str]:
    name, role = person
    out = ["  <actor>", line("name", name, 4), line("role", role, 4), line("order", order, 4)]
    if thumbs:
        out.append(line("thumb", f".actors/{actor_thumb_name(name)}", 4))
    return out + ["  </actor>"]


def kodi_set(collection: dict[str, str], legacy: bool) -> list[str]:
    if legacy:  # the pre-v16 form: just the name as text
        return [line("set", collection["name"])]
    return ["  <set>", line("name", collection["name"], 4),
            line("overview", collection["overview"], 4), "  </set>"]


def kodi_nfo(film: dict[str, Any], spec: dict[str, Any], added: datetime) -> str:
    """A Kodi v19+ export: element order as Kodi's `CVideoInfoTag::Save` writes it."""
    ids, quirks = film.get("ids", {}), nfo_quirks(film)
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes" ?>', "<movie>",
           line("title", film["title"]),
           line("originaltitle", film.get("original_title", film["title"]))]
    if "sort_title" in film:
        out.append(line("sorttitle", film["sort_title"]))
    if "rating" in film:
        out += ["  <ratings>", '    <rating name="imdb" max="10" default="true">',
                line("value", film["rating"], 6), "    </rating>", "  </ratings>"]
    out += [line("userrating", 0), line("plot", film["plot"])]
    out += [line("runtime", film["runtime"])] if "runtime" in film else []
    out += [line("mpaa", f"Rated {film['certification']}")] if "certification" in film else []
    out += [line("playcount", film["playcount"])] if "playcount" in film else []
    out += [line("trailer", film["trailer"])] if "trailer" in film else []
    if "imdb" in ids:
        out += [line("id", ids["imdb"]),
                line("uniqueid", ids["imdb"], attrs=' type="imdb" default="true"')]
    if "tmdb" in ids:
        out.append(line("uniqueid", ids["tmdb"], attrs=' type="tmdb"'))
    out += repeated("genre", film.get("genres", [])) + repeated("country", film.get("countries", []))
    if "collection" in film:
        out += kodi_set(spec["collections"][film["collection"]], "legacy_set" in quirks)
    out += repeated("credits", film.get("writers", [])) + repeated("director", film.get("directors", []))
    out += [line("year", film["year"])] + repeated("studio", film.get("studios", []))
    out += [line("edition", film["edition"])] if "edition" in film else []
    for order, person in enumerate(film.get("cast", [])):
        out += kodi_actor(person, order, "actor_thumbs" in quirks)
    out += [line("dateadded", added.strftime("%Y-%m-%d %H:%M:%S")), "</movie>"]
    return "\n".join(out) + "\n"


def jellyfin_nfo(film: dict[str, Any], spec: dict[str, Any], added: datetime) -> str:
    """What Jellyfin's NFO saver writes (with "save image paths" on)."""
    ids, disk = film.get("ids", {}), film["disk"]
    server_dir = spec["jellyfin_root"] + "/" + disk["dir"].split("/", 1)[1]
    out = ['<?xml version="1.0" encoding="utf-8" standalone="yes"?>', "<movie>",
           f"  <plot><![CDATA[{film['plot']}]]></plot>", line("lockdata", "false"),
           line("dateadded", added.strftime("%Y-%m-%d %H:%M:%S")), line("title", film["title"]),
           line("originaltitle", film.get("original_title", film["title"]))]
    out += repeated("director", film.get("directors", []))
    out += repeated("writer", film.get("writers", [])) + repeated("credits", film.get("writers", []))
    out += [line("rating", film["rating"])] if "rating" in film else []
    out += [line("year", film["year"])]
    out += [line("mpaa", film["certification"])] if "certification" in film else []
    out += [line("imdbid", ids["imdb"])] if "imdb" in ids else []
    out += [line("tmdbid", ids["tmdb"])] if "tmdb" in ids else []
    out += [line("runtime", film["runtime"])] if "runtime" in film else []
    out += repeated("country", film.get("countries", [])) + repeated("genre", film.get("genres", []))
    out += repeated("studio", film.get("studios", []))
    art = disk.get("art", {})
    if art:
        out.append("  <art>")
        out += [line(kind if kind == "poster" else "fanart", f"{server_dir}/{name}", 4)
                for kind, name in art.items()]
        out.append("  </art>")
    for order, (name, role) in enumerate(film.get("cast", [])):
        out += ["  <actor>", line("name", name, 4), line("role", role, 4), line("type", "Actor", 4),
                line("sortorder", order, 4), "  </actor>"]
    out += [line("id", ids["imdb"])] if "imdb" in ids else []
    if "collection" in film:
        out += ["  <set>", line("name", spec["collections"][film["collection"]]["name"], 4), "  </set>"]
    return "\n".join(out + ["</movie>"]) + "\n"


def nfo_bytes(film: dict[str, Any], spec: dict[str, Any], added: datetime) -> bytes:
    nfo, quirks = film["disk"]["nfo"], nfo_quirks(film)
    if nfo["style"] == "url":  # Radarr/Kodi style: the file holds only a link
        return f"https://www.imdb.com/title/{film['ids']['imdb']}/\n".encode()
    writer = {"kodi": kodi_nfo, "jellyfin": jellyfin_nfo}[nfo["style"]]
    text = writer(film, spec, added)
    if "bare_ampersand" in quirks:  # hand-edited files often carry a raw "&"
        text = text.replace("&amp;", "&")
    if "truncated" in quirks:  # a write cut off part-way through an element
        text = text[: text.index("<dateadded>") + len("<date")]
    if "trailing_tmdb_url" in quirks:  # Kodi "combined" NFO: XML, then a scraper URL
        text += f"https://www.themoviedb.org/movie/{film['ids']['tmdb']}\n"
    data = text.encode("utf-8")
    return BOM + data if "bom" in quirks else data


# ---------------------------------------------------------------- writing

class TreeWriter:
    """Writes files under one root, refusing to write a path twice, remembering mtimes."""

    def __init__(self, root: Path):
        self.root = root
        self.mtimes: dict[Path, float] = {}

    def write(self, relpath: str, data: bytes, when: datetime) -> None:
        path = self.root / relpath
        if path in self.mtimes:
            raise ValueError(f"{relpath}: written twice; check films.yml")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.mtimes[path] = when.timestamp()

    def stamp(self) -> None:
        """Files get their own time; each folder the newest time found below it."""
        for path, t in self.mtimes.items():
            os.utime(path, (t, t))
        for dirpath, _dirs, _files in os.walk(self.root, topdown=False):
            here = Path(dirpath)
            times = [p.stat().st_mtime for p in here.iterdir()] or [0.0]
            os.utime(here, (max(times), max(times)))


def write_film(w: TreeWriter, film: dict[str, Any], spec: dict[str, Any], when: datetime) -> None:
    disk = film["disk"]
    base = disk["dir"] + "/"
    for video in video_entries(film):
        w.write(base + video["path"], placeholder(base + video["path"], video.get("size")), when)
    if disk.get("nfo"):
        w.write(base + disk["nfo"]["file"], nfo_bytes(film, spec, when), when)
    for kind, name in disk.get("art", {}).items():
        w.write(base + name, art_image(film, kind, base + name), when)
    if "actor_thumbs" in nfo_quirks(film):
        for name, _role in film["cast"]:
            rel = base + ".actors/" + actor_thumb_name(name)
            w.write(rel, render_image(name, ACTOR_SIZE, rel), when)
    for name in disk.get("sidecars", []):
        w.write(base + name, SUBTITLE.encode("utf-8"), when)


def build(spec: dict[str, Any], out: Path) -> list[Path]:
    """Write the whole library into `out` (which must not exist yet); return the files."""
    out.mkdir(parents=True, exist_ok=False)
    w = TreeWriter(out)
    for index, film in enumerate(spec["films"]):
        write_film(w, film, spec, film_date(spec, index))
    for item in spec.get("ignored", []):
        w.write(item["path"], placeholder(item["path"], kind=item["kind"]), spec["mtime"])
    w.stamp()
    return sorted(w.mtimes)


def regenerate(spec_path: Path = SPEC, library: Path = LIBRARY) -> list[Path]:
    """Replace `library` (only ever a folder named demo/library) with a fresh build."""
    library = library.resolve()
    if library.name != "library" or library.parent.name != "demo":
        raise SystemExit(f"{library}: refusing to replace anything but demo/library")
    if library.exists():
        shutil.rmtree(library)
    return build(load_spec(spec_path), library)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--out", type=Path, help="write a fresh copy here instead")
    args = parser.parse_args(argv)
    files = build(load_spec(args.spec), args.out) if args.out else regenerate(args.spec)
    root = args.out or LIBRARY
    size = sum(p.stat().st_size for p in files)
    print(f"{root}: {len(files)} files, {size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
