"""A synthetic movie library of N movies, the same for the same N and seed.

    python benchmarks/make_library.py 10000 /tmp/lib [--seed 1]

Most movies sit in `Title (Year)/Title (Year).mkv` folders; some are release-named files
in flat download folders; a few are split into parts. Most have an NFO in one of three
flavours (Kodi v19 `<uniqueid>`/`<ratings>`, Jellyfin `<tmdbid>`/`<art>`, legacy `<id>`),
many a small local poster (and some a fanart). Duplicates, extras, samples, trailers and
TV episodes are sprinkled in. With `people_heavy` (`--people-heavy`) a few prolific people
(three actors, two directors) each appear in about 30% of the films, as a favourite actor
does in a collector's library: the case that makes per-person work quadratic. Video files are placeholders of a few bytes, so 10,000
movies take a few seconds to write and ~40 MB of disk (mostly file-system blocks).
"""
from __future__ import annotations

import argparse
import io
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SYLLABLES = ("ka ri to mo na shi ve lo da pe ru xi zan tor mel bri cal dor fen gal hal "
             "jin kor lum mar nor pol quin ros sal tam ul vin wes yor zel").split()
WORDS = ("Night Shadow River Last Red Silent Iron Glass Winter Summer Lost Broken City "
         "Ocean Star Dark Golden Hidden Wild Empty Long Road Kingdom Fire Storm House").split()
GENRES = ("Drama Comedy Thriller Action Horror Romance Documentary Animation Crime "
          "Science Fiction Adventure Mystery").split()
FLAT_FOLDER_SIZE = 150       # release-named files per flat download folder
STARS = ("Prolific Actor One", "Prolific Actor Two", "Prolific Actor Three")
AUTEURS = ("Prolific Director One", "Prolific Director Two")
PROLIFIC_SHARE = 0.3         # of the films each prolific person appears in


@dataclass(frozen=True)
class Film:
    n: int
    title: str
    year: int
    tmdb: int
    imdb: str


def film(rng: random.Random, n: int) -> Film:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 3))]
    words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize())
    rng.shuffle(words)
    # The index keeps every title unique, as distinct films in a real library mostly are.
    title = " ".join(words) + f" {_roman(n)}"
    return Film(n, title, rng.randint(1950, 2024), 10_000 + n, f"tt{1_000_000 + n:07d}")


