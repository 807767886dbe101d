"""`movievault scan` end to end with online metadata, against the fake TMDB and OMDb servers:
a library of release-named files without NFOs, scanned through the real command."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.store.document import load_plain
from tests.fakes.omdb_server import API_KEY as OMDB_KEY
from tests.fakes.tmdb_server import API_KEY as TMDB_KEY
from tests.helpers import REPO, mkdocs_build, site_with_plugin, write

RELEASES = (
    "Dune.1984.1080p.BluRay.x264-GRP",
    "Dune.2021.2160p.WEB-DL.x265-GRP",
    "Amelie.2001.720p.BluRay.x264-GRP",
    "Fight.Club.1999.1080p.BluRay.x264-GRP",
)


@pytest.fixture
def env(tmp_path, monkeypatch, tmdb_server, omdb_server, no_provider_env):
    """A library, a mkdocs.yml in the working folder, keys and URLs in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMDB_API_KEY", TMDB_KEY)
    monkeypatch.setenv("TMDB_API_URL", f"{tmdb_server.url}/3")
    monkeypatch.setenv("OMDB_API_KEY", OMDB_KEY)
    monkeypatch.setenv("OMDB_API_URL", f"{omdb_server.url}/")
    lib = tmp_path / "lib"
    for name in RELEASES:
        write(lib, f"{name}/{name}.mkv")
    configure(tmp_path)
    return tmp_path


def configure(root: Path, extra: str = "", top: str = "") -> None:
    """`extra`: more `online:` options; `top`: other groups of the plugin's block."""
    site_with_plugin(root, textwrap.dedent("""\
        library: [lib]
        content_dir: content
        online:
          tmdb_api_key: !ENV TMDB_API_KEY
          omdb_api_key: !ENV [OMDB_API_KEY, ""]
          retries: 0
          timeout: 0.5
          rate_limit: 0
        """) + textwrap.indent(textwrap.dedent(extra), "  ") + top, site_name="Test")


def scan(*args: str) -> int:
    return main(["scan", "--library", "lib", "--content", "content", *args])


def front(root: Path, slug: str) -> dict:
    return load_plain((root / "content" / "movies" / f"{slug}.md").read_text("utf-8"), slug)[0]


def requests_made(*servers) -> int:
    return sum(len(s.log.entries()) for s in servers)


def test_release_names_get_the_right_ids_and_a_warm_rescan_sends_nothing(
        env, tmdb_server, omdb_server, capsys):
    assert scan() == 0
    assert front(env, "dune-1984")["ids"]["tmdb"] == "841"
    assert front(env, "dune-2021")["ids"]["tmdb"] == "438631"
    amelie = front(env, "amelie-2001")
    assert amelie["ids"] == {"tmdb": "194", "imdb": "tt0211915"}
    assert amelie["title"] == "Amélie" and amelie["sources"]["title"] == "tmdb"
    assert amelie["original_title"] == "Le Fabuleux Destin d'Amélie Poulain"
    assert amelie["ratings"]["imdb"]["value"] == 7.9 and "omdb" in amelie["sources"]["ratings"]
    out = capsys.readouterr()
    assert "found by search" in out.err and "requests" in out.out
    first = requests_made(tmdb_server, omdb_server)
    assert first > 0

    assert scan() == 0   # incremental: unchanged movies are not looked up at all
    assert requests_made(tmdb_server, omdb_server) == first
    assert "4 unchanged" in capsys.readouterr().out
    assert scan("--full") == 0   # every lookup again, all from the HTTP cache
    assert requests_made(tmdb_server, omdb_server) == first
    assert "0 requests" in capsys.readouterr().out


def test_bad_key_stops_the_scan_with_one_line_and_no_key(env, tmdb_server, capsys):
    tmdb_server.bad_key = True
    assert scan() == 2
    out = capsys.readouterr()
    assert out.err.strip().splitlines()[-1] == "movievault: TMDB rejected the API key"
    assert TMDB_KEY not in out.err + out.out
    assert not (env / "content" / "movies").exists()


