"""The MkDocs plugin: a thin adapter. Each event guards, delegates to the engine, returns."""
from __future__ import annotations

import functools
import json
from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..process import collector
from ..scan import pipeline
from ..cache.files import file_cache
from ..cache.layout import cache_path
from ..errors import MovieVaultError, os_error_line
from ..log import REPEATS, get_logger, timed
from ..logconfig import configure as configure_logging
from ..profiles import from_environment
from ..recommend.analysis import text_digest
from ..setup.envfile import load as load_env
from ..problems import report as report_problems
from ..store.library import load_movies
from .artwork import build_art, forget_art
from .catalog import KIND_FOLDER
from .config import MovieVaultConfig, placement_errors, scan_settings
from .data_files import DataFiles
from .discover_page import DiscoverPage, add_discover_page
from .headers import template_scripts, write_headers
from .health import HealthPage, add_health_page
from .home import HOME_TEMPLATE, home_view
from .pages import LIBRARY_PAGE, LIBRARY_TEMPLATE, TEMPLATES, SitePages, add_pages, remembered_catalog
from .playlists import PlaylistPages, add_playlist_pages
from .page_inputs import PageInputs
from .output_tree import MissingCacheFiles, OutputTree
from .library_page import LibraryPageMemo
from .offline import write_service_worker
from .render import render_all
from .serve_watch import ServeWatch
from .stats_page import StatsPage, add_stats_page
from .template_cache import TemplateCache
from .user_states import add_user_files, switcher
from .theme import fill_schemas, register as register_theme, robots_txt

log = get_logger("plugin")
# The site folders the plugin writes into, kept from one build to the next (output_tree.py).
OUTPUT_FOLDERS = (*KIND_FOLDER.values(), "movies", "img", "api", "search")


def one_line_errors(event):
    """Our errors and the file system's (read-only, disk full, no permission) end the build
    as one line, not as a traceback: MkDocs prints a PluginError's message alone."""
    @functools.wraps(event)
    def wrapper(*args, **kwargs):
        try:
            return event(*args, **kwargs)
        except MovieVaultError as exc:
            raise PluginError(f"movievault: {exc}") from None
        except OSError as exc:
            raise PluginError(f"movievault: {os_error_line(exc)}") from None
    return wrapper


