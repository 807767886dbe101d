"""The site's data files — the library browser's index, the JSON API, the search shards —
built from the same movies and URLs as the pages, as independent tasks on every core."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..forked import fork_map
from ..model import Movie
from .api import library_documents, movie_documents
from .artwork import SiteArt, grid_poster_urls, thumbnail_urls
from .library_index import INDEX_PATH, build_library_index
from .output_tree import FileCache, store_files
from .pages import SitePages, _add, _refuse_clash
from .search_index import build_search_index

MOVIES_PER_TASK = 2000


def build_data_files(movies: list[Movie], pages: SitePages, art: SiteArt,
                     workers: int | None = None) -> dict[str, bytes]:
    """{site path: bytes} of every data file."""
    catalog, links = pages.catalog, pages.links
    order = catalog.order
    tasks: list[Callable[[], dict[str, bytes]]] = [
        lambda: build_search_index(order, links.movies, thumbnail_urls(links.art)),
        lambda: {INDEX_PATH: build_library_index(movies, links.movies, grid_poster_urls(art.views))},
        lambda: library_documents(catalog, links),
        *[lambda part=order[i:i + MOVIES_PER_TASK]: movie_documents(part, links)
          for i in range(0, len(order), MOVIES_PER_TASK)],
    ]
    out: dict[str, bytes] = {}
    for part in fork_map(lambda task: task(), tasks, min_items=2, per_worker=1, chunk=1, workers=workers):
        out.update(part)
    return out


def add_data_files(files: Files, config: MkDocsConfig, movies: list[Movie], pages: SitePages, art: SiteArt,
                   cache: FileCache, workers: int | None = None) -> dict[str, Path]:
    """The few whole-library files become MkDocs files (hand-written pages link to them);
    the thousands of per-movie files and shards are stored by content, to be placed like
    the pages: returns {site path: cache file} of those."""
    data = build_data_files(movies, pages, art, workers)
    for rel in [r for r in data if r.count("/") == 1 and r.startswith("api/")]:
        _add(files, File.generated(config, rel, content=data.pop(rel)))
    for rel in data:
        _refuse_clash(files, rel)
    return store_files(cache, data)
