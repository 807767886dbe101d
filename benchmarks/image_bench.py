"""Artwork benchmark: encoder choices, the cold image pass, and the site budget at 10,000.

Masters are photo-like JPEG q90 posters (2000x3000) and backdrops (3840x2160) from
benchmarks/artwork_gen.py, made once and kept in --art-dir. Three parts:

  choices   each candidate encoding at the compact widths: KB, CPU ms and SSIM against
            the master (scikit-image, luma, the master scaled with Lanczos as reference)
  pass      the cold image pass of --movies movies (a poster and a backdrop each, and
            --photos people's photos per movie: those a site with people publishes, as
            the scan fetches them from TMDB, w185: 185x278) with the default profile on
            all cores: wall and CPU seconds, images/s, bytes and files per movie, and the
            pass and published size projected to 10,000 movies. --local-photos 421x632
            also times the same photos at a local `.actors/` size (kept as they are)
  full      the real build path over --full movies: a content/ folder with their
            masters (a poster and a backdrop each, --photos people's photos per movie
            at w185) written to disk, then `site.artwork.build_art`, as the plugin calls
            it, in a child process: wall and CPU, and the peak memory (PSS) of the whole
            process tree (benchmarks/proctree.py). Needs ~3 MB of disk a movie

    python -m benchmarks.image_bench                     # choices + pass, 200 movies
    python -m benchmarks.image_bench --full 10000        # also the real 10k pass
    python -m benchmarks.image_bench --quick             # 40 movies, fewer candidates
    python -m benchmarks.image_bench --budget --skip-pass  # the budget's candidates only

The masters of one run are --bases distinct pictures (generating one costs seconds);
movies beyond that reuse them with a different JPEG comment, so every master has its own
content hash and is decoded and encoded like any other (artwork_gen.variant_of).
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from benchmarks.artwork_gen import master_jpeg, variant_of  # noqa: E402
from movievault_build.artwork.cache import VariantCache  # noqa: E402
from movievault_build.artwork.decode import decode_master, open_source, resize_to  # noqa: E402
from movievault_build.artwork.pool import EncodeJob, encode_all  # noqa: E402
from movievault_build.artwork.profiles import profile_settings  # noqa: E402
from movievault_build.artwork.variants import ImageSet, crop_shown, encode  # noqa: E402
from movievault_build.artwork.names import person_stem  # noqa: E402
from movievault_build.model import Artwork, Movie, Person  # noqa: E402
from movievault_build.site import budget  # noqa: E402
from benchmarks.proctree import measure  # noqa: E402

KINDS = ("poster", "fanart")
CANDIDATES = [("avif", q, e) for q in (40, 50, 60) for e in (6, 8, 9)] + \
             [("webp", q, e) for q in (70, 80) for e in (0, 4)] + \
             [("jpeg", q, 1) for q in (60, 65, 70, 82)]
QUICK_CANDIDATES = [("avif", 50, 8), ("avif", 50, 9), ("webp", 80, 4), ("jpeg", 65, 1)]
# What budget_bench.py measured with its people model (benchmarks/README.md): person pages
# per movie with the default two films for a page, and people's photos per movie (the
# cast rows show every photo; each person is counted once).
PERSONS_PER_MOVIE = 1.4
PHOTOS_PER_MOVIE = 4.6


def cpu_seconds() -> float:
    """This process and its finished children (the pool's workers, once shut down)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _make(args: tuple[str, int, Path]) -> Path:
    kind, seed, path = args
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(master_jpeg(kind, seed))
        tmp.rename(path)
    return path


def bases(art_dir: Path, count: int) -> dict[str, list[bytes]]:
    art_dir.mkdir(parents=True, exist_ok=True)
    todo = [(kind, seed, art_dir / f"{kind}-{seed:03d}.jpg") for kind in KINDS for seed in range(count)]
    with ProcessPoolExecutor() as pool:
        paths = list(pool.map(_make, todo))
    out: dict[str, list[bytes]] = {k: [] for k in KINDS}
    for (kind, _, _), path in zip(todo, paths):
        out[kind].append(path.read_bytes())
    return out


def movie_jobs(masters: dict[str, list[bytes]], start: int, stop: int) -> list[EncodeJob]:
    jobs = []
    for n in range(start, stop):
        for kind in KINDS:
            pool = masters[kind]
            jobs.append(EncodeJob(f"movie-{n}/{kind}.jpg", kind, variant_of(pool[n % len(pool)], n)))
    return jobs


def photo_jobs(photos: list[bytes], per_movie: float, start: int, stop: int) -> list[EncodeJob]:
    """The people's photos movies start..stop bring: per_movie on average, each a new person."""
    first, last = int(start * per_movie), int(stop * per_movie)
    return [EncodeJob(f"people/{k}.jpg", "actor", variant_of(photos[k % len(photos)], k)) for k in range(first, last)]


# -- choices -------------------------------------------------------------------------------

def ssim(a: Image.Image, b: Image.Image) -> float:
    import numpy as np
    from skimage.metrics import structural_similarity
    return structural_similarity(np.asarray(a.convert("L")), np.asarray(b.convert("L")), data_range=255)


# People's photos: as the scan fetches them from TMDB (artwork.tmdb_image_size.actor, w185),
# and TMDB's h632, the size of many local `.actors/` photos (tinyMediaManager's default).
TMDB_PHOTO = (185, 278)
H632 = (421, 632)


def actor_photos(posters: list[bytes], size: tuple[int, int] = H632) -> list[bytes]:
    """People's photos at `size`, JPEG q90, from the posters."""
    out = []
    for data in posters:
        buf = io.BytesIO()
        Image.open(io.BytesIO(data)).resize(size, Image.Resampling.LANCZOS).save(buf, "JPEG", quality=90)
        out.append(buf.getvalue())
    return out


def pool_start_cpu(workers: int) -> float:
    """CPU seconds of starting and stopping a pool of `workers` worker processes (spawn, as
    artwork/pool.py does) with nothing to do: a build pays it once, not per image."""
    import multiprocessing
    cpu0 = cpu_seconds()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        list(pool.map(abs, range(workers)))
    return cpu_seconds() - cpu0


def compact_plan(candidates) -> list[tuple[str, int, list]]:
    """Every candidate at each width the compact profile makes of posters and backdrops."""
    compact = profile_settings()
    return [(kind, width, candidates) for kind in KINDS
            for width in sorted(set(compact.widths_for(kind, "avif")) | set(compact.widths_for(kind, "jpeg")))]


# What the budget weighs (--budget): the poster, its fallback, the backdrop and people's
# photos at a few widths and qualities around the compact profile's.
BUDGET_PLAN = [
    ("poster", 500, [("avif", q, 9) for q in (40, 45, 50)]),
    ("poster", 342, [("jpeg", q, 1) for q in (50, 60)]),
    ("poster", 240, [("jpeg", q, 1) for q in (60, 70)]),
    ("fanart", 960, [("avif", q, 9) for q in (30, 35, 40, 45, 50)]),
    ("fanart", 1280, [("avif", q, 9) for q in (30, 35, 40)]),
    ("actor", 185, [("avif", q, 9) for q in (40, 45, 50, 60)] + [("jpeg", 60, 1)]),
    ("actor", 160, [("avif", q, 9) for q in (45, 50)]),
    ("actor", 128, [("avif", q, 9) for q in (50, 60)]),
]


def pictures_at(datas: list[bytes], width: int, kind: str) -> list[tuple[Image.Image, Image.Image]]:
    """(reference, ours) per master: Lanczos from the full master, and our drafted decode."""
    out = []
    for data in datas:
        full = Image.open(io.BytesIO(data))
        full.load()
        full = crop_shown(full, kind)       # people's photos: the square the site shows
        height = round(full.height * width / full.width)
        reference = full.resize((width, height), Image.Resampling.LANCZOS)
        drafted = crop_shown(decode_master(open_source(data, "m", 10**9), "m", width), kind)
        out.append((reference, resize_to(drafted, width, height)))
    return out


def choices(masters: dict[str, list[bytes]], plan, sample: int) -> list[tuple]:
    """(kind, width, format, quality, effort, KB, CPU ms, SSIM) per candidate, means over the sample."""
    rows = []
    for kind, width, candidates in plan:
        pictures = pictures_at(masters[kind][:sample], width, kind)
        for fmt, q, e in candidates:
            settings = profile_settings("full", formats=(fmt,), quality={fmt: q}, effort={fmt: e})
            kb, ms, sim = [], [], []
            for reference, ours in pictures:
                t = time.process_time()
                data = encode(ours, fmt, settings, threads=1)
                ms.append((time.process_time() - t) * 1000)
                kb.append(len(data) / 1024)
                sim.append(ssim(reference, Image.open(io.BytesIO(data))))
            rows.append((kind, width, fmt, q, e, statistics.mean(kb), statistics.median(ms), statistics.mean(sim)))
            print(f"  {kind} {width} {fmt} q{q} e{e}: {rows[-1][5]:.1f} KB {rows[-1][6]:.0f} ms "
                  f"SSIM {rows[-1][7]:.4f}", flush=True)
    return rows


# -- the image pass ------------------------------------------------------------------------

def image_pass(jobs_of, total_movies: int, batch: int, cache_dir: Path, workers: int) -> dict:
    """Cold `encode_all` over `total_movies` movies' masters held in memory, in batches
    (each starts its pool): the per-image cost, not the build's memory (--full measures
    that). Returns timings, counts and the ImageSets made."""
    settings = profile_settings()
    cache = VariantCache(cache_dir)
    wall = 0.0
    cpu0 = cpu_seconds()
    sets: list[ImageSet] = []
    images = failed = 0
    for start in range(0, total_movies, batch):
        jobs = jobs_of(start, min(total_movies, start + batch))
        t = time.perf_counter()
        results = encode_all(jobs, settings, cache, workers=workers)
        wall += time.perf_counter() - t
        images += len(jobs)
        failed += sum(not isinstance(r, ImageSet) for r in results)
        sets += [r for r in results if isinstance(r, ImageSet)]
        print(f"  {min(total_movies, start + batch):>6} movies: {wall:7.1f} s wall, {images / wall:5.1f} images/s",
              flush=True)
    cache.close()
    return {"wall": wall, "cpu": cpu_seconds() - cpu0, "images": images, "failed": failed,
            "sets": sets, "stats": cache.stats(), "pools": -(-total_movies // batch)}


def per_movie(sets: list[ImageSet], movies: int) -> tuple[float, float, dict]:
    """Mean bytes and files of artwork per movie, and mean KB per (kind, format, width)."""
    by_variant: dict[tuple, list[int]] = {}
    for s in sets:
        for v in s.variants:
            by_variant.setdefault((s.kind, v.format, v.width), []).append(v.bytes_size)
    total = sum(v.bytes_size for s in sets for v in s.variants)
    files = sum(len(s.variants) for s in sets)
    return total / movies, files / movies, {k: statistics.mean(b) / 1024 for k, b in sorted(by_variant.items())}


def estimate_check(sets: list[ImageSet]) -> float:
    """Mean ratio of budget.py's estimate to the real bytes of each variant."""
    settings = profile_settings()
    ratios = []
    for s in sets:
        for v in s.variants:
            guess = budget._factor(v.format, settings.quality_for(s.kind, v.format)) * (v.width * v.height) ** budget.BYTES_EXPONENT
            ratios.append(guess / v.bytes_size)
    return statistics.mean(ratios)


def projection(image_bytes_per_movie: float, image_files_per_movie: float, photo_bytes_per_movie: float,
               photos_per_movie: float, n: int) -> list[tuple[str, str, str]]:
    """(what, bytes, files) for an n-movie site, pages estimated as budget.py does."""
    people = int(PERSONS_PER_MOVIE * n)
    rows = [
        ("artwork: poster + backdrop per movie", image_bytes_per_movie * n, image_files_per_movie * n + 257),
        (f"people's photos ({photos_per_movie:g} per movie)", photo_bytes_per_movie * n, photos_per_movie * n),
        ("movie pages, API documents, lists", budget.MOVIE_PAGE_BYTES * n, budget.MOVIE_PAGE_ENTRIES * n),
        (f"person pages ({PERSONS_PER_MOVIE:g} per movie)", budget.PERSON_PAGE_BYTES * people,
         budget.PERSON_PAGE_ENTRIES * people),
        ("theme, group pages, feeds", budget.FIXED_BYTES, budget.FIXED_ENTRIES),
    ]
    rows.append(("**total**", sum(r[1] for r in rows), sum(r[2] for r in rows)))
    return [(what, f"{b / budget.MB:,.0f} MB", f"{f:,.0f}") for what, b, f in rows]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--movies", type=int, default=200)
    ap.add_argument("--bases", type=int, default=40, help="distinct pictures per kind")
    ap.add_argument("--full", type=int, default=0, help="also a real pass over this many movies")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--skip-choices", action="store_true")
    ap.add_argument("--budget", action="store_true", help="choices: the budget's candidates (BUDGET_PLAN)")
    ap.add_argument("--skip-pass", action="store_true")
    ap.add_argument("--sample", type=int, default=8, help="masters per kind in the choices")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--photos", type=float, default=PHOTOS_PER_MOVIE, help="people's photos per movie in the pass")
    ap.add_argument("--local-photos", type=_size, action="append", default=[], metavar="WxH",
                    help="also time the photos at this size (local .actors/ photos); repeatable")
    ap.add_argument("--art-dir", type=Path, default=Path(tempfile.gettempdir()) / "movievault-bench-art")
    ap.add_argument("--build-child", nargs=2, type=Path, metavar=("CONTENT", "CACHE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.build_child:
        return build_child(*args.build_child, args.full, args.photos, args.workers)
    if args.quick:
        args.movies, args.bases = 40, 10
    t = time.perf_counter()
    masters = bases(args.art_dir, args.bases)
    print(f"{2 * args.bases} masters ready in {time.perf_counter() - t:.0f} s "
          f"(poster mean {statistics.mean(map(len, masters['poster'])) / 1e6:.2f} MB, "
          f"backdrop {statistics.mean(map(len, masters['fanart'])) / 1e6:.2f} MB)", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}; {args.workers} workers on {os.cpu_count()} cores; "
          f"Python {platform.python_version()}, Pillow {Image.__version__}")
    if not args.skip_choices:
        print("choices:")
        masters["actor"] = actor_photos(masters["poster"][:8])
        plan = BUDGET_PLAN if args.budget else compact_plan(QUICK_CANDIDATES if args.quick else CANDIDATES)
        rows = choices(masters, plan, min(args.bases, args.sample))
        print("\n| kind | width | format | quality | effort | KB | CPU ms | SSIM |\n|---|---:|---|---:|---:|---:|---:|---:|")
        for kind, w, fmt, q, e, kb, ms, sim in rows:
            print(f"| {kind} | {w} | {fmt} | {q} | {e} | {kb:.1f} | {ms:.0f} | {sim:.4f} |")
    photo_sets = {size: actor_photos(masters["poster"], size) for size in (TMDB_PHOTO, *args.local_photos)}
    if not args.skip_pass:
        report_pass("sample", args.movies, masters, photo_sets, args)
    if args.full:
        report_full(args.full, masters, photo_sets[TMDB_PHOTO], args)


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    return int(w), int(h)


def report_pass(label: str, n: int, masters: dict[str, list[bytes]], photo_sets: dict, args) -> None:
    """One cold pass of `n` movies: posters and backdrops, then each size of people's photos
    (the first, TMDB's w185, is the one the projection counts)."""
    batch = 250
    start_cpu = pool_start_cpu(args.workers)
    passes = {}
    with tempfile.TemporaryDirectory(prefix="mv-imgbench-") as tmp:
        print(f"{label} pass, {n} movies (a pool of {args.workers} costs {start_cpu:.2f} s CPU to start):", flush=True)
        passes["posters and backdrops"] = image_pass(lambda a, b: movie_jobs(masters, a, b), n, batch,
                                                     Path(tmp), args.workers)
    for (w, h), photos in photo_sets.items():
        with tempfile.TemporaryDirectory(prefix="mv-imgbench-") as tmp:
            passes[f"people's photos {w}x{h}"] = image_pass(
                lambda a, b, photos=photos: photo_jobs(photos, args.photos, a, b), n, batch, Path(tmp), args.workers)
    per_image = {}
    for what, r in passes.items():
        # Per image: the pool's start-up taken out (once per build, however many images).
        net = r["cpu"] - r["pools"] * start_cpu
        per_image[what] = net / r["images"]
        print(f"\n{label}, {what}: {r['images']} images ({r['failed']} failed), {r['stats']['encoded']} files, "
              f"{r['stats']['decoded']} decodes; wall {r['wall']:.1f} s = {1000 * r['wall'] / r['images']:.1f} ms "
              f"per image, {r['images'] / r['wall']:.1f} images/s; CPU {r['cpu']:.1f} s "
              f"({r['pools']} pool start(s) included) = {1000 * r['cpu'] / r['images']:.1f} ms per image, "
              f"{1000 * per_image[what]:.1f} without the start-up; load average {os.getloadavg()[0]:.1f}")
    art, faces = passes["posters and backdrops"], passes[f"people's photos {TMDB_PHOTO[0]}x{TMDB_PHOTO[1]}"]
    bytes_pm, files_pm, by_variant = per_movie(art["sets"], len(art["sets"]) // 2)
    photo_bytes, _, photo_variant = per_movie(faces["sets"], len(faces["sets"]))
    print(f"per movie: {bytes_pm / 1024:.1f} KB in {files_pm:.1f} files; per photo {photo_bytes / 1024:.1f} KB; "
          f"estimate/real {estimate_check(art['sets'] + faces['sets']):.2f}")
    for (kind, fmt, w), kb in {**by_variant, **photo_variant}.items():
        print(f"| {kind} | {fmt} | {w} | {kb:.1f} |")
    cores = os.cpu_count() or 1
    for what in list(per_image)[1:]:
        cpu_per_movie = 2 * per_image["posters and backdrops"] + args.photos * per_image[what]
        minutes = (cpu_per_movie * 10_000 + start_cpu) / cores / 60
        print(f"\nwith {what}: CPU per movie {1000 * cpu_per_movie:.0f} ms "
              f"({2000 * per_image['posters and backdrops']:.0f} artwork + {1000 * args.photos * per_image[what]:.0f} "
              f"for {args.photos:g} photos); 10,000 movies on an idle {cores}-core machine: {minutes:.1f} minutes")
    print("\n| at 10,000 movies | bytes | files and folders |\n|---|---:|---:|")
    for what, b, f in projection(bytes_pm, files_pm, photo_bytes * args.photos, args.photos, 10_000):
        print(f"| {what} | {b} | {f} |")


# -- the real build path -------------------------------------------------------------------

def library_movies(n: int, photos_per_movie: float) -> list[Movie]:
    """Movie k: a poster, a backdrop and the people k brings (each a new person)."""
    return [Movie(title=f"Film {k}", year=2000, slug=f"film-{k}",
                  images=tuple(Artwork(kind, path=f"images/film-{k}/{kind}.jpg") for kind in KINDS),
                  cast=tuple(Person(f"Person {j}") for j in range(int(k * photos_per_movie),
                                                                  int((k + 1) * photos_per_movie))))
            for k in range(n)]


def write_library(content: Path, movies: list[Movie], masters: dict[str, list[bytes]], photos: list[bytes]) -> int:
    """Every movie's masters and its people's photos in content/images/, as the scan
    stores them; returns how many."""
    count = 0
    for k, movie in enumerate(movies):
        for art in movie.images:
            pool = masters[art.kind]
            (content / art.path).parent.mkdir(parents=True, exist_ok=True)
            (content / art.path).write_bytes(variant_of(pool[k % len(pool)], k))
        for person in movie.cast:
            j = int(person.name.split()[-1])
            path = content / f"{person_stem(person.name)}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(variant_of(photos[j % len(photos)], j))
        count += len(movie.images) + len(movie.cast)
    return count


def build_child(content: Path, cache: Path, n: int, photos_per_movie: float, workers: int) -> None:
    """What the plugin's build runs for artwork, alone: measured from outside."""
    from movievault_build.site.artwork import build_art
    art = build_art(library_movies(n, photos_per_movie), content, cache, profile_settings(), workers)
    print(f"{len(art.views)} images, {len(art.problems)} problems", file=sys.stderr)


def report_full(n: int, masters: dict[str, list[bytes]], photos: list[bytes], args) -> None:
    with tempfile.TemporaryDirectory(prefix="mv-imgbench-") as tmp:
        t = time.perf_counter()
        images = write_library(Path(tmp, "content"), library_movies(n, args.photos), masters, photos)
        print(f"full build, {n} movies: {images} masters written in {time.perf_counter() - t:.0f} s; "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        cmd = [sys.executable, "-m", "benchmarks.image_bench", "--build-child", str(Path(tmp, "content")),
               str(Path(tmp, "cache")), "--full", str(n), "--photos", str(args.photos), "--workers", str(args.workers)]
        m = measure(cmd, Path(__file__).resolve().parents[1], dict(os.environ))
    print(f"full build of {n} movies ({m.stderr.strip()}; {args.workers} workers): wall {m.wall:.1f} s, "
          f"CPU {m.cpu:.1f} s ({1000 * m.cpu / images:.1f} ms an image, the pool's start included), "
          f"peak memory of the process tree {m.peak_mb:.0f} MB (PSS); load average {m.load:.1f}")


if __name__ == "__main__":
    main()
