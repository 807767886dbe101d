"""Search index at 10,000 movies: bytes a first query downloads, time to first result,
index size and build time, against material's built-in search (and Pagefind's baseline).

    python -m benchmarks.search_bench [--movies 10000] [--runs 3] [--skip-material] [--skip-browser]

The movies are synthetic but shaped like a library (deterministic seed): titles, original
titles, collections, cast, crew, tags and plots drawn from Zipf-distributed vocabularies.
Bytes per query are computed by replaying search.js's fetch plan in Python, then checked
once in headless Chromium by summing the responses of the real script.
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from movievault_build.model import Artwork, Collection, Movie, Person
from movievault_build.slugs import movie_slug, unique_slug
from movievault_build.views.search_index import build_search_index, shard_file, shard_key, tokenize

REPO = Path(__file__).resolve().parents[1]
QUERIES = ("shadow", "keanu", "matricx", "midnight river", "hitchcok", "vertigo")
BASELINE = {"material_raw": 15.3e6, "material_gz": 3.1e6, "material_build_s": 122 - 84,
            "pagefind_first": "190–235 KB", "pagefind_index": 13.4e6, "pagefind_build_s": 19.4}

COMMON = ("man woman young old family city war love life death friend father mother son daughter home town "
          "night day world secret past future small town police detective killer journey team band island "
          "dream game money crime truth power years story group boy girl school stranger escape mission "
          "ship planet king queen village soldier doctor lawyer reporter thief heist revenge murder").split()
FIRST = ("James John Robert Michael Mary Anna Keanu Laurence Carrie Hugo Emma Olivia Liam Noah Sofia Mia Lucas "
         "Jean Marie Pierre Hans Yuki Hiro Chen Wei Ingrid Greta Marlon Al Diane Meryl Tom Denzel Cate Toshiro "
         "Ethan Chloe Isabelle Audrey Sigourney Harrison Mark Carrie Kurt Jodie Anthony Helen").split()
LAST = ("Smith Johnson Reeves Fishburne Moss Weaving Brown Garcia Miller Davis Tautou Kassovitz Hitchcock "
        "Stewart Novak Leigh Perkins Mifune Shimura Brando Pacino Keaton Streep Hanks Washington Blanchett "
        "Bergman Bogart Kubrick Scott Weaver Ford Hamill Fisher Russell Foster Hopkins Mirren Nakamura Tanaka "
        "Dubois Martin Bernard Schmidt Wagner Rossi Romano").split()
TITLE_WORDS = ("Shadow Night Midnight River Dark Last Lost Blue Red Silent Broken Golden Iron Wild Secret "
               "City Heart Storm Fire Ice Star Moon Sun Road House Garden Empire Kingdom Ghost Dream Glass "
               "Paper Stone Winter Summer Autumn Spring Ocean Desert Mountain Island Train Letter Song Dance "
               "Hunter Stranger Soldier Queen King Angel Devil Vertigo Matrix Psycho Alien Heat").split()
ACCENTED = ("Amélie", "Léon", "Café", "Noël", "Über", "Señor", "Mañana", "Crème", "Château", "Rêve")


def _pseudo_words(rng: random.Random, n: int) -> list[str]:
    syll = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"] + ["ing", "er", "tion", "ly", "ous"]
    words = set()
    while len(words) < n:
        words.add("".join(rng.choice(syll) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _zipf(rng: random.Random, items: list[str], k: int, s: float = 1.1) -> list[str]:
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=k)


def synthetic_movies(n: int, seed: int = 1999) -> list[Movie]:
    rng = random.Random(seed)
    vocab = COMMON + _pseudo_words(rng, 12_000)
    people = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(people)
    collections = [f"{w} Collection" for w in TITLE_WORDS]
    movies: list[Movie] = []
    taken: set[str] = set()
    for i in range(n):
        words = _zipf(rng, TITLE_WORDS + [w.title() for w in vocab[:3000]] + list(ACCENTED), rng.randint(1, 4), 0.9)
        title = ("The " if rng.random() < 0.25 else "") + " ".join(words)
        year = rng.randint(1920, 2025)
        slug = unique_slug(movie_slug(title, year), taken)
        taken.add(slug)
        cast = tuple(Person(name, order=j) for j, name in enumerate(_zipf(rng, people, rng.randint(4, 12), 0.8)))
        movies.append(Movie(
            slug=slug, title=title, year=year,
            original_title=" ".join(_zipf(rng, vocab, 3)).title() if rng.random() < 0.2 else None,
            collection=Collection(rng.choice(collections)) if rng.random() < 0.1 else None,
            cast=cast, directors=tuple(_zipf(rng, people, 1, 0.8)), writers=tuple(_zipf(rng, people, 2, 0.8)),
            tags=tuple(_zipf(rng, COMMON, rng.randint(0, 3))),
            plot=" ".join(_zipf(rng, vocab, rng.randint(30, 70))).capitalize() + ".",
            images=(Artwork("poster", path=f"images/{slug}/poster.webp"),) if rng.random() < 0.9 else ()))
    return movies


# ---- search.js's fetch plan, replayed ------------------------------------------------------

def _osa(a: str, b: str, limit: int) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i]
        for j in range(1, len(b) + 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if prev2 and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d = min(d, prev2[j - 2] + 1)
            cur.append(d)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _factor(word: str, term: str, last: bool) -> float:
    if term == word:
        return 1
    if last and len(term) > len(word) and term.startswith(word):
        return 0.8
    if len(word) < 4:
        return 0
    limit = 2 if len(word) >= 6 else 1
    d = _osa(word, term, limit)
    return 0 if d > limit else (0.6 if d == 1 else 0.4)


def fetch_plan(query: str, files: dict[str, bytes]) -> tuple[list[str], list[int]]:
    """Files search.js fetches for a first query, and the doc numbers it shows."""
    meta = json.loads(files["search/meta.json"])
    words = tokenize(query)
    plan = ["search/meta.json"]
    total: dict[int, float] | None = None
    for i, word in enumerate(words):
        last = i == len(words) - 1
        scores: dict[int, float] = {}
        if shard_key(word) in meta["shards"]:
            path = shard_file(word)
            plan.append(path) if path not in plan else None
            terms = json.loads(files[path])
            found, typos = [], []
            for term, postings in terms.items():
                f = _factor(word, term, last)
                if f:
                    (found if f >= 0.8 else typos).append((postings, f))
            for postings, f in found or typos:
                for doc, w in zip(postings[::2], postings[1::2]):
                    scores[doc] = max(scores.get(doc, 0), w * f)
        total = scores if total is None else {d: s + scores[d] for d, s in total.items() if d in scores}
    top = sorted((total or {}).items(), key=lambda e: (-e[1], e[0]))[:20]
    docs = [d for d, _ in top]
    plan += [f"search/docs-{c}.json" for c in dict.fromkeys(d // meta["chunk"] for d in docs)]
    return plan, docs


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


# ---- measurements ----------------------------------------------------------------------------

def measure_ours(movies: list[Movie], runs: int) -> dict:
    urls = {m.slug: f"movies/{m.slug}/" for m in movies}
    times, files = [], {}
    for _ in range(runs):
        t0 = time.perf_counter()
        files = build_search_index(movies, urls)
        times.append(time.perf_counter() - t0)
    queries = {}
    for q in QUERIES:
        plan, docs = fetch_plan(q, files)
        queries[q] = {"files": len(plan), "raw": sum(len(files[p]) for p in plan),
                      "gz": sum(gz(files[p]) for p in plan), "results": len(docs),
                      "top": json.loads(files[f"search/docs-{docs[0] // 16}.json"])[docs[0] % 16][1] if docs else None}
    return {"files": files, "build_s": statistics.median(times), "count": len(files),
            "raw": sum(map(len, files.values())), "gz": sum(gz(b) for b in files.values()), "queries": queries}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


PAGE = """<!doctype html><meta charset="utf-8"><title>bench</title>
<link rel="stylesheet" href="assets/search.css">
<div class="mv-search" role="search" data-mv-search data-mv-root=".">
<input class="mv-search__input" type="search" role="combobox" aria-expanded="false" aria-controls="mv-search-list">
<ul class="mv-search__list" id="mv-search-list" role="listbox" hidden></ul><p class="mv-search__status"></p></div>
<script src="assets/search.js"></script>"""

# A modest connection (about 10 Mbit/s, 40 ms latency), so bytes and round trips both show.
NETWORK = {"offline": False, "latency": 40, "downloadThroughput": 1_250_000, "uploadThroughput": 500_000}


def browser_check(files: dict[str, bytes], queries: list[str]) -> dict[str, dict]:
    """Per query in a fresh page: bytes of search/ responses and ms until results show."""
    from playwright.sync_api import sync_playwright
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    out: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in files.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        (root / "assets").mkdir()
        for name in ("search.js", "search.css"):
            shutil.copy(REPO / "site_src" / "assets" / name, root / "assets" / name)
        (root / "index.html").write_text(PAGE)
        server, url = serve(root)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium, headless=True, args=["--no-sandbox"])
            for q in queries:
                page = browser.new_page()
                cdp = page.context.new_cdp_session(page)
                cdp.send("Network.enable")
                page.route("**/images/**", lambda route: route.fulfill(status=204))   # posters: not index bytes
                seen: list = []
                page.on("requestfinished", lambda r: seen.append(r) if "/search/" in r.url else None)
                page.goto(url + "/index.html")
                cdp.send("Network.emulateNetworkConditions", NETWORK)
                t0 = time.perf_counter()
                page.fill(".mv-search__input", q)
                page.wait_for_function("q => document.querySelector('.mv-search__list').dataset.query === q", arg=q)
                ms = (time.perf_counter() - t0) * 1000
                sizes = [len(r.response().body()) for r in seen]
                out[q] = {"bytes": sum(sizes), "files": len(sizes), "ms": ms}
                page.close()
            browser.close()
        server.shutdown()
    return out


def measure_material(movies: list[Movie]) -> dict | None:
    """mkdocs-material's own search over the same movies as plain pages out of the nav."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        docs = root / "docs"
        (docs / "movies").mkdir(parents=True)
        (docs / "index.md").write_text("# Home\n")
        for m in movies:
            cast = "\n".join(f"- {p.name}" for p in m.cast)
            (docs / "movies" / f"{m.slug}.md").write_text(
                f"# {m.title} ({m.year})\n\n{m.original_title or ''}\n\n{m.plot}\n\n## Director\n\n"
                f"{', '.join(m.directors)}\n\n## Writers\n\n{', '.join(m.writers)}\n\n## Cast\n\n{cast}\n")
        (root / "mkdocs.yml").write_text("site_name: bench\nnot_in_nav: |\n  /movies/\ntheme:\n  name: material\n"
                                         "  font: false\nplugins:\n  - search\n")
        t0 = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True,
                                text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
        build = time.perf_counter() - t0
        if result.returncode:
            print(result.stderr[-2000:], file=sys.stderr)
            return None
        data = (root / "site" / "search" / "search_index.json").read_bytes()
        return {"raw": len(data), "gz": gz(data), "build_s": build}


