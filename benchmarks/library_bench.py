"""Library browser benchmark: 10,000 synthetic movies in headless Chromium.

Builds the demo site once, then swaps in a 10,000-movie api/library-index.json and a
library page whose no-JS grid holds those movies, serves it on 127.0.0.1 and measures:
bytes the page needs (HTML + CSS + JS + index), time until the grid is interactive,
a filter change, a sort change and a search (median of 5), and the longest main-thread task.
Writes the "## Library browser" section of benchmarks/README.md.

    python benchmarks/library_bench.py            # 10,000 movies, 5 runs
    python benchmarks/library_bench.py --movies 2000 --runs 3 --no-readme
"""
from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from movievault_build.model import Artwork, MediaFile, Movie, Person  # noqa: E402
from movievault_build.site.library_index import INDEX_PATH, build_library_index, sort_key  # noqa: E402

README = REPO / "benchmarks" / "README.md"
SECTION = "## Library browser"
POSTERS = 240            # posters written to disk: more than the first screens show
SERVER_CARDS = 120       # cards the library.html template renders as DOM; the rest sit in <noscript>
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
GENRES = ("Action Adventure Animation Comedy Crime Documentary Drama Family Fantasy History Horror Music "
          "Mystery Romance Science-Fiction Thriller War Western").replace("Science-Fiction", "Science_Fiction").split()
SYLLABLES = "ka ri mo ne sa to lu vi en dor al ma ze ro shi ta na be li on qu is fa re".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def synthetic_movies(n: int) -> list[Movie]:
    """Deterministic, varied titles and a people pool that repeats the way real casts do."""
    rng = random.Random(42)
    people = [f"{word(rng)} {word(rng)}" for _ in range(max(50, n * 3))]
    movies = []
    for i in range(n):
        title = " ".join(word(rng) for _ in range(rng.randint(1, 4)))
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower()) + f"-{i}"
        res = rng.choice(("1080p", "2160p", "720p", "1080p", None))
        movies.append(Movie(
            slug=slug, title=title, year=rng.randint(1920, 2025), rating=round(rng.uniform(2, 9.6), 1),
            runtime=rng.randint(70, 210), added=f"20{rng.randint(10, 26)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            original_title=word(rng) if rng.random() < 0.15 else None,
            genres=tuple(g.replace("_", " ") for g in rng.sample(GENRES, rng.randint(1, 3))),
            directors=(rng.choice(people),),
            cast=tuple(Person(p, order=k) for k, p in enumerate(rng.sample(people, 8))),
            images=(Artwork("poster", path=f"images/{slug}/poster.jpg"),),
            files=(MediaFile("m.mkv", "lib", resolution=res, source=rng.choice(("BluRay", "WEB-DL", None))),),
            user={"watched": rng.random() < 0.4, "favorite": rng.random() < 0.05}))
    return sorted(movies, key=sort_key)


def build_demo(tmp: Path) -> Path:
    for name in ("site_src", "content"):
        shutil.copytree(REPO / name, tmp / name)
    config = (REPO / "mkdocs.yml").read_text().replace("- demo/library", f"- {REPO / 'demo' / 'library'}")
    (tmp / "mkdocs.yml").write_text(config)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=tmp, env=env, check=True)
    return tmp / "site"


def card_html(m: Movie, i: int) -> str:
    """The server-rendered card, as the library.html template writes it."""
    slug = html.escape(m.slug)
    return (f'<li class="mv-card" data-slug="{slug}"><a href="../movies/{slug}/">'
            f'<img class="mv-poster" src="../images/{slug}/poster.jpg" alt="" width="200" height="300" '
            f'loading="{"eager" if i < 12 else "lazy"}" decoding="async">'
            f'<span class="mv-card__title">{html.escape(m.title)}</span>'
            f'<span class="mv-card__year">{m.year}</span></a></li>')


