"""`mkdocs build` end to end on a small library made here: pages, links, escaping, safety."""
from __future__ import annotations

import re

import pytest

from tests.helpers import broken_links, jpeg, make_site, mkdocs_build, write

HOSTILE_NFO = """<?xml version="1.0" encoding="UTF-8"?>
<movie>
  <title>&lt;script&gt;alert("title")&lt;/script&gt; Heat</title>
  <year>1995</year>
  <plot>A plot with &lt;img src=x onerror=alert(1)&gt; inside &amp; an ampersand.</plot>
  <tagline>&lt;/title&gt;&lt;b&gt;bold?&lt;/b&gt;</tagline>
  <genre>Crime</genre>
  <director>Michael Mann</director>
  <actor><name>Al Pacino</name><role>Vincent &lt;Hanna&gt;</role><order>0</order></actor>
  <thumb aspect="poster">../../../../../etc/passwd</thumb>
  <thumb aspect="poster">/etc/hostname</thumb>
  <uniqueid type="tmdb" default="true">949</uniqueid>
</movie>
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    lib = tmp / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/movie.nfo", HOSTILE_NFO)
    write(lib, "Heat (1995)/poster.jpg", jpeg())
    write(lib, "Heat (1995)/fanart.jpg", jpeg(160, 90))
    write(lib, "Unsorted/Alien.1979.1080p.BluRay.x264-GRP.mkv")
    write(lib, "Unsorted/Jaws.1975.720p.mkv")
    write(lib, "TV/Show/Season 01/Show.S01E01.mkv")
    cfg = make_site(tmp, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    return tmp, result


def test_every_movie_gets_a_page_and_a_card(built):
    tmp, _ = built
    site = tmp / "site"
    pages = sorted(p.parent.name for p in (site / "movies").glob("*/index.html"))
    assert len(pages) == 3
    library = (site / "library" / "index.html").read_text()
    for slug in pages:
        assert f'movies/{slug}/"' in library
    assert "Alien" in library and "Jaws" in library
    assert "Show" not in library  # the episode was skipped


def test_metadata_is_escaped_in_html(built):
    tmp, _ = built
    (page,) = [p for p in (tmp / "site" / "movies").glob("*/index.html") if "heat" in str(p)]
    html = page.read_text()
    assert "<script>alert(" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html
    assert "&lt;img src=x onerror=alert(1)&gt; inside &amp; an ampersand." in html
    assert "Vincent &lt;Hanna&gt;" in html
    assert "<b>bold?</b>" not in html
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title


def test_nfo_image_paths_outside_the_library_are_never_copied(built):
    tmp, _ = built
    copied = [p.name for p in (tmp / "content" / "images").rglob("*")]
    assert "passwd" not in copied and "hostname" not in copied
    site_files = {p.name for p in (tmp / "site").rglob("*")}
    assert "passwd" not in site_files and "hostname" not in site_files


def test_local_artwork_is_copied_into_content_and_shown(built):
    tmp, _ = built
    slug_dir = next((tmp / "content" / "images").iterdir())
    assert {p.name for p in slug_dir.iterdir()} == {"poster.jpg", "fanart.jpg"}
    page = (tmp / "site" / "movies" / slug_dir.name / "index.html").read_text()
    picture = page.split('<div class="mv-hero__poster">', 1)[1].split("</picture>", 1)[0]
    # The compact profile: an AVIF source and the JPEG in <img>.
    assert 'type="image/avif"' in picture and 'src="../../img/' in picture and '.jpg"' in picture
    assert 'width="40" height="60"' in picture          # never upscaled, intrinsic size given
    assert all((tmp / "site" / "img" / rel).is_file() for rel in
               [p.split("../../img/", 1)[1].split(" ")[0].split('"')[0] for p in picture.split("srcset=")[1:]])


def test_no_absolute_library_paths_leak_into_the_site(built):
    tmp, _ = built
    for page in (tmp / "site").rglob("*.html"):
        assert str(tmp) not in page.read_text(), page


def test_all_internal_links_resolve(built):
    tmp, _ = built
    assert broken_links(tmp / "site") == []


def test_second_build_rewrites_no_content_file_and_encodes_no_image(built):
    tmp, _ = built
    content = sorted((tmp / "content").rglob("*"))
    before = {p: p.stat().st_mtime_ns for p in content if p.is_file()}
    result = mkdocs_build(tmp / "mkdocs.yml", "-v")
    assert result.returncode == 0, result.stderr
    assert {p: p.stat().st_mtime_ns for p in content if p.is_file()} == before
    assert "artwork: 2 images, 0 variants encoded" in result.stderr


def test_build_from_content_alone_when_library_is_gone(built, tmp_path):
    tmp, _ = built
    import shutil
    copy = tmp_path / "clone"
    shutil.copytree(tmp / "content", copy / "content")
    cfg = make_site(copy, [tmp_path / "unmounted"])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    assert len(list((copy / "site" / "movies").glob("*/index.html"))) == 3


def test_broken_image_is_a_warning_and_a_placeholder_not_a_failed_build(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Up (2009)/Up (2009).mkv")
    write(lib, "Up (2009)/poster.jpg", jpeg()[:200])           # truncated JPEG
    write(lib, "Up (2009)/fanart.jpg", b"")                     # zero bytes
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/poster.jpg", b"<html>not an image</html>")
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    # The scan refuses them as masters (artwork sources); a master broken later is the build's placeholder warning.
    warnings = [l for l in result.stderr.splitlines() if l.startswith("WARNING")
                and ("placeholder" in l or " from local " in l)]
    assert len(warnings) == 3, result.stderr
    assert any("Up (2009)" in w or "up-2009" in w for w in warnings)
    page = (tmp_path / "site" / "movies" / "up-2009" / "index.html").read_text()
    assert "mv-poster--none" in page
    assert mkdocs_build(cfg, "--strict").returncode != 0      # --strict makes them fatal


def test_a_variant_deleted_from_the_cache_is_made_again_by_the_same_build(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    write(lib, "Heat (1995)/poster.jpg", jpeg())
    cfg = make_site(tmp_path, [lib])
    assert mkdocs_build(cfg).returncode == 0
    variant = next(p for p in (tmp_path / ".cache/movievault/images").rglob("*.avif"))
    placed = tmp_path / "site/img" / variant.relative_to(tmp_path / ".cache/movievault/images")
    before = placed.read_bytes()
    variant.unlink()
    again = mkdocs_build(cfg)
    assert again.returncode == 0, again.stderr
    assert variant.is_file() and placed.read_bytes() == before


def test_movie_pages_carry_no_indentation_and_no_inline_chrome_icons(built):
    """Weight every page would repeat tens of thousands of times (benchmarks/README.md,
    "The compact profile"): the templates' indentation, the sections' and the header's icons,
    which the stylesheet draws instead, and the drawer app pages do not have."""
    tmp, _ = built
    site = tmp / "site"
    for page in [*(site / "movies").glob("*/index.html"), *(site / "people").glob("*/index.html")]:
        html = page.read_text()
        assert "\n  " not in re.sub(r"(?s)<script.*?</script>", "", html), page
        sections = html.split('<nav class="mv-sections"', 1)[1].split("</nav>", 1)[0]
        assert "<svg" not in sections and '<li class="mv-icon--home-outline"><a href=' in sections
        header = html.split("<header", 1)[1].split("</header>", 1)[0]
        assert "<svg" not in header and '__drawer' not in header, page
    css = (site / "assets" / "movievault" / "movievault.css").read_text()
    assert ".mv-icon--home-outline { --mv-icon: url(\"data:image/svg+xml," in css
