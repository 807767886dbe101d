"""The library: `library/` (an MkDocs page hand-written pages link to, which the library
browser's script takes over) and, for browsers without JavaScript, its numbered pages
`library/page/2/` … (rendered), PAGE_SIZE posters each with a pager between them."""
from __future__ import annotations

from typing import Any, Callable, Sequence

from ...model import Movie
from ...views.pages import Links, card_view
from ..render import GeneratedPage

PAGE = "library/index.md"
TEMPLATE = "library.html"
PAGED_TEMPLATE = "library-page.html"
# Posters per page of the library without JavaScript (library/, library/page/2/ …); the
# first page is also what every visitor sees before the index has loaded.
PAGE_SIZE = 48


def paged_uri(number: int) -> str:
    return f"library/page/{number}.md"


def page_count(order: Sequence[Movie]) -> int:
    return max(1, -(-len(order) // PAGE_SIZE))


def front_matter() -> dict[str, Any]:
    return {"template": TEMPLATE, "title": "Library", "hide": ["navigation", "toc"]}


def context(order: Sequence[Movie], links: Links, url: Callable[[int], str]) -> dict[str, Any]:
    """The first page's: its cards, the whole count, the pager."""
    return {"movies": [card_view(m, links) for m in order[:PAGE_SIZE]], "total": len(order),
            "pager": pager(order, 1, url)}


def page(order: Sequence[Movie], number: int, dest: str, links: Links, url: Callable[[int], str]) -> GeneratedPage:
    films = order[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
    return GeneratedPage(paged_uri(number), dest, PAGED_TEMPLATE, f"Library, page {number}",
                         {"movies": [card_view(m, links) for m in films], "pager": pager(order, number, url)})


def pager(order: Sequence[Movie], number: int, url: Callable[[int], str]) -> dict[str, Any]:
    """Links between the library's pages (for browsers without JavaScript): the first and
    last page and two either side of this one; `None` stands for the pages left out.
    `url(n)` is page n's URL."""
    count = page_count(order)
    shown = sorted({1, count, *range(max(1, number - 2), min(count, number + 2) + 1)})
    pages: list[dict[str, Any] | None] = []
    for n in shown:
        if pages and pages[-1] and n > pages[-1]["number"] + 1:
            pages.append(None)
        pages.append({"number": n, "url": url(n)})
    first = (number - 1) * PAGE_SIZE
    return {"number": number, "count": count, "first": first + 1,
            "last": min(first + PAGE_SIZE, len(order)), "total": len(order),
            "pages": pages, "previous": url(number - 1) if number > 1 else None,
            "next": url(number + 1) if number < count else None}