def install_library(site: Path, movies: list[Movie], poster: bytes) -> None:
    urls = {m.slug: f"movies/{m.slug}/" for m in movies}
    (site / INDEX_PATH).write_bytes(build_library_index(movies, urls))
    page = site / "library" / "index.html"
    text = page.read_text("utf-8")
    grid = "".join(card_html(m, i) for i, m in enumerate(movies[:SERVER_CARDS]))
    text = re.sub(r'(<ul class="mv-grid" id="mv-grid">).*?(</ul>)', lambda mt: mt[1] + grid + mt[2], text,
                  count=1, flags=re.S)
    rest = "".join(card_html(m, SERVER_CARDS) for m in movies[SERVER_CARDS:])
    if rest:   # where the template puts it: right after the script
        text = re.sub(r'(<script src="[^"]*library\.js"[^>]*></script>)',
                      lambda mt: f'{mt[1]}<noscript><ul class="mv-grid mv-grid--rest">{rest}</ul></noscript>', text)
    text = re.sub(r'(<p class="mv-count"[^>]*>)\d+', lambda mt: mt[1] + str(len(movies)), text)
    page.write_text(text, "utf-8")
    for m in movies[:POSTERS]:
        path = site / "images" / m.slug / "poster.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(poster)


def poster_bytes() -> bytes:
    """A 342x513 JPEG of the size a real poster variant has (~20 KB), from fixed noise."""
    from PIL import Image   # the benchmark's own dependency; the site code never imports it here
    import io
    rng = random.Random(3)
    small = Image.frombytes("RGB", (24, 36), rng.randbytes(24 * 36 * 3)).resize((342, 513), Image.Resampling.BICUBIC)
    buf = io.BytesIO()
    small.save(buf, "JPEG", quality=80)
    return buf.getvalue()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


LONG_TASKS = """window.__mvLong = [];
new PerformanceObserver(l => l.getEntries().forEach(e => window.__mvLong.push(e.duration)))
  .observe({type: 'longtask', buffered: true});"""

TIMED = """async ([kind, value]) => {
  const t0 = performance.now();
  if (kind === 'genre') { const box = document.querySelector(`#mv-facets input[name=g][value="${value}"]`);
    box.checked = !box.checked; box.dispatchEvent(new Event('change', {bubbles: true})); }
  else if (kind === 'sort') { const s = document.querySelector('#mv-sort'); s.value = value;
    s.dispatchEvent(new Event('change', {bubbles: true})); }
  else { const q = document.querySelector('#mv-q'); q.value = value;
    q.dispatchEvent(new Event('change', {bubbles: true})); }
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0; }"""


def measure_once(browser, url: str) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(LONG_TASKS)
    page.goto(url + "/library/")
    page.wait_for_selector("#mv-library[data-state=ready]")
    page.wait_for_function("[...document.querySelectorAll('#mv-grid img')].slice(0, 1).every(i => i.complete)")
    timing = page.evaluate("""() => {
      const res = performance.getEntriesByType('resource'), nav = performance.getEntriesByType('navigation')[0];
      const img = res.filter(r => r.initiatorType === 'img').map(r => r.responseEnd).sort((a, b) => a - b)[0];
      const index = res.find(r => r.name.endsWith('library-index.json'));
      return {ready: performance.getEntriesByName('mv-ready')[0].startTime, poster: img, html_done: nav.responseEnd,
              index_done: index.responseEnd, parsed: nav.domInteractive};
    }""")
    genres = ["Drama", "Drama", "Horror", "Horror", "Comedy"]
    timing["filter"] = statistics.median(page.evaluate(TIMED, ["genre", g]) for g in genres)
    sorts = ["year-desc", "rating-desc", "runtime", "added-desc", "title"]
    timing["sort"] = statistics.median(page.evaluate(TIMED, ["sort", s]) for s in sorts)
    queries = ["ka", "mo", "ri", "lu", "sa"]
    timing["search"] = statistics.median(page.evaluate(TIMED, ["q", q]) for q in queries)
    timing["longest"] = page.evaluate("Math.max(0, ...window.__mvLong)")
    # library.js's own synchronous steps (parse, prepare, first show, every render, search prep)
    timing["ours"] = page.evaluate("""Math.max(0, ...performance.getEntriesByType('measure')
        .filter(m => m.name.startsWith('mv-') && m.name !== 'mv-start').map(m => m.duration))""")
    timing["start"] = page.evaluate("performance.getEntriesByName('mv-start')[0].duration")
    page.close()
    return timing


