"""A library in content/, two users, and the three services faked on 127.0.0.1."""
from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from movievault_build.store import document
from tests.fakes.jellyfin_server import API_KEY as JELLYFIN_KEY, FakeJellyfin
from tests.fakes.media_library import Film
from tests.fakes.plex_server import ADMIN_TOKEN, FakePlex
from tests.fakes.trakt_server import CLIENT_ID, CLIENT_SECRET, FakeTrakt

BOB_PLEX = "plex-token-of-bob-9f8e7d"
REMOTE_ROOT = "/media/movies"          # where the media servers see the library

FILMS = [
    Film(1, "Heat", 1995, tmdb="949", imdb="tt0113277", path=f"{REMOTE_ROOT}/Heat (1995)/Heat (1995).mkv"),
    Film(2, "Alien", 1979, tmdb="348", imdb="tt0078748", path=f"{REMOTE_ROOT}/Alien (1979)/Alien (1979).mkv"),
    Film(3, "Amélie", 2001, tmdb="194", imdb="tt0211915", path=f"{REMOTE_ROOT}/Amelie (2001)/Amelie.mkv"),
    # no ids on the server: matched by path
    Film(4, "The Thing", 1982, path=f"{REMOTE_ROOT}/The Thing (1982)/The Thing (1982).mkv"),
    # no ids, a path we do not have: matched by title and year
    Film(5, "Rocky", 1976, path="/elsewhere/Rocky.mkv"),
    # nothing like it in MovieVault: listed as unmatched
    Film(6, "Not In The Vault", 2010, tmdb="999001", path=f"{REMOTE_ROOT}/Not In The Vault (2010)/x.mkv"),
]
SLUGS = {1: "heat-1995", 2: "alien-1979", 3: "amelie-2001", 4: "the-thing-1982", 5: "rocky-1976"}


def write_movie(content: Path, slug: str, film: Film, user: dict | None = None, local_path: str | None = None) -> Path:
    meta = {"title": film.title, "year": film.year,
            "ids": {k: v for k, v in (("tmdb", film.tmdb), ("imdb", film.imdb)) if v},
            "files": [{"library": "library", "path": local_path or film.path[len(REMOTE_ROOT) + 1:],
                       "size": 10, "container": "mkv"}]}
    doc = document.new_document(meta)
    for k, v in (user or {}).items():
        doc["user"][k] = v
    path = content / "movies" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(document.dump(doc, ""), "utf-8")
    return path


@dataclass
class Vault:
    root: Path
    config: Path
    content: Path
    library: Path
    state: Path
    jellyfin: FakeJellyfin
    plex: FakePlex
    trakt: FakeTrakt


def write_config(root: Path, jellyfin: str | None, plex: str | None, trakt: str | None, extra: str = "") -> Path:
    (root / "docs").mkdir(exist_ok=True)
    (root / "docs" / "index.md").write_text("# Home\n")
    blocks = ""
    if jellyfin:
        blocks += textwrap.dedent(f"""\
            jellyfin:
              url: {jellyfin}
              api_key: {JELLYFIN_KEY}
              users: [{{user: alice, name: alice}}, {{user: bob, name: Bob}}]
            """)
    if plex:
        blocks += textwrap.dedent(f"""\
            plex:
              url: {plex}
              token: {ADMIN_TOKEN}
              users: [{{user: alice}}, {{user: bob, token: {BOB_PLEX}}}]
            """)
    if trakt:
        blocks += textwrap.dedent(f"""\
            trakt:
              url: {trakt}
              client_id: {CLIENT_ID}
              client_secret: {CLIENT_SECRET}
              users: [{{user: alice}}, {{user: bob}}]
              batch: 50
            """)
    cfg = root / "mkdocs.yml"
    cfg.write_text(textwrap.dedent(f"""\
        site_name: Vault
        docs_dir: docs
        theme:
          name: material
        plugins:
          - movievault:
              library: [{root / 'library'}]
              content_dir: content
              users:
                - {{name: alice, display_name: Alice}}
                - {{name: bob, display_name: Bob}}
              sync:
                state_dir: .movievault
                timeout: 2
                retries: 2
                path_mappings: [{{remote: {REMOTE_ROOT}, local: {root / 'library'}}}]
        """) + textwrap.indent(blocks, " " * 8) + extra)
    return cfg


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    content = tmp_path / "content"
    for key, slug in SLUGS.items():
        film = next(f for f in FILMS if f.key == key)
        local = "Rocky (1976)/Rocky (1976).mkv" if key == 5 else None
        write_movie(content, slug, film, local_path=local)
    (tmp_path / "library").mkdir()
    with FakeJellyfin(FILMS, users=("alice", "Bob")) as jf, \
            FakePlex(FILMS, tokens={BOB_PLEX: "bob"}) as px, FakeTrakt(FILMS) as tr:
        tr.post_interval = 0.05          # the real limit is one write a second; the client spaces to it
        cfg = write_config(tmp_path, jf.url, px.url, tr.url)
        yield Vault(tmp_path, cfg, content, tmp_path / "library", tmp_path / ".movievault", jf, px, tr)
