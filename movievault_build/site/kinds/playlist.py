"""Smart playlists on the site: one poster-grid page each, an index page, the JSON API.

Playlists are evaluated over the movies the plugin already loaded (no index file is
needed); bad rules fail the build naming the playlist and the rule.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from ...errors import UserError
from ...vault.playlists import Playlist, load_playlists
from ...model import Movie
from ...views import pages as views
from ..generated import add_file

INDEX_PAGE = "playlists/index.md"
API_FILE = "api/playlists.json"
ROW = 20          # posters of each playlist on the index page


@dataclass
class PlaylistPages:
    """Per-page template context for the playlist pages and their index."""
    pages: dict[str, tuple[Playlist, list[Movie]]] = field(default_factory=dict)   # src_uri -> …
    links: views.Links = field(default_factory=lambda: views.Links({}, {}, {}))
    listing: list[dict[str, Any]] = field(default_factory=list)

    def uris(self) -> list[str]:
        """The index and each playlist's page."""
        return [INDEX_PAGE, *self.pages]

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri in self.pages:
            playlist, movies = self.pages[src_uri]
            return {"playlist": {"name": playlist.name, "description": playlist.description},
                    "movies": [views.card_view(m, self.links) for m in movies]}
        if src_uri == INDEX_PAGE:     # each playlist as a row of its first posters (same order)
            return {"playlists": [{**entry, "cards": [views.card_view(m, self.links) for m in movies[:ROW]]}
                                  for entry, (_, movies) in zip(self.listing, self.pages.values())]}
        return None


def playlist_uri(slug: str) -> str:
    return f"playlists/{slug}/index.md"


def _page(title: str) -> str:
    # JSON is YAML; material prints meta.title unescaped, so it is HTML-escaped first.
    return f"---\ntemplate: playlist.html\ntitle: {json.dumps(escape(title))}\nhide: [navigation, toc]\n---\n"


def add_playlist_pages(files: Files, config: MkDocsConfig, movies: list[Movie], content_dir: Path,
                       links: views.Links) -> PlaylistPages:
    try:
        playlists = load_playlists(content_dir)
    except UserError as exc:
        raise PluginError(f"movievault: {exc}") from None
    result = PlaylistPages(links=links)
    urls = links.movies
    add_file(files, File.generated(config, INDEX_PAGE, content=_page("Playlists"), inclusion=InclusionLevel.NOT_IN_NAV))
    api = []
    for playlist in playlists:
        chosen = playlist.select(movies)
        uri = playlist_uri(playlist.slug)
        add_file(files, File.generated(config, uri, content=_page(playlist.name), inclusion=InclusionLevel.NOT_IN_NAV))
        result.pages[uri] = (playlist, chosen)
        url = files.get_file_from_path(uri).url
        result.listing.append({"name": playlist.name, "description": playlist.description,
                               "url": url, "count": len(chosen)})
        api.append({"name": playlist.name, "slug": playlist.slug, "description": playlist.description,
                    "url": url, "rules": playlist.rules, "sort": playlist.sort, "limit": playlist.limit,
                    "movies": [{"slug": m.slug, "title": m.title, "year": m.year, "url": urls.get(m.slug, "")}
                               for m in chosen]})
    add_file(files, File.generated(config, API_FILE, content=json.dumps({"playlists": api}, ensure_ascii=False, indent=1)))
    return result
