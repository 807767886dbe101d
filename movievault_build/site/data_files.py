"""The site's data files — the library browser's index, the JSON API, the search shards —
built from the same movies and URLs as the pages.

Like the pages, a file whose inputs are as last build's is last build's file: a movie's
document by the movie's digest, the library index by what it reads of every movie, the
movie list and collections by the library's shared digest, the search's files by every
movie's whole digest (site/page_inputs.py).

The few whole-library files hand-written pages link to become MkDocs files, made before
MkDocs goes on. The thousands of others (the search shards, each movie's document) are
made on another core while it does (forked.in_background), stored by content, and handed
to MkDocs with the pages (`DataFiles.finish`, site/handover.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Collection, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..process.forked import fork_map, in_background
from ..cache.memo import read_memo, write_memo
from ..log import get_logger
from ..model import Movie
from ..views.api import LISTS as LIST_FILES, library_documents, movie_documents, movie_path
from ..views.art import grid_fallback_urls, grid_poster_urls, thumbnail_urls
from .artwork import SiteArt
from ..views.library_index import INDEX_PATH, build_library_index
from ..cache.files import FileCache, prune_to, put_files
from .page_inputs import PageInputs
from .generated import add_file, refuse_clash
from .pages import SitePages
from ..views.search_index import build_search_index, updated_search_index

log = get_logger("data")
MOVIES_PER_TASK = 2000
MOST_CHANGED = 4          # more than a quarter of the movies changed: the search is made whole
SEARCH, INDEX, LISTS = "search", "index", "lists"     # the whole-library tasks
Task = Callable[[], dict[str, bytes]]


def _whole_library_tasks(movies: list[Movie], pages: SitePages, art: SiteArt, skip: Collection[str]) -> list[Task]:
    catalog, links = pages.catalog, pages.links
    whole: dict[str, Task] = {
        INDEX: lambda: {INDEX_PATH: build_library_index(movies, links.movies, grid_poster_urls(art.views),
                                                        grid_fallback_urls(art.views))},
        LISTS: lambda: library_documents(catalog, links),
    }
    return [task for name, task in whole.items() if name not in skip]


def _search_files(pages: SitePages, last: Mapping[str, str], changed: Collection[str]) -> dict[str, bytes]:
    """The search's files: last build's (`last`: site path -> cache file) brought up to the
    movies of `changed` slugs when they are few, or made whole."""
    movies, urls, posters = pages.catalog.order, pages.links.movies, thumbnail_urls(pages.links.art)
    if last and len(changed) * MOST_CHANGED <= len(movies):
        try:
            found = updated_search_index({rel: Path(path).read_bytes() for rel, path in last.items()},
                                         movies, urls, posters, changed)
        except OSError:
            found = None
        if found is not None:
            return found
    return build_search_index(movies, urls, posters)


def _document_tasks(pages: SitePages, known: Collection[str]) -> list[Task]:
    todo = [m for m in pages.catalog.order if m.slug not in known]
    return [lambda part=todo[i:i + MOVIES_PER_TASK]: movie_documents(part, pages.links)
            for i in range(0, len(todo), MOVIES_PER_TASK)]


def _run(tasks: list[Task], big: int, workers: int | None) -> dict[str, bytes]:
    # Forking pays only for two big tasks or more: a warm build often has the search alone.
    out: dict[str, bytes] = {}
    for part in fork_map(lambda task: task(), tasks, min_items=2, per_worker=1, chunk=1,
                         workers=workers if big > 1 else 1):
        out.update(part)
    return out


def _stored(tasks: list[Task], cache: FileCache) -> dict[str, str]:
    """Each task's files into the cache as it makes them: {site path: cache file}. Only
    the paths are kept and sent back, not a library's worth of documents (twice, pickled)."""
    out: dict[str, str] = {}
    for task in tasks:
        out.update(put_files(cache, task()))
    return out


def _stored_later(tasks: list[Task], cache: FileCache) -> Callable[[], dict[str, str]]:
    """`_stored(tasks)` on another core; no process at all when there is nothing to make
    (a warm build): forking a process that holds a large library costs more than nothing."""
    return in_background(lambda: _stored(tasks, cache)) if tasks else dict


