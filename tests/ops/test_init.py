"""`movievault init`: the wizard through a real pseudo-terminal, the same with flags, keys
checked against the fake TMDB and kept out of mkdocs.yml, comments kept, idempotent, and
an empty folder ending up as a site that builds."""
from __future__ import annotations

import os
import stat
import sys
import textwrap
import tomllib
from pathlib import Path

import pexpect
import pytest
from ruamel.yaml import YAML

from movievault_build.cli import main
from movievault_build.site.config_moved import MOVED
from tests.fakes.tmdb_server import API_KEY as TMDB_KEY
from tests.helpers import REPO, mkdocs_build

DEMO = REPO / "demo" / "library"
MOVIEVAULT = Path(sys.executable).with_name("movievault")


def spawn(args: list[str], env: dict[str, str], cwd: Path) -> pexpect.spawn:
    child = pexpect.spawn(str(MOVIEVAULT), args, env=env, cwd=str(cwd), encoding="utf-8", timeout=60,
                          dimensions=(40, 200))
    child.logfile_read = None
    return child


def test_the_wizard_on_a_terminal(tmp_path, tmdb_server, no_provider_env):
    env = {**os.environ, "TMDB_API_URL": f"{tmdb_server.url}/3", "PYTHONPATH": str(REPO)}
    env.pop("TMDB_API_KEY", None)
    site = tmp_path / "site"
    child = spawn(["init", "--dir", str(site)], env, tmp_path)
    child.expect(r"Site name \[site\]: ")
    child.sendline("Our films")
    child.expect(r"Library folders \(comma-separated\): ")
    child.sendline(str(tmp_path / "not-there"))
    child.expect("is not a folder")
    child.expect(r"Library folders \(comma-separated\): ")
    child.sendline(str(DEMO))
    child.expect(r"Content folder .*\[content\]: ")
    child.sendline("")
    child.expect(r"Fetch metadata online \(TMDB, OMDb\)\? \[Y/n\]: ")
    child.sendline("y")
    child.expect("TMDB API key .*: ")
    child.sendline("0" * 32)
    child.expect("TMDB: TMDB rejected the API key; try again")
    child.expect("TMDB API key .*: ")
    child.sendline(TMDB_KEY)
    child.expect("TMDB: key accepted")
    child.expect("OMDb API key .*: ")
    child.sendline("")
    child.expect(r"Copy local artwork and download posters\? \[Y/n\]: ")
    child.sendline("")
    child.expect(r"Analyse video files with ffprobe\? \[Y/n\]: ")
    child.sendline("n")
    child.expect(r"Write NFO files for Kodi/Jellyfin/Plex\? \[y/N\]: ")
    child.sendline("")
    child.expect(r"Deploy to \(none, netlify, github\) \[none\]: ")
    child.sendline("github")
    child.expect(r"Scan the library now\? \[Y/n\]: ")
    child.sendline("n")
    child.expect("Done. Build the site")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert TMDB_KEY not in child.before
    config_text = (site / "mkdocs.yml").read_text()
    assert "tmdb_api_key: !ENV TMDB_API_KEY" in config_text and TMDB_KEY not in config_text
    assert 'probe: "off"' in config_text and "site_name: Our films" in config_text
    env_file = site / ".env"
    assert f"TMDB_API_KEY={TMDB_KEY}" in env_file.read_text()
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert ".env" in (site / ".gitignore").read_text().splitlines()
    assert (site / ".github" / "workflows" / "pages.yml").is_file() and not (site / "netlify.toml").exists()


