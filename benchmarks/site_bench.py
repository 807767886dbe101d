"""The site as a visitor meets it, at 10,000 movies: Lighthouse scores and the library grid's timings.

    python benchmarks/site_bench.py --label after [--work DIR] [--runs 3] [--movies 10000]

Makes a synthetic library (`make_library.py`, seed 1), scans it and builds this repository's
own site (`mkdocs.yml`, `site_src/`) on it, serves site/ on 127.0.0.1 the way a static host
does (gzip for text, the site's cache rules), then measures:

- Lighthouse 12.2.3 (pinned in benchmarks/package-lock.json; `npm ci` in benchmarks/) with
  its mobile profile (Moto G Power, simulated slow 4G) against Debian's Chromium, on the home,
  library and one movie page: the median of --runs runs of each category score and of FCP,
  LCP, TBT and speed index. The CPU slowdown is calibrated to this host the way Lighthouse's
  throttling docs say (its CPU throttling calculator, from the benchmarkIndex Lighthouse
  measures): the default 4x is meant for a desktop of index ~1500, and a shared 2-core box
  under load measures 800-1000, where 4x would emulate a phone far slower than a Moto G Power.
  `--cpu 4` forces the default;
- in Playwright + Chromium (1280x900 and 390x844): the bytes fetched before the first row
  of posters has loaded, the time until the grid answers filters, a genre filter change, a
  sort change and a search, each to the next frame (median of 5 per load, median of --runs
  loads).

Results are kept per --label in benchmarks/site_bench.json and the "## Media app"
section of benchmarks/README.md is written from every label there (before/after).
--work keeps the library, content and caches between runs (a cold scan of 10,000 movies
takes a minute or two); the site is rebuilt on every run, from the current checkout or from
another one given with --code (an export of an older commit, for the "before" column).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.make_library import make_library  # noqa: E402

README = ROOT / "benchmarks" / "README.md"
RESULTS = ROOT / "benchmarks" / "site_bench.json"
SECTION = "## Media app"
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
                "--disable-component-update --disable-sync")
KEYS = ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".webmanifest", ".xml", ".txt", ".map")


def env() -> dict[str, str]:
    out = {k: v for k, v in os.environ.items() if k not in KEYS}
    out.update(PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    return out


def prepare(work: Path, movies: int) -> None:
    """The library and its content/, made once per --work folder."""
    if (work / "content" / "movies").is_dir():
        return
    make_library(movies, work / "lib", seed=1)
    subprocess.run([sys.executable, "-m", "movievault_build", "scan", "-q", "--library", str(work / "lib"),
                    "--content", str(work / "content")], cwd=work, env=env(), check=True)


def site_config(work: Path, code: Path) -> Path:
    """The site of the checkout `code` (mkdocs.yml, site_src/) pointed at the synthetic library."""
    shutil.rmtree(work / "site_src", ignore_errors=True)
    shutil.copytree(code / "site_src", work / "site_src")
    text = (code / "mkdocs.yml").read_text("utf-8").replace("- demo/library", f"- {work / 'lib'}")
    text = re.sub(r"\n      known_problems:\n(        - .*\n)+", "\n", text)
    cfg = work / "mkdocs.yml"
    cfg.write_text(text, "utf-8")
    return cfg


def build(work: Path, code: Path = ROOT) -> Path:
    cfg = site_config(work, code)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(cfg)], cwd=work,
                   env={**env(), "PYTHONPATH": str(code)}, check=True)
    return work / "site"


class _Static(http.server.SimpleHTTPRequestHandler):
    """A static host: gzip for text, hashed assets cached for a year, the rest revalidated."""
    zipped: dict[tuple[str, int], bytes] = {}

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0]
        immutable = re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", path) or path.startswith("/img/")
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable
                         else "public, max-age=0, must-revalidate")
        super().end_headers()

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()        # the redirect to the folder's URL
            path = os.path.join(path, "index.html")
        if not (path.endswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", "")
                and os.path.isfile(path)):
            return super().send_head()
        key = (path, os.stat(path).st_mtime_ns)
        if key not in self.zipped:
            with open(path, "rb") as fh:
                self.zipped[key] = gzip.compress(fh.read(), 6)
        body = self.zipped[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Static, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def a_movie(work: Path) -> str:
    """A movie with a poster and a backdrop (the heaviest kind of movie page), picked from the
    content files, so every checkout measures the same one."""
    for path in sorted((work / "content" / "movies").glob("*.md")):
        text = path.read_text("utf-8")
        if "kind: fanart" in text and "kind: poster" in text:
            return f"movies/{path.stem}/"
    return f"movies/{sorted((work / 'content' / 'movies').glob('*.md'))[0].stem}/"


# -- Lighthouse -------------------------------------------------------------------------------

def cpu_multiplier(benchmark_index: float) -> float:
    """Lighthouse's CPU throttling calculator (lighthouse-cpu-throttling-calculator.vercel.app,
    linked from Lighthouse's throttling docs and its own PageSpeed config): the slowdown that
    makes a host of this benchmarkIndex emulate Lighthouse's mobile device."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def lighthouse_once(url: str, out: Path, cpu: float | None = None) -> dict[str, float]:
    throttle = [f"--throttling.cpuSlowdownMultiplier={cpu:.2f}"] if cpu else []
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices",
                    f"--chrome-flags={CHROME_FLAGS}", *throttle],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM}, timeout=600)
    report = json.loads(out.read_text("utf-8"))
    cats, audits = report["categories"], report["audits"]
    groups = {ref["id"]: cat for cat in ("accessibility", "best-practices") for ref in cats[cat]["auditRefs"]
              if ref.get("weight")}
    failed = sorted(a for a, v in audits.items() if a in groups and v.get("score") is not None and v["score"] < 1)
    return {"performance": cats["performance"]["score"] * 100,
            "accessibility": cats["accessibility"]["score"] * 100,
            "best-practices": cats["best-practices"]["score"] * 100,
            "FCP ms": audits["first-contentful-paint"]["numericValue"],
            "LCP ms": audits["largest-contentful-paint"]["numericValue"],
            "TBT ms": audits["total-blocking-time"]["numericValue"],
            "CLS": audits["cumulative-layout-shift"]["numericValue"],
            "speed index ms": audits["speed-index"]["numericValue"],
            "bytes": audits["total-byte-weight"]["numericValue"],
            "benchmark index": report["environment"]["benchmarkIndex"],
            "_failed": failed}


