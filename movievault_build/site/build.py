"""One site build, from the scan to the last file written: its state and its steps.

The plugin (site/plugin.py) calls one step per MkDocs event, in MkDocs' order:
`Build.start` (on_pre_build: scan), `gather` (on_files: content, artwork, page plan, data
files started), `hand_over` (on_env: pages rendered through the page cache, data files
finished, every output given to MkDocs as a file, site/handover.py) and `publish`
(on_post_build: what reads the written site — headers, robots.txt, service worker).
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

from ..cache.layout import cache_path
from ..errors import MovieVaultError
from ..log import get_logger, kept_records, replay, timed
from ..process.forked import in_background
from ..problems import report as report_problems
from ..recommend.analysis import documents, text_digest
from ..settings import ScanSettings
from ..store.library import load_movies
from .artwork import build_art, forget_art
from .attribute_lookup import install as fast_lookups
from ..views.catalog import KIND_FOLDER
from .config import MovieVaultConfig
from .data_files import DataFiles
from .dirty import read_skipped_pages
from .kinds.discover import DISCOVER_PAGE, DiscoverPage, add_discover_page
from ..cache.files import MissingCacheFiles, file_cache
from .folders_ahead import Ahead, folders_of, make_ahead, note
from .handover import CachedFile, hand_over
from .headers import template_scripts, write_headers
from .kinds.health import HEALTH_PAGE, HealthPage, add_health_page
from ..views.home import HOME_TEMPLATE, home_view
from .known_pages import KnownPages
from .offline import write_service_worker
from .page_inputs import PageInputs
from .kinds.library import PAGE as LIBRARY_PAGE
from .pages import TEMPLATES, SitePages, add_pages, remembered_catalog
from .kinds.playlist import PlaylistPages, add_playlist_pages
from .render import RenderStats, TemplateFingerprints, render_all
from .kinds.stats import STATS_PAGE, StatsPage, add_stats_page
from .template_cache import TemplateCache
from .theme import Once, fill_schemas, robots_txt
from .user_states import add_user_files, switcher

log = get_logger("plugin")
# The site folders the plugin's outputs go to (the CSP reads only MkDocs' pages there).
OUTPUT_FOLDERS = (*KIND_FOLDER.values(), "movies", "img", "api", "search")


@dataclass
class Build:
    options: MovieVaultConfig
    settings: ScanSettings
    scan_problems: list[str] = field(default_factory=list)    # this build's scan report (the health page)
    known_pages: KnownPages = field(default_factory=KnownPages)   # MkDocs' pages kept whole
    pages: SitePages = field(default_factory=SitePages)
    playlists: PlaylistPages = field(default_factory=PlaylistPages)
    stats: StatsPage = field(default_factory=StatsPage)
    health: HealthPage = field(default_factory=HealthPage)
    discover: DiscoverPage = field(default_factory=DiscoverPage)
    user_states: Any = None                                   # user -> slug -> state (site/user_states.py)
    movies: list = field(default_factory=list)
    inputs: PageInputs | None = None
    data: DataFiles | None = None
    files: Files | None = None
    nav: Any = None
    site_inputs: str = ""                                     # what every page shows beyond its own inputs
    scripts: Any = None                                       # the inline scripts the CSP allows
    rendered: RenderStats = field(default_factory=RenderStats)
    dirty: bool = False                                       # `--dirty`: MkDocs skips the clean
    pending_scan: Callable[[], tuple] | None = None           # the scan's report, records, time and process
    ahead: Ahead = field(default_factory=Ahead.none)          # site/'s folders, made while the build works
    handed: list[str] = field(default_factory=list)           # the site paths of the outputs handed to MkDocs

    @classmethod
    def start(cls, options: MovieVaultConfig, settings: ScanSettings, config: MkDocsConfig,
              dirty: bool = False, beside_clean: bool = False) -> "Build":
        """Scan the library (when it is mounted) into content/. `beside_clean`: in a forked
        child, while MkDocs empties site/ (on this disk that waits on the disk for seconds at
        10,000 movies); `gather` takes its report."""
        build = cls(options, settings, known_pages=KnownPages(settings.cache_dir), dirty=dirty)
        if not settings.should_scan():
            log.info("library not mounted; building from %s alone", settings.content_dir.name)
            return build
        # A scan bound to fail fails here, before MkDocs empties the last site/.
        beside_clean = beside_clean and settings.roots_missing() is None
        scanning = functools.partial(_scanned, settings, keep_records=beside_clean)
        build.pending_scan = in_background(scanning, forks=True) if beside_clean else scanning
        if not beside_clean:
            build.end_scan(config)
        return build

    def end_scan(self, config: MkDocsConfig) -> None:
        if self.pending_scan is None:
            return
        report, records, took, pid = self.pending_scan()
        self.pending_scan = None
        replay(records)
        log.debug("scan: %.2f s", took)
        if pid != os.getpid():
            log.debug("the scan ran in another process, beside MkDocs' clean of site/")
        log.info(report.summary())
        self.scan_problems = list(report.problems)
        sync_after_scan(self.options, self.settings, report, config)

    def gather(self, files: Files, config: MkDocsConfig) -> Files:
        """Load content/, make the artwork, plan every page, start the data files."""
        with timed(log, "scan's end awaited"):
            self.end_scan(config)
        settings, cache = self.settings, self.settings.cache_dir
        if not self.dirty:     # MkDocs has emptied site/: its folders are made meanwhile
            self.ahead = make_ahead(config.site_dir, cache_path(cache, "site_folders"))
        with timed(log, "content loaded"):
            digests: dict[str, str] = {}
            movies, problems = load_movies(settings.content_dir, cache, workers=self.options.site.workers,
                                           digests=digests)
        self.movies, self.files = movies, files
        fill_schemas(files, config)
        art = self._art()
        with timed(log, "digests"):
            self.inputs = PageInputs(cache_path(cache, "shared_digests"))
            docs = documents(movies)         # for the text's digest, and its analysis after an edit
            text_key = text_digest(movies, docs)
            self.inputs.add_library(movies, digests, art.key,
                                    f"person_page_min_films={settings.person_page_min_films}")
        report_problems(log, problems + art.problems, settings.known_problems)
        with timed(log, "pages planned"):
            catalog = remembered_catalog(movies, self.inputs.library, cache_path(cache, "catalog"),
                                         settings.person_page_min_films, text_key, docs)
            self.pages = add_pages(files, config, movies, art, catalog)
            self.playlists = add_playlist_pages(files, config, movies, settings.content_dir, self.pages.links)
            self.health = add_health_page(files, config, movies, settings, problems,   # health/
                                          self.pages.links.movies, self.scan_problems)
            self.discover = add_discover_page(files, config, catalog, self.pages.links)    # discover/
            self.user_states, watching = add_user_files(files, config, settings.content_dir, settings.users, movies)
            self.stats = add_stats_page(files, config, movies, self.pages.links,   # stats/, api/stats.json
                                        self.inputs.stats, cache,
                                        watching, settings.content_dir)
        with timed(log, "indexes and API"):   # the library index and lists; the rest on another core
            self.data = DataFiles(file_cache(cache, "files")).start(
                files, config, movies, self.pages, art, self.options.site.workers, self.inputs)
        return files

    def _art(self):
        with timed(log, "artwork"):
            return build_art(self.movies, self.settings.content_dir, cache_path(self.settings.cache_dir, "images"),
                             self.settings.images, self.options.images.workers)

    def page_meta(self, src_uri: str) -> dict[str, Any] | None:
        return self.pages.meta_for(src_uri)

    def page_context(self, context: dict, src_uri: str, template: str | None) -> dict:
        if (known := self.known_pages.context_for(src_uri)) is not None:
            context.update(known)       # last build's page, or the context made to key it
            return context
        context.update(self._context_of(src_uri))
        if template == HOME_TEMPLATE:      # a dashboard wherever a page asks for one
            context["home"] = home_view(self.pages.catalog, self.pages.links, self.user_states)
        return context

    def _context_of(self, src_uri: str) -> dict:
        """What the plugin adds to a generated page's context."""
        context: dict = {}
        for source in (self.pages, self.playlists, self.stats, self.health, self.discover):
            extra = source.context_for(src_uri)
            if extra:
                context.update(extra)
        return context

    def _known_inputs(self) -> dict:
        """Each MkDocs page the plugin generates, with what stands for its context
        (site/known_pages.py): the library page's is the library's shared digest and the
        playlists (never known without the digest), the health page's its report. The
        indexes and the discover page show the catalog alone (its groups, the films' cards
        and recommendations, their URLs and pictures): while its key is last build's, so
        are their contexts, which a warm build then neither makes nor hashes."""
        own = lambda uri: lambda: self._context_of(uri) or None  # noqa: E731
        inputs: dict = {uri: own(uri) for uri in (*self.pages.indexes, *self.playlists.uris(),
                                                  STATS_PAGE, DISCOVER_PAGE)}
        catalog = self.pages.catalog.changes
        if catalog is not None and catalog.now:
            inputs.update({uri: (catalog.now, inputs[uri]) for uri in (*self.pages.indexes, DISCOVER_PAGE)})
        inputs[LIBRARY_PAGE] = self.inputs.library and json.dumps(
            [self.inputs.library, self.playlists.listing], sort_keys=True, default=str)
        inputs[HEALTH_PAGE] = self.health.digest()
        return inputs

    def hand_over(self, env, config: MkDocsConfig, files: Files):
        """Before MkDocs writes site/: ready the Jinja environment, render the generated
        pages (from the page cache where their inputs are unchanged), finish the data
        files and hand every output to MkDocs as a file."""
        # Jinja compiles the theme's templates afresh in every build (a few tenths of a
        # second); its bytecode cache keeps them compiled, keyed by each template's source.
        env.bytecode_cache = TemplateCache(cache_path(self.settings.cache_dir, "templates"))
        # The header's user switcher is on every page: the users are part of every page's key.
        env.globals["mv_users"] = switcher(self.settings.users)
        env.globals["mv_once"] = Once()
        fast_lookups(env)      # `movie.title` on the views' dicts without an exception each
        self.site_inputs = json.dumps(env.globals["mv_users"])
        self.scripts, scripts_key = template_scripts(env)    # the CSP allows these alone
        if self.dirty and (read := read_skipped_pages(self.nav, config, files)):
            log.debug("dirty build: %d unchanged pages of the navigation read for their titles", read)
        page_cache = file_cache(self.settings.cache_dir, "pages")
        # one set of template fingerprints for MkDocs' pages and ours: each template parsed once
        fingerprints = TemplateFingerprints(env, config, page_cache.beside("template_refs"))
        with timed(log, "known pages"):
            for uri in self.known_pages.prepare(files, env, config, self.nav, self._known_inputs(), TEMPLATES,
                                                self.site_inputs, fingerprints):
                log.info("page %s: as last build", uri)
        with timed(log, "pages rendered"):   # movie and group pages: once, then from the page cache
            inputs = self.pages.inputs(self.inputs, cache_path(self.settings.cache_dir, "page_shows"),
                                       config.use_directory_urls)
            self.rendered = stats = render_all(
                self.pages.uris(), self.pages.page, TEMPLATES, config=config, files=files, nav=self.nav, env=env,
                workers=self.options.site.workers, cache=page_cache, inputs=inputs, allowed_scripts=self.scripts,
                allowed_key=scripts_key, site_inputs=self.site_inputs, fingerprints=fingerprints)
        log.info("pages: %d rendered, %d reused from the cache (%d known by their inputs)",
                 stats.rendered, stats.reused, stats.known)
        with timed(log, "search and movie documents"):
            data = self.data.finish()
        with timed(log, "outputs handed over"):
            handed = self._hand_over_all(files, config, self.pages.static | data | stats.outputs,
                                         {**page_cache.checked, **self.data.cache.checked})
        log.info("outputs: %d handed to MkDocs from the caches", handed)
        return env     # site/'s folders may still be being made: MkDocs' copy makes any not yet there

    def _hand_over_all(self, files: Files, config: MkDocsConfig, outputs: dict, checked: dict) -> int:
        """Image variants that vanished from the cache or were changed in place through
        site/ are encoded again (pages and data files were checked when reused: `checked`)."""
        try:
            self.handed = list(outputs)
            return hand_over(files, config, outputs, checked)
        except MissingCacheFiles:
            forget_art(cache_path(self.settings.cache_dir, "images"))
        art = self._art()
        try:
            self.handed = [*outputs, *art.files]
            return hand_over(files, config, {**outputs, **art.files})
        except MissingCacheFiles as exc:
            raise PluginError(f"movievault: {exc}; the next build makes them again") from None

    def publish(self, config: MkDocsConfig, *, offline: bool) -> None:
        """After MkDocs wrote site/: what reads the written site."""
        site = Path(config["site_dir"])
        # The CSP the pages satisfy (site/headers.py); rendered pages' scripts are known.
        with timed(log, "headers"):
            listed = [f.dest_uri for f in self.files if not isinstance(f, CachedFile)
                      and f.dest_uri.endswith(".html") and f.dest_uri.split("/", 1)[0] in OUTPUT_FOLDERS]
            write_headers(site, self.rendered.scripts, self.rendered.outputs, OUTPUT_FOLDERS, listed,
                          allowed=self.scripts)
        (site / "robots.txt").write_text(robots_txt(self.options.site.allow_indexing), encoding="utf-8")
        with timed(log, "folders made ahead"):
            self.ahead.wait()
        folders = folders_of(self.handed)
        self.ahead.tidy(str(site), folders)
        note(cache_path(self.settings.cache_dir, "site_folders"), folders)
        with timed(log, "service worker"):         # last: it lists the final bytes of what it caches
            write_service_worker(site, offline=offline)


def _scanned(settings: ScanSettings, keep_records: bool) -> tuple:
    """The scan; `keep_records`: what it logs is kept for the process that shows it (log.replay)."""
    from ..scan import pipeline     # a third of the plugin's imports; a CI build has no library to scan
    started = time.perf_counter()
    with kept_records() if keep_records else contextlib.nullcontext([]) as records:
        report = pipeline.scan(settings)
    return report, records, time.perf_counter() - started, os.getpid()


def sync_after_scan(options: MovieVaultConfig, settings: ScanSettings, report, config: MkDocsConfig) -> None:
    """NFOs written are queued for the media servers; `sync.after_scan` syncs now.
    A sync problem is a warning: the site still builds from content/."""
    from ..sync import after_scan
    from .sync_config import sync_settings

    sync = sync_settings(options.sync, settings.users, content_dir=str(settings.content_dir),
                         site_dir=config["site_dir"])
    try:
        done = after_scan(settings, sync, report.nfo_written)
    except MovieVaultError as exc:
        log.warning("sync: %s", exc)
        return
    for service_report in (done.services.values() if done else ()):
        for error in service_report.errors:
            log.warning("sync: %s: %s", service_report.name, error)
        log.info("sync: %s", service_report.summary())
