"""Where a built site's bytes go: by kind of output, and by part of its movie and person pages.

    python benchmarks/site_bytes.py SITE [SITE ...] [--project 100000]

SITE is a built `site/` folder (any build: `scale_bench.py`'s, `compare_checkouts.py`'s, a
library of your own). Bytes are apparent sizes (what a host counts), sorted by kind
(`budget_bench.py` sorts its builds with the same `breakdown`); the theme's assets are counted once and the rest projected linearly to
--project movies. A page is cut at landmarks every page of the kind has (the head, material's
header, the sections bar, each `<section>` of the content, the footer, the scripts after it),
and each part's bytes are averaged over the kind's pages.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
from collections import defaultdict
from pathlib import Path

MB = 1024 * 1024
# Where each part starts; a part runs to the next landmark found.
_LANDMARKS = re.compile(
    r'<head>|<body\b|<nav class="mv-sections"|<main\b|<header class="mv-(?:hero|group__head)'
    r'|<section\b[^>]*?aria-label(?:ledby)?="([^"]+)"|<ul class="mv-grid"|<nav class="mv-pager"'
    r'|</article>|<footer\b|<div class="md-dialog"')
_NAMES = {"<head>": "head", "<body": "body start, material's header", '<nav class="mv-sections"': "sections bar",
          "<main": "main's wrappers", '<header class="mv-': "page heading", '<ul class="mv-grid"': "poster grid",
          '<nav class="mv-pager"': "previous/next", "</article>": "main's wrappers", "<footer": "footer",
          '<div class="md-dialog"': "dialog, config, scripts"}


def kind_of(rel: str, size_of_image) -> str:
    """A published file's kind, for the breakdown."""
    top = rel.split("/", 1)[0]
    if top == "img":
        return size_of_image(rel)
    if top in ("movies", "people", "collections", "genres", "decades", "tags", "playlists") and rel.endswith(".html"):
        return f"{top} pages"
    if top == "api":
        return "api: movies/" if rel.startswith("api/movies/") else "api: the rest"
    if top in ("search", "assets", "library"):
        return top
    return "other pages and files"


def image_kind(site: Path):
    from PIL import Image

    def of(rel: str) -> str:
        ext = rel.rsplit(".", 1)[-1]
        with Image.open(site / rel) as im:
            w, h = im.size
        kind = "poster" if h > w * 1.3 else "backdrop" if w > h else "photo"
        if kind == "poster" and w <= 200:
            kind = "photo"
        return f"img: {kind} {ext} {w}"
    return of


def breakdown(site: Path) -> dict[str, list[int]]:
    """kind -> [bytes, files]; folders are counted under "folders"."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    of_image = image_kind(site)
    for dirpath, dirnames, names in os.walk(site):
        out["folders"][1] += len(dirnames)
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), site).replace(os.sep, "/")
            row = out[kind_of(rel, of_image)]
            row[0] += os.path.getsize(os.path.join(dirpath, name))
            row[1] += 1
    return dict(out)


def parts(html: str) -> dict[str, int]:
    """Bytes (UTF-8) per part of one page."""
    out: dict[str, int] = defaultdict(int)
    marks = [(m.start(), _label(m)) for m in _LANDMARKS.finditer(html)]
    marks.insert(0, (0, "doctype"))
    for (start, label), (end, _) in zip(marks, marks[1:] + [(len(html), "")]):
        out[label] += len(html[start:end].encode())
    return out


def _label(m: re.Match) -> str:
    if m.group(1):
        return f"section: {m.group(1)}"
    return next(name for mark, name in _NAMES.items() if m.group(0).startswith(mark))


def page_parts(site: Path, folder: str) -> tuple[int, dict[str, float]]:
    """How many pages a folder's kind has, and each part's mean bytes."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    sums: dict[str, int] = defaultdict(int)
    for page in pages:
        for label, size in parts(page.read_text("utf-8")).items():
            sums[label] += size
    return len(pages), {label: total / len(pages) for label, total in sums.items()} if pages else {}


def report(site: Path, project: int) -> None:
    rows = breakdown(site)
    movies = len(list((site / "movies").glob("*/index.html")))
    total = sum(r[0] for r in rows.values()), sum(r[1] for r in rows.values())
    print(f"\n{site}: {movies:,} movies, {total[0]:,} bytes ({total[0] / MB:.1f} MB), {total[1]:,} files\n")
    print("| kind | bytes | files | KB per movie |\n|---|---:|---:|---:|")
    for kind, (size, count) in sorted(rows.items(), key=lambda kv: -kv[1][0]):
        print(f"| {kind} | {size:,} | {count:,} | {size / 1024 / movies:.2f} |")
    fixed = rows.get("assets", [0, 0])[0]
    print(f"| **total** | {total[0]:,} | {total[1]:,} | {total[0] / 1024 / movies:.2f} |")
    print(f"\nprojected linearly to {project:,} movies (assets once): "
          f"{((total[0] - fixed) * project / movies + fixed) / MB:,.0f} MB")
    for folder in ("movies", "people"):
        count, mean = page_parts(site, folder)
        if not count:
            continue
        sizes = [p.stat().st_size for p in (site / folder).glob("*/index.html")]
        print(f"\n{folder}: {count:,} pages, mean {statistics.mean(sizes):,.0f} bytes "
              f"(median {statistics.median(sizes):,.0f})\n")
        print("| part | mean bytes |\n|---|---:|")
        for label, size in sorted(mean.items(), key=lambda kv: -kv[1]):
            print(f"| {label} | {size:,.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sites", type=Path, nargs="+")
    ap.add_argument("--project", type=int, default=100_000, help="movies to project the site's size to")
    args = ap.parse_args()
    for site in args.sites:
        report(site, args.project)


if __name__ == "__main__":
    main()