def lighthouse(url: str, runs: int, cpu: float | None) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        samples = [lighthouse_once(url, Path(tmp) / f"r{i}.json", cpu) for i in range(runs)]
    out: dict[str, object] = {k: statistics.median(s[k] for s in samples) for k in samples[0] if not k.startswith("_")}
    out["failing accessibility and best-practices audits"] = sorted({a for s in samples for a in s["_failed"]})
    out["CPU slowdown"] = cpu or 4.0
    return out


def calibrated_cpu(url: str) -> float:
    """The slowdown for this host, from the median benchmarkIndex of three Lighthouse runs."""
    with tempfile.TemporaryDirectory() as tmp:
        index = statistics.median(lighthouse_once(url, Path(tmp) / f"c{i}.json")["benchmark index"] for i in range(3))
    return round(cpu_multiplier(index), 2)


# -- the library grid in Chromium ---------------------------------------------------------------

ACT = """async ([kind, value]) => {
  const t0 = performance.now();
  if (kind === 'genre') { const box = document.querySelector(`#mv-facets input[name=g][value="${value}"]`);
    box.checked = !box.checked; box.dispatchEvent(new Event('change', {bubbles: true})); }
  else if (kind === 'sort') { const s = document.querySelector('#mv-sort'); s.value = value;
    s.dispatchEvent(new Event('change', {bubbles: true})); }
  else { const q = document.querySelector('#mv-q'); q.value = value;
    q.dispatchEvent(new Event('change', {bubbles: true})); }
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0; }"""

FIRST_ROW = """() => {
  const cards = [...document.querySelectorAll('#mv-grid .mv-card')];
  const top = cards.length ? cards[0].getBoundingClientRect().top : 0;
  const row = cards.filter(c => Math.abs(c.getBoundingClientRect().top - top) < 2);
  const imgs = row.map(c => c.querySelector('img')).filter(Boolean);   // a film without a poster has none
  return {n: row.length, done: row.length > 0 && imgs.every(i => i.complete && i.naturalWidth > 0),
          srcs: imgs.map(i => i.currentSrc)};
}"""

