"""Which artwork width do browsers fetch? Headless Chromium on a built site.

For each device (viewport and pixel density) it opens a movie page, a genre grid and a
person page, and records for every artwork element the box it is laid out in (CSS px),
the device pixels that box needs, and the width of the variant the browser chose
(`currentSrc`). The image profiles' widths are chosen from this table.

    python -m benchmarks.picture_bench SITE_DIR [--movie movies/x/] [--grid genres/y/] [--person people/z/]
"""
from __future__ import annotations

import argparse
import functools
import http.server
import re
import threading
from pathlib import Path

DEVICES = [   # name, viewport, device pixel ratio: the common classes of screen
    ("phone", (390, 844), 3.0),
    ("phone-android", (412, 915), 2.625),
    ("tablet", (820, 1180), 2.0),
    ("laptop-retina", (1440, 900), 2.0),
    ("desktop-1080p", (1920, 1080), 1.0),
    ("desktop-1440p", (2560, 1440), 1.0),
]
ELEMENTS = {   # page -> CSS selectors of artwork on it
    "movie": [".mv-backdrop__img", ".mv-movie__head .mv-poster", ".mv-cast__photo"],
    "grid": [".mv-card .mv-poster"],
    "person": [".mv-group-image__img"],
}
_MEASURE = """sel => { const el = document.querySelector(sel); if (!el) return null;
  const r = el.getBoundingClientRect();
  return {w: r.width, h: r.height, src: el.currentSrc, nw: el.naturalWidth}; }"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/"


def measure(site: Path, pages: dict[str, str]) -> list[dict]:
    from playwright.sync_api import sync_playwright
    server, base = serve(site)
    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"])
            for name, (vw, vh), dpr in DEVICES:
                ctx = browser.new_context(viewport={"width": vw, "height": vh}, device_scale_factor=dpr)
                page = ctx.new_page()
                for kind, path in pages.items():
                    page.goto(base + path, wait_until="load")
                    page.evaluate("() => { for (const i of document.images) i.loading = 'eager'; }")
                    page.wait_for_load_state("networkidle")
                    for sel in ELEMENTS[kind]:
                        got = page.evaluate(_MEASURE, sel)
                        if got:
                            rows.append({"device": name, "dpr": dpr, "element": sel, **got})
                ctx.close()
            browser.close()
    finally:
        server.shutdown()
    return rows


def chosen_width(src: str, sizes_by_url: dict[str, int]) -> str:
    path = re.sub(r"^https?://[^/]+/", "", src)
    return str(sizes_by_url.get(path, "?"))


def srcset_widths(site: Path) -> dict[str, int]:
    """variant path -> width, read from every srcset in the site's HTML."""
    out: dict[str, int] = {}
    for html in site.rglob("*.html"):
        for srcset in re.findall(r'srcset="([^"]*)"', html.read_text(encoding="utf-8")):
            for item in srcset.split(","):
                url, _, w = item.strip().rpartition(" ")
                out[re.sub(r"^(\.\./)+", "", url)] = int(w.rstrip("w"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--movie", default="movies/alien-1979/")
    ap.add_argument("--grid", default="genres/action/")
    ap.add_argument("--person", default="people/gary-oldman/")
    args = ap.parse_args()
    widths = srcset_widths(args.site)
    rows = measure(args.site, {"movie": args.movie, "grid": args.grid, "person": args.person})
    print("| device | DPR | element | box (CSS px) | needs (device px wide) | width fetched |")
    print("|---|---:|---|---|---:|---:|")
    for r in rows:
        print(f"| {r['device']} | {r['dpr']:g} | `{r['element']}` | {r['w']:.0f}×{r['h']:.0f} | "
              f"{r['w'] * r['dpr']:.0f} | {chosen_width(r['src'], widths)} |")


if __name__ == "__main__":
    main()