# ---- report ----------------------------------------------------------------------------------

def kb(n: float) -> str:
    return f"{n / 1000:,.1f} KB" if n < 1e6 else f"{n / 1e6:,.1f} MB"


def report(n: int, ours: dict, browser: dict | None, material: dict | None) -> str:
    lines = [f"Synthetic library of {n:,} movies; gz = gzip -6 per file, as a static host serves JSON.", "",
             "| query | files fetched | first-query bytes (raw) | first-query bytes (gz) | results | top result"
             + (" | Chromium bytes (raw) | ms to results at 10 Mbit/s, 40 ms |" if browser else " |"),
             "|---|---:|---:|---:|---:|---" + ("|---:|---:|" if browser else "|")]
    for q, r in ours["queries"].items():
        row = f"| `{q}` | {r['files']} | {kb(r['raw'])} | {kb(r['gz'])} | {r['results']} | {r['top']}"
        if browser:
            b = browser[q]
            row += f" | {kb(b['bytes'])} | {b['ms']:.0f}"
        lines.append(row + " |")
    mat = material or {"raw": BASELINE["material_raw"], "gz": BASELINE["material_gz"], "build_s": None}
    src = "measured" if material else "from performance-baseline.md"
    firsts = [r["gz"] for r in ours["queries"].values()]
    lines += ["", "| engine | first query downloads | whole index | index build |", "|---|---:|---:|---:|",
              f"| MovieVault sharded index | {kb(min(firsts))}–{kb(max(firsts))} gz "
              f"({kb(min(r['raw'] for r in ours['queries'].values()))}–"
              f"{kb(max(r['raw'] for r in ours['queries'].values()))} raw) | "
              f"{kb(ours['raw'])} in {ours['count']:,} files ({kb(ours['gz'])} gz) | {ours['build_s']:.2f} s |",
              f"| material built-in ({src}) | {kb(mat['gz'])} gz ({kb(mat['raw'])} raw), whole index | "
              f"{kb(mat['raw'])} | " + (f"{mat['build_s']:.0f} s whole site" if mat["build_s"] else
                                          f"+{BASELINE['material_build_s']} s to the site build") + " |",
              f"| Pagefind 1.5.2 (from performance-baseline.md) | {BASELINE['pagefind_first']} | "
              f"{kb(BASELINE['pagefind_index'])} | {BASELINE['pagefind_build_s']} s, 1.3 GB RSS |"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--movies", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip-material", action="store_true", help="use the baseline figure for material")
    ap.add_argument("--skip-browser", action="store_true")
    args = ap.parse_args(argv)
    movies = synthetic_movies(args.movies)
    ours = measure_ours(movies, args.runs)
    browser = None if args.skip_browser else browser_check(ours["files"], list(QUERIES))
    if browser:
        for q, b in browser.items():
            if b["bytes"] != ours["queries"][q]["raw"]:
                print(f"warning: {q!r}: Chromium fetched {b['bytes']} B, the replayed plan says "
                      f"{ours['queries'][q]['raw']} B", file=sys.stderr)
    material = None if args.skip_material else measure_material(movies)
    print(report(args.movies, ours, browser, material))
    return 0


if __name__ == "__main__":
    sys.exit(main())
