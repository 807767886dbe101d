"""Render the generated pages (movies, people, collections …) ourselves, with a cache.

MkDocs knows no incremental builds: every page is converted and rendered on every build,
and a library is tens of thousands of pages. These pages are rendered here instead, with
the theme's own Jinja environment and MkDocs' own page context, and each rendered page is
kept in a content-addressed cache keyed by everything that shapes it: its inputs (the view
data, URL, template name) and a fingerprint of the theme files, MkDocs and theme
versions, the site config and the navigation. An unchanged page is linked into site/ from
the cache (site/handover.py); the output is byte-identical to a cold render because it
*is* that render.

These pages have no Markdown of their own (a movie with notes in its content file is an
ordinary MkDocs page, site/kinds/movie.py): what MkDocs would do for them is get the page
context and render the template, which `render_one` does through MkDocs' public API.
"""
from __future__ import annotations

import itertools
import json
import os
import posixpath
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import jinja2
import jinja2.meta
import jinja2.utils
import mkdocs
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..cache.keys import content_hash, digest as key_digest, hasher, text_hash
from ..process.forked import fork_map, workers_for
from ..cache.layout import VERSIONS
from ..cache.memo import read_memo, write_memo
from ..cache.rules import read_cache_file, ready_cache_file, set_aside
from ..fsutil import atomic_write_bytes
from ..log import get_logger
from .frames import CHECKED, Frames
from .headers import ScriptFilter, inline_script_hashes
from .page_urls import remembered
from .theme import THEME_DIR
from ..cache.files import FileCache

log = get_logger("render")
ENGINE_VERSION = VERSIONS["pages"]   # bumped (cache/layout.py) when this module changes what it writes
# The indentation and blank lines templates leave between tags: about 2 KB of a 16 KB
# page, times tens of thousands of pages. A run of whitespace holding a line break
# becomes one line break (still whitespace where it separates inline text); what is
# inside <pre>, <textarea>, <script> and <style> is kept as written (the CSP hashes
# the scripts' text). As `re.sub(r"[ \t\r]*\n\s*", "\n")` outside those blocks, done with
# str methods: a regex tried at every character cost a millisecond a page.
_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)


@dataclass(frozen=True)
class GeneratedPage:
    uri: str                             # e.g. movies/heat-1995.md
    dest: str                            # e.g. movies/heat-1995/index.html
    template: str                        # e.g. movie.html
    title: str                           # already HTML-escaped (material prints it raw)
    context: Mapping[str, Any]           # extra template context (plain, JSON-serialisable)


@dataclass(frozen=True)
class PageInput:
    """What a page is known by before its view is built (site/page_inputs.py)."""
    dest: str
    template: str
    digest: str


@dataclass
class RenderStats:
    rendered: int = 0
    reused: int = 0
    known: int = 0           # of the reused: known by their input digests, never made
    pruned: int = 0
    keys: set[str] = field(default_factory=set)
    outputs: dict[str, Path] = field(default_factory=dict)    # site path -> cache file
    scripts: set[str] = field(default_factory=set)            # inline script hashes (CSP)


