"""Artwork benchmark: cold encode, warm rebuild, bytes per variant.

Generates photo-like posters (2000x3000) and backdrops (3840x2160) as JPEG q90 in a
temp dir, encodes them with the default ImageSettings over all cores, and writes the
"## Artwork" section of benchmarks/README.md.

    python benchmarks/image_bench.py            # 200 posters + 50 backdrops, median of 3
    python benchmarks/image_bench.py --quick    # 20 posters + 5 backdrops
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from movievault_build.artwork.cache import VariantCache  # noqa: E402
from movievault_build.artwork.pool import EncodeJob, encode_all  # noqa: E402
from movievault_build.artwork.variants import ImageSet, ImageSettings  # noqa: E402

README = Path(__file__).resolve().parent / "README.md"
SECTION = "## Artwork"


def synthetic_photo(size: tuple[int, int], seed: int) -> Image.Image:
    """Smooth colour fields (upscaled random pixels), soft edges and grain: compresses
    roughly like a photograph, unlike a flat fill or pure noise."""
    rng = random.Random(seed)
    w, h = size
    cw, ch = (8, 12) if h > w else (16, 9)
    coarse = Image.frombytes("RGB", (cw, ch), rng.randbytes(cw * ch * 3))
    base = coarse.resize(size, Image.Resampling.BICUBIC)
    detail = Image.frombytes("RGB", (w // 16, h // 16), rng.randbytes((w // 16) * (h // 16) * 3))
    detail = detail.resize(size, Image.Resampling.BICUBIC)
    grain = Image.frombytes("L", size, rng.randbytes(w * h)).convert("RGB")
    return Image.blend(Image.blend(base, detail, 0.25), grain, 0.06)


def make_sources(folder: Path, posters: int, backdrops: int) -> list[EncodeJob]:
    jobs = []
    for kind, count, size in (("poster", posters, (2000, 3000)), ("fanart", backdrops, (3840, 2160))):
        for i in range(count):
            path = folder / f"{kind}-{i:03d}.jpg"
            synthetic_photo(size, seed=2 * i + (kind == "fanart")).save(path, "JPEG", quality=90)
            jobs.append(EncodeJob(str(path), kind, path.read_bytes()))
    return jobs


def timed_run(jobs: list[EncodeJob], settings: ImageSettings, cache_dir: Path, workers: int):
    cache = VariantCache(cache_dir)
    start = time.perf_counter()
    results = encode_all(jobs, settings, cache, workers=workers)
    elapsed = time.perf_counter() - start
    cache.close()
    return elapsed, results, cache.stats()


def variant_bytes(jobs: list[EncodeJob], results: list) -> list[tuple[str, str, int, float, float]]:
    """(kind, format, width, mean bytes, mean % of the source JPEG) per variant type."""
    groups: dict[tuple[str, str, int], list[tuple[int, int]]] = defaultdict(list)
    for job, res in zip(jobs, results):
        if isinstance(res, ImageSet):
            for v in res.variants:
                groups[(job.kind, v.format, v.width)].append((v.bytes_size, len(job.data)))
    rows = []
    for (kind, fmt, width), pairs in sorted(groups.items()):
        mean = statistics.mean(b for b, _ in pairs)
        pct = statistics.mean(100 * b / s for b, s in pairs)
        rows.append((kind, fmt, width, mean, pct))
    return rows


def run(args: argparse.Namespace) -> str:
    settings = ImageSettings()
    workers = args.workers or os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="mv-imgbench-") as tmp:
        tmp_path = Path(tmp)
        (tmp_path / "src").mkdir()
        t0 = time.perf_counter()
        jobs = make_sources(tmp_path / "src", args.posters, args.backdrops)
        gen = time.perf_counter() - t0
        src_mb = sum(len(j.data) for j in jobs) / 1e6
        print(f"generated {len(jobs)} sources ({src_mb:.0f} MB JPEG q90) in {gen:.1f} s", flush=True)
        colds, warms = [], []
        for r in range(args.runs):
            cache_dir = tmp_path / f"cache{r}"
            cold, results, stats = timed_run(jobs, settings, cache_dir, workers)
            warm, _, wstats = timed_run(jobs, settings, cache_dir, workers)
            assert wstats["encoded"] == 0 and wstats["decoded"] == 0, wstats
            colds.append(cold)
            warms.append(warm)
            print(f"run {r + 1}: cold {cold:.1f} s ({stats['encoded']} files), warm {warm:.2f} s", flush=True)
        rows = variant_bytes(jobs, results)
        src_kb = {k: statistics.mean(len(j.data) for j in jobs if j.kind == k) / 1024
                  for k in ("poster", "fanart") if any(j.kind == k for j in jobs)}
    return report(args, settings, workers, len(jobs), colds, warms, rows, src_kb, stats)


def report(args, settings, workers, n, colds, warms, rows, src_kb, stats) -> str:
    cold, warm = statistics.median(colds), statistics.median(warms)
    flag = " --quick" if args.quick else ""
    cold_runs = ", ".join(f"{c:.1f}" for c in colds)
    warm_runs = ", ".join(f"{w:.2f}" for w in warms)
    lines = [
        SECTION, "",
        f"`python benchmarks/image_bench.py{flag}` ({args.posters} posters "
        f"2000x3000 + {args.backdrops} backdrops 3840x2160, synthetic photo-like JPEG q90; "
        f"median of {len(colds)}; {workers} worker processes on {os.cpu_count()} cores; "
        f"Python {platform.python_version()}, Pillow {Image.__version__}).",
        "",
        f"Settings: formats {', '.join(settings.formats)}; quality {dict(settings.quality)}; "
        f"effort {dict(settings.effort)}; poster widths {settings.widths['poster']}, "
        f"fanart widths {settings.widths['fanart']}.",
        "",
        "| measure | value |", "|---|---|",
        f"| cold encode, {n} images ({stats['encoded']} files) | {cold:.1f} s (runs: {cold_runs}) |",
        f"| images / second, all workers | {n / cold:.2f} |",
        f"| images / second per core | {n / cold / workers:.2f} |",
        f"| warm rebuild (0 encodes, 0 decodes) | {warm:.2f} s (runs: {warm_runs}) |",
        "",
        "Mean bytes per variant, and as % of its source JPEG "
        + ", ".join(f"({k} source mean {kb:,.0f} KB)" for k, kb in src_kb.items()) + ":",
        "",
        "| kind | format | width | mean KB | % of source |", "|---|---|---|---|---|",
    ]
    lines += [f"| {k} | {f} | {w} | {b / 1024:,.1f} | {p:.1f}% |" for k, f, w, b, p in rows]
    return "\n".join(lines) + "\n"


def write_section(text: str) -> None:
    """Replace (or append) only our section; other sections stay as they are."""
    old = README.read_text(encoding="utf-8") if README.exists() else "# Benchmarks\n"
    start = old.find(SECTION + "\n")
    if start == -1:
        new = old.rstrip("\n") + "\n\n" + text
    else:
        end = old.find("\n## ", start + len(SECTION))
        new = old[:start] + text + ("" if end == -1 else "\n" + old[end + 1:])
    README.write_text(new, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="20 posters + 5 backdrops")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=0, help="default: all cores")
    ap.add_argument("--no-write", action="store_true", help="print only, leave README.md alone")
    args = ap.parse_args()
    args.posters, args.backdrops = (20, 5) if args.quick else (200, 50)
    text = run(args)
    print()
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"wrote {SECTION!r} to {README}")


if __name__ == "__main__":
    main()