BYTES_BEFORE = """(srcs) => {
  const res = performance.getEntriesByType('resource'), nav = performance.getEntriesByType('navigation')[0];
  // the row shows once its posters and the stylesheets are in
  const ends = res.filter(r => srcs.includes(r.name) || r.initiatorType === 'link' && /\.css/.test(r.name))
                  .map(r => r.responseEnd);
  const at = Math.max(nav.responseEnd, ...ends);
  const before = res.filter(r => r.responseEnd <= at + 0.5);
  return {bytes: nav.transferSize + before.reduce((s, r) => s + r.transferSize, 0), at,
          files: before.length + 1};
}"""


def grid_once(browser, url: str, viewport: dict[str, int]) -> dict[str, float]:
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600,
                                  has_touch=viewport["width"] < 600)
    page = context.new_page()
    page.goto(url + "/library/")
    page.wait_for_function(f"({FIRST_ROW})().done", timeout=60000)
    row = page.evaluate(FIRST_ROW)
    out = page.evaluate(BYTES_BEFORE, row["srcs"])
    out["posters per row"] = row["n"]
    page.wait_for_selector("#mv-library[data-state=ready]", timeout=60000)
    out["grid interactive ms"] = page.evaluate("performance.getEntriesByName('mv-ready')[0].startTime")
    page.evaluate("document.querySelector('#mv-panel') && (document.querySelector('#mv-panel').open = true)")
    genres = page.eval_on_selector_all("#mv-facets input[name=g]", "els => els.slice(0, 3).map(e => e.value)")
    steps = [genres[0], genres[0], genres[1], genres[1], genres[2]]
    out["filter change ms"] = statistics.median(page.evaluate(ACT, ["genre", g]) for g in steps)
    if page.evaluate(f"document.querySelector('#mv-facets input[name=g][value=\"{genres[2]}\"]').checked"):
        page.evaluate(ACT, ["genre", genres[2]])
    sorts = ["year-desc", "rating-desc", "runtime", "added-desc", "title"]
    out["sort change ms"] = statistics.median(page.evaluate(ACT, ["sort", s]) for s in sorts)
    queries = ["ka", "night", "ri", "shadow ma", "zel"]
    out["search ms"] = statistics.median(page.evaluate(ACT, ["q", q]) for q in queries)
    out["DOM cards after scrolling to the end"] = page.evaluate("""async () => {
        document.querySelector('#mv-q').value = ''; document.querySelector('#mv-q').dispatchEvent(new Event('change', {bubbles: true}));
        for (let i = 0; i < 40; i++) { window.scrollTo(0, document.documentElement.scrollHeight);
          await new Promise(r => setTimeout(r, 30)); }
        return document.querySelectorAll('#mv-grid .mv-card').length; }""")
    context.close()
    return out


def grid(url: str, runs: int) -> dict[str, dict[str, float]]:
    from playwright.sync_api import sync_playwright
    out = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_FLAGS.split()[1:])
        for name, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 390, "height": 844})):
            grid_once(browser, url, viewport)        # warms the server's gzip cache and the disk
            samples = [grid_once(browser, url, viewport) for _ in range(runs)]
            out[name] = {k: statistics.median(s[k] for s in samples) for k in samples[0]}
        browser.close()
    return out


# -- report -------------------------------------------------------------------------------------

def sizes(site: Path) -> dict[str, tuple[int, int]]:
    files = {"library page HTML": "library/index.html", "library index (api/library-index.json)": "api/library-index.json"}
    out = {}
    for label, rel in files.items():
        data = (site / rel).read_bytes()
        out[label] = (len(data), len(gzip.compress(data, 6)))
    return out


def measure(work: Path, runs: int, code: Path = ROOT, cpu: str = "auto") -> dict[str, object]:
    site = build(work, code)
    server, url = serve(site)
    try:
        movie = a_movie(work)
        pages = {"home": "", "library": "library/", "movie": movie}
        slowdown = calibrated_cpu(f"{url}/") if cpu == "auto" else float(cpu)
        result: dict[str, object] = {
            "lighthouse": {name: lighthouse(f"{url}/{path}", runs, slowdown) for name, path in pages.items()},
            "grid": grid(url, runs), "sizes": sizes(site), "movie page": movie}
    finally:
        server.shutdown()
    result["host"] = (f"{os.cpu_count()} cores, Python {platform.python_version()}, load average "
                      f"{os.getloadavg()[0]:.1f} at the end")
    return result


