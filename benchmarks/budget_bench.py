"""Where a published site's bytes and files go: a real build of N movies with real-size artwork.

    python -m benchmarks.budget_bench [--movies 300] [--work DIR] [--people-rate 0.45]
    python -m benchmarks.budget_bench --keep --person-min-films 1   # same library, everyone a page

Each movie gets its own folder with an NFO (a director and --cast actors), a 2000x3000
poster, a 3840x2160 backdrop and, in `.actors/`, a 421x632 photo (TMDB's h632 size) of
every cast member, as tinyMediaManager and Kodi write them. People are drawn as in Simon's
model of popularity: each credit is a new person with probability --people-rate, else
someone already credited, picked by credit (stars recur, bit parts rarely). The share of
new people is then the same at any N, so bytes per movie and per person extrapolate
linearly. The site is this repository's own (mkdocs.yml, site_src/) built with the default
image profile; `movievault images stats --site` is run on it and compared with the real
bytes. The output sorts every published file by kind, and projects to --project movies.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.artwork_gen import variant_of  # noqa: E402
from benchmarks.make_library import GENRES, SYLLABLES, WORDS, film  # noqa: E402
from benchmarks.site_bench import env, site_config  # noqa: E402
from benchmarks.site_bytes import breakdown  # noqa: E402

PHOTO_SIZE = (421, 632)
MB = 1024 * 1024


def person_name(n: int) -> str:
    """A distinct, name-like string per index."""
    rng = random.Random(n)
    first = "".join(rng.choice(SYLLABLES) for _ in range(2)).capitalize()
    return f"{first} {rng.choice(WORDS)}{'' if n < 1000 else n}"


class People:
    """Simon's model: a new person with probability `rate`, else a credit drawn uniformly
    from all earlier credits (so proportional to a person's credits so far)."""

    def __init__(self, rate: float, rng: random.Random) -> None:
        self.rate, self.rng, self.credits, self.count = rate, rng, [], 0

    def draw(self, exclude: set[int]) -> int:
        for _ in range(20):
            if not self.credits or self.rng.random() < self.rate:
                self.count += 1
                who = self.count - 1
            else:
                who = self.rng.choice(self.credits)
            if who not in exclude:
                break
        else:
            self.count += 1
            who = self.count - 1
        self.credits.append(who)
        return who


def photo_masters(art: Path, posters: list[bytes]) -> list[bytes]:
    """People's photos: the posters scaled down to TMDB's h632 size."""
    from PIL import Image
    out = []
    for seed, poster in enumerate(posters):
        path = art / f"photo-{seed:03d}.jpg"
        if not path.exists():
            im = Image.open(io.BytesIO(poster)).resize(PHOTO_SIZE, Image.Resampling.LANCZOS)
            buf = io.BytesIO()
            im.save(buf, "JPEG", quality=90)
            path.write_bytes(buf.getvalue())
        out.append(path.read_bytes())
    return out


def make_library(work: Path, art: Path, movies: int, cast: int, rate: float, bases: int) -> dict[str, int]:
    from benchmarks.image_bench import bases as art_bases
    masters = art_bases(art, bases)
    photos = photo_masters(art, masters["poster"])
    rng = random.Random(1)
    directors, actors = People(rate, rng), People(rate, rng)
    lib = work / "lib"
    seen: set[int] = set()
    for i in range(movies):
        f = film(rng, i)
        folder = lib / "Movies" / f"{f.title} ({f.year})"
        (folder / ".actors").mkdir(parents=True)
        (folder / f"{f.title} ({f.year}).mkv").write_bytes(b"x")
        director = person_name(10**6 + directors.draw(set()))
        billed: set[int] = set()
        for _ in range(cast):
            billed.add(actors.draw(billed))
        names = [person_name(n) for n in billed]
        xml = "".join(f"  <actor><name>{n}</name><role>{rng.choice(WORDS)}</role><order>{k}</order>"
                      "</actor>\n" for k, n in enumerate(names))
        genres = "".join(f"  <genre>{g}</genre>\n" for g in rng.sample(GENRES, 2))
        (folder / "movie.nfo").write_text(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<movie>\n  <title>{f.title}</title>\n'
            f"  <year>{f.year}</year>\n  <plot>{' '.join(rng.choice(WORDS).lower() for _ in range(60))}.</plot>\n"
            f"  <runtime>{rng.randint(80, 180)}</runtime>\n{genres}  <director>{director}</director>\n"
            f'  <uniqueid type="tmdb" default="true">{f.tmdb}</uniqueid>\n'
            f'  <uniqueid type="imdb">{f.imdb}</uniqueid>\n{xml}</movie>\n', "utf-8")
        (folder / "poster.jpg").write_bytes(variant_of(masters["poster"][i % bases], i))
        (folder / "fanart.jpg").write_bytes(variant_of(masters["fanart"][i % bases], i))
        for n, name in zip(billed, names):
            (folder / ".actors" / f"{name.replace(' ', '_')}.jpg").write_bytes(variant_of(photos[n % bases], n))
        seen |= billed
    return {"movies": movies, "actors": actors.count, "directors": directors.count}


def stats(cfg: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "movievault_build", "images", "stats", "--json",
                          "--config", str(cfg), "--site", str(cfg.parent / "site")],
                         cwd=cfg.parent, env=env(), capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--movies", type=int, default=300)
    ap.add_argument("--cast", type=int, default=10, help="actors with a photo per movie")
    ap.add_argument("--people-rate", type=float, default=0.45)
    ap.add_argument("--bases", type=int, default=20)
    ap.add_argument("--project", type=int, default=10_000)
    ap.add_argument("--work", type=Path, default=Path("/tmp/mv-budget-bench"))
    ap.add_argument("--art-dir", type=Path, default=Path(tempfile.gettempdir()) / "movievault-bench-art",
                    help="masters, made once (shared with image_bench)")
    ap.add_argument("--person-min-films", type=int, help="site.person_page_min_films (default: the plugin's, 2)")
    ap.add_argument("--keep", action="store_true", help="reuse --work's library and cache")
    args = ap.parse_args()
    work = args.work
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        t = time.perf_counter()
        made = make_library(work, args.art_dir, args.movies, args.cast, args.people_rate, args.bases)
        print(f"library: {made} in {time.perf_counter() - t:.0f} s", flush=True)
    cfg = site_config(work, ROOT)
    if args.person_min_films is not None:
        text = cfg.read_text("utf-8")
        assert "      content_dir: content\n" in text and "      site:" not in text, "the site's mkdocs.yml changed shape"
        cfg.write_text(text.replace("      content_dir: content\n", "      content_dir: content\n      site: {person_page_min_films: %d}\n"
                                    % args.person_min_films, 1), "utf-8")
    shutil.rmtree(work / "site", ignore_errors=True)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], cwd=work, env=env(), check=True)
    print(f"build: {time.perf_counter() - t:.0f} s; load average {os.getloadavg()[0]:.1f}", flush=True)
    rows = breakdown(work / "site")
    p = stats(cfg)["projection"]
    people = p["person_pages"]
    movies = p["movies"]
    total = sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values())
    print(f"\n{movies} movies, {people} person pages\n")
    print("| kind | bytes | files | KB per movie | files per movie |\n|---|---:|---:|---:|---:|")
    for kind, (b, n) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
        print(f"| {kind} | {b:,} | {n:,} | {b / 1024 / movies:.1f} | {n / movies:.2f} |")
    print(f"| **total** | {total[0]:,} | {total[1]:,} | {total[0] / 1024 / movies:.1f} | {total[1] / movies:.2f} |")
    print(f"\nimages stats --site: {p['total_bytes']:,} bytes, {p['total_files']:,} entries "
          f"(real {total[0]:,} bytes, {total[1]:,} entries: {p['total_bytes'] / total[0]:.3f}x, "
          f"{p['total_files'] / total[1]:.3f}x)")
    scale = args.project / movies
    fixed = sum(rows[k][0] for k in ("assets",) if k in rows)
    print(f"projected linearly to {args.project:,} movies (assets counted once): "
          f"{((total[0] - fixed) * scale + fixed) / MB:,.0f} MB, "
          f"{(total[1] - rows.get('assets', [0, 0])[1]) * scale + rows.get('assets', [0, 0])[1]:,.0f} entries")
    (work / "breakdown.json").write_text(json.dumps({"rows": rows, "projection": p}, indent=1))


if __name__ == "__main__":
    main()
