"""CPU time of the site's whole-library stages on a people-heavy library, at two sizes.

    python -m benchmarks.stage_growth [--n 1000,10000]

No disk, no MkDocs, no forks: the pure functions a build runs over every movie (catalog
and related films, movie and group page views, statistics, search index, library
index, API documents), timed with the process's CPU clock (the fastest of 3), so a busy machine changes
the absolute figures little and the growth not at all. Three actors and two directors
each appear in 30% of the films (as `make_library.py --people-heavy`), every film has a
billed cast of 8 drawn from a pool that grows with the library, 1–3 of 12 genres.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from movievault_build.process.collector import library_run  # noqa: E402
from movievault_build.vault.stats import compute_stats  # noqa: E402
from movievault_build.model import movie_from_metadata  # noqa: E402
from movievault_build.views import api, pages as views  # noqa: E402
from movievault_build.views.catalog import build_catalog  # noqa: E402
from movievault_build.views.library_index import build_library_index  # noqa: E402
from movievault_build.views.search_index import build_search_index  # noqa: E402

GENRES = "Drama Comedy Thriller Action Horror Romance Documentary Animation Crime Western Adventure Mystery".split()
STARS = ("Star One", "Star Two", "Star Three")
AUTEURS = ("Auteur One", "Auteur Two")
REPEAT = 3


def library(n: int, seed: int = 1) -> list:
    rng = random.Random(seed)
    films = []
    for i in range(n):
        cast = [{"name": s, "order": 0} for s in STARS if rng.random() < 0.3]
        cast += [{"name": f"Actor {rng.randrange(n // 2 + 10)}", "order": k + 1} for k in range(8)]
        directors = [a for a in AUTEURS if rng.random() < 0.3] or [f"Director {rng.randrange(n // 5 + 5)}"]
        films.append(movie_from_metadata(f"film-{i}", {
            "title": f"Film {i}", "year": rng.randint(1950, 2024), "genres": rng.sample(GENRES, rng.randint(1, 3)),
            "directors": directors, "cast": cast, "rating": round(rng.uniform(3, 9), 1),
            "plot": "A story. " * 10}, user={}))
    return films


def stages(films: list) -> dict[str, float]:
    out: dict[str, float] = {}

    def timed(name, fn):
        best = float("inf")
        for _ in range(REPEAT):      # the fastest of a few: what the code costs, less the noise
            start = time.process_time()
            value = fn()
            best = min(best, time.process_time() - start)
        out[name] = best
        return value

    catalog = timed("catalog (groups, related films)", lambda: build_catalog(films))
    links = views.Links(movies={m.slug: f"movies/{m.slug}/" for m in films},
                        groups={(g.kind, g.name): f"{g.kind}/{g.slug}/" for g in catalog.all_groups()},
                        indexes={})
    timed("movie page views", lambda: [views.movie_view(m, catalog, links) for m in catalog.order])
    timed("group page views (people, genres …)", lambda: [views.group_view(g, links) for g in catalog.all_groups()])
    timed("statistics", lambda: compute_stats(films))
    timed("search index", lambda: build_search_index(films, links.movies))
    timed("library index", lambda: build_library_index(films, links.movies))
    timed("API documents", lambda: api.build_api(catalog, links))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(x) for x in args.n.split(",")]
    results = {}
    for n in sizes:
        films = library(n)
        with library_run():          # the collector as a build sets it
            results[n] = stages(films)
    print("| stage (CPU s) | " + " | ".join(f"{n:,}" for n in sizes) + f" | growth {sizes[0]:,}→{sizes[-1]:,} |")
    print("|---|" + "---:|" * (len(sizes) + 1))
    for name in results[sizes[0]]:
        cells = [f"{results[n][name]:.3f}" for n in sizes]
        grow = results[sizes[-1]][name] / max(results[sizes[0]][name], 1e-9)
        print(f"| {name} | " + " | ".join(cells) + f" | {grow:.1f}× |")


if __name__ == "__main__":
    main()
