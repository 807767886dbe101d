"""The MkDocs plugin: a thin adapter. Each event guards, delegates to the build, returns.

One build's state lives in a `Build` (site/build.py); the plugin keeps only what outlives
a build: its options, the settings drawn from them, whether MkDocs serves, the watcher.
"""
from __future__ import annotations

import functools
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..cache import in_memory
from ..cache.layout import cache_path
from ..process import collector
from ..errors import MovieVaultError, os_error_line
from ..log import REPEATS
from ..logconfig import configure as configure_logging
from ..profiles import from_environment
from ..setup.envfile import load as load_env
from .build import Build
from .config import MovieVaultConfig, apart_from_site, placement_errors, scan_settings
from .render import squeeze
from .serve_watch import ServeWatch
from .theme import register as register_theme


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
        self.dirty = False                       # `--dirty`: MkDocs keeps site/ (site/dirty.py)
        self.watch: ServeWatch | None = None
        self.build: Build | None = None

    def load_config(self, options, config_file_path=None):
        # MkDocs only warns about unknown plugin options; a typo in a library setting
        # silently scanning nothing is worse than a failed build, so make them errors.
        errors, warnings = super().load_config(options, config_file_path)
        unknown = [(k, w) for k, w in warnings if "Unrecognised configuration name" in w]
        placement = placement_errors(self.config) if not errors else []
        return errors + unknown + placement, [w for w in warnings if w not in unknown]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty
        in_memory.between_builds(self.serving)     # serve's rebuilds reuse what the last one saved

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
        if self.watch:
            self.watch.build_started()     # what changes in content/ now is judged when it ends
        # MkDocs empties site/ next, waiting on the disk: a one-off build scans meanwhile, in a
        # child (serve keeps what a rebuild saved in this process; --dirty does not clean).
        beside = not self.serving and not self.dirty and apart_from_site(self.settings, config)
        self.build = Build.start(self.config, self.settings, config, dirty=self.dirty, beside_clean=beside)

    @one_line_errors
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        return self.build.gather(files, config)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if (meta := self.build.page_meta(page.file.src_uri)) is not None:
            page.meta.update(meta)
        return markdown

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        self.build.nav = nav
        return nav

    @one_line_errors
    def on_env(self, env, config: MkDocsConfig, files: Files):
        return self.build.hand_over(env, config, files)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        return self.build.page_context(context, page.file.src_uri, page.meta.get("template"))

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if page.file.src_uri in self.build.pages.with_notes:     # as site/render.py writes its pages
            output = squeeze(output)
        self.build.known_pages.remember(page.file.src_uri, output)
        return output

    @one_line_errors
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.build.publish(config, offline=not self.serving)
        self._build_ended()

    def on_serve(self, server, config: MkDocsConfig, builder):
        # Library and content changes rebuild the preview (the rebuild re-scans): watched
        # natively, poking one trigger file MkDocs polls (site/serve_watch.py).
        watch = ServeWatch(self.trigger(), self.settings.roots, self.settings.content_dir, self.settings.cache_dir)
        if watch.start():
            self.watch = watch
            server.watch(str(watch.trigger.parent))
            watch.reach(server)
            return server
        server.watch(str(self.settings.content_dir))
        for root in self.settings.roots:
            if root.is_dir():
                server.watch(str(root))
        return server

    def trigger(self) -> Path:
        return cache_path(self.settings.cache_dir, "serve") / "trigger"

    def on_build_error(self, error: Exception) -> None:
        self._build_ended()

    def _build_ended(self) -> None:
        REPEATS.summarise()
        collector.run_ended()
        if self.watch:
            self.watch.build_done()
