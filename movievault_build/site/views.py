"""Plain dicts the templates render. Values stay raw text: templates escape every one."""
from __future__ import annotations

from typing import Any, Mapping

from ..media.present import technical_view, versions_view
from ..model import Movie

EXTERNAL = {
    "imdb": ("IMDb", "https://www.imdb.com/title/{}/"),
    "tmdb": ("TMDB", "https://www.themoviedb.org/movie/{}"),
}


def runtime_text(minutes: int | None) -> str | None:
    if not minutes:
        return None
    hours, mins = divmod(int(minutes), 60)
    return f"{hours} h {mins:02d} min" if hours else f"{mins} min"


def card_view(movie: Movie, urls: Mapping[str, str]) -> dict[str, Any]:
    poster = movie.image("poster")
    return {
        "slug": movie.slug,
        "title": movie.title,
        "year": movie.year,
        "url": urls.get(movie.slug, ""),
        "poster": poster.path if poster else None,
        "rating": movie.rating,
        "genres": list(movie.genres),
        "missing": movie.missing,
    }


def movie_view(movie: Movie, urls: Mapping[str, str]) -> dict[str, Any]:
    poster, fanart = movie.image("poster"), movie.image("fanart")
    view = card_view(movie, urls)
    view.update({
        "original_title": movie.original_title if movie.original_title not in (None, movie.title) else None,
        "tagline": movie.tagline,
        "plot": movie.plot or movie.outline,
        "runtime": runtime_text(movie.runtime),
        "certification": movie.certification,
        "premiered": movie.premiered,
        "edition": movie.edition,
        "directors": list(movie.directors),
        "writers": list(movie.writers),
        "cast": [{"name": p.name, "role": p.role} for p in movie.cast],
        "studios": list(movie.studios),
        "countries": list(movie.countries),
        "collection": movie.collection.name if movie.collection else None,
        "fanart": fanart.path if fanart else None,
        "poster": poster.path if poster else None,
        "files": [_file_view(f) for f in movie.files],
        "links": [{"label": EXTERNAL[k][0], "href": EXTERNAL[k][1].format(v)}
                  for k, v in sorted(movie.ids.items()) if k in EXTERNAL],
        "ratings": {k: v.get("value") for k, v in movie.ratings.items() if isinstance(v, Mapping)},
        "watched": movie.user.get("watched"),
        "favorite": movie.user.get("favorite"),
        "user_rating": movie.user.get("rating"),
        "tags": list(movie.user.get("tags") or []) + [t for t in movie.tags if t not in (movie.user.get("tags") or [])],
        # media analysis: streams, chapters, ranked versions
        "technical": technical_view(movie.streams),
        "versions": versions_view(movie.slug, [f.to_dict() for f in movie.files]),
        "frames": [a.path for a in (movie.image("frame"), movie.image("strip")) if a],
    })
    return view


def _file_view(f) -> dict[str, Any]:
    name = f.path.rsplit("/", 1)[-1]
    quality = " · ".join(x for x in (f.resolution, f.source, f.edition, (f.container or "").upper()) if x)
    return {"name": name, "part": f.part, "quality": quality, "size": _size(f.size)}


def _size(n: int) -> str:
    value = float(n)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{n} B"
