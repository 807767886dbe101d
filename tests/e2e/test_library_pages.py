"""Without JavaScript the library is pages of posters (library/, library/page/2/ …) linked to
each other: no page carries the whole library, and every movie is on exactly one page."""
from __future__ import annotations

import re

from movievault_build.site.kinds.library import PAGE_SIZE
from tests.helpers import make_site, mkdocs_build, write

N = PAGE_SIZE * 2 + 5


def cards(html: str) -> list[str]:
    grid = html[html.index('class="mv-grid'):html.index("</ul>", html.index('class="mv-grid'))]
    return re.findall(r'<li class="mv-card[^"]*"><a href="[^"]*?movies/([^/"]+)/"', grid)


def test_the_library_is_paged_and_every_movie_is_on_one_page(tmp_path):
    lib = tmp_path / "films"
    for i in range(N):
        write(lib, f"Film Number {i} ({1950 + i % 60})/Film Number {i} ({1950 + i % 60}).mkv")
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    first = (site / "library" / "index.html").read_text()
    assert "mv-textlist" not in first and len(cards(first)) == PAGE_SIZE      # no list of every movie
    assert 'href="page/2/"' in first and 'href="page/3/"' in first and 'rel="next" href="page/2/"' in first
    second = (site / "library" / "page" / "2" / "index.html").read_text()
    third = (site / "library" / "page" / "3" / "index.html").read_text()
    assert 'rel="prev" href="../../"' in second and 'rel="next" href="../3/"' in second
    assert "Library, page 3 of 3" in third and 'rel="next"' not in third
    everyone = cards(first) + cards(second) + cards(third)
    assert len(everyone) == len(set(everyone)) == N
    titles = sorted((f"Film Number {i}" for i in range(N)), key=str.casefold)    # the library's order
    assert [t.replace(" ", "-").lower() for t in titles[:3]] == [s.rsplit("-", 1)[0] for s in everyone[:3]]
    assert not (site / "library" / "page" / "4").exists()