# How the grid's measures read in the table.
GRID_LABELS = {"bytes": "bytes fetched before the first row of posters had loaded",
               "at": "first row of posters loaded (ms after navigation)", "files": "files fetched by then"}


def cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 10 else f"{value:.2f}"
    if isinstance(value, list):
        return ", ".join(value) or "—"
    return f"{value:,}" if isinstance(value, int) else str(value)


def section(results: dict[str, dict]) -> str:
    labels = [k for k in ("before", "after") if k in results] + [k for k in results if k not in ("before", "after")]
    head = "| measure | " + " | ".join(labels) + " |\n|---|" + "---:|" * len(labels)
    first = results[labels[0]]
    lines = [SECTION, "",
             "`python benchmarks/site_bench.py --label LABEL --runs 3` — this repository's own site "
             "(`mkdocs.yml`, `site_src/`) built on a synthetic 10,000-movie library "
             "(`make_library.py`, seed 1), served from 127.0.0.1 with gzip. Lighthouse 12.2.3 "
             "(`benchmarks/package-lock.json`), mobile profile (simulated slow 4G; the CPU slowdown "
             "calibrated to the host's benchmarkIndex with Lighthouse's throttling calculator, shown per "
             "page), Debian's Chromium; medians of the runs. `before` is the site as it was before the "
             "media-app work (built from an export of that commit with `--code`); `after` is the current "
             "code.", ""]
    def keys(part):            # every row any column has, in first-seen order
        return list(dict.fromkeys(k for lb in labels for k in part(results[lb])))

    for page in ("library", "movie", "home"):
        if page not in first["lighthouse"]:
            continue
        lines += [f"**Lighthouse, {page} page** (mobile)", "", head]
        for key in keys(lambda r: r["lighthouse"].get(page, {})):
            lines.append(f"| {key} | " + " | ".join(cell(results[lb]["lighthouse"].get(page, {}).get(key, "—"))
                                                     for lb in labels) + " |")
        lines.append("")
    for form in ("desktop", "phone"):
        lines += [f"**Library grid in Chromium, {form}** ({'1280×900' if form == 'desktop' else '390×844'}; "
                  "bytes as transferred, gzip)", "", head]
        for key in keys(lambda r: r["grid"][form]):
            lines.append(f"| {GRID_LABELS.get(key, key)} | " +
                         " | ".join(cell(results[lb]["grid"][form].get(key, "—")) for lb in labels) + " |")
        lines.append("")
    lines += ["**Files** (bytes, raw / gzip)", "", head]
    for key in first["sizes"]:
        lines.append(f"| {key} | " + " | ".join(
            "{:,} / {:,}".format(*results[lb]["sizes"][key]) if key in results[lb]["sizes"] else "—"
            for lb in labels) + " |")
    lines += ["", "Hosts: " + "; ".join(f"{lb}: {results[lb]['host']}" for lb in labels) + ".", ""]
    return "\n".join(lines)


def write_readme(text: str) -> None:
    current = README.read_text("utf-8")
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    body = text.rstrip() + "\n\n"
    updated = pattern.sub(lambda _m: body, current) if pattern.search(current) else current.rstrip() + "\n\n" + body
    README.write_text(updated.rstrip() + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--label", default="after", help="the column these numbers go in (before, after …)")
    parser.add_argument("--work", type=Path, help="keep the library, content and caches here between runs")
    parser.add_argument("--movies", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose site is built (default: this one)")
    parser.add_argument("--cpu", default="auto", help="Lighthouse's CPU slowdown: auto (calibrated to this host) or a number")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: run `npm ci` in benchmarks/")
    with tempfile.TemporaryDirectory(prefix="mv-site-bench-") as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        prepare(work, args.movies)
        result = measure(work, args.runs, args.code.resolve(), args.cpu)
    print(json.dumps(result, indent=1))
    if args.no_write:
        return
    results = json.loads(RESULTS.read_text("utf-8")) if RESULTS.exists() else {}
    results[args.label] = result
    RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", "utf-8")
    write_readme(section(results))


if __name__ == "__main__":
    main()
