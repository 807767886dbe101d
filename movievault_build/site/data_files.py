"""The site's data files — the library browser's index, the JSON API, the search shards —
built from the same movies and URLs as the pages, as independent tasks on every core.

Like the pages, a file whose inputs are as last build's is last build's file: a movie's
document by the movie's digest, the library index by what it reads of every movie, the
movie list and collections by the library's shared digest (site/page_inputs.py).
"""
from __future__ import annotations

from typing import Callable, Collection

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..forked import fork_map
from ..fsutil import read_memo, write_memo
from ..log import get_logger
from ..model import Movie
from .api import COLLECTIONS, MOVIES_INDEX, library_documents, movie_documents, movie_path
from .artwork import SiteArt, grid_poster_urls, thumbnail_urls
from .library_index import INDEX_PATH, build_library_index
from .output_tree import FileCache, store_files
from .page_inputs import PageInputs
from .pages import SitePages, _add, _refuse_clash
from .search_index import build_search_index

log = get_logger("data")
MOVIES_PER_TASK = 2000
SEARCH, INDEX, LISTS = "search", "index", "lists"     # the whole-library tasks


def build_data_files(movies: list[Movie], pages: SitePages, art: SiteArt, workers: int | None = None,
                     known: Collection[str] = (), skip: Collection[str] = ()) -> dict[str, bytes]:
    """{site path: bytes} of every data file but the per-movie documents of `known` slugs
    and the whole-library tasks in `skip`."""
    catalog, links = pages.catalog, pages.links
    order = catalog.order
    todo = [m for m in order if m.slug not in known] if known else order
    whole: dict[str, Callable[[], dict[str, bytes]]] = {
        SEARCH: lambda: build_search_index(order, links.movies, thumbnail_urls(links.art)),
        INDEX: lambda: {INDEX_PATH: build_library_index(movies, links.movies, grid_poster_urls(art.views))},
        LISTS: lambda: library_documents(catalog, links),
    }
    tasks = [task for name, task in whole.items() if name not in skip]
    # Forking pays only for two big tasks or more: a warm build often has the search alone.
    big = len(tasks) + len(todo) // (MOVIES_PER_TASK // 4)
    tasks += [lambda part=todo[i:i + MOVIES_PER_TASK]: movie_documents(part, links)
              for i in range(0, len(todo), MOVIES_PER_TASK)]
    out: dict[str, bytes] = {}
    for part in fork_map(lambda task: task(), tasks, min_items=2, per_worker=1, chunk=1,
                         workers=workers if big > 1 else 1):
        out.update(part)
    return out


def add_data_files(files: Files, config: MkDocsConfig, movies: list[Movie], pages: SitePages, art: SiteArt,
                   cache: FileCache, workers: int | None = None, inputs: PageInputs | None = None) -> dict[str, str]:
    """The few whole-library files become MkDocs files (hand-written pages link to them);
    the thousands of per-movie files and shards are stored by content, to be placed like
    the pages: returns {site path: cache file} of those."""
    memo_file = cache.root / "movie-documents.marshal"
    last: dict[str, tuple[str, str]] = read_memo(memo_file, dict) or {}   # slug -> (input digest, cache key)
    digests = {m.slug: inputs.movie_document(m.slug, pages.links.movies.get(m.slug, "")) if inputs else None
               for m in pages.catalog.order}
    known = {slug: last[slug][1] for slug, d in digests.items()
             if d is not None and slug in last and last[slug][0] == d and cache.has(last[slug][1])}
    whole_file = cache.root / "whole-library.marshal"
    whole_last: dict[str, tuple[str, dict[str, bytes]]] = read_memo(whole_file, dict) or {}  # task -> (digest, files)
    whole_digests = _whole_library_digests(inputs, config)
    kept = {name: whole_last[name][1] for name, d in whole_digests.items()
            if isinstance(whole_last.get(name), tuple) and whole_last[name][0] == d}
    data = build_data_files(movies, pages, art, workers, known, skip=kept)
    log.info("movie documents: %d made, %d as last build", len(digests) - len(known), len(known))
    log.info("library lists and index: %s", ", ".join(f"{n} {'as last build' if n in kept else 'made'}"
                                                        for n in (INDEX, LISTS)))
    whole_now = {name: (d, kept[name] if name in kept else _files_of(name, data))
                 for name, d in whole_digests.items()}
    for files_of_task in kept.values():
        data.update(files_of_task)
    for rel in [r for r in data if r.count("/") == 1 and r.startswith("api/")]:
        _add(files, File.generated(config, rel, content=data.pop(rel)))
    for rel in [*data, *(movie_path(slug) for slug in known)]:
        _refuse_clash(files, rel)
    stored = store_files(cache, data, keep=known.values())
    memo = {slug: (d, known.get(slug) or cache.key_of(stored[movie_path(slug)])) for slug, d in digests.items() if d}
    if memo != last:
        write_memo(memo_file, memo)
    if whole_now != whole_last:
        write_memo(whole_file, whole_now)
    return stored | {movie_path(slug): cache.path(key) for slug, key in known.items()}


def _whole_library_digests(inputs: PageInputs | None, config: MkDocsConfig) -> dict[str, str]:
    """The digest of each whole-library task but the search's (which reads every plot)."""
    if inputs is None or not inputs.library:
        return {}
    urls = f"directory_urls={bool(config.use_directory_urls)}"
    return {INDEX: f"{inputs.index}|{urls}", LISTS: f"{inputs.library}|{urls}"}


def _files_of(task: str, data: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data[rel] for rel in ((INDEX_PATH,) if task == INDEX else (MOVIES_INDEX, COLLECTIONS))}
