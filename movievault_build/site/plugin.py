"""The MkDocs plugin: a thin adapter. Each event guards, delegates to the engine, returns."""
from __future__ import annotations

from html import escape
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import pipeline
from ..errors import UserError
from ..fsutil import write_output
from ..log import get_logger
from ..store.library import load_movies
from .api import build_api
from .artwork import build_art, grid_poster_urls, thumbnail_urls
from .config import MovieVaultConfig, scan_settings
from .headers import write_headers
from .health import add_health_page
from .library_index import INDEX_PATH, build_library_index
from .pages import LIBRARY_PAGE, SitePages, _add, add_pages
from .playlists import PlaylistPages, add_playlist_pages
from .render import PageCache, place_files, render_all
from .search_index import build_search_index
from .stats_page import StatsPage, add_stats_page

log = get_logger("plugin")


class MovieVaultPlugin(BasePlugin[MovieVaultConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages = SitePages()
        self.playlists = PlaylistPages()
        self.stats = StatsPage()

    def load_config(self, options, config_file_path=None):
        # MkDocs only warns about unknown plugin options; a typo in a library setting
        # silently scanning nothing is worse than a failed build, so make them errors.
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(k, w) for k, w in warnings if "Unrecognised configuration name" in w]
        return errors + unknown, [w for w in warnings if w not in unknown]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.settings = scan_settings(self.config)
        return config

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if not self.settings.should_scan():
            log.info("library not mounted; building from %s alone", self.settings.content_dir.name)
            return
        try:
            report = pipeline.scan(self.settings)
        except UserError as exc:
            raise PluginError(str(exc)) from None
        log.info(report.summary())

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        movies, problems = load_movies(self.settings.content_dir, self.settings.cache_dir)
        art = build_art(movies, self.settings.content_dir, self.settings.cache_dir / "images",
                        self.settings.images, self.config.images.workers)
        for problem in problems + art.problems:
            log.warning(problem)
        self.pages = add_pages(files, config, movies, art)
        self.files = files
        self.playlists = add_playlist_pages(files, config, movies, self.settings.content_dir, self.pages.links)
        add_health_page(files, config, movies, self.settings, problems)   # media analysis: health/
        self.stats = add_stats_page(files, config, movies, self.pages.links)   # stats/ and api/stats.json
        # The library browser's data, built from the same movies and URLs as the pages.
        files.append(File.generated(config, INDEX_PATH, content=build_library_index(
            movies, self.pages.links.movies, grid_poster_urls(art.views))))
        for rel, data in build_api(self.pages.catalog, self.pages.links).items():   # site/api.py
            _add(files, File.generated(config, rel, content=data))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        uri = page.file.src_uri
        if uri == LIBRARY_PAGE:
            page.meta.update(template="library.html", title="Library", hide=["navigation", "toc"])
        elif (title := self.pages.title_for(uri)) is not None:
            # material prints meta.title unescaped (it treats titles as HTML): escape here.
            page.meta.update(template="group-index.html", title=escape(title), hide=["navigation", "toc"],
                             search={"exclude": True})
        return markdown

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.nav = nav
        return nav

    def on_env(self, env, config: MkDocsConfig, files: Files):
        self.env = env
        return env

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        for source in (self.pages, self.playlists, self.stats):
            extra = source.context_for(page.file.src_uri)
            if extra:
                context.update(extra)
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        # Movie and group pages: rendered once, then reused from the page cache.
        stats = render_all(self.pages.generated(), config=config, files=self.files, nav=self.nav, env=self.env,
                           cache=PageCache(self.settings.cache_dir / "pages"), site_dir=Path(config["site_dir"]))
        log.info("pages: %d rendered, %d reused from the cache", stats.rendered, stats.reused)
        place_files(self.pages.static, Path(config["site_dir"]))   # image variants, from their cache
        # The sharded movie index for the header's search box (site_src/assets/search.js).
        for rel, data in build_search_index(self.pages.catalog.order, self.pages.links.movies,
                                             thumbnail_urls(self.pages.links.art)).items():
            write_output(Path(config["site_dir"]) / rel, data)
        write_headers(Path(config["site_dir"]))   # the CSP the pages satisfy (site/headers.py)

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Library and content changes rebuild the preview (the rebuild re-scans).
        server.watch(str(self.settings.content_dir))
        for root in self.settings.roots:
            if root.is_dir():
                server.watch(str(root))
        return server
