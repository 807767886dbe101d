"""The library page, kept whole while its inputs stay the same.

MkDocs renders the library page itself (hand-written pages link to it), and without
JavaScript it lists every movie: a fifth of a second at 10,000 movies, on every build.
Its inputs are the movies' shared digest (what any page but a movie's own shows of
it, with the artwork and the package's code: site/page_inputs.py), the playlists, the
site's fingerprint and the template's. When they are as last build's, the page is
given a template that prints last build's HTML (`known_html`), and its context is not
built. Plugins that rewrite pages' HTML before this one (on_post_page) then see that HTML
again; those after it see the same page either way.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from ..cache.keys import digest as key_digest
from ..cache.layout import cache_path
from ..cache.memo import keep, recall
from .kinds.library import PAGE as LIBRARY_PAGE, TEMPLATE as LIBRARY_TEMPLATE
from .pages import TEMPLATES
from .render import TemplateFingerprints, site_fingerprint

KNOWN_TEMPLATE = "mv-known-page.html"


class LibraryPageMemo:
    def __init__(self, cache_dir: Path | None = None) -> None:
        self.path = cache_path(cache_dir or ".", "library_page")
        self.refs = cache_path(cache_dir or ".", "template_refs")     # shared with site/render.py
        self.key = ""
        self.html: str | None = None        # last build's page, when its inputs are the same

    def prepare(self, page: Page, env, config: MkDocsConfig, nav, library_digest: str, playlists: Any,
                site_inputs: str = "") -> bool:
        """Give `page` the template that prints last build's HTML when its inputs are as
        last build's (never without the library's digest); returns whether it did."""
        self.html = None
        self.key = ""
        if not library_digest:
            return False
        templates = {LIBRARY_TEMPLATE, *TEMPLATES}
        template_fp = TemplateFingerprints(env, config, self.refs)(templates, LIBRARY_TEMPLATE)
        inputs = [library_digest, playlists, site_fingerprint(config, nav, site_inputs), template_fp]
        self.key = key_digest(json.dumps(inputs, sort_keys=True, default=str))
        last = recall(self.path, self.key)
        if isinstance(last, str):
            self.html = last
            page.meta["template"] = KNOWN_TEMPLATE
        return self.html is not None

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        """The whole context of the page kept from the last build (nothing else is built)."""
        return {"known_html": self.html} if src_uri == LIBRARY_PAGE and self.html is not None else None

    def remember(self, src_uri: str, html: str) -> None:
        """The page as rendered this build, for the next one."""
        if src_uri == LIBRARY_PAGE and self.html is None:
            keep(self.path, self.key, html)
