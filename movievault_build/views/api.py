"""The site's static JSON API: files built from the movies already loaded for the pages.

    api/movies.json          one compact entry per movie, in library order
    api/movies/<slug>.json   everything public about one movie
    api/collections.json     every collection with its films in release order
    api/ids.json             provider id -> movie, for "is it in my library?" look-ups

Pure: the builders return {site path: bytes}; the plugin adds them to the build.
Bytes are deterministic (sorted keys, no whitespace, UTF-8 as is), so two builds of
the same content/ publish identical files. Nothing machine-local is published: file
paths stay relative to their library root, and stored image paths (content/ copies
or wherever the art came from) are replaced by the site's own image URLs. Schemas
for every file live in site/theme/api/schema/ (published as api/schema/) and are documented on the site's api page.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from ..fields import FIELDS
from ..model import Movie
from .art import KINDS, thumbnail_urls
from .catalog import Catalog
from .pages import Links

VERSION = 1
MOVIES_INDEX = "api/movies.json"
COLLECTIONS = "api/collections.json"
IDS = "api/ids.json"
LISTS = (MOVIES_INDEX, COLLECTIONS, IDS)   # the whole-library files, made together
PUBLIC_USER_KEYS = ("tags", "watched", "favorite", "rating")   # never notes or overrides
FILE_KEYS = ("path", "part", "size", "container", "resolution", "source", "edition")


def movie_path(slug: str) -> str:
    return f"api/movies/{slug}.json"


def dump(doc: Any) -> bytes:
    return json.dumps(doc, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build_api(catalog: Catalog, links: Links) -> dict[str, bytes]:
    """Every API file of the site, keyed by its path under site_dir."""
    return library_documents(catalog, links) | movie_documents(catalog.order, links)


def library_documents(catalog: Catalog, links: Links) -> dict[str, bytes]:
    """The whole-library files: the movie index and the collections."""
    posters = thumbnail_urls(links.art)
    return {MOVIES_INDEX: dump({"version": VERSION, "movies": [
                index_entry(m, links.movies.get(m.slug, ""), posters.get(m.slug)) for m in catalog.order]}),
            COLLECTIONS: dump(collections_document(catalog, links)),
            IDS: dump(ids_document(catalog.order, links))}


def ids_document(movies: Iterable[Movie], links: Links) -> dict[str, Any]:
    """Every provider id of the library pointing at its movie, as compact as a look-up
    allows: `movies` holds [slug, url] pairs once, `ids[provider][id]` an index into it.

        {"version": 1, "movies": [["heat-1995", "movies/heat-1995/"]],
         "ids": {"imdb": {"tt0113277": 0}, "tmdb": {"949": 0}}}

    Providers are lower-case and IMDb ids too (tt…); when two movies share an id (two
    copies of one film) the first in library order keeps it."""
    pairs: list[list[str]] = []
    ids: dict[str, dict[str, int]] = {}
    for movie in movies:
        at, used = len(pairs), False
        for provider, value in movie.ids.items():
            key, text = str(provider).strip().lower(), str(value).strip()
            text = text.lower() if key == "imdb" else text
            if key and text and text not in ids.setdefault(key, {}):
                ids[key][text], used = at, True
        if used:
            pairs.append([movie.slug, links.movies.get(movie.slug, "")])
    return {"version": VERSION, "movies": pairs, "ids": ids}


def movie_documents(movies: Iterable[Movie], links: Links) -> dict[str, bytes]:
    """api/movies/<slug>.json of each movie."""
    return {movie_path(m.slug): dump(movie_document(m, links)) for m in movies}


def index_entry(movie: Movie, url: str, poster: str | None) -> dict[str, Any]:
    """A movie's entry in api/movies.json: the fields declared `summary` (fields.py)."""
    return {"slug": movie.slug, "url": url, "poster": poster,
            **{f.name: _plain(getattr(movie, f.name)) for f in FIELDS.values() if f.summary is not False}}


def _plain(value: Any) -> Any:
    """A model value as JSON holds it."""
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return dict(value)
    return value.to_dict() if hasattr(value, "to_dict") else value