def test_flags_keep_comments_and_tags_and_run_twice_to_the_same(tmp_path, tmdb_server, no_provider_env, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Mine   # the name on every page
        site_url: !ENV [SITE_URL, null]
        docs_dir: pages
        markdown_extensions:
          - pymdownx.emoji:
              emoji_index: !!python/name:material.extensions.emoji.twemoji
        plugins:
          - search
          # our films
          - movievault:
              library: [old]
              cache_dir: .cache/mine   # keep this
        """))
    args = ["init", "--dir", str(site), "--yes", "--library", str(DEMO), "--tmdb-key", TMDB_KEY,
            "--tmdb-api-url", f"{tmdb_server.url}/3", "--deploy", "netlify"]
    assert main(args) == 0
    first = (site / "mkdocs.yml").read_text()
    for kept in ("# the name on every page", "site_url: !ENV [SITE_URL, null]", "# our films",
                 "!!python/name:material.extensions.emoji.twemoji", "cache_dir: .cache/mine   # keep this",
                 "tmdb_api_key: !ENV TMDB_API_KEY", "site_name: Mine"):
        assert kept in first
    assert (site / "pages" / "index.md").is_file() and (site / "netlify.toml").is_file()
    stamps = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "wrote" not in out and "unchanged  mkdocs.yml" in out
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == stamps


@pytest.mark.parametrize("args, reason", [
    (["--library", "nowhere"], "library 'nowhere': not a folder"),
    (["--library", str(DEMO), "--tmdb-key", "f" * 32], "TMDB: TMDB rejected the API key"),
])
def test_bad_answers_stop_with_one_line_and_write_nothing(tmp_path, tmdb_server, no_provider_env, capsys,
                                                          args, reason):
    site = tmp_path / "site"
    code = main(["init", "--dir", str(site), "--yes", "--tmdb-api-url", f"{tmdb_server.url}/3", *args])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err == f"movievault: {reason}"
    assert not site.exists()


@pytest.mark.slow
def test_an_empty_folder_becomes_a_site_that_builds(tmp_path, no_provider_env, capsys):
    site = tmp_path / "empty"
    assert main(["init", "--dir", str(site), "--yes", "--library", str(DEMO), "--no-online", "--scan"]) == 0
    assert "32 movies found: 32 new" in capsys.readouterr().out
    done = mkdocs_build(site / "mkdocs.yml", "--strict")
    assert done.returncode != 0 and "The Good, the Bad and the Ugly" in done.stderr   # the planted bad NFO
    done = mkdocs_build(site / "mkdocs.yml")
    assert done.returncode == 0, done.stderr
    assert (site / "site" / "movies" / "heat-1995" / "index.html").is_file()
    assert "Browse the whole library" in (site / "site" / "index.html").read_text()   # the dashboard home


def test_shipped_deploy_files_follow_the_repository_s(tmp_path):
    from movievault_build.setup.deploy import files_for

    netlify = tomllib.loads(files_for("netlify")["netlify.toml"])
    ours = tomllib.loads((REPO / "netlify.toml").read_text())
    assert netlify["build"]["command"] == ours["build"]["command"].replace("pip install .", "pip install -r requirements.txt")
    assert {k: v for k, v in netlify.items() if k != "build"} == {k: v for k, v in ours.items() if k != "build"}
    yaml = YAML(typ="safe")
    pages = yaml.load(files_for("github")[".github/workflows/pages.yml"])
    repo_pages = yaml.load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    steps = lambda w: [{k: v for k, v in s.items() if k not in ("run", "with")} for s in w["jobs"]["build"]["steps"]]  # noqa: E731
    assert steps(pages) == steps(repo_pages) and pages["jobs"]["deploy"] == repo_pages["jobs"]["deploy"]
    assert files_for("netlify")["package-lock.json"] == (REPO / "package-lock.json").read_text()


# -- old flat keys (site/config_moved.py) are moved into their groups -----------------------------
def test_init_moves_old_keys_into_their_groups_keeping_comments(tmp_path, capsys, no_provider_env):
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent("""\
        site_name: Mine   # the name on every page
        theme: {name: material}
        plugins:
          - movievault:
              library: [films]
              scan: never     # CI builds from content/ alone
              known_problems: [films/bad.nfo]
              tmdb_api_key: !ENV TMDB_API_KEY
              write_nfo: true
        """))
    (tmp_path / "films").mkdir()
    assert main(["init", "--dir", str(tmp_path), "--yes", "--no-online", "--deploy", "none"]) == 0
    assert "moved      `known_problems` to `scan.known_problems`" in capsys.readouterr().out
    text = (tmp_path / "mkdocs.yml").read_text()
    block = YAML(typ="safe").load(text.replace("!ENV", ""))["plugins"][0]["movievault"]
    assert not set(block) & set(MOVED) and "# the name on every page" in text and "# CI builds" in text
    assert block["scan"] == {"when": "never", "known_problems": ["films/bad.nfo"]}
    assert block["nfo"] == {"write": True} and block["online"]["fallback_order"] == ["nfo"]
    built = mkdocs_build(tmp_path / "mkdocs.yml", "--strict")   # no deprecation left to warn about
    assert built.returncode == 0, built.stderr


def test_init_refuses_an_old_and_new_key_together(tmp_path, capsys, no_provider_env):
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\nplugins:\n  - movievault:\n"
                                         "      write_nfo: true\n      nfo: {write: false}\n")
    before = (tmp_path / "mkdocs.yml").read_text()
    assert main(["init", "--dir", str(tmp_path), "--yes", "--deploy", "none"]) != 0
    assert "`write_nfo` and `nfo.write` are both given" in capsys.readouterr().err
    assert (tmp_path / "mkdocs.yml").read_text() == before