@pytest.mark.parametrize("fault", ["5xx", "timeout"])
def test_server_trouble_keeps_previous_online_data(env, tmdb_server, capsys, fault):
    assert scan() == 0
    assert main(["cache", "clear"]) == 0
    if fault == "5xx":
        tmdb_server.fail_next(1000, 503)
    else:
        tmdb_server.hang_next(1000, seconds=2)
    capsys.readouterr()
    assert scan("--full") == 0
    out = capsys.readouterr().out
    assert "online lookups failed" in out and "dune-1984" not in out   # lists files, not slugs
    assert "Dune.1984.1080p.BluRay.x264-GRP.mkv: TMDB" in out
    dune = front(env, "dune-1984")
    assert dune["ids"]["tmdb"] == "841" and dune["sources"]["title"] == "tmdb"
    assert dune["directors"] == ["David Lynch"]


def test_failed_lookup_is_retried_by_the_next_scan(env, tmdb_server, capsys):
    tmdb_server.fail_next(1000, 500)
    assert scan() == 0
    assert "tmdb" not in front(env, "dune-1984").get("ids", {})
    tmdb_server._faults.clear()   # the server is back
    assert scan() == 0
    assert front(env, "dune-1984")["ids"]["tmdb"] == "841"


def test_offline_sends_nothing_and_uses_the_cache(env, tmdb_server, omdb_server):
    assert scan("--offline") == 0
    assert requests_made(tmdb_server, omdb_server) == 0
    assert "tmdb" not in front(env, "dune-2021").get("ids", {})
    assert scan() == 0
    sent = requests_made(tmdb_server, omdb_server)
    (env / "content" / "movies" / "dune-2021.md").unlink()
    assert scan("--offline") == 0
    assert requests_made(tmdb_server, omdb_server) == sent
    assert front(env, "dune-2021")["ids"]["tmdb"] == "438631"


def test_low_confidence_is_listed_not_taken_and_a_user_pin_fixes_it(env, capsys):
    write(env / "lib", "Dune.1990.DVDRip.XviD-GRP/Dune.1990.DVDRip.XviD-GRP.mkv")
    assert scan() == 0
    out = capsys.readouterr().out
    assert "low-confidence" in out and "Dune.1990.DVDRip.XviD-GRP.mkv: TMDB best guess" in out
    assert "tmdb" not in front(env, "dune-1990").get("ids", {})
    path = env / "content" / "movies" / "dune-1990.md"
    path.write_text(path.read_text("utf-8").replace("\nuser:\n", "\nuser:\n  ids: {tmdb: 841}\n"))
    assert scan() == 0
    out = capsys.readouterr()
    assert "TMDB found by direct id" in out.err
    pinned = front(env, "dune-1990")
    assert pinned["ids"]["tmdb"] == "841" and pinned["user"]["ids"] == {"tmdb": 841}


NFO = """<movie><title>Dune: Part One</title><year>2021</year>
<uniqueid type="tmdb" default="true">438631</uniqueid></movie>"""


@pytest.mark.parametrize("prefer, title, source", [("", "Dune: Part One", "nfo"),
                                                    ("prefer: online\n", "Dune", "tmdb")])
def test_nfo_title_beats_tmdb_unless_prefer_online(env, prefer, title, source):
    name = RELEASES[1]
    write(env / "lib", f"{name}/{name}.nfo", NFO)
    configure(env, prefer)
    assert scan() == 0
    dune = front(env, "dune-part-one-2021")   # slugs come from the names and NFO, offline
    assert (dune["title"], dune["sources"]["title"]) == (title, source)
    assert dune["ids"]["tmdb"] == "438631" and dune["directors"] == ["Denis Villeneuve"]


@pytest.mark.parametrize("source, rating, provenance", [("rottentomatoes", 7.9, "omdb"),
                                                        ("metacritic", 6.6, "omdb"),
                                                        ("tmdb", 8.4, "tmdb")])
def test_rating_source_picks_the_main_rating(env, source, rating, provenance):
    configure(env, f"rating_source: {source}\n")
    assert scan() == 0
    fight = front(env, "fight-club-1999")
    assert (fight["rating"], fight["sources"]["rating"]) == (rating, provenance)
    assert set(fight["ratings"]) == {"tmdb", "imdb", "rottentomatoes", "metacritic"}


