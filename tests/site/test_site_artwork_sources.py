"""A build shows the people's photos and collection posters the scan stored."""
from __future__ import annotations

import re

from tests.helpers import broken_links, jpeg, make_site, mkdocs_build, write

NFO = """<movie><title>Alien</title><year>1979</year>
<set><name>Alien Collection</name></set>
<art><set.poster>collection.jpg</set.poster></art>
<actor><name>Sigourney Weaver</name><role>Ripley</role><order>0</order></actor>
<actor><name>Tom Skerritt</name><role>Dallas</role><order>1</order></actor>
</movie>"""


def test_build_shows_actor_photo_and_collection_poster(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Alien (1979)/Alien (1979).mkv", b"\x1aE\xdf\xa3")
    write(lib, "Alien (1979)/Alien (1979).nfo", NFO)
    write(lib, "Alien (1979)/poster.jpg", jpeg(40, 60))
    write(lib, "Alien (1979)/collection.jpg", jpeg(60, 90, (0, 0, 120)))
    write(lib, "Alien (1979)/.actors/Sigourney_Weaver.jpg", jpeg(30, 30, (0, 120, 0)))
    cfg = make_site(tmp_path, [lib], "      media: {probe: \"off\"}\n")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (tmp_path / "content/images/people/sigourney-weaver.jpg").is_file()
    assert (tmp_path / "content/images/collections/alien-collection-poster.jpg").is_file()

    movie = (site / "movies/alien-1979/index.html").read_text()
    photos = re.findall(r'<picture>(?:(?!</picture>).)*class="mv-person__img"[^>]*>', movie, re.S)
    assert len(photos) == 1 and 'loading="lazy"' in photos[0] and 'width="' in photos[0]
    assert 'alt=""' in photos[0]   # the name is right next to it
    pages = {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("index.html")}
    person = next(t for u, t in pages.items() if u.startswith("people/") and "<h1>Sigourney Weaver</h1>" in t)
    assert re.search(r'<picture>.*class="mv-group__img"[^>]*alt="Sigourney Weaver"', person, re.S)
    skerritt = next(t for u, t in pages.items() if u.startswith("people/") and "<h1>Tom Skerritt</h1>" in t)
    assert "mv-group__img" not in skerritt     # no photo stored: no empty frame
    collection = next(t for u, t in pages.items() if u.startswith("collections/") and "Alien Collection</h1>" in t)
    assert re.search(r'<picture>.*class="mv-group__img"', collection, re.S)
    assert broken_links(site) == []