class TemplateFingerprints:
    """A fingerprint per page template: the files it statically extends, includes and
    imports, plus every theme file no page template reaches statically (icons, language
    files and other targets of computed includes, which any page might use) except
    stylesheets and scripts. So editing movie.html re-renders movie pages only, editing
    base.html re-renders them all, and editing a stylesheet re-renders none.
    An installed theme's thousands of files count as one `package==version` token."""

    def __init__(self, env, config: MkDocsConfig, refs_memo: Path | None = None) -> None:
        self.env = env
        self.files, self.releases = _theme_files(config)   # template name -> signature; tokens
        self._closures: dict[str, frozenset[str]] = {}
        self._memo: dict[tuple[frozenset[str], str], str] = {}
        # Parsing a template for its references costs more than the rest of a warm build's
        # page keying: what a source references is remembered by the source's digest.
        self._refs_memo = refs_memo
        self._refs_known: dict[str, list[str]] = (read_memo(refs_memo, dict) or {}) if refs_memo else {}
        self._refs_used: dict[str, list[str]] = {}

    def _refs(self, source: str) -> list[str]:
        digest = key_digest(f"{jinja2.__version__}\n{source}")
        refs = self._refs_known.get(digest)
        if not isinstance(refs, list):
            refs = [r for r in jinja2.meta.find_referenced_templates(self.env.parse(source)) if r is not None]
        self._refs_used[digest] = refs
        return refs

    def closure(self, name: str) -> frozenset[str]:
        if name not in self._closures:
            self._closures[name] = frozenset()            # guards against include cycles
            try:
                source, _, _ = self.env.loader.get_source(self.env, name)
            except jinja2.TemplateNotFound:
                return self._closures[name]
            found = {name}
            for ref in self._refs(source):
                found |= self.closure(ref)
            self._closures[name] = frozenset(found)
        return self._closures[name]

    def save(self) -> None:
        """Keep what this build's templates reference (and nothing older)."""
        if self._refs_memo and self._refs_used != self._refs_known:
            write_memo(self._refs_memo, self._refs_used)

    def __call__(self, page_templates: Iterable[str], name: str) -> str:
        page_templates = frozenset(page_templates)
        if (page_templates, name) not in self._memo:
            reached = set().union(*(self.closure(t) for t in page_templates))
            # Stylesheets and scripts are served, not included: they shape a page only when
            # a template includes them by name (then they are in its closure).
            pool = sorted(f for f in set(self.files) - reached if not f.endswith((".css", ".js")))
            mine = sorted(f for f in self.closure(name) if f in self.files)
            parts = [f"{f}:{self.files[f]}" for f in mine] + [f"{f}:{self.files[f]}" for f in pool]
            self._memo[page_templates, name] = text_hash("\n".join(parts + self.releases))
        return self._memo[page_templates, name]


def _theme_files(config: MkDocsConfig) -> tuple[dict[str, str], list[str]]:
    """Template name -> signature of the files the loader may pick, and the release tokens
    of installed themes.

    The user's own templates are hashed by content. An installed theme (material, MkDocs'
    own) is not walked at all: its files change only with its version. Any other theme
    folder's files are signed by size and mtime."""
    found: dict[str, str] = {}
    releases: list[str] = []
    custom = {Path(d).resolve() for d in [config.theme.custom_dir] if d}
    for folder in config.theme.dirs:
        by_content = Path(folder).resolve() in custom
        release = None if by_content else _installed_release(Path(folder))
        if release:
            releases.append(release)
            continue
        for dirpath, dirs, names in os.walk(folder):
            dirs.sort()
            for fname in sorted(names):
                path = Path(dirpath) / fname
                rel = path.relative_to(folder).as_posix()
                if rel in found or path.suffix not in (".html", ".xml", ".js", ".json", ".svg", ".css", ".yml"):
                    continue
                if by_content:
                    found[rel] = content_hash(path.read_bytes())
                else:
                    st = path.stat()
                    found[rel] = f"{st.st_size}:{st.st_mtime_ns}"
    return found, releases


def _installed_release(folder: Path) -> str | None:
    """`package==version` of the installed package a theme folder belongs to (material,
    mkdocs), so its thousands of files need no reading; None for anything else."""
    for parent in (folder, *folder.parents):
        if parent.parent.name in ("site-packages", "dist-packages"):
            version = getattr(sys.modules.get(parent.name), "__version__", None)
            return f"{parent.name}=={version}" if version else None
    return None


def site_fingerprint(config: MkDocsConfig, nav, site_inputs: str = "") -> str:
    """Everything outside a page's own inputs and templates that can change its HTML;
    `site_inputs` is what the plugin puts on every page (the user switcher)."""
    h = hasher()
    h.update(f"engine {ENGINE_VERSION} mkdocs {mkdocs.__version__}\n{site_inputs}\n".encode())
    settings = {key: config.get(key) for key in (
        "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
        "repo_name", "edit_uri", "extra", "extra_css", "extra_javascript", "markdown_extensions",
        "mdx_configs", "use_directory_urls", "theme")}
    settings["theme"] = {k: config.theme[k] for k in sorted(config.theme)} if config.theme else {}
    settings["nav"] = list(_nav_outline(nav.items if nav else ()))
    h.update(json.dumps(settings, sort_keys=True, default=_plain).encode())
    return h.hexdigest()


def _plain(value: Any) -> str:
    try:
        return str(value)
    except ConfigurationError:      # `!relative` in markdown_extensions: a path only a page has
        return type(value).__name__