class DataFiles:
    """One build's data files: `start` makes the MkDocs files and sets the rest going;
    `finish` stores them and returns {site path: cache file} to hand over."""

    def __init__(self, cache: FileCache) -> None:
        self.cache = cache
        self._pending: Callable[[], dict[str, bytes]] = dict
        self._files: Files | None = None
        self._known: dict[str, str] = {}
        self._memo: dict[str, tuple[str, str]] = {}
        self._last_memo: dict[str, tuple[str, str]] = {}
        self._whole_now: dict = {}
        self._whole_last: dict = {}
        self._search: tuple[str, dict[str, str], Mapping] = ("", {}, {})   # (digest, files kept, marks)

    def start(self, files: Files, config: MkDocsConfig, movies: list[Movie], pages: SitePages, art: SiteArt,
              workers: int | None = None, inputs: PageInputs | None = None) -> "DataFiles":
        cache = self.cache
        self._files = files
        self._last_memo = read_memo(cache.beside("movie_documents"), dict) or {}  # slug -> (digest, key)
        last = self._last_memo
        digests = {m.slug: inputs.movie_document(m.slug, pages.links.movies.get(m.slug, "")) if inputs else None
                   for m in pages.catalog.order}
        found = {slug: cache.known(last.get(slug), d) for slug, d in digests.items()}
        self._known = known = {slug: key for slug, key in found.items() if key}
        self._memo = {slug: (d, known.get(slug, "")) for slug, d in digests.items() if d}
        # task -> (digest, {site path: bytes}); the search's -> (digest, {site path: cache key},
        # {slug: movie document digest})
        self._whole_last = read_memo(cache.beside("whole_library"), dict) or {}
        whole_digests = _whole_library_digests(inputs, config)
        kept = {name: self._whole_last[name][1] for name, d in whole_digests.items()
                if isinstance(self._whole_last.get(name), tuple) and self._whole_last[name][0] == d}
        log.info("movie documents: %d made, %d as last build", len(digests) - len(known), len(known))
        log.info("library lists and index: %s", ", ".join(f"{n} {'as last build' if n in kept else 'made'}"
                                                            for n in (INDEX, LISTS)))
        listed = _whole_library_tasks(movies, pages, art, skip=kept)
        made = _run(listed, len(listed), workers)
        self._whole_now = {name: (d, kept[name] if name in kept else _files_of(name, made))
                           for name, d in whole_digests.items()}
        for rel, data in sorted({**made, **{r: b for f in kept.values() for r, b in f.items()}}.items()):
            add_file(files, File.generated(config, rel, content=data))
        self._search = self._kept_search(_search_digest(inputs, config), digests)
        log.info("search: %s", "as last build" if self._search[1] else "made")
        rest = _document_tasks(pages, known)
        if not self._search[1]:
            rest.append(self._search_task(pages, digests))
        # One process on another core: the pages' render forks a worker per core meanwhile,
        # and each forked process comes to hold a copy of much of this one's heap
        # (process/forked.py): workers forked here too would add memory, not cores.
        self._pending = _stored_later(rest, cache)
        return self

    def _last_search(self) -> tuple[str, dict[str, str], dict[str, str]]:
        """Last build's search: (its digest, {site path: cache key}, {slug: movie document digest})."""
        last = self._whole_last.get(SEARCH)
        if isinstance(last, tuple) and len(last) == 3 and isinstance(last[1], dict) and isinstance(last[2], dict):
            return last
        return "", {}, {}

    def _kept_search(self, digest: str, marks: Mapping[str, str | None]) -> tuple[str, dict[str, str], Mapping]:
        """(digest, last build's search files when it is theirs and all are still here, the
        movies' marks it is made from)."""
        was, files, _ = self._last_search()
        kept = bool(digest) and was == digest and bool(files) and self._all_cached(files)
        return digest, files if kept else {}, marks

    def _all_cached(self, files: Mapping[str, object]) -> bool:
        """Every cache key of `files` (site path -> key) is a file still in the cache."""
        return all(isinstance(k, str) and self.cache.has(k) for k in files.values())

    def _search_task(self, pages: SitePages, marks: Mapping[str, str | None]) -> Task:
        """The search made on the other core, from last build's files where they are all
        still here: a movie's document digest (its whole digest, URL and the artwork's
        key) marks it changed or not."""
        _, files, was = self._last_search()
        last = {rel: self.cache.path(key) for rel, key in files.items()} if self._all_cached(files) else {}
        changed = {slug for slug, mark in marks.items() if mark is None or was.get(slug) != mark}
        return lambda: _search_files(pages, last, changed)

    def finish(self) -> dict[str, str]:
        cache = self.cache
        stored = self._pending() | {rel: cache.path(key) for rel, key in self._search[1].items()}
        for rel in [*stored, *(movie_path(slug) for slug in self._known)]:
            refuse_clash(self._files, rel)
        prune_to(cache, stored, keep=self._known.values())
        memo = {slug: (d, self._known.get(slug) or cache.key_of(stored[movie_path(slug)]))
                for slug, (d, _) in self._memo.items()}
        if memo != self._last_memo:
            write_memo(cache.beside("movie_documents"), memo)
        search = {rel: cache.key_of(path) for rel, path in sorted(stored.items()) if rel.startswith("search/")}
        whole_now = {**self._whole_now, SEARCH: (self._search[0], search, dict(self._search[2]))}
        if whole_now != self._whole_last:
            write_memo(cache.beside("whole_library"), whole_now)
        return stored | {movie_path(slug): cache.path(key) for slug, key in self._known.items()}


def _whole_library_digests(inputs: PageInputs | None, config: MkDocsConfig) -> dict[str, str]:
    """The digest of each whole-library MkDocs file task."""
    if inputs is None or not inputs.library:
        return {}
    urls = f"directory_urls={bool(config.use_directory_urls)}"
    return {INDEX: f"{inputs.index}|{urls}", LISTS: f"{inputs.library}|{urls}"}


def _search_digest(inputs: PageInputs | None, config: MkDocsConfig) -> str:
    """The search reads every movie whole and its URL (thumbnails: the artwork's key in it)."""
    if inputs is None or not inputs.contents:
        return ""
    return f"{inputs.contents}|directory_urls={bool(config.use_directory_urls)}"


def _files_of(task: str, data: dict[str, bytes]) -> dict[str, bytes]:
    return {rel: data[rel] for rel in ((INDEX_PATH,) if task == INDEX else LIST_FILES)}