def _roman(n: int) -> str:
    """A short letter code per index (base 26), so titles stay word-like."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def release_name(f: Film, rng: random.Random) -> str:
    quality = rng.choice(("1080p.BluRay.x264", "720p.WEB-DL.H264", "2160p.UHD.BluRay.x265", "DVDRip.XviD"))
    return ".".join(f.title.split() + [str(f.year), quality]) + f"-{rng.choice(('GRP', 'SPARKS', 'FGT'))}"


def nfo_text(f: Film, flavour: str, rng: random.Random, people_heavy: bool = False) -> str:
    genre = "".join(f"  <genre>{g}</genre>\n" for g in rng.sample(GENRES, rng.randint(1, 3)))
    common = (f"  <title>{f.title}</title>\n  <year>{f.year}</year>\n"
              f"  <plot>A {rng.choice(WORDS).lower()} story of {f.title}.</plot>\n"
              f"  <runtime>{rng.randint(80, 180)}</runtime>\n{genre}"
              f"  <director>{rng.choice(SYLLABLES).capitalize()} {rng.choice(WORDS)}</director>\n")
    actors = "".join(f"  <actor><name>{rng.choice(SYLLABLES).capitalize()} {rng.choice(WORDS)}</name>"
                     f"<role>{rng.choice(WORDS)}</role><order>{i}</order></actor>\n" for i in range(3))
    if people_heavy:
        common, actors = _prolific(common, actors, rng)
    if flavour == "kodi":
        ids = (f'  <uniqueid type="tmdb" default="true">{f.tmdb}</uniqueid>\n'
               f'  <uniqueid type="imdb">{f.imdb}</uniqueid>\n'
               f'  <ratings><rating name="imdb" max="10" default="true"><value>{rng.uniform(3, 9):.1f}'
               f'</value><votes>{rng.randint(10, 90000)}</votes></rating></ratings>\n'
               f"  <premiered>{f.year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}</premiered>\n")
    elif flavour == "jellyfin":
        ids = (f"  <tmdbid>{f.tmdb}</tmdbid>\n  <imdbid>{f.imdb}</imdbid>\n"
               f"  <rating>{rng.uniform(3, 9):.1f}</rating>\n"
               "  <art><poster>poster.jpg</poster></art>\n")
    else:
        ids = f"  <id>{f.imdb}</id>\n  <rating>{rng.uniform(3, 9):.1f}</rating>\n"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<movie>\n'
            + common + ids + actors + "</movie>\n")


def _prolific(common: str, actors: str, rng: random.Random) -> tuple[str, str]:
    """Each star billed first in PROLIFIC_SHARE of the films; an auteur directs as often."""
    stars = "".join(f"  <actor><name>{name}</name><role>{rng.choice(WORDS)}</role><order>0</order></actor>\n"
                    for name in STARS if rng.random() < PROLIFIC_SHARE)
    for name in AUTEURS:
        if rng.random() < PROLIFIC_SHARE:
            common += f"  <director>{name}</director>\n"
    return common, stars + actors


def tiny_jpegs(count: int = 8) -> list[bytes]:
    """A few tiny posters made once; every movie reuses one of them."""
    try:
        from PIL import Image
    except ImportError:   # a valid 1x1 JPEG header is enough for copying and hashing
        return [bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9") + bytes([i]) for i in range(count)]
    out = []
    for i in range(count):
        buf = io.BytesIO()
        Image.new("RGB", (20, 30), (30 * i % 256, 90, 200 - 20 * i)).save(buf, "JPEG", quality=60)
        out.append(buf.getvalue())
    return out


class Writer:
    def __init__(self, root: Path, people_heavy: bool = False, artwork: bool = True) -> None:
        self.root, self.files, self.made = root, 0, set()
        self.people_heavy, self.artwork = people_heavy, artwork

    def put(self, rel: str, data: bytes | str) -> None:
        if not self.artwork and rel.endswith(".jpg"):
            return               # the same films and NFOs, no image files
        path = self.root / rel
        if path.parent not in self.made:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.made.add(path.parent)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        self.files += 1


def make_library(n: int, root: Path, seed: int = 1, people_heavy: bool = False, artwork: bool = True) -> int:
    """Write the library (`artwork=False`: without its posters and fanart); returns the
    number of files written."""
    rng = random.Random(seed)
    jpegs = tiny_jpegs()
    out = Writer(root, people_heavy, artwork)
    for i in range(n):
        f = film(rng, i)
        roll = rng.random()
        if roll < 0.80:
            _folder_movie(out, f, rng, jpegs)
        elif roll < 0.98:
            _flat_movie(out, f, rng, jpegs, folder=f"Downloads/batch-{i // FLAT_FOLDER_SIZE:03d}")
        else:
            _parts_movie(out, f, rng)
        if rng.random() < 0.01:   # a second copy of the same film elsewhere
            out.put(f"Duplicates/{f.title} ({f.year}) [720p]/{f.title} ({f.year}).mp4", b"dup")
            out.put(f"Duplicates/{f.title} ({f.year}) [720p]/movie.nfo", nfo_text(f, "kodi", rng, out.people_heavy))
        if rng.random() < 0.01:
            show = rng.choice(WORDS)
            out.put(f"TV/{show} Show/Season 01/{show}.Show.S01E{i % 20 + 1:02d}.720p.mkv", b"ep")
            out.put(f"Downloads/episodes/{show}.Show.S0{i % 5 + 1}E{i % 20 + 1:02d}.1080p.mkv", b"ep")
    return out.files


def _folder_movie(out: Writer, f: Film, rng: random.Random, jpegs: list[bytes]) -> None:
    name = f"{f.title} ({f.year})"
    out.put(f"Movies/{name}/{name}.mkv", b"x" * rng.randint(1, 8))
    roll = rng.random()
    if roll < 0.85:
        flavour = rng.choice(("kodi", "kodi", "jellyfin", "legacy"))
        nfo = "movie.nfo" if rng.random() < 0.3 else f"{name}.nfo"
        out.put(f"Movies/{name}/{nfo}", nfo_text(f, flavour, rng, out.people_heavy))
    if rng.random() < 0.65:
        out.put(f"Movies/{name}/poster.jpg", rng.choice(jpegs))
    if rng.random() < 0.2:
        out.put(f"Movies/{name}/fanart.jpg", rng.choice(jpegs))
    if rng.random() < 0.15:
        out.put(f"Movies/{name}/{name}.en.srt", "1\n00:00:01,000 --> 00:00:02,000\nHello\n")
    extra = rng.random()
    if extra < 0.03:
        out.put(f"Movies/{name}/Extras/Behind the scenes.mkv", b"e")
    elif extra < 0.05:
        out.put(f"Movies/{name}/{name}-trailer.mkv", b"t")
    elif extra < 0.07:
        out.put(f"Movies/{name}/{name}-sample.mkv", b"s")


def _flat_movie(out: Writer, f: Film, rng: random.Random, jpegs: list[bytes], folder: str) -> None:
    stem = release_name(f, rng)
    out.put(f"{folder}/{stem}.mkv", b"x" * rng.randint(1, 8))
    if rng.random() < 0.7:
        out.put(f"{folder}/{stem}.nfo", nfo_text(f, rng.choice(("kodi", "jellyfin", "legacy")), rng, out.people_heavy))
    if rng.random() < 0.4:
        out.put(f"{folder}/{stem}-poster.jpg", rng.choice(jpegs))


def _parts_movie(out: Writer, f: Film, rng: random.Random) -> None:
    name = f"{f.title} ({f.year})"
    for part in (1, 2):
        out.put(f"Movies/{name}/{name} cd{part}.avi", b"p" * part)
    out.put(f"Movies/{name}/movie.nfo", nfo_text(f, "kodi", rng, out.people_heavy))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of movies")
    parser.add_argument("dir", type=Path, help="library root to create (must not exist or be empty)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--people-heavy", action="store_true", help="a few people in 30%% of the films each")
    parser.add_argument("--no-art", action="store_true", help="no posters or fanart")
    args = parser.parse_args(argv)
    if args.dir.exists() and any(args.dir.iterdir()):
        parser.error(f"{args.dir}: not empty")
    start = time.perf_counter()
    files = make_library(args.n, args.dir, args.seed, args.people_heavy, artwork=not args.no_art)
    print(f"{args.n} movies, {files} files in {args.dir} ({time.perf_counter() - start:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