def movie_document(movie: Movie, links: Links) -> dict[str, Any]:
    doc = movie.metadata()
    doc.pop("images", None)      # content/ paths and original sources: see `images` below
    if "cast" in doc:
        doc["cast"] = [_public_person(p) for p in doc["cast"]]
    doc.update({
        "version": VERSION,
        "slug": movie.slug,
        "url": links.movies.get(movie.slug, ""),
        "files": [_public_file(f.to_dict()) for f in movie.files],
        "user": {k: movie.user[k] for k in PUBLIC_USER_KEYS if movie.user.get(k) not in (None, "", [])},
        "images": {kind: image_urls(links.art[(movie.slug, kind)]) for kind in KINDS
                   if (movie.slug, kind) in links.art},
    })
    if movie.added:
        doc["added"] = movie.added
    return doc


def field_schema(indent: int = 4) -> str:
    """The declared fields' properties of api/schema/movie.schema.json, as the lines the
    theme's template (theme/api/schema/movie.schema.json) puts among the API's own."""
    return ",\n".join(f"{' ' * indent}{json.dumps(f.name)}: {_schema_text(prop, indent)}"
                       for f in FIELDS.values() if (prop := f.schema) is not None)


def summary_schema(indent: int = 10) -> str:
    """The declared fields' properties of api/movies.json's entries (movies.schema.json)."""
    return ",\n".join(f"{' ' * indent}{json.dumps(f.name)}: {json.dumps(prop, ensure_ascii=False)}"
                       for f in FIELDS.values() if (prop := f.summary_schema) is not None)


def summary_required() -> str:
    """The entries' required keys: the API's own, then the declared fields'."""
    names = ["slug", "url", "poster", *(f.name for f in FIELDS.values() if f.summary is not False)]
    return json.dumps(names)


def _schema_text(value: Any, indent: int) -> str:
    """JSON as the schema files are laid out: an object on one line when it holds no object
    or fits in 100 columns, else one key a line."""
    flat = json.dumps(value, ensure_ascii=False)
    nested = isinstance(value, dict) and any(isinstance(v, dict) for v in value.values())
    if not nested or indent + len(flat) <= 100 - 16:
        return flat
    inner = ",\n".join(f"{' ' * (indent + 2)}{json.dumps(k)}: {_schema_text(v, indent + 2)}"
                        for k, v in value.items())
    return "{\n" + inner + "\n" + " " * indent + "}"


def image_urls(view: Mapping[str, Any]) -> dict[str, Any]:
    """One picture view as plain URLs: the default `src`, its size, and every variant."""
    variants = [{"url": u, "width": w, "type": s["type"]} for s in view["sources"] for u, w in s["srcset"]]
    variants += [{"url": u, "width": w, "type": _type_of(u)} for u, w in view["srcset"]]
    return {"src": view["src"], "width": view["width"], "height": view["height"],
            "placeholder": view["placeholder"], "variants": variants}


def collections_document(catalog: Catalog, links: Links) -> dict[str, Any]:
    groups = sorted(catalog.groups.get("collection", {}).values(), key=lambda g: (g.name.casefold(), g.slug))
    return {"version": VERSION, "collections": [
        {"name": g.name, "slug": g.slug, "url": links.groups.get(("collection", g.name), ""),
         "overview": g.overview,
         "movies": [{"slug": m.slug, "title": m.title, "year": m.year, "url": links.movies.get(m.slug, "")}
                    for m in g.movies]}      # the catalog keeps collections in release order
        for g in groups]}


def _public_file(f: Mapping[str, Any]) -> dict[str, Any]:
    out = {k: f[k] for k in FILE_KEYS if f.get(k) is not None}
    path = str(out.get("path", ""))
    if path.startswith("/") or (len(path) > 1 and path[1] == ":"):   # never an absolute path
        out["path"] = path.replace("\\", "/").rsplit("/", 1)[-1]
    return out


def _public_person(p: Mapping[str, Any]) -> dict[str, Any]:
    # A thumb may be a path on the library disk; only web URLs are worth publishing.
    return {k: v for k, v in p.items() if k != "thumb" or str(v).startswith(("https://", "http://"))}


def _type_of(url: str) -> str:
    ext = url.rsplit(".", 1)[-1].lower()
    return {"webp": "image/webp", "avif": "image/avif", "png": "image/png"}.get(ext, "image/jpeg")
