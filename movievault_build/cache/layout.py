"""Where each cache lives under the cache folder (`cache_dir`, .cache/movievault by default)
and the version it is kept under, in one table. Stages say what they keep; this says where,
so every derived file is found in one place (`cache stats`, backups, the tests that list
what a build and a scan leave behind).

A cache whose version changes is not read again: its entries are redone. Bump a version
when what the cache holds changes shape or meaning for the same inputs; settings that
shape the output belong in the cache's key, not here (tests/test_scan_cache_keys.py,
tests/site/test_site_cache_keys.py)."""
from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path

SQLITE_SIDES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Entry:
    path: str                      # under cache_dir (posix)
    keyed_by: str                  # the module that keeps it: what its key is made of
    holds: tuple[str, ...] = ()    # a folder: the patterns its files match; a file: ()

    def owns(self, rel: str) -> bool:
        """Whether `rel` (posix, under cache_dir) is this entry's file or one of its files."""
        if not self.holds:
            return rel == self.path or rel in {self.path + s for s in (*SQLITE_SIDES, ".overlay")}
        inner = rel[len(self.path) + 1:] if rel.startswith(self.path + "/") else None
        return inner is not None and any(fnmatchcase(inner, p) for p in self.holds)


# name -> where it lives and who keys it. Files of a folder entry that another entry names
# (the memos beside the page cache) belong to that entry.
ENTRIES: dict[str, Entry] = {
    # -- the scan
    "http": Entry("http.sqlite", "providers/http.py: the request, secrets left out"),
    "last_scan": Entry("last-scan.json", "enrich/online.py: the last scan's counters (`cache stats`)"),
    "scan_state": Entry("scan-state.sqlite", "scan/plan.py: settings fingerprint, files' stat"),
    "probe": Entry("probe.sqlite", "probe/ffprobe.py: the video's size and mtime"),
    "thumbs": Entry("thumbs", "probe/thumbs.py: the video's identity, per movie", ("*.json",)),
    "parsed_content": Entry("parsed-content.sqlite", "store/parsed_cache.py: the content file's stat"),
    "movie_snapshot": Entry("movies.pickle", "store/movie_snapshot.py: the content files' stat"),
    "index": Entry("index.sqlite", "vault/index.py: each content file's stat and bytes (index_path's default)"),
    "events": Entry("events", "events/: the daemon's log, notify state, outbox", ("*", "*/*")),
    "update_check": Entry("update-check.json", "update_check.py: the day it last asked"),
    "serve": Entry("serve", "site/serve_watch.py: the file `mkdocs serve` polls", ("trigger",)),
    # -- the site
    "images": Entry("images", "artwork/cache.py: source bytes' hash + the format's settings", ("??/*.*",)),
    "image_manifest": Entry("images/manifest.sqlite", "artwork/cache.py: each source's hash (size, "
                            "placeholder), the masters' stat, the site's artwork inputs"),
    "pages": Entry("pages", "site/render.py: each page's inputs, the site's and templates' fingerprints",
                   ("??/*.html",)),
    "page_notes": Entry("pages/configs", "site/render.py: each site config's page keys", ("*.inputs", "*.json")),
    "shared_digests": Entry("pages/shared-digests.marshal", "site/page_inputs.py: each content file's digest"),
    "catalog": Entry("pages/catalog.marshal", "site/pages.py: the library's shared digest (its grouping settings in it), its text"),
    "page_shows": Entry("pages/shows.marshal", "site/kept_shows.py: the pages' base key and the URL scheme "
                        "(the catalog's key and the films' shared digests inside: an edit redoes what it reaches)"),
    "text": Entry("pages/text.marshal", "site/pages.py: the text analysis's version and the code's fingerprint "
                  "(the library's text digest and its TF-IDF index inside: an edit redoes what it reaches)"),
    "related_index": Entry("pages/related-index.marshal", "site/pages.py: the code's fingerprint (the key of "
                           "the catalog it was made with, each film's reasons and what each reason scores inside: "
                           "an edit rescores what it reaches)"),
    "stats": Entry("pages/stats.marshal", "site/stats_page.py: the library's stats digest"),
    "growth": Entry("pages/growth.marshal", "vault/growth.py: content/'s git head"),
    "known_pages": Entry("pages/known", "site/known_pages.py: each MkDocs page's inputs, the site and its "
                         "templates", ("*.marshal",)),
    "known_contexts": Entry("pages/known-contexts.marshal", "site/known_pages.py: what stands for a page's "
                            "context (the catalog's key), with the context's digest inside"),
    "template_refs": Entry("pages/template-refs.marshal", "site/render.py: each template's source"),
    "scripts": Entry("pages/scripts.json", "site/render.py: the page's bytes"),
    "files": Entry("files", "site/data_files.py: the JSON file's own bytes", ("??/*.json",)),
    "movie_documents": Entry("files/movie-documents.marshal", "site/data_files.py: the movie's digest"),
    "whole_library": Entry("files/whole-library.marshal", "site/data_files.py: the library index's, lists' and "
                           "search's digests (the search's files and each movie's document digest inside)"),
    "site_folders": Entry("pages/site-folders.marshal", "site/folders_ahead.py: nothing (the folders the last "
                          "build's outputs went to, made ahead by the next clean build)"),
    "templates": Entry("templates", "site/template_cache.py: Python, Jinja and the template's source",
                       ("*.code",)),
}
PATHS: dict[str, str] = {name: e.path for name, e in ENTRIES.items()}

# name -> version. Each cache checks its own on load, or has it in its key.
VERSIONS: dict[str, int] = {
    "scan_state": 1,        # bump when what a fingerprint covers changes
    "probe": 1,             # bump when the ffprobe arguments change: older answers lack the new facts
    "parsed_content": 4,    # 4: rows hold front matter of the checked shape
    "movie_snapshot": 2,     # 2: slotted model objects, pickled by their values
    "image_variants": 2,    # artwork/variants.py: decoding or encoding changed for the same settings (2: reduced before Lanczos)
    "pages": 2,             # site/render.py: what it writes for the same inputs
    "page_inputs": 5,       # site/page_inputs.py: what the digests cover
    "growth": 1,            # vault/growth.py: the kept walk's shape
}


def cache_path(cache_dir: Path | str, name: str) -> Path:
    """The path of cache `name` under `cache_dir`."""
    return Path(cache_dir) / PATHS[name]


def within(folder: str, name: str) -> str:
    """Where entry `name` lives inside entry `folder`'s folder (posix), for a cache that is
    handed its folder: the image variants' manifest inside wherever the variants are."""
    inner, outer = PATHS[name], PATHS[folder] + "/"
    if not inner.startswith(outer):
        raise ValueError(f"cache entry {name!r} is not inside {folder!r}")
    return inner[len(outer):]


def owner(rel: str) -> str | None:
    """The entry a file under the cache folder (posix path relative to it) belongs to: the
    most specific one, so a memo beside the page cache is its own entry's."""
    found = [(len(e.path), name) for name, e in ENTRIES.items() if e.owns(rel)]
    return max(found)[1] if found else None
