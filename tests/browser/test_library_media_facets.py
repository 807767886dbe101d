"""The library browser's media facets (HDR, audio and subtitle language) in a real browser,
over a small site whose content/ carries stream facts."""
from __future__ import annotations

import re

import pytest

from movievault_build.store.library import write_movie
from tests.browser.conftest import served, strict_page
from tests.helpers import CARD_SLUG, make_site, mkdocs_build

READY = "#mv-library[data-state=ready]"


def _streams(hdr: str | None, audio: list[str], subtitles: list[str] = ()) -> dict:
    video = {"codec": "hevc", "width": 3840, "height": 2160, "resolution": "2160p"}
    if hdr:
        video["hdr"] = hdr
    return {"video": video, "audio": [{"codec": "eac3", "language": lang} for lang in audio],
            "subtitles": [{"codec": "subrip", "language": lang} for lang in subtitles]}


# slug -> (title, streams); languages as ffprobe (639-2) and sidecars (639-1) write them
FILMS = {
    "alpha-2001": ("Alpha", _streams("HDR10", ["deu", "eng"], ["eng"])),
    "bravo-2002": ("Bravo", _streams("Dolby Vision", ["eng"], ["ger", "fre"])),
    "charlie-2003": ("Charlie", _streams(None, ["ger"])),
    "delta-2004": ("Delta", _streams("HLG", ["fra"], ["en"])),
    "echo-2005": ("Echo", {}),
}


@pytest.fixture(scope="module")
def media_site_url(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("media-facets")
    for slug, (title, streams) in FILMS.items():
        meta = {"title": title, "year": int(slug[-4:])}
        if streams:
            meta["streams"] = streams
        write_movie(tmp / "content", slug, meta)
    cfg = make_site(tmp, [])
    # content/ alone (no library to scan), and no web fonts: the page must not reach the internet
    cfg.write_text(cfg.read_text().replace("content_dir: content", "content_dir: content\n      scan: never")
                   .replace("name: material", "name: material\n  font: false"))
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    with served(tmp / "site") as url:
        yield url


@pytest.fixture
def media_page(browser, media_site_url):
    """A page on this site alone: other hosts refused, console errors fail the test."""
    with strict_page(browser, (media_site_url,)) as page:
        page.goto_media = lambda query="": (page.goto(f"{media_site_url}/library/{query}"),
                                            page.wait_for_selector(READY))
        yield page


def shown(page) -> set[str]:
    return set(page.locator("#mv-grid > .mv-card").evaluate_all(f"els => els.map({CARD_SLUG})"))


def facet(page, key: str, label: str):
    return page.locator(f'fieldset[data-facet="{key}"]').get_by_label(re.compile(rf"^\s*{re.escape(label)}\s"))


def test_facets_list_what_the_streams_hold(media_page):
    media_page.goto_media()
    options = lambda key: media_page.locator(f'fieldset[data-facet="{key}"] input').evaluate_all(  # noqa: E731
        "els => els.map(e => e.value)")
    assert options("hdr") == ["Dolby Vision", "HDR10", "HLG", "SDR"]
    assert options("audio") == ["en", "fr", "de"]          # ordered by name: English, French, German
    assert options("sub") == ["en", "fr", "de"]
    assert facet(media_page, "audio", "German").is_visible()
    assert facet(media_page, "audio", "German").locator("xpath=..").inner_text().split()[-1] == "2"


def test_hdr_filter_then_reload(media_page):
    media_page.goto_media()
    facet(media_page, "hdr", "HDR10").check()
    media_page.wait_for_function("location.search.includes('hdr=HDR10')")
    assert shown(media_page) == {"alpha-2001"}
    facet(media_page, "hdr", "SDR").check()                  # either value within one facet
    media_page.wait_for_function("location.search.includes('hdr=SDR')")
    assert shown(media_page) == {"alpha-2001", "charlie-2003"}
    media_page.reload()
    media_page.wait_for_selector(READY)
    assert shown(media_page) == {"alpha-2001", "charlie-2003"}
    assert facet(media_page, "hdr", "HDR10").is_checked() and facet(media_page, "hdr", "SDR").is_checked()
    assert media_page.locator("#mv-count").inner_text() == "2 of 5 movies"


def test_audio_and_subtitles_combine(media_page):
    media_page.goto_media("?audio=de")
    assert shown(media_page) == {"alpha-2001", "charlie-2003"}   # "deu" and "ger" are both German
    assert facet(media_page, "audio", "German").is_checked()
    facet(media_page, "sub", "English").check()                  # across facets: both must hold
    media_page.wait_for_function("location.search.includes('sub=en')")
    assert shown(media_page) == {"alpha-2001"}
    media_page.reload()
    media_page.wait_for_selector(READY)
    assert shown(media_page) == {"alpha-2001"}
    media_page.go_back()
    media_page.wait_for_function("!location.search.includes('sub=')")
    assert shown(media_page) == {"alpha-2001", "charlie-2003"}
