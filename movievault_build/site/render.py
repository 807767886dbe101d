"""Render the generated pages (movies, people, collections …) ourselves, with a cache.

MkDocs knows no incremental builds: every page is converted and rendered on every build,
and a library is tens of thousands of pages. These pages are rendered here instead, with
the theme's own Jinja environment and MkDocs' own page context, and each rendered page is
kept in a content-addressed cache keyed by everything that shapes it: its inputs (the view
data, body, URL, template name) and a fingerprint of the theme files, MkDocs and theme
versions, the site config and the navigation. An unchanged page is linked into site/ from
the cache; the output is byte-identical to a cold render because it *is* that render.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

import jinja2.meta
import mkdocs
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..fsutil import atomic_write_bytes
from ..log import get_logger

log = get_logger("render")
ENGINE_VERSION = 1          # bump when this module changes what it writes


@dataclass(frozen=True)
class GeneratedPage:
    uri: str                             # e.g. movies/heat-1995.md
    template: str                        # e.g. movie.html
    title: str                           # already HTML-escaped (material prints it raw)
    context: Mapping[str, Any]           # extra template context (plain, JSON-serialisable)
    body: str = ""                       # the user's Markdown, if any


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0
    pruned: int = 0
    keys: set[str] = field(default_factory=set)


class TemplateFingerprints:
    """A fingerprint per page template: the files it statically extends, includes and
    imports, plus every theme file no page template reaches statically (icons, language
    files and other targets of computed includes, which any page might use). So editing
    movie.html re-renders movie pages only, and editing base.html re-renders them all."""

    def __init__(self, env, config: MkDocsConfig) -> None:
        self.env = env
        self.files = _theme_files(config)                 # template name -> content hash
        self._closures: dict[str, frozenset[str]] = {}
        self._memo: dict[str, str] = {}

    def closure(self, name: str) -> frozenset[str]:
        if name not in self._closures:
            self._closures[name] = frozenset()            # guards against include cycles
            source, _, _ = self.env.loader.get_source(self.env, name)
            refs = jinja2.meta.find_referenced_templates(self.env.parse(source))
            found = {name}
            for ref in refs:
                if ref is not None and ref in self.files:
                    found |= self.closure(ref)
            self._closures[name] = frozenset(found)
        return self._closures[name]

    def __call__(self, page_templates: Iterable[str], name: str) -> str:
        if name not in self._memo:
            reached = set().union(*(self.closure(t) for t in set(page_templates)))
            pool = sorted(set(self.files) - reached)
            parts = [f"{f}:{self.files[f]}" for f in sorted(self.closure(name))] + \
                    [f"{f}:{self.files[f]}" for f in pool]
            self._memo[name] = hashlib.sha256("\n".join(parts).encode()).hexdigest()
        return self._memo[name]


def _theme_files(config: MkDocsConfig) -> dict[str, str]:
    """Template name -> signature of the file the loader would pick (custom_dir wins).

    The user's own templates are hashed by content; the installed theme's thousands of
    files (icons …) by size and mtime, which change whenever the theme is reinstalled."""
    found: dict[str, str] = {}
    custom = {Path(d).resolve() for d in [config.theme.custom_dir] if d}
    for folder in config.theme.dirs:
        by_content = Path(folder).resolve() in custom
        release = None if by_content else _installed_release(Path(folder))
        for dirpath, dirs, names in os.walk(folder):
            dirs.sort()
            for fname in sorted(names):
                path = Path(dirpath) / fname
                rel = path.relative_to(folder).as_posix()
                if rel in found or path.suffix not in (".html", ".xml", ".js", ".json", ".svg", ".css", ".yml"):
                    continue
                if by_content:
                    found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
                elif release:
                    found[rel] = release
                else:
                    st = path.stat()
                    found[rel] = f"{st.st_size}:{st.st_mtime_ns}"
    return found


def _installed_release(folder: Path) -> str | None:
    """`package==version` of the installed package a theme folder belongs to (material,
    mkdocs), so its thousands of files need no reading; None for anything else."""
    for parent in (folder, *folder.parents):
        if parent.parent.name in ("site-packages", "dist-packages"):
            version = getattr(sys.modules.get(parent.name), "__version__", None)
            return f"{parent.name}=={version}" if version else None
    return None


def site_fingerprint(config: MkDocsConfig, nav) -> str:
    """Everything outside a page's own inputs and templates that can change its HTML."""
    h = hashlib.sha256()
    h.update(f"engine {ENGINE_VERSION} mkdocs {mkdocs.__version__}\n".encode())
    settings = {key: config.get(key) for key in (
        "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
        "repo_name", "edit_uri", "extra", "extra_css", "extra_javascript", "markdown_extensions",
        "mdx_configs", "use_directory_urls", "theme")}
    settings["theme"] = {k: config.theme[k] for k in sorted(config.theme)} if config.theme else {}
    settings["nav"] = list(_nav_outline(nav.items if nav else ()))
    h.update(json.dumps(settings, sort_keys=True, default=str).encode())
    return h.hexdigest()