def our_bytes(site: Path) -> dict[str, tuple[int, int]]:
    files = {"HTML (library/index.html)": "library/index.html", "index (api/library-index.json)": INDEX_PATH,
             "JS (assets/library.js)": "assets/library.js", "CSS (assets/library.css)": "assets/library.css"}
    out = {}
    for label, rel in files.items():
        data = (site / rel).read_bytes()
        out[label] = (len(data), len(gzip.compress(data, 6)))
    return out


def run(movies: int, runs: int) -> tuple[dict, dict]:
    from playwright.sync_api import sync_playwright
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with tempfile.TemporaryDirectory() as tmp:
        site = build_demo(Path(tmp))
        t0 = time.perf_counter()
        films = synthetic_movies(movies)
        install_library(site, films, poster_bytes())
        print(f"{movies} movies written in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
        sizes = our_bytes(site)
        server, url = serve(site)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            measure_once(browser, url)                         # warm the disk cache and the browser
            samples = [measure_once(browser, url) for _ in range(runs)]
            browser.close()
        server.shutdown()
    keys = samples[0].keys()
    return sizes, {k: statistics.median(s[k] for s in samples) for k in keys}


def section(movies: int, runs: int, sizes: dict, times: dict) -> str:
    total_raw, total_gz = sum(v[0] for v in sizes.values()), sum(v[1] for v in sizes.values())
    lines = [SECTION, "",
             f"`python benchmarks/library_bench.py` — {movies:,} synthetic movies (deterministic: titles, "
             "1–3 of 18 genres, a director and 8 billed actors from a shared pool, years, ratings, runtimes, "
             f"files) in headless Chromium {platform.machine()}, served from 127.0.0.1; the page is the demo "
             "site's library page with its index and no-JS grid swapped for the synthetic ones. "
             f"Median of {runs} page loads (each: 5 filter changes, 5 sorts, 5 searches, median each).", "",
             "| what the library page downloads | bytes | gzipped |", "|---|---:|---:|"]
    lines += [f"| {label} | {raw:,} | {gz:,} |" for label, (raw, gz) in sizes.items()]
    lines += [f"| **total** (before the first poster) | {total_raw:,} | {total_gz:,} |", "",
              f"Index: {sizes['index (api/library-index.json)'][1] / movies:.0f} bytes per movie gzipped.", "",
              "| measure | ms |", "|---|---:|",
              f"| HTML received | {times['html_done']:.0f} |",
              f"| first poster received | {times['poster']:.0f} |",
              f"| HTML parsed (DOM interactive) | {times['parsed']:.0f} |",
              f"| index received | {times['index_done']:.0f} |",
              f"| grid interactive (index loaded, facets built, first cards rendered) | {times['ready']:.0f} |",
              f"| genre filter change, to the next frame | {times['filter']:.1f} |",
              f"| sort change (each order computed on first use), to the next frame | {times['sort']:.1f} |",
              f"| search (new query), to the next frame | {times['search']:.1f} |",
              f"| longest step of library.js (JSON parse, prepare, a render, search tables) | {times['ours']:.0f} |",
              f"| first show (facets built + first cards, one task) | {times['start']:.0f} |",
              f"| longest main-thread task of any kind (incl. HTML parsing, material) | {times['longest']:.0f} |", "",
              f"Host: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} when the run ended "
              "(absolute times move with it). Most of the HTML is the `<noscript>` copy of cards 121 onwards, "
              "there for browsers without JavaScript: to everyone else it is unparsed text, no DOM. The "
              "synthetic names are random syllables, which compress worse than real titles and names do.", ""]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text("utf-8") if README.exists() else "# Benchmarks\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = text.rstrip() + "\n\n"
    updated = pattern.sub(lambda _m: body, current) if pattern.search(current) else current.rstrip() + "\n\n" + body
    README.write_text(updated.rstrip() + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--movies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    sizes, times = run(args.movies, args.runs)
    text = section(args.movies, args.runs, sizes, times)
    print(text)
    if not args.no_readme:
        write_readme(text)


if __name__ == "__main__":
    main()
