"""The demo's planted wrong match, put right end to end through the real commands against
the fake TMDB: found by `unmatched`, fixed by `identify`, given another poster by
`artwork choose`, and still right after full re-scans (online, then offline with no key)."""
from __future__ import annotations

import hashlib
import io
import re
import sys
import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.store.document import load_plain
from tests.fakes.tmdb_server import API_KEY as TMDB_KEY, image_bytes
from tests.helpers import REPO, site_with_plugin

SLUG = "the-thing-2011"


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "library"
    sys.path.insert(0, str(REPO / "demo"))
    try:
        import make_demo
        make_demo.build(make_demo.load_spec(), out)
    finally:
        sys.path.remove(str(REPO / "demo"))
    return out


@pytest.fixture
def site(tmp_path, monkeypatch, tmdb_server, no_provider_env, demo_copy):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMDB_API_KEY", TMDB_KEY)
    site_with_plugin(tmp_path, textwrap.dedent(f"""\
        library: ["{demo_copy}"]
        content_dir: content
        online:
          tmdb_api_key: !ENV [TMDB_API_KEY, ""]
          tmdb_api_url: {tmdb_server.url}/3
          tmdb_image_url: {tmdb_server.url}/t/p
          fallback_order: [nfo, tmdb]
          retries: 0
          rate_limit: 0
        artwork:
          allow_hosts: [127.0.0.1]
        """))
    return tmp_path


def front(root: Path, slug: str = SLUG) -> dict:
    return load_plain((root / "content" / "movies" / f"{slug}.md").read_text("utf-8"), slug)[0]


def run(monkeypatch, capsys, *args: str, answer: str = "") -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(answer.encode()), encoding="utf-8"))
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def test_found_fixed_given_a_poster_and_kept(site, monkeypatch, capsys, tmdb_server):
    assert run(monkeypatch, capsys, "scan", "-q")[0] == 0
    wrong = front(site)
    assert (wrong["year"], wrong["ids"]["tmdb"], wrong["confidence"]) == (2011, "60935", 0.55)

    code, out = run(monkeypatch, capsys, "unmatched")
    assert code == 0
    first = out.splitlines()[0]
    assert SLUG in first and "0.55" in first and "named “The Thing (1982)”" in first

    code, out = run(monkeypatch, capsys, "identify", SLUG, answer="1\n")
    assert code == 0, out
    assert "1. 1.00  The Thing (1982)  [tmdb 1091]" in out or "The Thing (1982)  [tmdb 1091]" in out.split("2.")[0]
    assert "title 1.00 · year 1.00 (1982 for 1982)" in out
    assert "year: 2011 → 1982" in out and "directors: Matthijs van Heijningen Jr. → John Carpenter" in out
    fixed = front(site)
    assert fixed["user"]["ids"] == {"imdb": "tt0084787", "tmdb": "1091"}
    assert (fixed["year"], fixed["ids"]["tmdb"], fixed["ids"]["imdb"], fixed["confidence"]) == (1982, "1091", "tt0084787", 1.0)
    assert fixed["sources"]["title"] == "tmdb"   # the NFO, another film's, is set aside
    assert SLUG not in run(monkeypatch, capsys, "unmatched")[1]

    code, out = run(monkeypatch, capsys, "artwork", "choose", SLUG, "--kind", "poster", "--pick", "99")
    assert code != 0 and "there are" in out and front(site)["images"] == fixed["images"]
    code, out = run(monkeypatch, capsys, "artwork", "choose", SLUG, "--kind", "poster", answer="\n")
    listing = [line for line in out.splitlines() if re.match(r"\s*\d+\. ", line)]
    assert "local" in listing[0] and "(in use)" in listing[0] and "poster.jpg" in listing[0]
    tmdb_lines = [line for line in listing if "tmdb" in line]
    assert "[en, vote 5.4" in tmdb_lines[0] and "[fr" in tmdb_lines[-1]   # its language first, by vote
    pick = next(i for i, line in enumerate(listing, 1) if "poster-1091-1.jpg" in line)
    code, out = run(monkeypatch, capsys, "artwork", "choose", SLUG, "--kind", "poster", answer=f"{pick}\n")
    assert code == 0, out
    poster = next(i for i in front(site)["images"] if i["kind"] == "poster")
    assert poster["src"] == f"{tmdb_server.url}/t/p/w780/poster-1091-1.jpg"
    master = (site / "content" / poster["path"]).read_bytes()
    assert hashlib.sha256(master).hexdigest() == poster["sha256"] == hashlib.sha256(image_bytes("poster-1091-1.jpg")).hexdigest()

    assert run(monkeypatch, capsys, "scan", "--full", "-q")[0] == 0
    again = front(site)
    assert (again["year"], again["ids"]["tmdb"], again["confidence"]) == (1982, "1091", 1.0)
    assert next(i for i in again["images"] if i["kind"] == "poster") == poster

    monkeypatch.delenv("TMDB_API_KEY")          # as a CI build: no key, no network
    assert run(monkeypatch, capsys, "scan", "--full", "-q")[0] == 0
    offline = front(site)
    assert (offline["title"], offline["year"], offline["directors"]) == ("The Thing", 1982, ["John Carpenter"])
    assert next(i for i in offline["images"] if i["kind"] == "poster") == poster


