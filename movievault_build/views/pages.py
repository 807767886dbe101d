"""Plain dicts the templates render. Values stay raw text: templates escape every one."""
from __future__ import annotations


from dataclasses import dataclass, field
from typing import Any, Mapping

from ..fields import FIELDS
from ..identify.nfo_values import parse_trailer
from ..probe.facets import quality_label
from ..vault.present import technical_view, versions_view
from ..model import CollectionPart, Movie
from .catalog import KIND_TITLE, Catalog, Group, decade, tags_of
from .provenance import provenance_view
from .user_state import viewer_state
from ..units import human_size

EXTERNAL = {
    "imdb": ("IMDb", "https://www.imdb.com/title/{}/"),
    "tmdb": ("TMDB", "https://www.themoviedb.org/movie/{}"),
}

# Group pages with a picture at the top: a person's photo, a collection's poster.
GROUP_IMAGE_KIND = {"person": "actor", "collection": "poster"}


@dataclass(frozen=True)
class Links:
    """Where every generated page lives (site-relative URLs)."""
    movies: Mapping[str, str]
    groups: Mapping[tuple[str, str], str]
    indexes: Mapping[str, str]
    art: Mapping[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)

    def group(self, kind: str, name: str | None) -> dict[str, Any] | None:
        if not name:
            return None
        return {"name": name, "url": self.groups.get((kind, name))}


