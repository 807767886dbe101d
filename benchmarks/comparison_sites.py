"""The sites MovieVault's build is compared with: N movie-like pages for stock
mkdocs-material and for Hugo, the same Markdown in both.

Each page is what a movie page carries (`page_markdown`): an H1 title, a plot of about 80
words, a 16-row details table (year, runtime, genres, director, rating, ids, file …) and a
list of 10 cast members with their roles. MkDocs builds them out of the nav with the
built-in search on (as MovieVault's own site does); Hugo renders them through a bare
single-page template with no theme (a lower bound for Hugo: no nav, no search index).
"""
from __future__ import annotations

import random
from pathlib import Path

WORDS = ("the a of and night river city shadow detective returns winter house last secret "
         "family war love stranger journey truth island road storm silent old young brother "
         "sister town lost against finds must before after one two their his her").split()
NAMES = "Ana Ben Cara Dev Eli Fay Gus Hana Ivo Jun Kai Lea Max Nia Oto Pia Rui Sol Tea Uma".split()


def page_markdown(i: int) -> str:
    rng = random.Random(i)
    title = " ".join(rng.choice(WORDS) for _ in range(3)).title() + f" {i}"
    plot = " ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + "."
    rows = [("Year", str(rng.randint(1950, 2024))), ("Runtime", f"{rng.randint(80, 180)} min"),
            ("Genres", "Drama, Crime"), ("Director", f"{rng.choice(NAMES)} {rng.choice(NAMES)}son"),
            ("Rating", f"{rng.uniform(3, 9):.1f} / 10"), ("Votes", str(rng.randint(10, 90000))),
            ("Certification", "PG-13"), ("Country", "France"), ("Language", "French"),
            ("Studio", "Studio Canal"), ("IMDb", f"tt{1_000_000 + i:07d}"), ("TMDB", str(10_000 + i)),
            ("Premiered", "1999-05-12"), ("Resolution", "1920×1080"), ("Audio", "DTS-HD 5.1"),
            ("File", f"Movie {i} (1999).mkv")]
    table = "| | |\n|---|---|\n" + "".join(f"| {k} | {v} |\n" for k, v in rows)
    cast = "".join(f"- **{rng.choice(NAMES)} {rng.choice(NAMES)}** as {rng.choice(WORDS).title()}\n"
                   for _ in range(10))
    return f"# {title}\n\n{plot}\n\n## Details\n\n{table}\n## Cast\n\n{cast}"


def write_stock(site: Path, n: int) -> Path:
    """A mkdocs-material site of n movie pages out of the nav; returns its mkdocs.yml."""
    docs = site / "docs" / "movies"
    docs.mkdir(parents=True, exist_ok=True)
    (site / "docs" / "index.md").write_text("# Home\n")
    for i in range(n):
        (docs / f"m{i:06d}.md").write_text(page_markdown(i))
    cfg = site / "mkdocs.yml"
    cfg.write_text("site_name: Stock\ntheme:\n  name: material\nnav:\n  - index.md\n"
                   "not_in_nav: |\n  /movies/\nplugins:\n  - search\n")
    return cfg


HUGO_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main>{{ .Content }}</main></body></html>
"""


def write_hugo(site: Path, n: int) -> Path:
    """A Hugo site of the same n pages (title in front matter, the body as above)."""
    content = site / "content" / "movies"
    content.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        md = page_markdown(i)
        title, body = md.split("\n", 1)
        (content / f"m{i:06d}.md").write_text(f'---\ntitle: "{title[2:]}"\n---\n{body}')
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_PAGE)
    (layouts / "list.html").write_text(HUGO_PAGE)
    (site / "config.toml").write_text('baseURL = "https://example.org/"\ntitle = "Hugo"\n'
                                      'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n')
    return site
