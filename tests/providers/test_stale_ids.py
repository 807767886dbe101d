"""Ids in NFOs and names that TMDB no longer has, or that name another film: a scan
against the fake TMDB server (real HTTP on 127.0.0.1) replaces the first, keeps the old
id in `replaced_ids` and reports it, and does not trust the second."""
from __future__ import annotations

import pytest

from tests.fakes.tmdb_server import DELETED_ID
from tests.helpers import write
from tests.providers.test_scan_online import configure, front, scan

GONE = str(DELETED_ID)


def nfo(title: str, year: int, tmdb: str) -> str:
    return (f"<movie><title>{title}</title><year>{year}</year>"
            f'<uniqueid type="tmdb" default="true">{tmdb}</uniqueid></movie>')


@pytest.fixture
def env(tmp_path, monkeypatch, tmdb_server, no_provider_env):
    from tests.fakes.tmdb_server import API_KEY
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMDB_API_KEY", API_KEY)
    monkeypatch.setenv("TMDB_API_URL", f"{tmdb_server.url}/3")
    monkeypatch.setenv("OMDB_API_KEY", "")
    configure(tmp_path)
    return tmp_path


def asked(server, tmdb_id: str) -> int:
    return sum(1 for e in server.log.entries() if e.path == f"/3/movie/{tmdb_id}")


def test_an_nfo_id_tmdb_no_longer_has_is_replaced_and_reported(env, tmdb_server, capsys):
    write(env / "lib", "Fight Club (1999)/Fight Club (1999).mkv")
    write(env / "lib", "Fight Club (1999)/Fight Club (1999).nfo", nfo("Fight Club", 1999, GONE))
    assert scan() == 0
    movie = front(env, "fight-club-1999")
    assert movie["ids"]["tmdb"] == "550"
    assert movie["replaced_ids"]["tmdb"]["was"] == GONE and "404" in movie["replaced_ids"]["tmdb"]["reason"]
    assert movie["sources"]["ids"] == "tmdb"          # no id of the NFO's survived
    out = capsys.readouterr().out
    assert "1 stale id replaced" in out
    assert f"Fight Club (1999).mkv: tmdb id {GONE} is gone from TMDB; now 550 (found by search)" in out
    assert asked(tmdb_server, GONE) == 1

    assert scan("--full") == 0                         # the NFO still says the old id
    assert asked(tmdb_server, GONE) == 1               # ... but it is not asked for again
    again = front(env, "fight-club-1999")
    assert again["ids"]["tmdb"] == "550" and again["replaced_ids"] == movie["replaced_ids"]
    assert again["confidence"] == 1.0                  # found by the replacement id
    assert "stale ids replaced" not in capsys.readouterr().out   # reported once, when found


def test_a_corrected_nfo_drops_the_record(env, tmdb_server):
    path = write(env / "lib", "Fight Club (1999)/Fight Club (1999).nfo", nfo("Fight Club", 1999, GONE))
    write(env / "lib", "Fight Club (1999)/Fight Club (1999).mkv")
    assert scan() == 0
    path.write_text(nfo("Fight Club", 1999, "550"))
    assert scan() == 0
    movie = front(env, "fight-club-1999")
    assert movie["ids"]["tmdb"] == "550" and "replaced_ids" not in movie


def test_an_id_in_the_file_name_is_replaced_too(env):
    write(env / "lib", f"Heat (1995) [tmdbid-{GONE}]/Heat (1995) [tmdbid-{GONE}].mkv")
    assert scan() == 0
    movie = front(env, "heat-1995")
    assert movie["ids"]["tmdb"] == "949" and movie["replaced_ids"]["tmdb"]["was"] == GONE


def test_an_unsure_search_keeps_the_old_id_and_says_it_is_gone(env, capsys):
    write(env / "lib", "Nothing Like It (1950)/Nothing Like It (1950).mkv")
    write(env / "lib", "Nothing Like It (1950)/Nothing Like It (1950).nfo", nfo("Heat", 1950, GONE))
    assert scan() == 0
    out = capsys.readouterr().out
    assert f"(its tmdb id {GONE} is gone)" in out
    assert "replaced_ids" not in front(env, "heat-1950")


@pytest.mark.parametrize("title, year, trusted", [
    ("Heat", 1995, False),            # TMDB 603 is The Matrix (1999): wide margin on both
    ("Die Matrix", 1999, True),       # a translated title, the same year
    ("Matrix", 1997, True),           # a year off, the same title
])
def test_an_id_that_contradicts_the_nfo_is_not_trusted(env, capsys, title, year, trusted):
    write(env / "lib", "Some Film/Some Film.mkv")
    write(env / "lib", "Some Film/Some Film.nfo", nfo(title, year, "603"))
    assert scan() == 0
    out = capsys.readouterr().out
    slug = next((env / "content" / "movies").glob("*.md")).stem
    movie = front(env, slug)
    if trusted:
        assert movie["confidence"] == 1.0 and movie["sources"]["plot"] == "tmdb"
        assert "not trusted" not in out
    else:
        assert movie["confidence"] <= 0.3 and "tmdb" not in movie["sources"].values()
        assert ("Some Film.mkv: TMDB id tmdb 603 names “The Matrix” (1999), not “Heat” (1995); "
                "not trusted (pin the right id)") in out


def test_a_pinned_id_is_trusted_whatever_the_nfo_says(env, capsys):
    write(env / "lib", "Some Film/Some Film.mkv")
    write(env / "lib", "Some Film/Some Film.nfo", nfo("Heat", 1995, "603"))
    assert scan() == 0
    path = env / "content" / "movies" / "heat-1995.md"
    path.write_text(path.read_text("utf-8").replace("\nuser:\n", "\nuser:\n  ids: {tmdb: 603}\n"))
    capsys.readouterr()
    assert scan() == 0
    movie = front(env, "heat-1995")
    assert movie["confidence"] == 1.0 and "not trusted" not in capsys.readouterr().out


def test_docstring_examples():
    import doctest

    from movievault_build.enrich import ids
    assert doctest.testmod(ids).failed == 0
