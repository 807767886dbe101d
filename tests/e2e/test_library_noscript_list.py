"""Past the first screens of cards, browsers without JavaScript get the rest of the library
as a plain list of links, not thousands of cards with pictures."""
from __future__ import annotations

import re

from tests.helpers import make_site, mkdocs_build, write


def test_the_rest_of_the_library_is_a_list_of_links_without_script(tmp_path):
    lib = tmp_path / "films"
    for i in range(125):
        write(lib, f"Film Number {i} ({1950 + i % 60})/Film Number {i} ({1950 + i % 60}).mkv")
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "library" / "index.html").read_text()
    grid = html[html.index('id="mv-grid"'):html.index("</ul>", html.index('id="mv-grid"'))]
    assert grid.count('<li class="mv-card') == 120
    rest = re.search(r'<noscript><ol class="mv-textlist" start="121">(.*?)</ol></noscript>', html, re.S)
    assert rest, html[-3000:]
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> \((\d{4})\)</li>', rest.group(1))
    titles = sorted((f"Film Number {i}" for i in range(125)), key=str.casefold)   # the library's order
    assert [title for _, title, _ in links] == titles[120:]
    assert links[0][0].startswith("../movies/film-number-") and "<picture" not in rest.group(1)
