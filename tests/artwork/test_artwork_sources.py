"""Artwork sources: order, fall-through, refusals and fetch-once, against a real HTTP
server on 127.0.0.1 (allowed in allow_hosts, as a test config would) and real folders."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.artwork.sources import ArtworkScan, MovieArt, movie_offers, tmdb_sized
from movievault_build.providers.base import ProviderSettings
from movievault_build.settings import ArtworkSettings, OnlineSettings, ScanSettings
from tests.fakes.loopback import serving
from tests.helpers import jpeg, write

POSTER = jpeg(40, 60, (10, 200, 10))
FANART = jpeg(80, 45, (10, 10, 200))
ACTOR = jpeg(30, 30, (200, 200, 10))
BIG = jpeg(400, 600, (90, 90, 90))


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits[self.path] += 1
        routes = {
            "/poster.jpg": ("image/jpeg", POSTER), "/fanart.jpg": ("image/jpeg", FANART),
            "/actor.jpg": ("image/jpeg", ACTOR), "/big.jpg": ("image/jpeg", BIG),
            "/t/p/w780/p.jpg": ("image/jpeg", POSTER), "/t/p/w1280/b.jpg": ("image/jpeg", FANART),
            "/t/p/w185/face.jpg": ("image/jpeg", ACTOR), "/t/p/h632/face.jpg": ("image/jpeg", BIG),
            "/error-page": ("image/jpeg", b"<!doctype html><h1>Not found</h1>"),
            "/html": ("text/html", b"<html>oops</html>"),
            "/truncated.jpg": ("image/jpeg", POSTER[: len(POSTER) // 2]),
            "/huge.jpg": ("image/jpeg", POSTER + b"\0" * 5000),
        }
        if self.path not in routes:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        ctype, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    with serving(Handler) as srv:
        srv.hits = Counter()
        yield srv


def settings(**changes) -> ArtworkSettings:
    return ArtworkSettings(**{"allow_hosts": ("127.0.0.1",), "retries": 0, **changes})


def art_scan(tmp_path, problems, **changes) -> ArtworkScan:
    return ArtworkScan(settings(**changes), tmp_path / "content", [tmp_path / "lib"], problems)


def movie(tmp_path, **fields) -> MovieArt:
    folder = tmp_path / "lib" / "Alien (1979)"
    folder.mkdir(parents=True, exist_ok=True)
    return MovieArt(slug="alien-1979", label="Alien (1979)/Alien.mkv", root=tmp_path / "lib",
                    folder=folder, nfo_dir=folder, **fields)


def kinds(entries):
    return {e["kind"]: e for e in entries}


# -- order and fall-through -----------------------------------------------------------------

def test_local_beats_nfo_beats_tmdb(tmp_path, server):
    local = write(tmp_path / "lib", "Alien (1979)/poster.jpg", POSTER)
    m = movie(tmp_path, local={"poster": local},
              nfo={"images": [{"kind": "poster", "src": server.url + "/big.jpg"},
                              {"kind": "fanart", "src": server.url + "/fanart.jpg"}]},
              tmdb={"images": [{"kind": "fanart", "src": server.url + "/t/p/original/b.jpg"},
                               {"kind": "clearlogo", "src": server.url + "/t/p/original/l.png"}]})
    problems: list[str] = []
    scan = art_scan(tmp_path, problems)
    entries, provenance = scan.movie(m)
    got = kinds(entries)
    assert got["poster"]["src"] == "Alien (1979)/poster.jpg"
    assert got["fanart"]["src"] == server.url + "/fanart.jpg"
    assert got["clearlogo"] == {"kind": "clearlogo", "src": server.url + "/t/p/original/l.png"}  # not downloaded
    assert provenance == "local+nfo+tmdb"   # the clearlogo reference is TMDB's
    assert (tmp_path / "content" / got["poster"]["path"]).read_bytes() == POSTER
    assert (tmp_path / "content/images/alien-1979/fanart.jpg").read_bytes() == FANART
    assert set(server.hits) == {"/fanart.jpg"} and problems == []


def test_configured_order_puts_tmdb_first(tmp_path, server):
    local = write(tmp_path / "lib", "Alien (1979)/poster.jpg", POSTER)
    m = movie(tmp_path, local={"poster": local},
              tmdb={"images": [{"kind": "poster", "src": server.url + "/t/p/original/p.jpg"}]})
    entries, _ = art_scan(tmp_path, [], sources=("tmdb", "local")).movie(m)
    assert entries[0]["src"] == server.url + "/t/p/w780/p.jpg"   # resized, not /original/
    assert server.hits == Counter({"/t/p/w780/p.jpg": 1})


def test_broken_local_falls_to_nfo_url_with_one_warning(tmp_path, server):
    local = write(tmp_path / "lib", "Alien (1979)/poster.jpg", b"this is no jpeg")
    m = movie(tmp_path, local={"poster": local},
              nfo={"images": [{"kind": "poster", "src": server.url + "/poster.jpg"}]})
    problems: list[str] = []
    entries, _ = art_scan(tmp_path, problems).movie(m)
    assert entries[0]["src"] == server.url + "/poster.jpg"
    assert len(problems) == 1
    assert problems[0].startswith("Alien (1979)/Alien.mkv: poster from local (Alien (1979)/poster.jpg): not an image")


def test_refused_private_host_falls_to_tmdb(tmp_path, server):
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": "http://169.254.169.254/latest/p.jpg"}]},
              tmdb={"images": [{"kind": "poster", "src": server.url + "/t/p/original/p.jpg"}]})
    problems: list[str] = []
    entries, provenance = art_scan(tmp_path, problems).movie(m)
    assert entries[0]["src"] == server.url + "/t/p/w780/p.jpg" and provenance == "tmdb"
    assert len(problems) == 1 and "from nfo" in problems[0] and "link-local" in problems[0]


@pytest.mark.parametrize("path, reason", [
    ("/error-page", "not an image"), ("/html", "not an image: text/html"),
    ("/truncated.jpg", "truncated"), ("/huge.jpg", "too large"), ("/missing.jpg", "HTTP 404")])
def test_bad_downloads_fall_through(tmp_path, server, path, reason):
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": server.url + path}]},
              tmdb={"images": [{"kind": "poster", "src": server.url + "/t/p/original/p.jpg"}]})
    problems: list[str] = []
    entries, _ = art_scan(tmp_path, problems, image_max_bytes=len(POSTER) + 100).movie(m)
    assert entries[0]["src"].endswith("/t/p/w780/p.jpg")
    assert len(problems) == 1 and reason in problems[0], problems


def test_nfo_downloads_off(tmp_path, server):
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": server.url + "/poster.jpg"}]},
              tmdb={"images": [{"kind": "poster", "src": server.url + "/t/p/original/p.jpg"}]})
    entries, _ = art_scan(tmp_path, [], nfo_download_images=False).movie(m)
    assert entries[0]["src"].endswith("/t/p/w780/p.jpg")
    assert "/poster.jpg" not in server.hits


# -- NFO paths must stay inside the library roots -------------------------------------------------

def test_nfo_local_path_inside_root_is_used(tmp_path):
    write(tmp_path / "lib", "Alien (1979)/art/cover.png", b"\x89PNG\r\n\x1a\n" + b"x" * 20 + b"IEND\xaeB`\x82")
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": "art/cover.png"}]})
    entries, _ = art_scan(tmp_path, []).movie(m)
    assert entries[0]["path"] == "images/alien-1979/poster.png" and entries[0]["src"] == "art/cover.png"


def test_nfo_path_escapes_are_refused(tmp_path, server):
    outside = write(tmp_path, "secret/poster.jpg", POSTER)
    folder = tmp_path / "lib" / "Alien (1979)"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "link.jpg")
    refs = ["../../etc/passwd", "../../secret/poster.jpg", str(outside), "link.jpg", "file:///etc/passwd"]
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": r} for r in refs]},
              tmdb={"images": [{"kind": "poster", "src": server.url + "/t/p/original/p.jpg"}]})
    problems: list[str] = []
    entries, _ = art_scan(tmp_path, problems).movie(m)
    assert entries[0]["src"].endswith("/t/p/w780/p.jpg")
    assert len(problems) == 4 and all("outside the library roots" in p for p in problems), problems
    assert [p.name for p in (tmp_path / "content").rglob("*") if p.is_file()] == ["poster.jpg"]


def test_symlinked_local_art_pointing_outside_is_refused(tmp_path):
    outside = write(tmp_path, "elsewhere/poster.jpg", POSTER)
    folder = tmp_path / "lib" / "Alien (1979)"
    folder.mkdir(parents=True)
    os.symlink(outside, folder / "poster.jpg")
    problems: list[str] = []
    entries, _ = art_scan(tmp_path, problems).movie(movie(tmp_path, local={"poster": folder / "poster.jpg"}))
    assert entries == [] and "outside the library roots" in problems[0]


def test_master_max_width_scales_down_larger_masters_only(tmp_path, server):
    from PIL import Image
    m = movie(tmp_path, nfo={"images": [{"kind": "poster", "src": server.url + "/big.jpg"},
                                        {"kind": "fanart", "src": server.url + "/fanart.jpg"}]})
    entries, _ = art_scan(tmp_path, [], master_max_width=200).movie(m)
    got = kinds(entries)
    with Image.open(tmp_path / "content" / got["poster"]["path"]) as im:
        assert im.size == (200, 300)
    assert (tmp_path / "content" / got["fanart"]["path"]).read_bytes() == FANART   # 80 px: untouched


def test_tmdb_sized():
    assert tmdb_sized("https://i/t/p/original/x.jpg", "fanart", {"fanart": "w1280"}) == "https://i/t/p/w1280/x.jpg"
    assert tmdb_sized("https://i/t/p/w185/x.jpg", "actor", {"poster": "w780"}) == "https://i/t/p/w185/x.jpg"
    # a poster the NFO names at a size is fetched at that size; a person's photo at the configured one
    assert tmdb_sized("https://i/t/p/w500/x.jpg", "poster", {"poster": "w780"}) == "https://i/t/p/w500/x.jpg"
    for size in ("original", "h632", "w45"):
        assert tmdb_sized(f"https://i/t/p/{size}/x.jpg", "actor", {"actor": "w185"}) == "https://i/t/p/w185/x.jpg"
    assert tmdb_sized("https://i/people/original/x.jpg", "actor", {"actor": "w185"}) == "https://i/people/original/x.jpg"


@pytest.mark.parametrize("sizes, fetched", [({}, "/t/p/w185/face.jpg"), ({"actor": "h632"}, "/t/p/h632/face.jpg")])
def test_an_nfo_s_tmdb_photo_is_fetched_at_the_configured_size_and_local_photos_as_they_are(
        tmp_path, server, sizes, fetched):
    nfo = {"cast": [{"name": "Sigourney Weaver", "thumb": server.url + "/t/p/original/face.jpg"},
                    {"name": "Tom Skerritt"}]}
    m = movie(tmp_path, nfo=nfo, cast=("Sigourney Weaver", "Tom Skerritt"))
    write(m.folder, ".actors/Tom_Skerritt.jpg", BIG)
    scan = ArtworkScan(settings(tmdb_image_size={**ArtworkSettings().tmdb_image_size, **sizes}),
                       tmp_path / "content", [tmp_path / "lib"], (problems := []))
    scan.movie(m)
    scan.finish()
    assert problems == [] and server.hits == Counter({fetched: 1})
    people = tmp_path / "content/images/people"
    assert (people / "sigourney-weaver.jpg").read_bytes() == (ACTOR if fetched.startswith("/t/p/w185") else BIG)
    assert (people / "tom-skerritt.jpg").read_bytes() == BIG     # a local photo is kept as it is


def test_offers_skip_collection_kinds_and_other_schemes(tmp_path):
    m = movie(tmp_path, nfo={"images": [{"kind": "set.poster", "src": "s.jpg"},
                                        {"kind": "poster", "src": "ftp://host/p.jpg"}]})
    assert movie_offers(m, settings()) == {}


# -- a whole scan: people, collections, and a warm re-scan with no requests ----------------------------

NFO = """<movie><title>Alien</title><year>1979</year>
<set><name>Alien Collection</name></set>
<thumb aspect="poster">{url}/poster.jpg</thumb>
<fanart><thumb>{url}/fanart.jpg</thumb></fanart>
<art><set.poster>{url}/big.jpg</set.poster></art>
<actor><name>Sigourney Weaver</name><role>Ripley</role><thumb>{url}/actor.jpg</thumb></actor>
<actor><name>Tom Skerritt</name><role>Dallas</role></actor>
<actor><name>John Hurt</name><thumb>../../../etc/passwd</thumb></actor>
</movie>"""


def scan_settings(tmp_path) -> ScanSettings:
    return ScanSettings(roots=(tmp_path / "lib",), content_dir=tmp_path / "content", probe="off",
                        online=OnlineSettings(providers=ProviderSettings(offline=True)),
                        artwork=settings())


def library(tmp_path, url) -> None:
    lib = tmp_path / "lib"
    write(lib, "Alien (1979)/Alien (1979).mkv", b"\x1aE\xdf\xa3")
    write(lib, "Alien (1979)/Alien (1979).nfo", NFO.format(url=url))
    write(lib, "Alien (1979)/.actors/Tom_Skerritt.jpg", ACTOR)


def snapshot(content: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(content)): (p.stat().st_mtime_ns, p.read_bytes())
            for p in content.rglob("*") if p.is_file()}


def test_scan_stores_people_and_collection_and_a_warm_rescan_makes_no_request(tmp_path, server, monkeypatch):
    for var in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    library(tmp_path, server.url)
    report = pipeline.scan(scan_settings(tmp_path))
    content = tmp_path / "content"
    assert server.hits == Counter({"/poster.jpg": 1, "/fanart.jpg": 1, "/actor.jpg": 1, "/big.jpg": 1})
    assert (content / "images/people/sigourney-weaver.jpg").read_bytes() == ACTOR
    assert (content / "images/people/tom-skerritt.jpg").read_bytes() == ACTOR
    assert (content / "images/collections/alien-collection-poster.jpg").read_bytes() == BIG
    assert not (content / "images/people/john-hurt.jpg").exists()
    assert [p for p in report.problems if "John Hurt" in p and "outside the library roots" in p]
    shared = json.loads((content / "images/shared.json").read_text())
    assert shared["images/people/sigourney-weaver"]["src"] == server.url + "/actor.jpg"
    assert len(shared["images/people/tom-skerritt"]["sha256"]) == 64
    text = (content / "movies/alien-1979.md").read_text()
    assert f"src: {server.url}/poster.jpg" in text and "sha256: " in text

    before = snapshot(content)
    server.hits.clear()
    again = pipeline.scan(scan_settings(tmp_path))
    assert server.hits == Counter()           # zero network calls
    assert snapshot(content) == before        # nothing rewritten, not even mtimes
    assert again.unchanged == 1 and not again.changed


def test_changed_reference_is_fetched_again_and_the_old_master_replaced(tmp_path, server, monkeypatch):
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    library(tmp_path, server.url)
    pipeline.scan(scan_settings(tmp_path))
    nfo = tmp_path / "lib/Alien (1979)/Alien (1979).nfo"
    nfo.write_text(nfo.read_text().replace("/poster.jpg", "/big.jpg"))
    server.hits.clear()
    pipeline.scan(scan_settings(tmp_path))
    assert server.hits == Counter({"/big.jpg": 1})
    assert (tmp_path / "content/images/alien-1979/poster.jpg").read_bytes() == BIG


def test_allowing_a_host_redoes_the_movies_it_refused(tmp_path, server, monkeypatch):
    """The scan's settings fingerprint covers the artwork settings: a host added to
    allow_hosts is fetched from on the next scan, not a replay of the old refusals."""
    monkeypatch.delenv("TMDB_API_KEY", raising=False)
    library(tmp_path, server.url)
    refusing = replace(scan_settings(tmp_path), artwork=settings(allow_hosts=()))
    first = pipeline.scan(refusing)
    assert [p for p in first.problems if "refused: loopback" in p]
    assert [p for p in pipeline.scan(refusing).problems if "refused: loopback" in p]   # kept, replayed
    assert server.hits == Counter()

    allowed = pipeline.scan(scan_settings(tmp_path))
    assert not [p for p in allowed.problems if "refused: loopback" in p]
    assert server.hits["/poster.jpg"] == 1
    assert (tmp_path / "content/images/alien-1979/poster.jpg").read_bytes() == POSTER