def _nav_outline(items) -> Iterable[tuple]:
    for item in items:
        yield (getattr(item, "title", None), getattr(item, "url", None))
        yield from _nav_outline(getattr(item, "children", None) or ())


def page_key(site_fp: str, template_fp: str, page: GeneratedPage) -> str:
    # Views are built in a fixed order, so no key sorting: equal inputs give equal text.
    payload = json.dumps([site_fp, template_fp, page.uri, page.template, page.title, "", page.context],
                         ensure_ascii=False, default=str)
    return text_hash(payload)


_HASH = re.compile(r"'sha256-[A-Za-z0-9+/]{43}='")


class ScriptIndex:
    """The allowed inline scripts' hashes of each cached page (for the CSP, site/headers.py),
    so a warm build need not read every page back. Kept per set of allowed scripts: a new
    theme version reads the pages again."""

    def __init__(self, path: Path, allowed: ScriptFilter | None = None, allowed_key: str = "") -> None:
        self.path, self.allowed, self.allowed_key = path, allowed, allowed_key
        self.known: dict[str, list[str]] = {}
        data = read_cache_file(path, 1 << 30)
        try:
            saved = json.loads(data) if data else {}
            pages = saved.get("pages") if saved.get("allowed") == allowed_key else {}
        except (ValueError, AttributeError):
            set_aside(path, "not the index it should be")
            pages = {}
        if isinstance(pages, dict):
            self.known = {k: v for k, v in pages.items()
                          if isinstance(v, list) and all(isinstance(h, str) and _HASH.fullmatch(h) for h in v)}
        self.used: dict[str, list[str]] = {}

    def record(self, key: str, found: list[str] | None, cached: str) -> None:
        """`found`: the hashes of a page just rendered; None for a page reused as cached."""
        if found is None:
            found = self.known.get(key)
        self.used[key] = found if found is not None else sorted(
            inline_script_hashes(Path(cached).read_bytes(), self.allowed))

    def hashes(self) -> set[str]:
        return {h for found in self.used.values() for h in found}

    def save(self, keep: set[str]) -> None:
        """Keep the hashes of every page the cache keeps (other configs' pages too)."""
        merged = {k: v for k, v in self.known.items() if k in keep} | self.used
        if merged != self.known:
            data = {"allowed": self.allowed_key, "pages": merged}
            atomic_write_bytes(self.path, json.dumps(data, sort_keys=True).encode(), durable=False)