def _nav_outline(items) -> Iterable[tuple]:
    for item in items:
        yield (getattr(item, "title", None), getattr(item, "url", None))
        yield from _nav_outline(getattr(item, "children", None) or ())


def page_key(site_fp: str, template_fp: str, page: GeneratedPage) -> str:
    payload = json.dumps([site_fp, template_fp, page.uri, page.template, page.title, page.body, page.context],
                         sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


class PageCache:
    """Rendered pages by key, under <cache_dir>/pages/<k[:2]>/<key>.html."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.html"

    def prune(self, keep: set[str]) -> int:
        """Drop pages this build did not use (old renders of changed pages)."""
        removed = 0
        if not self.root.is_dir():
            return 0
        for path in self.root.glob("*/*.html"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def render_all(pages: Iterable[GeneratedPage], *, config: MkDocsConfig, files: Files, nav, env,
               cache: PageCache, site_dir: Path) -> RenderStats:
    stats = RenderStats()
    pages = list(pages)
    site_fp = site_fingerprint(config, nav)
    templates = TemplateFingerprints(env, config)
    page_templates = {p.template for p in pages}
    for page in pages:
        key = page_key(site_fp, templates(page_templates, page.template), page)
        stats.keys.add(key)
        cached = cache.path(key)
        if cached.is_file():
            stats.reused += 1
        else:
            atomic_write_bytes(cached, render_one(page, config=config, files=files, nav=nav, env=env))
            stats.rendered += 1
        _place(cached, site_dir / File.generated(config, page.uri, content="").dest_uri)
    stats.pruned = cache.prune(stats.keys)
    return stats


def render_one(page: GeneratedPage, *, config: MkDocsConfig, files: Files, nav, env) -> bytes:
    """One page, the way MkDocs' own `_build_page` would render it."""
    file = File.generated(config, page.uri, content=page.body)
    mk_page = Page(None, file, config)
    mk_page.markdown = page.body
    mk_page.meta = {"template": page.template, "title": page.title, "hide": ["navigation", "toc"],
                    "search": {"exclude": True}}
    if page.body.strip():
        mk_page.render(config, files)
    else:
        mk_page.content = ""
    config._current_page = mk_page
    mk_page.active = True
    try:
        context = get_context(nav, files, config, mk_page)
        context.update(page.context)
        html = env.get_template(page.template).render(context)
    finally:
        mk_page.active = False
        config._current_page = None
    return html.encode("utf-8", errors="xmlcharrefreplace")


def place_files(files: Mapping[str, Path], site_dir: Path) -> None:
    """Cached derived files (image variants) into site/, linked rather than copied."""
    for rel, cached in files.items():
        _place(cached, site_dir / rel)


def _place(cached: Path, dest: Path) -> None:
    """A hard link costs no copy; fall back to copying across file systems."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        dest.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(cached, dest)
    except OSError:
        shutil.copyfile(cached, dest)
