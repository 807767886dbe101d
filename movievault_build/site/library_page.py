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

import hashlib
import json
from pathlib import Path
from typing import Any

from ..fsutil import read_memo, write_memo

KNOWN_TEMPLATE = "mv-known-page.html"


class LibraryPageMemo:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.key = ""
        self.html: str | None = None        # last build's page, when its inputs are the same

    def prepare(self, library_digest: str, *inputs: Any) -> bool:
        """Whether last build's page serves for these inputs (never without the library's
        digest)."""
        self.html = None
        if not library_digest:
            self.key = ""
            return False
        self.key = hashlib.blake2b(json.dumps([library_digest, *inputs], sort_keys=True, default=str).encode(),
                                   digest_size=16).hexdigest()
        last = read_memo(self.path, tuple)
        if last and len(last) == 2 and last[0] == self.key and isinstance(last[1], str):
            self.html = last[1]
        return self.html is not None

    def remember(self, html: str) -> None:
        """The page as rendered this build, for the next one."""
        if self.key and self.html is None:
            try:
                write_memo(self.path, (self.key, html))
            except OSError:
                pass                        # a derived cache: rendered again next build
