"""What the plugin adds to the site's theme: its templates, partials and assets ship in
`theme/` inside the package and are registered here, so a site needs nothing copied.

The folder goes into the theme's search path right after the site's own `custom_dir` and
before mkdocs-material's: a site's `custom_dir/movie.html` still wins over ours, and ours
win over material's (`main.html`, `404.html`, `partials/search.html`). MkDocs copies the
folder's static files (assets, icons, JSON schemas) into `site/` like any theme's.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..views.api import field_schema, summary_required, summary_schema

THEME_DIR = Path(__file__).resolve().parent / "theme"
# Published paths of the assets every page loads (the library page loads its own).
STYLESHEETS = ("assets/movievault/movievault.css", "assets/movievault/search.css", "assets/movievault/library.css")
SCRIPTS = ("assets/movievault/search.js", "assets/movievault/app.js")
MANIFEST = "manifest.webmanifest"
OFFLINE = "offline.html"        # what the service worker shows for a page never visited (site/offline.py)
MOVIE_SCHEMA = "api/schema/movie.schema.json"   # its metadata properties come from fields.py
MOVIES_SCHEMA = "api/schema/movies.schema.json"  # so do its entries' (the fields declared `summary`)


def register(config: MkDocsConfig) -> None:
    """Put the plugin's theme folder in the search path and its assets on every page."""
    theme = config.theme
    folder = str(THEME_DIR)
    if folder not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, folder)
    theme.static_templates.add(MANIFEST)
    theme.static_templates.add(OFFLINE)
    for sheet in STYLESHEETS:
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    listed = {str(script) for script in config.extra_javascript}
    for script in SCRIPTS:
        if script not in listed:
            config.extra_javascript.append(script)


class Once:
    """`{% call mv_once(key, …) %}…{% endcall %}` renders its body the first time a key comes
    and gives that text back for the same key after: the parts of the page frame that are
    the same on every page of one depth and top folder (mv-base.html says which and keys
    them). One per build (site/build.py): the site's config and navigation are in no key."""

    def __init__(self) -> None:
        self.done: dict[tuple, str] = {}

    def __call__(self, *key, caller) -> str:
        if key not in self.done:
            self.done[key] = caller()
        return self.done[key]

    def fill(self, *key, value: Any, caller) -> str:
        """`{% call(topic) mv_once.fill(key, …, value=title) %}…{{ topic }}…{% endcall %}`: the
        body rendered once per key with a mark for its argument, then the mark replaced by
        each call's value as `{{ topic }}` prints it (`str`, unescaped: MkDocs' environment
        does not autoescape). A body that prints its argument other than once is rendered
        with the value itself."""
        key = (_FILL, *key)
        if key not in self.done:
            self.done[key] = caller(_FILL)
        text = self.done[key]
        if text.count(_FILL) == 1:
            return text.replace(_FILL, str(value))
        return caller(value)


_FILL = "\x00mv-once-fill\x00"


def fill_schemas(files: Files, config: MkDocsConfig) -> None:
    """The theme's api/schema/movie.schema.json and movies.schema.json (a site's custom_dir
    may have its own) with the declared fields' properties filled in, handed over in their place."""
    for path in (MOVIE_SCHEMA, MOVIES_SCHEMA):
        found = files.get_file_from_path(path)
        if found is None or found.abs_src_path is None:
            continue
        text = Path(found.abs_src_path).read_text("utf-8")
        files.remove(found)
        files.append(File.generated(config, path, content=movie_schema(text)))


def movie_schema(template: str) -> str:
    """A schema template filled from the field declarations."""
    return jinja2.Template(template, keep_trailing_newline=True).render(
        movievault_field_schema=field_schema(), movievault_summary_schema=summary_schema(),
        movievault_summary_required=summary_required())


def robots_txt(allow_indexing: bool) -> str:
    """A personal film library is not for search engines unless its owner says so."""
    return "User-agent: *\n" + ("Allow: /\n" if allow_indexing else "Disallow: /\n")