@pytest.mark.parametrize("args, reason", [
    (("identify", "no-such-film"), "no movie 'no-such-film'"),
    (("identify", SLUG, "--tmdb", "4242424"), "TMDB has no movie 4242424"),
    (("identify", SLUG, "--tmdb", "abc"), "a TMDB id is a number"),
    (("identify", SLUG, "--imdb", "tt0000001"), "TMDB knows no movie with IMDb id tt0000001"),
    (("artwork", "choose", SLUG, "--kind", "banner"), "Invalid value for '--kind'"),
    (("refresh", "nope"), "no movie 'nope'"),
])
def test_bad_input_is_one_line_and_changes_nothing(site, monkeypatch, capsys, args, reason):
    assert run(monkeypatch, capsys, "scan", "-q")[0] == 0
    before = (site / "content" / "movies" / f"{SLUG}.md").read_bytes()
    code, out = run(monkeypatch, capsys, *args)
    assert code != 0 and reason in out
    assert (site / "content" / "movies" / f"{SLUG}.md").read_bytes() == before


def test_identify_stops_on_no_answer_and_needs_a_key(site, monkeypatch, capsys):
    assert run(monkeypatch, capsys, "scan", "-q")[0] == 0
    before = (site / "content" / "movies" / f"{SLUG}.md").read_bytes()
    code, out = run(monkeypatch, capsys, "identify", SLUG, answer="s\n")
    assert code != 0 and "nothing chosen" in out
    monkeypatch.delenv("TMDB_API_KEY")
    code, out = run(monkeypatch, capsys, "identify", SLUG, "--tmdb", "1091")
    assert code != 0 and "set TMDB_API_KEY" in out and TMDB_KEY not in out
    assert (site / "content" / "movies" / f"{SLUG}.md").read_bytes() == before


def test_refresh_bypasses_the_cache_and_shows_changes(site, monkeypatch, capsys, tmdb_server):
    assert run(monkeypatch, capsys, "scan", "-q")[0] == 0
    assert run(monkeypatch, capsys, "identify", SLUG, "--tmdb", "1091")[0] == 0
    tmdb_server.log.clear()
    code, out = run(monkeypatch, capsys, "refresh", SLUG, "the-matrix-1999")
    assert code == 0, out
    asked = [e.path for e in tmdb_server.log.entries()]
    assert "/3/movie/1091" in asked and "/3/movie/603" in asked   # asked again, not from the cache
    assert f"{SLUG}: unchanged" in out
    code, out = run(monkeypatch, capsys, "refresh", "--query", "title:Heat")
    assert code == 0 and "heat-1995:" in out