def test_workers_give_the_same_content(env, tmp_path_factory):
    assert scan("--workers", "8") == 0
    parallel = {p.name: p.read_text() for p in (env / "content" / "movies").iterdir()}
    assert main(["cache", "clear"]) == 0
    for p in (env / "content" / "movies").iterdir():
        p.unlink()
    assert scan("--workers", "1") == 0
    serial = {p.name: p.read_text() for p in (env / "content" / "movies").iterdir()}
    assert parallel == serial and len(serial) == len(RELEASES)


def test_no_key_means_online_off_with_one_info_line(env, tmdb_server, omdb_server, monkeypatch, capsys):
    monkeypatch.delenv("TMDB_API_KEY")
    monkeypatch.delenv("OMDB_API_KEY")
    assert scan() == 0
    err = capsys.readouterr().err
    assert requests_made(tmdb_server, omdb_server) == 0
    assert err.count("no API key configured") == 1 and "WARNING" not in err
    assert not (env / ".cache" / "movievault" / "http.sqlite").exists()


def test_cache_stats_and_clear_one_provider(env, capsys):
    assert scan() == 0
    capsys.readouterr()
    assert main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "tmdb /search/movie" in out and "omdb /" in out and "last scan: " in out
    assert main(["cache", "clear", "--provider", "omdb"]) == 0
    assert capsys.readouterr().out.startswith("removed 4 cached responses of omdb")
    assert main(["cache", "stats"]) == 0
    out = capsys.readouterr().out
    assert "tmdb /movie/{id}" in out and "omdb" not in out.split("last scan")[0]


def test_keys_never_reach_content_site_cache_or_logs(env, capsys, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(REPO))   # the build imports this checkout's plugin
    configure(env, "fallback_languages: [fr-FR, de-DE]\n")
    assert scan("-v") == 0
    dune = front(env, "dune-2021")
    assert dune["translations"] == {"fr-FR": {"title": "Dune", "overview": "Résumé de Dune."}}
    built = mkdocs_build(env / "mkdocs.yml")   # the plugin scans again (warm cache), then builds
    assert built.returncode == 0, built.stderr
    page = (env / "site" / "movies" / "dune-2021" / "index.html").read_text("utf-8")
    assert "Other languages" in page and "Résumé de Dune." in page
    logs = capsys.readouterr()
    for key in (TMDB_KEY, OMDB_KEY):
        assert key not in logs.out + logs.err + built.stdout + built.stderr
        for folder in ("content", "site", ".cache"):
            leaks = [p for p in (env / folder).rglob("*") if p.is_file() and key.encode() in p.read_bytes()]
            assert leaks == [], (key, leaks)
    assert any((env / ".cache" / "movievault").iterdir())


def test_a_dead_service_is_given_up_after_a_few_failures(env, tmdb_server, capsys):
    for i in range(12):
        write(env / "lib", f"Movie.Number.{i}.2000.mkv/Movie.Number.{i}.2000.mkv")
    tmdb_server.fail_next(1000, 503)
    assert main(["scan", "--library", "lib", "--content", "content", "--workers", "1"]) == 0
    out = capsys.readouterr()
    assert "TMDB looks down" in out.err
    assert "skipped, the service looks down" in out.out
    assert tmdb_server.log.count("/3/") == 5   # one attempt each (retries: 0), then no more


@pytest.mark.parametrize("images, artwork, size", [
    ("", "", "w185"),                                                  # compact: 160 px squares
    ("images: {profile: full}", "", "w185"),                           # full: 185 px squares
    ("images: {widths: {actor: [300]}}", "", "h632"),                  # wider photos: 421 px
    ("images: {widths: {actor: [300]}}", "tmdb_image_size: {actor: original}", "original"),
])
def test_people_s_photos_are_fetched_at_the_tmdb_size_the_site_shows(env, tmdb_server, monkeypatch,
                                                                     images, artwork, size):
    monkeypatch.setenv("TMDB_IMAGE_URL", f"{tmdb_server.url}/t/p")
    configure(env, top=f"{images}\nartwork:\n  allow_hosts: [127.0.0.1]\n  {artwork}\n")
    assert scan() == 0
    photos = {e.path for e in tmdb_server.log.entries() if "/profile-" in e.path}
    assert photos and {p.split("/")[3] for p in photos} == {size}
    assert any((env / "content/images/people").iterdir())