def render_all(uris: Sequence[str], make: Callable[[str], GeneratedPage], templates_used: Iterable[str], *,
               config: MkDocsConfig, files: Files, nav, env, cache: FileCache,
               workers: int | None = None, inputs: Mapping[str, PageInput] | None = None,
               allowed_scripts: ScriptFilter | None = None, allowed_key: str = "", site_inputs: str = "",
               fingerprints: TemplateFingerprints | None = None) -> RenderStats:
    """Make, key and (when the cache lacks it) render every page; `stats.outputs` maps
    each page's site path to its cache file, for site/handover.py to hand to MkDocs.

    A page whose input digest (`inputs`), the site's fingerprint and its template's are
    as in the last build of this config takes last build's key without being made.
    The rest run on every core (process/forked.py): building a page's view and key costs as
    much as a warm build's rendering used to. `make(uri)` builds one page. `fingerprints`:
    the build's, when other pages were keyed with it (the references it parsed are kept
    for the next build together)."""
    stats = RenderStats()
    # Jinja's template cache is an LRU whose every hit moves its key in a deque, a scan of
    # the cache: a page looks its template and includes up about fifteen times. A build's
    # theme has tens of templates, which a plain dict (Jinja's own unbounded cache) holds.
    if isinstance(env.cache, jinja2.utils.LRUCache):
        env.cache = dict(env.cache.items())
    site_fp = site_fingerprint(config, nav, site_inputs)
    fingerprints = fingerprints or TemplateFingerprints(env, config, cache.beside("template_refs"))
    templates_used = set(templates_used)
    template_fp = {t: fingerprints(templates_used, t) for t in templates_used}   # before any fork
    fingerprints.save()
    # MkDocs' get_context lists the documentation pages from `files` for every page it is
    # given; the list is the same for all of this build's pages, so it is made once.
    mkdocs = {"config": config, "files": files.documentation_pages(), "nav": nav, "env": env,
              "frames": Frames(env, vetted_templates(env, config, fingerprints))}
    scripts = ScriptIndex(cache.beside("scripts"), allowed_scripts, allowed_key)
    notes = cache.beside("page_notes")
    memo = notes / f"{site_fp[:32]}.inputs"    # uri -> (input digest, page key), last build's
    known: dict[str, tuple[str, str]] = read_memo(memo, dict) or {}
    now: dict[str, tuple[str, str]] = {}
    wanted: dict[str, str] = {}
    todo: list[str] = []
    for uri in uris:
        given = inputs.get(uri) if inputs else None
        if given is None or given.template not in template_fp:
            todo.append(uri)
            continue
        digest = key_digest(f"{given.digest}|{site_fp}|{template_fp[given.template]}")
        key = cache.known(known.get(uri), digest)
        if key:
            now[uri] = (digest, key)
            stats.keys.add(key)
            stats.outputs[given.dest] = cached = cache.path(key)
            stats.reused += 1
            stats.known += 1
            scripts.record(key, None, cached)
            continue
        wanted[uri] = digest
        todo.append(uri)

    def one(uri: str) -> tuple[str, str, list[str] | None]:
        page = make(uri)
        key = page_key(site_fp, template_fp[page.template], page)
        if cache.has(key):
            return page.dest, key, None
        return page.dest, key, _render_into(cache, page, key, mkdocs, allowed_scripts)

    if todo and allowed_scripts is not None:
        allowed_scripts("")    # its pattern compiled once, before the workers fork (site/headers.py)
    n = workers_for(len(todo), PARALLEL_FROM, workers)
    first: list = []
    order = todo
    # MkDocs' `url` filter, its answers remembered per folder while these pages render
    # (site/page_urls.py); the rest of the build gets MkDocs' own back.
    made_url = env.filters.get("url")
    if made_url is not None:
        env.filters["url"] = remembered(made_url)
    try:
        if n > 1:
            log.debug("making %d pages in %d processes", len(todo), n)
            # Compiled once, here, not by each round's fresh workers: the pages' templates, and
            # through the first pages, rendered here, what they include and extend (by a computed
            # name too: material's language partial), the parts of their frame made once and the
            # frames of their classes, checked here (site/frames.py): a page or two of each folder.
            for name in templates_used:
                env.get_template(name)
            order, samples = _samples_first(todo, CHECKED)
            first = [one(uri) for uri in order[:min(samples, len(order) // 4)]]
        rest = fork_map(one, order[len(first):], min_items=PARALLEL_FROM, workers=workers, per_round=RENDER_ROUND)
        done = dict(zip(order, itertools.chain(first, rest)))
    finally:
        if made_url is not None:
            env.filters["url"] = made_url
    for uri in todo:                   # in the pages' own order: outputs are handed over in it
        dest, key, found = done[uri]
        stats.keys.add(key)
        stats.outputs[dest] = cached = cache.path(key)
        if found is None:
            stats.reused += 1
        else:
            stats.rendered += 1
        scripts.record(key, found, cached)
        if uri in wanted:
            now[uri] = (wanted[uri], key)
    keep = stats.keys | _recent_keys_of_other_configs(notes, site_fp, stats.keys)
    if now != known:
        write_memo(memo, now)
    scripts.save(keep)
    stats.scripts = scripts.hashes()
    stats.pruned = cache.prune(keep)
    return stats


def _samples_first(uris: list[str], per_folder: int) -> tuple[list[str], int]:
    """`uris` with the first `per_folder` of each folder first, and how many those are."""
    taken: dict[str, int] = {}
    samples: list[str] = []
    rest: list[str] = []
    for uri in uris:
        folder = posixpath.dirname(uri)
        if taken.get(folder, 0) < per_folder:
            taken[folder] = taken.get(folder, 0) + 1
            samples.append(uri)
        else:
            rest.append(uri)
    return samples + rest, len(samples)


def _recent_keys_of_other_configs(folder: Path, site_fp: str, keys: set[str]) -> set[str]:
    """The pages of the one other site config built most recently, which the prune spares:
    `mkdocs serve` (with its own site_url) and `mkdocs build` share this cache, and going
    back and forth must not re-render everything each time. Each config's page keys are
    noted in configs/<fingerprint>.json; older configs' notes (and so pages) are dropped,
    keeping the cache at two sites' worth at most."""
    folder.mkdir(parents=True, exist_ok=True)
    mine = folder / f"{site_fp[:32]}.json"
    ready_cache_file(mine)
    atomic_write_bytes(mine, json.dumps(sorted(keys)).encode(), durable=False)
    notes = sorted((n for n in folder.glob("*.json") if n != mine and n.is_file() and not n.is_symlink()),
                   key=lambda n: n.stat().st_mtime_ns, reverse=True)
    for old in notes[1:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".inputs").unlink(missing_ok=True)
    data = read_cache_file(notes[0], 1 << 30) if notes else None
    try:
        found = json.loads(data) if data else []
    except ValueError:
        found = None
    if not isinstance(found, list) or not all(isinstance(k, str) for k in found):
        set_aside(notes[0], "not a list of page keys")
        return set()
    return set(found)


PARALLEL_FROM = 200          # fewer pages than this are not worth forking workers (process/forked.py)
# Chunks of pages a render worker does before a fresh one is forked: a worker that renders
# for the whole build comes to hold a private copy of most of the build's heap
# (process/forked.py), three copies in all with two cores.
RENDER_ROUND = 8


def _render_into(cache: FileCache, page: GeneratedPage, key: str, mkdocs: dict[str, Any],
                 allowed: ScriptFilter | None) -> list[str]:
    html = render_one(page, **mkdocs)
    cache.write(key, html)
    return sorted(inline_script_hashes(html, allowed))


def render_one(page: GeneratedPage, *, config: MkDocsConfig, files: Files | Sequence[File], nav, env,
               frames: Frames | None = None) -> bytes:
    """One page, the way MkDocs' own `_build_page` renders a page without Markdown: the
    page's context (`url` filters resolve against its `page`), the template; with `frames`,
    through its class's frame where that gives the same bytes (site/frames.py)."""
    mk_page = Page(None, File.generated(config, page.uri, content=""), config)
    mk_page.markdown, mk_page.content = "", ""
    mk_page.meta = meta(page.template, page.title)
    mk_page.active = True
    try:
        context = get_context(nav, files, config, mk_page)
        context.update(page.context)
        template = env.get_template(page.template)
        html = frames.render(template, context, mk_page, page.context) if frames else template.render(context)
    finally:
        mk_page.active = False
    return squeeze(html).encode("utf-8", errors="xmlcharrefreplace")


def vetted_templates(env, config: MkDocsConfig, fingerprints: TemplateFingerprints) -> Callable[[str], bool]:
    """Whether a page template and every template it statically extends, includes and
    imports are the package's own or the installed mkdocs-material's: the frames whose
    page blocks site/frames.py knows (a site's custom_dir may put page data anywhere)."""
    own = [str(THEME_DIR)] + [str(Path(d).resolve()) for d in config.theme.dirs
                              if (_installed_release(Path(d)) or "").startswith("material==")]
    known: dict[str, bool] = {}

    def vetted(name: str) -> bool:
        if name not in known:
            try:
                files = [env.get_template(t).filename or "" for t in fingerprints.closure(name)]
            except jinja2.TemplateError:
                files = [""]
            known[name] = all(any(os.path.realpath(f).startswith(d + os.sep) for d in own) for f in files)
        return known[name]
    return vetted


def meta(template: str, title: str) -> dict[str, Any]:
    """A generated page's front matter: its template and title, out of the sidebars and
    the search (views/search_index.py indexes the library)."""
    return {"template": template, "title": title, "hide": ["navigation", "toc"], "search": {"exclude": True}}


def squeeze(html: str) -> str:
    out, at = [], 0
    for kept in _KEPT.finditer(html):
        out += (_squeeze_text(html[at:kept.start()]), kept.group(0))
        at = kept.end()
    out.append(_squeeze_text(html[at:]))
    return "".join(out)


def _squeeze_text(text: str) -> str:
    if "\n" not in text:
        return text
    lines = text.split("\n")
    # A line left empty by its indentation joins the run of whitespace around it.
    kept = [line.rstrip(" \t\r") for line in map(str.lstrip, lines[1:-1]) if line]
    kept.append(lines[-1].lstrip())
    return lines[0].rstrip(" \t\r") + "\n" + "\n".join(kept)
