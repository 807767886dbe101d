"""MkDocs' `url` filter for the generated pages, its answers remembered per folder.

A movie page links its cards, people, genres and assets through `| url`, about fifteen
times a page, each a path made relative to the page (`mkdocs.utils.normalize_url`). That
answer depends on the page's folder alone, except for a link into the page's own folder:
from movies/heat-1995/, movies/ronin-1998/ is ../ronin-1998/ as it is from every other
movie page, but movies/heat-1995/notes/ is notes/ there and ../heat-1995/notes/ elsewhere.
So an answer is kept per (path, folder) when the page it was made for is not the one the
path leads into, and given to the pages the path does not lead into; anything else (no
page, a path with backslashes, which MkDocs warns about) goes to MkDocs' own filter.
"""
from __future__ import annotations

import posixpath
from typing import Any, Callable
from urllib.parse import urlsplit

import jinja2


def remembered(made: Callable[..., str]) -> Callable[..., str]:
    """MkDocs' `url` filter (`made`), answering a path again from memory where the answer
    is the one it would give."""
    pages: dict[str, tuple[tuple[str, ...], str | None]] = {}
    targets: dict[str, tuple[str, ...] | None] = {}
    known: dict[tuple[str, tuple[str, ...], bool], str] = {}

    @jinja2.pass_context
    def url(context: Any, value: Any) -> str:
        page = context.get("page")
        path = str(value)
        if page is None or "\\" in path:
            return made(context, value)
        where = pages.get(page.url)
        if where is None:
            where = pages[page.url] = folder_of(page.url)
        target = targets.get(path, False)
        if target is False:
            target = targets[path] = target_of(path)
        folder, name = where
        if not _generic(target, folder, name):
            return made(context, value)
        key = (path, folder, name is None)     # movies/x/ links from movies/x, movies/x.html from movies
        found = known.get(key)
        if found is None:
            found = known[key] = made(context, value)
        return found

    return url


def folder_of(url: str) -> tuple[tuple[str, ...], str | None]:
    """A page's folder (what its relative links are made from, but for its own name) and
    its own name, as `mkdocs.utils.get_relative_url` reads a page's URL: `movies/heat-1995/`
    -> (("movies",), "heat-1995"). A page named by a file (`movies/heat-1995.html`) links
    from its folder alone: no name of its own."""
    folder, _, last = url.rpartition("/")
    if "." in last:
        return parts_of(folder), None
    parts = parts_of(url)
    return parts[:-1], parts[-1] if parts else None


def parts_of(path: str) -> tuple[str, ...]:
    path = posixpath.normpath("/" + path)[1:]
    return tuple(path.split("/")) if path else ()


def target_of(path: str) -> tuple[str, ...] | None:
    """The folders a relative link leads through; None for one MkDocs leaves as it is."""
    parsed = urlsplit(path)
    if parsed.scheme or parsed.netloc or path.startswith(("/", "#")):
        return None
    return parts_of(path or ".")


def _generic(target: tuple[str, ...] | None, folder: tuple[str, ...], name: str | None) -> bool:
    """Whether a link's relative form is the same from every page of `folder`: it does not
    lead into the page's own folder `name`."""
    return name is None or leads_into(target, folder) != name


def leads_into(target: tuple[str, ...] | None, folder: tuple[str, ...]) -> str | None:
    """The name of the folder inside `folder` a link leads into, if it does."""
    if target is None or len(target) <= len(folder) or target[:len(folder)] != folder:
        return None
    return target[len(folder)]