class MovieVaultPlugin(BasePlugin[MovieVaultConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.serving = False                     # `mkdocs serve`: no offline copy (on_startup)
        self.pages = SitePages()
        self.playlists = PlaylistPages()
        self.stats = StatsPage()
        self.discover = DiscoverPage()
        self.health = HealthPage()
        self.library_page = LibraryPageMemo()
        self.watch: ServeWatch | None = None
        self.scan_problems: list[str] = []      # this build's scan report (the health page)
        self.user_states = None                  # user -> slug -> state (site/user_states.py)
        self.site_inputs = ""                    # what every page shows beyond its own inputs

    def load_config(self, options, config_file_path=None):
        # MkDocs only warns about unknown plugin options; a typo in a library setting
        # silently scanning nothing is worse than a failed build, so make them errors.
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(k, w) for k, w in warnings if "Unrecognised configuration name" in w]
        placement = placement_errors(self.config) if not errors else []
        return errors + unknown + placement, [w for w in warnings if w not in unknown]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    @one_line_errors
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if config.config_file_path:   # keys kept in .env beside mkdocs.yml (movievault init)
            load_env(Path(config.config_file_path).parent)
        # MOVIEVAULT_PROFILE picks a scan profile: `mkdocs build` has no flags of ours
        self.settings = from_environment(scan_settings(self.config))
        if self.settings.logging.file is not None:   # MkDocs keeps the console; we add the file
            configure_logging(self.settings.logging, console=False)
        register_theme(config)
        self.watch = ServeWatch.running(self.trigger())    # set under `mkdocs serve` (on_serve)
        return config

    @one_line_errors
    def on_pre_build(self, config: MkDocsConfig) -> None:
        collector.run_started()
        self.library_page = LibraryPageMemo(self.settings.cache_dir)
        if self.watch:
            self.watch.build_started()     # what changes in content/ now is judged when it ends
        self.scan_problems = []
        if not self.settings.should_scan():
            log.info("library not mounted; building from %s alone", self.settings.content_dir.name)
        else:
            with timed(log, "scan"):
                report = pipeline.scan(self.settings)
            log.info(report.summary())
            self.scan_problems = list(report.problems)
            self._after_scan(report, config)
        # MkDocs empties site_dir next; our folders step aside and come back in on_files.
        self.output = OutputTree(Path(config["site_dir"]), cache_path(self.settings.cache_dir, "site_keep"), OUTPUT_FOLDERS)
        self.output.set_aside()

    def _after_scan(self, report, config: MkDocsConfig) -> None:
        """NFOs written are queued for the media servers; `sync.after_scan` syncs now.
        A sync problem is a warning: the site still builds from content/."""
        from ..sync import after_scan
        from .sync_config import sync_settings

        sync = sync_settings(self.config.sync, self.settings.users, content_dir=str(self.settings.content_dir),
                             site_dir=config["site_dir"])
        try:
            done = after_scan(self.settings, sync, report.nfo_written)
        except MovieVaultError as exc:
            log.warning("sync: %s", exc)
            return
        for service_report in (done.services.values() if done else ()):
            for error in service_report.errors:
                log.warning("sync: %s: %s", service_report.name, error)
            log.info("sync: %s", service_report.summary())

    @one_line_errors
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        with timed(log, "content loaded"):
            digests: dict[str, str] = {}
            movies, problems = load_movies(self.settings.content_dir, self.settings.cache_dir,
                                           workers=self.config.site.workers, digests=digests)
        self.movies = movies
        fill_schemas(files, config)
        with timed(log, "artwork"):
            art = build_art(movies, self.settings.content_dir, cache_path(self.settings.cache_dir, "images"),
                            self.settings.images, self.config.images.workers)
        with timed(log, "digests"):
            self.inputs = PageInputs(cache_path(self.settings.cache_dir, "shared_digests"))
            text_key = text_digest(movies)
            self.inputs.add_library(movies, digests, art.key,
                                    f"person_page_min_films={self.settings.person_page_min_films}", text_key)
        report_problems(log, problems + art.problems, self.settings.known_problems)
        with timed(log, "pages planned"):
            catalog = remembered_catalog(movies, self.inputs.library, cache_path(self.settings.cache_dir, "catalog"),
                                         self.settings.person_page_min_films, text_key)
            self.pages = add_pages(files, config, movies, art, catalog)
            self.files = files
            self.playlists = add_playlist_pages(files, config, movies, self.settings.content_dir, self.pages.links)
            self.health = add_health_page(files, config, movies, self.settings, problems,   # health/
                                          self.pages.links.movies, self.scan_problems)
            self.discover = add_discover_page(files, config, catalog, self.pages.links)    # discover/
            self.user_states, watching = add_user_files(files, config, self.settings.content_dir,
                                                        self.settings.users, movies)
            self.stats = add_stats_page(files, config, movies, self.pages.links,   # stats/, api/stats.json
                                        self.inputs.stats, self.settings.cache_dir,
                                        watching, self.settings.content_dir)
        with timed(log, "indexes and API"):   # the library index and lists; the rest on another core
            self.data = DataFiles(file_cache(self.settings.cache_dir, "files")).start(
                files, config, movies, self.pages, art, self.config.site.workers, self.inputs)
        with timed(log, "previous output restored"):
            self.output.bring_back([*self.pages.static, *self.data.expected, *self.pages.dests.values()])
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri == LIBRARY_PAGE:
            page.meta.update(template=LIBRARY_TEMPLATE, title="Library", hide=["navigation", "toc"])
        elif (title := self.pages.title_for(uri)) is not None:
            # material prints meta.title unescaped (it treats titles as HTML): escape here.
            page.meta.update(template="group-index.html", title=escape(title), hide=["navigation", "toc"],
                             search={"exclude": True})
        return markdown

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    @one_line_errors
    def on_env(self, env, config: MkDocsConfig, files: Files):
        # Jinja compiles the theme's templates afresh in every build (a few tenths of a
        # second); its bytecode cache keeps them compiled, keyed by each template's source.
        env.bytecode_cache = TemplateCache(cache_path(self.settings.cache_dir, "templates"))
        self.env = env
        # The header's user switcher is on every page: the users are part of every page's key.
        env.globals["mv_users"] = switcher(self.settings.users)
        self.site_inputs = json.dumps(env.globals["mv_users"])
        self.scripts, self.scripts_key = template_scripts(env)    # the CSP allows these alone
        library = self.files.get_file_from_path(LIBRARY_PAGE)
        if library is not None and library.page is not None and self.library_page.prepare(
                library.page, env, config, self.nav, self.inputs.library, self.playlists.listing,
                self.site_inputs):
            log.info("library page: as last build")
        return env

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        if (known := self.library_page.context_for(page.file.src_uri)) is not None:
            context.update(known)
            return context
        for source in (self.pages, self.playlists, self.stats, self.health, self.discover):
            extra = source.context_for(page.file.src_uri)
            if extra:
                context.update(extra)
        if page.meta.get("template") == HOME_TEMPLATE:      # a dashboard wherever a page asks for one
            context["home"] = home_view(self.pages.catalog, self.pages.links, self.user_states)
        return context

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        self.library_page.remember(page.file.src_uri, output)
        return output

    @one_line_errors
    def on_post_build(self, config: MkDocsConfig) -> None:
        # Movie and group pages: rendered once, then reused from the page cache.
        with timed(log, "pages rendered"):
            stats = render_all(self.pages.uris(), self.pages.page, TEMPLATES, config=config,
                               files=self.files, nav=self.nav, env=self.env, workers=self.config.site.workers,
                               cache=file_cache(self.settings.cache_dir, "pages"),
                               inputs=self.pages.inputs(self.inputs), allowed_scripts=self.scripts,
                               allowed_key=self.scripts_key, site_inputs=self.site_inputs)
        log.info("pages: %d rendered, %d reused from the cache (%d known by their inputs)",
                 stats.rendered, stats.reused, stats.known)
        with timed(log, "search and movie documents"):
            data, gone = self.data.finish()
        with timed(log, "outputs placed"):
            outputs = self.pages.static | data | stats.outputs
            self.output.remove(gone)
            placed = self._place(outputs)
        log.info("outputs: %d placed, %d already in place", placed, len(outputs) - placed)
        # The CSP the pages satisfy (site/headers.py); rendered pages' scripts are known.
        with timed(log, "headers"):
            listed = [f.dest_uri for f in self.files if f.dest_uri.endswith(".html")
                      and f.dest_uri.split("/", 1)[0] in OUTPUT_FOLDERS]
            write_headers(Path(config["site_dir"]), stats.scripts, stats.outputs, OUTPUT_FOLDERS, listed,
                          allowed=self.scripts)
        Path(config["site_dir"], "robots.txt").write_text(robots_txt(self.config.site.allow_indexing), encoding="utf-8")
        with timed(log, "service worker"):         # last: it lists the final bytes of what it caches
            write_service_worker(Path(config["site_dir"]), offline=not self.serving)
        REPEATS.summarise()
        if self.watch:
            self.watch.build_done()
        collector.run_ended()

    def _place(self, outputs: dict) -> int:
        """Place the outputs; image variants that vanished from the cache or were changed in
        place through site/ are encoded again and placed (pages were checked when reused)."""
        try:
            return self.output.place(outputs)
        except MissingCacheFiles:
            forget_art(cache_path(self.settings.cache_dir, "images"))
        art = build_art(self.movies, self.settings.content_dir, cache_path(self.settings.cache_dir, "images"),
                        self.settings.images, self.config.images.workers)
        try:
            return self.output.place({**outputs, **art.files})
        except MissingCacheFiles as exc:
            raise PluginError(f"movievault: {exc}; the next build makes them again") from None

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Library and content changes rebuild the preview (the rebuild re-scans): watched
        # natively, poking one trigger file MkDocs polls (site/serve_watch.py).
        watch = ServeWatch(self.trigger(), self.settings.roots, self.settings.content_dir, self.settings.cache_dir)
        if watch.start():
            self.watch = watch
            server.watch(str(watch.trigger.parent))
            return server
        server.watch(str(self.settings.content_dir))
        for root in self.settings.roots:
            if root.is_dir():
                server.watch(str(root))
        return server

    def trigger(self) -> Path:
        return cache_path(self.settings.cache_dir, "serve") / "trigger"

    def on_build_error(self, error: Exception) -> None:
        REPEATS.summarise()
        collector.run_ended()
        if self.watch:
            self.watch.build_done()
