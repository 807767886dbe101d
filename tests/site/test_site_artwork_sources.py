"""A build shows the people's photos and collection posters the scan stored, where the site
shows them: a cast row and a person's page."""
from __future__ import annotations

import re

from PIL import Image

from tests.helpers import broken_links, jpeg, make_site, mkdocs_build, write

NFO = """<movie><title>Alien</title><year>1979</year>
<set><name>Alien Collection</name></set>
<art><set.poster>collection.jpg</set.poster></art>
<director>Ridley Scott</director>
<actor><name>Sigourney Weaver</name><role>Ripley</role><order>0</order></actor>
<actor><name>Tom Skerritt</name><role>Dallas</role><order>1</order></actor>
</movie>"""


def library(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Alien (1979)/Alien (1979).mkv", b"\x1aE\xdf\xa3")
    write(lib, "Alien (1979)/Alien (1979).nfo", NFO)
    write(lib, "Alien (1979)/poster.jpg", jpeg(40, 60))
    write(lib, "Alien (1979)/collection.jpg", jpeg(60, 90, (0, 0, 120)))
    write(lib, "Alien (1979)/.actors/Sigourney_Weaver.jpg", jpeg(30, 45, (0, 120, 0)))
    return lib


def pages_of(site):
    return {p.relative_to(site).as_posix(): p.read_text() for p in site.rglob("index.html")}


def test_build_shows_actor_photo_and_collection_poster(tmp_path):
    cfg = make_site(tmp_path, [library(tmp_path)],
                    "      media: {probe: \"off\"}\n      site: {person_page_min_films: 1}\n")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (tmp_path / "content/images/people/sigourney-weaver.jpg").is_file()
    assert (tmp_path / "content/images/collections/alien-collection-poster.jpg").is_file()

    movie = (site / "movies/alien-1979/index.html").read_text()
    photos = re.findall(r'<picture>(?:(?!</picture>).)*class="mv-person__img"[^>]*>', movie, re.S)
    assert len(photos) == 1 and 'loading="lazy"' in photos[0] and 'width="' in photos[0]
    assert 'alt=""' in photos[0]   # the name is right next to it
    # Shown as a centred square only (object-fit: cover in a round box): the variant is that square.
    assert 'width="30" height="30"' in photos[0]
    photo = site / re.search(r'src="\.\./\.\./(img/[^"]+)"', photos[0]).group(1)
    assert Image.open(photo).size == (30, 30)
    pages = pages_of(site)
    person = next(t for u, t in pages.items() if u.startswith("people/") and "<h1>Sigourney Weaver</h1>" in t)
    assert re.search(r'<picture>.*class="mv-group__img"[^>]*alt="Sigourney Weaver"', person, re.S)
    skerritt = next(t for u, t in pages.items() if u.startswith("people/") and "<h1>Tom Skerritt</h1>" in t)
    assert "mv-group__img" not in skerritt     # no photo stored: no empty frame
    collection = next(t for u, t in pages.items() if u.startswith("collections/") and "Alien Collection</h1>" in t)
    assert re.search(r'<picture>.*class="mv-group__img"', collection, re.S)
    assert broken_links(site) == []


def test_by_default_one_film_gives_no_page_but_the_cast_row_keeps_the_face(tmp_path):
    """person_page_min_films defaults to 2: a person in one film of the library is named,
    with their photo, in that movie's cast, and has no page."""
    cfg = make_site(tmp_path, [library(tmp_path)], "      media: {probe: \"off\"}\n")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert not [u for u in pages_of(site) if u.startswith("people/") and u != "people/index.html"]
    movie = (site / "movies/alien-1979/index.html").read_text()
    weaver = re.search(r'<li class="mv-person">(?:(?!</li>).)*Sigourney Weaver(?:(?!</li>).)*</li>', movie, re.S).group(0)
    assert 'class="mv-person__img"' in weaver and "href=" not in weaver
    assert "Ridley Scott" in movie and not re.search(r'href="\.\./\.\./people/[^"]', movie)
    published = {p.name for p in (site / "img").rglob("*.*")}
    # The poster (AVIF + JPEG), the collection poster (the same two) and one photo: Weaver's.
    assert len([n for n in published if n.endswith(".avif")]) == 3, published
    assert broken_links(site) == []

    # Everyone a page again: the next build links the cast (no movie page kept from the last).
    cfg.write_text(cfg.read_text() + "      site: {person_page_min_films: 1}\n")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    movie = (site / "movies/alien-1979/index.html").read_text()
    assert 'href="../../people/sigourney-weaver/"' in movie and 'href="../../people/ridley-scott/"' in movie
    assert broken_links(site) == []