def runtime_text(minutes: int | None) -> str | None:
    if not minutes:
        return None
    hours, mins = divmod(int(minutes), 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def card_view(movie: Movie, links: Links) -> dict[str, Any]:
    """A poster card. What the viewer did with the movie is not here: cards get it in the
    browser from the chosen user's state file (site/user_states.py), so a watched mark re-renders no
    page but the movie's own. The shared digest (site/page_inputs.py) covers every value."""
    return {
        "slug": movie.slug,
        "title": movie.title,
        "year": movie.year,
        "url": links.movies.get(movie.slug, ""),
        "poster": links.art.get((movie.slug, "poster")),
        "rating": movie.rating,
        "genres": list(movie.genres),
        "missing": movie.missing,
        "quality": quality_label((f.resolution for f in movie.files), movie.streams),
    }


def film_views(group: Group | None, links: Links, current: str | None = None) -> list[dict[str, Any]]:
    """A group's cards; a collection whose film list is known also shows the films the
    library lacks, as `{"title", "year", "absent": True}`."""
    if group is None:
        return []
    out = []
    for entry in group.parts or group.movies:
        if isinstance(entry, CollectionPart):
            out.append({"slug": "", "title": entry.title, "year": entry.year, "absent": True})
        else:
            out.append(card_view(entry, links) | ({"current": entry.slug == current} if current else {}))
    return out


def _around(movie: Movie, catalog: Catalog) -> tuple[Movie | None, Movie | None, Group | None]:
    """The films beside a movie in the library's order, and its collection's group."""
    previous, following = catalog.neighbours(movie)
    collection = movie.collection.name if movie.collection else None
    return previous, following, catalog.groups.get("collection", {}).get(
        catalog.by_name.get(("collection", collection), ""))


def _linked_groups(movie: Movie) -> list[tuple[str, str | None]]:
    """The groups a movie's page links to by name (movie_view's `links.group` calls)."""
    return [*(("person", n) for n in movie.directors), *(("person", p.name) for p in movie.cast),
            *(("genre", g) for g in movie.genres), ("decade", decade(movie.year)),
            ("collection", movie.collection.name if movie.collection else None),
            *(("tag", t) for t in tags_of(movie))]


def movie_shows(movie: Movie, catalog: Catalog, links: Links) -> tuple[list[str], list[Any]]:
    """What a movie's page (movie_view) shows beyond the movie itself: the slugs of the
    films whose cards it shows, and plain values for the rest (the URLs of the groups it
    links, its genre guesses, its collection's absent films). site/page_inputs.py keys
    the page on these and those films' shared digests, so an edit elsewhere in the
    library leaves the page's key alone unless the page shows it."""
    previous, following, siblings = _around(movie, catalog)
    slugs = [m.slug for m in catalog.related.get(movie.slug, ())]
    rest: list[Any] = [len(slugs), previous and previous.slug, following and following.slug,
                       [links.groups.get(k) for k in _linked_groups(movie)],
                       [(g, round(c * 100)) for g, c in catalog.suggested.get(movie.slug, ())]]
    films, parts = group_shows(siblings)
    return slugs + [m.slug for m in (previous, following) if m] + films, rest + parts


def group_shows(group: Group | None) -> tuple[list[str], list[Any]]:
    """What a group's film list (film_views) shows: the slugs of its films, and where the
    films the library lacks stand among them."""
    if group is None:
        return [], [None]
    films, parts = [], [group.kind, group.name, group.overview]
    for entry in group.parts or group.movies:
        if isinstance(entry, CollectionPart):
            parts.append((entry.title, entry.year))
        else:
            films.append(entry.slug)
            parts.append(None)
    return films, parts


def movie_view(movie: Movie, catalog: Catalog, links: Links) -> dict[str, Any]:
    view = card_view(movie, links)
    previous, following, siblings = _around(movie, catalog)
    collection = movie.collection.name if movie.collection else None
    view.update({
        "original_title": movie.original_title if movie.original_title not in (None, movie.title) else None,
        "tagline": movie.tagline,
        "trailer": parse_trailer(movie.trailer),      # again: content files are hand-editable
        "plot": movie.plot or movie.outline,
        "runtime": runtime_text(movie.runtime),
        "certification": movie.certification,
        "premiered": movie.premiered,
        "edition": movie.edition,
        "directors": [links.group("person", n) for n in movie.directors],
        "writers": list(movie.writers),
        "cast": [{"name": p.name, "role": p.role, "url": links.groups.get(("person", p.name)),
                  "photo": links.art.get((f"person:{p.name}", "actor"))} for p in movie.cast],
        "studios": list(movie.studios),
        "countries": list(movie.countries),
        "genres": [links.group("genre", g) for g in movie.genres],
        # guesses from the films that read alike (recommend/genres.py): shown as such, never as facts
        "suggested_genres": [{"name": g, "percent": round(c * 100)} for g, c in catalog.suggested.get(movie.slug, ())],
        "decade": links.group("decade", decade(movie.year)),
        "collection": links.group("collection", collection),
        "collection_films": film_views(siblings, links, movie.slug),
        "related": [card_view(m, links) for m in catalog.related.get(movie.slug, ())],
        "previous": card_view(previous, links) if previous else None,
        "next": card_view(following, links) if following else None,
        "fanart": links.art.get((movie.slug, "fanart")),
        "files": [_file_view(f) for f in movie.files],
        "links": [{"label": EXTERNAL[k][0], "href": EXTERNAL[k][1].format(v)}
                  for k, v in sorted(movie.ids.items()) if k in EXTERNAL],
        "ratings": {k: v.get("value") for k, v in movie.ratings.items() if isinstance(v, Mapping)},
        "user": viewer_state(movie),
        "translations": [{"language": lang, "title": t.get("title"), "overview": t.get("overview")}
                         for lang, t in sorted(movie.translations.items())],
        "tags": [links.group("tag", t) for t in tags_of(movie)],
        # media analysis: streams, chapters, ranked versions
        "technical": technical_view(movie.streams),
        "versions": versions_view(movie.slug, [f.to_dict() for f in movie.files]),
        "frames": [a.path for a in (movie.image("frame"), movie.image("strip")) if a],
        "provenance": provenance_view(movie),
    })
    return _with_details(view, movie)


def _with_details(view: dict[str, Any], movie: Movie) -> dict[str, Any]:
    """Declared fields with a heading (fields.py `label`): by name for a template that places
    them itself, and as `details` [{label, value}] the page lists under its own facts."""
    details = []
    for f in FIELDS.values():
        value = getattr(movie, f.name)
        if f.label and value not in (None, "", (), {}):
            view.setdefault(f.name, list(value) if isinstance(value, tuple) else value)
            text = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
            details.append({"label": f.label, "value": text})
    if details:
        view["details"] = details
    return view


def group_view(group: Group, links: Links) -> dict[str, Any]:
    return {"kind": group.kind, "kind_title": KIND_TITLE[group.kind], "name": group.name,
            "overview": group.overview, "index_url": links.indexes.get(group.kind),
            "movies": film_views(group, links),
            "image": links.art.get((f"{group.kind}:{group.name}", GROUP_IMAGE_KIND.get(group.kind, "")))}


def index_view(kind: str, catalog: Catalog, links: Links) -> dict[str, Any]:
    groups = sorted(catalog.groups.get(kind, {}).values(),
                    key=lambda g: g.name if kind == "decade" else g.name.casefold())
    image_kind = GROUP_IMAGE_KIND.get(kind, "")
    return {"kind": kind, "title": KIND_TITLE[kind],
            "groups": [{"name": g.name, "url": links.groups.get((g.kind, g.name)), "count": len(g.movies),
                        "image": links.art.get((f"{kind}:{g.name}", image_kind))}
                       for g in groups]}


def _file_view(f) -> dict[str, Any]:
    name = f.path.rsplit("/", 1)[-1]
    quality = " · ".join(x for x in (f.resolution, f.source, f.edition, (f.container or "").upper()) if x)
    return {"name": name, "part": f.part, "quality": quality, "size": human_size(f.size)}


