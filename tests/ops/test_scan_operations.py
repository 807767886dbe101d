"""Scan operations: dry runs that send nothing, profiles, and logging as JSON lines to a
rotated file — through the real command, against the fake TMDB."""
from __future__ import annotations

import json
import textwrap

import pytest

from movievault_build.cli import main
from tests.fakes.tmdb_server import API_KEY as TMDB_KEY
from tests.helpers import mkdocs_build, site_with_plugin, write

RELEASES = ("Dune.1984.1080p.BluRay.x264-GRP", "Fight.Club.1999.1080p.BluRay.x264-GRP")


@pytest.fixture
def env(tmp_path, monkeypatch, tmdb_server, no_provider_env):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMDB_API_KEY", TMDB_KEY)
    for name in RELEASES:
        write(tmp_path / "lib", f"{name}/{name}.mkv")
    site_with_plugin(tmp_path, textwrap.dedent(f"""\
        library: [lib]
        content_dir: content
        online:
          tmdb_api_key: !ENV TMDB_API_KEY
          tmdb_api_url: {tmdb_server.url}/3
          fallback_order: [nfo, tmdb]
          retries: 0
          rate_limit: 0
        profiles:
          nightly: {{online: false, write_nfo: true}}
        logging:
          file: build-logs/movievault.log
          max_bytes: 600
          backups: 2
        """))
    return tmp_path


def test_dry_run_sends_nothing_writes_nothing_and_says_what_it_would(env, capsys, tmdb_server):
    assert main(["scan", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert not tmdb_server.log.entries() and not (env / "content").exists()
    assert "2 online requests it would send (not in the cache):" in out
    assert "GET /3/search/movie?query=Dune" in out and TMDB_KEY not in out and "api_key" not in out
    assert "files it would write (under content/):" in out and "movies/dune-1984.md" in out
    assert "title: (none) → Dune" in out
    assert "estimated time for the scan: about" in out and "2 movies to write" in out

    assert main(["scan", "-q"]) == 0                       # the real scan fills the cache
    nfo = env / "lib" / RELEASES[0] / "movie.nfo"
    nfo.write_text("<movie><title>Dune</title><year>1984</year><tagline>A tagline of our own</tagline></movie>")
    capsys.readouterr()
    tmdb_server.log.clear()
    assert main(["scan", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "changed  dune-1984" in out and "tagline: Beyond fear" not in out
    assert "tagline: (none) → A tagline of our own" in out
    assert "online requests it would send" not in out     # all answered from the cache
    assert not tmdb_server.log.entries()
    assert "A tagline" not in (env / "content" / "movies" / "dune-1984.md").read_text()


def test_profiles_quick_and_user_defined(env, capsys, tmdb_server):
    assert main(["scan", "--profile", "quick", "-q"]) == 0
    assert not tmdb_server.log.entries()                   # no online lookups
    dune = (env / "content" / "movies" / "dune-1984.md").read_text()
    assert "sources:\n  title: filename" in dune
    assert main(["scan", "-q"]) == 0                       # the next plain scan looks them up
    assert tmdb_server.log.count("/3/search/movie") >= 2
    assert "title: tmdb" in (env / "content" / "movies" / "dune-1984.md").read_text()
    assert main(["scan", "--profile", "nightly", "-q"]) == 0
    assert (env / "lib" / RELEASES[0] / f"{RELEASES[0]}.nfo").exists()   # write_nfo: true in the profile
    capsys.readouterr()
    assert main(["scan", "--profile", "nope"]) == 2
    assert "unknown profile 'nope'; known: full, nightly, quick" in capsys.readouterr().err


def test_a_build_takes_its_profile_from_the_environment(env, monkeypatch, tmdb_server):
    monkeypatch.setenv("MOVIEVAULT_PROFILE", "nope")
    done = mkdocs_build(env / "mkdocs.yml")
    assert done.returncode != 0 and "unknown profile 'nope'" in done.stderr
    monkeypatch.setenv("MOVIEVAULT_PROFILE", "quick")
    done = mkdocs_build(env / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    assert not tmdb_server.log.entries() and (env / "content" / "movies" / "dune-1984.md").exists()
    logged = "".join(p.read_text() for p in (env / "build-logs").iterdir())   # the config's log file
    assert "INFO: " in logged


def test_json_log_lines_with_stage_movie_and_file_rotated(env, capsys):
    log = env / "logs" / "movievault.log"
    assert main(["--log-format", "json", "--log-file", str(log), "--log-level", "debug", "scan", "--full"]) == 0
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert lines and all({"time", "level", "stage", "message"} <= set(x) for x in lines)
    assert {x["stage"] for x in lines} >= {"online", "pipeline"}
    about = [x for x in lines if x.get("movie") == "dune-1984"]
    assert about and all(x["file"].startswith(RELEASES[0]) for x in about)
    assert TMDB_KEY not in err
    rotated = sorted(p.name for p in log.parent.iterdir())
    assert rotated[:2] == ["movievault.log", "movievault.log.1"] and len(rotated) <= 3   # backups: 2
    assert all(json.loads(line) for p in log.parent.iterdir() for line in p.read_text().splitlines())
