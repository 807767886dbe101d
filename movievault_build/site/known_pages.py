"""The pages MkDocs renders for the plugin (library, indexes, health, statistics, discover,
playlists), each kept whole while its inputs stay the same.

MkDocs renders these pages itself (hand-written pages link to them), on every build: the
health page lists every problem and every movie with an issue (most of a second at
10,000 movies), the library page every movie for browsers without JavaScript. Each page's
key is what shapes its HTML: its own inputs, the page as MkDocs made it (URL, title,
front matter, converted Markdown), the site's fingerprint and its template's
(site/render.py). When the key is last build's, the page is given a template that prints
last build's HTML (`known_html`), and its context is not built. Plugins that rewrite
pages' HTML before this one (on_post_page) then see that HTML again; those after it see
the same page either way.

A page's own inputs are a digest that stands for its context, or the context itself
(plain values, hashed as JSON); a page without either is rendered every build. A page
whose context is costly to make (the people index is megabytes at 10,000 movies) may
name a key its context follows from as well: while that key is last build's, so is the
context's digest, and the context is not made to find it out.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from ..cache.keys import digest as key_digest
from ..cache.layout import cache_path
from ..cache.memo import keep, read_memo, recall, write_memo
from .render import TemplateFingerprints, site_fingerprint

KNOWN_TEMPLATE = "mv-known-page.html"
MAIN_TEMPLATE = "main.html"             # a page whose front matter names none (MkDocs' default)
MEMO_SUFFIX = ".marshal"
# A page's inputs: a digest standing for its context, or a call that builds the context
# (then the context is the input, and is kept for the render if the page is not known),
# or (a key the context follows from, that call).
Build = Callable[[], dict[str, Any] | None]
Inputs = str | Build | tuple[str, Build] | None


def context_digest(context: Mapping[str, Any] | None) -> str | None:
    """A digest of a page's context as plain values; None when it holds anything else
    (then nothing stands for it and the page is rendered)."""
    if context is None:
        return None
    try:
        text = json.dumps(context, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        return None
    return key_digest("context", text)


class KnownPages:
    def __init__(self, cache_dir: Path | None = None) -> None:
        self.folder = cache_path(cache_dir or ".", "known_pages")
        self.stand_ins = cache_path(cache_dir or ".", "known_contexts")   # uri -> (key, context digest)
        self.refs = cache_path(cache_dir or ".", "template_refs")     # shared with site/render.py
        self.keys: dict[str, str] = {}            # src_uri -> this build's key, for `remember`
        self.html: dict[str, str] = {}            # src_uri -> last build's page, inputs unchanged
        self.contexts: dict[str, dict[str, Any]] = {}   # contexts built for keying, not known

    def prepare(self, files: Files, env, config: MkDocsConfig, nav, inputs: Mapping[str, Inputs],
                page_templates: tuple[str, ...] = (), site_inputs: str = "",
                fingerprints: TemplateFingerprints | None = None) -> list[str]:
        """Give each page of `inputs` (src_uri -> its inputs) that is as last build's the
        template that prints last build's HTML; returns those pages' src_uris.
        `fingerprints`: the build's (site/render.py keeps what they parsed)."""
        self.keys, self.html, self.contexts = {}, {}, {}
        pages = {uri: f.page for uri in inputs if (f := files.get_file_from_path(uri)) is not None
                 and f.page is not None}
        if not pages:
            return []
        templates = {page.meta.get("template") or MAIN_TEMPLATE for page in pages.values()}
        fingerprints = fingerprints or TemplateFingerprints(env, config, self.refs)
        site_fp = site_fingerprint(config, nav, site_inputs)
        page_fp = lambda template: fingerprints({*templates, *page_templates}, template)  # noqa: E731
        last_digests = read_memo(self.stand_ins, dict) or {}
        digests: dict[str, tuple[str, str]] = {}
        for uri, page in pages.items():
            own, stand_in = inputs[uri], None
            if isinstance(own, tuple):
                stand_in, own = own
                last = last_digests.get(uri)
                if (isinstance(last, tuple) and len(last) == 2 and stand_in and last[0] == stand_in
                        and isinstance(last[1], str) and self._known(uri, page, last[1], site_fp, page_fp)):
                    digests[uri] = last
                    continue
                self.keys.pop(uri, None)       # keyed on a digest that is not this build's
            if callable(own):         # made, also when the page is not known: the render needs it
                context = own()
                own = context_digest(context)
                if own is not None:
                    self.contexts[uri] = context
            if own and stand_in:
                digests[uri] = (stand_in, own)
            if own and self._known(uri, page, own, site_fp, page_fp):
                self.contexts.pop(uri, None)
        self._forget_others(pages)
        if digests != last_digests:
            try:
                write_memo(self.stand_ins, digests)
            except OSError:
                pass           # only speed is lost: the next build makes the contexts
        return sorted(self.html)

    def _known(self, uri: str, page, own: str, site_fp: str, page_fp: Callable[[str], str]) -> bool:
        """Key the page on its own inputs `own`; when last build's page has that key, give
        the page the template that prints it."""
        template = page.meta.get("template") or MAIN_TEMPLATE
        shown = [uri, page.url, page.title, page.content, page.meta]
        try:
            page_text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
        except (TypeError, ValueError):
            return False
        self.keys[uri] = key = key_digest(own, page_text, site_fp, page_fp(template))
        last = recall(self._memo(uri), key)
        if not isinstance(last, str):
            return False
        self.html[uri] = last
        page.meta["template"] = KNOWN_TEMPLATE
        return True

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        """A known page's whole context (nothing else is built), or the context built to
        key a page that is not known."""
        if src_uri in self.html:
            return {"known_html": self.html[src_uri]}
        return self.contexts.get(src_uri)

    def remember(self, src_uri: str, html: str) -> None:
        """The page as rendered this build, for the next one."""
        if src_uri in self.keys and src_uri not in self.html:
            keep(self._memo(src_uri), self.keys[src_uri], html)

    def _memo(self, uri: str) -> Path:
        return self.folder / (uri.replace("/", "--") + MEMO_SUFFIX)

    def _forget_others(self, pages: Mapping[str, Any]) -> None:
        """Drop the kept pages this site no longer has (a removed playlist's)."""
        mine = {self._memo(uri).name for uri in pages}
        try:
            kept = [e for e in os.scandir(self.folder) if e.name.endswith(MEMO_SUFFIX) and e.name not in mine]
        except OSError:
            return
        for entry in kept:
            try:
                os.unlink(entry.path)
            except OSError:
                pass
