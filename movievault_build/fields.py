"""Every metadata field of a movie, declared once.

A `Field` says what a field is (its name and kind) and what each stage does with it:
which NFO elements fill it and which one it is written back as, which TMDB and OMDb keys
it copies (each provider maps the rest itself), what the query language
calls it and how the SQLite index answers that (and sorts by it), how much a word in it weighs in the
site's search (a searched field is in the index's full-text search too), how the static API describes it (and whether its compact list carries it), and whether any page but the movie's own
shows it. The model (`Movie`, `METADATA_FIELDS`), the content files' shape check, the NFO
reader, writer and filler, TMDB's and OMDb's plain keys, the index's columns and query language, the search
index, the API schema, the movie page's facts list and the page digests all read this table
instead of listing fields themselves.

Fields are declared when the package is imported: `declare` adds one (a plugin, a test),
and must run before `movievault_build.model` is imported, which builds `Movie` from the
table and seals it.

    >>> FIELDS["trailer"].nfo.read, FIELDS["trailer"].own_page
    (('trailer',), True)
    >>> [q.name for q in FIELDS["year"].query]
    ['year', 'decade']
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Mapping

# Kinds: the value's shape in the model, in content files and in the API.
TEXT, PROSE, INT, NUMBER, BOOL, DATE, URL = "text", "prose", "int", "number", "bool", "date", "url"
NAMES, IDS, RATINGS, PEOPLE, COLLECTION, IMAGES, STREAMS, FILMS = (
    "names", "ids", "ratings", "people", "collection", "images", "streams", "films")
SCALARS = frozenset({TEXT, PROSE, INT, NUMBER, BOOL, DATE, URL})
MAPPINGS = frozenset({IDS, RATINGS, STREAMS})
SEARCHED = frozenset({TEXT, PROSE, NAMES, PEOPLE, COLLECTION})     # the kinds made of words
# What "no value" is for each kind (the model's defaults; page_inputs blanks fields with it).
_EMPTY: dict[str, Any] = {**dict.fromkeys(SCALARS | {COLLECTION}), **dict.fromkeys((NAMES, PEOPLE, IMAGES, FILMS), ())}
_API: dict[str, dict[str, Any]] = {
    TEXT: {"type": "string"}, PROSE: {"type": "string"}, DATE: {"type": "string"},
    URL: {"type": "string", "pattern": "^https?://"}, INT: {"type": "integer"}, NUMBER: {"type": "number"},
    BOOL: {"type": "boolean"}, NAMES: {"$ref": "#/$defs/strings"},
}


@dataclass(frozen=True)
class Nfo:
    """How a field travels through NFO files (identify/nfo_fields.py reads, nfo writes).

    `read`: elements that fill it, in order of preference (a list field reads all of them);
    `parse`: the reader's value parser (identify/nfo_fields.py PARSERS: line, prose, count,
    runtime, trailer, names, nested, people)
    or "custom" for fields the reader handles itself (ids, ratings, cast …);
    `write`: the element it is written as (None: a writer of its own in nfo/build.py);
    `writes`: every element the field's writer may produce (`nfo enrich` adds exactly these);
    `at`: its place in Kodi's export order (`CVideoInfoTag::Save`);
    `fill`: whether `nfo enrich` adds it to an NFO that lacks it."""
    read: tuple[str, ...] = ()
    parse: str = "line"
    write: str | None = None
    writes: tuple[str, ...] = ()
    at: int = 99
    fill: bool = True

    @property
    def elements(self) -> tuple[str, ...]:
        return self.writes or ((self.write,) if self.write else ())


@dataclass(frozen=True)
class Query:
    """One name of the query language over a field (vault/query.py, query_sql.py).

    `match`: contains | exact (text: a substring, or the whole value) | number | date | decade
    | flag | id; `record`: the key of the index record that holds the value (default: the
    field's name); `label`: the `movie_labels` kind text matches look in (default: the
    record key, unless vault/query_sql.py gives the field a table of its own). Numbers,
    dates and flags compare the field's index column when it has one (`Field.column`),
    else the value in the stored record."""
    name: str
    match: str
    record: str | None = None
    label: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    nfo: Nfo | None = None
    tmdb: str | None = None            # the TMDB details key copied as is (providers/tmdb.py)
    omdb: str | None = None            # the OMDb key read as the field's kind (providers/omdb.py)
    limit: int | None = None           # most entries kept when read from someone else's file
    query: tuple[Query, ...] = ()
    search: int = 0                    # weight of its words in the site's search, which also puts it in
                                       # the index's full-text search; 0: not searched
    fts: str | None = None             # a searched field's column of the SQLite index's full-text
                                       # table (vault/schema.py; default: its name; fields may share one)
    api: Mapping[str, Any] | bool | None = None   # its JSON-schema property (None: from the kind;
                                                  # False: the API publishes it its own way)
    summary: Mapping[str, Any] | bool = False   # in api/movies.json's compact entries, with this
                                                # property (True: its API property, null allowed)
    own_page: bool = False             # no page but the movie's own shows it (site/page_inputs.py)
    column: bool = False               # a column of the SQLite index's `movies` table (vault/schema.py)
    sort: bool | str = False           # a key of `ls --sort` and playlists' `sort` (vault/sorting.py):
                                       # True, by its own column; or by the named field's column
    listed: bool = False               # the library browser's index or the statistics read it
    browse: bool | str = False         # a column of the library browser's index (views/library_index.py):
                                       # True, plain by kind; or one of the index's own cells
                                       # (library_index.CELLS: rating x 10, references into its
                                       # tables of names) for what its page sorts and filters by
    label: str | None = None           # heading on the movie page's details list; None: not listed
    doc: str = ""

    @property
    def empty(self) -> Any:
        """The value of a movie that lacks the field."""
        return {} if self.kind in MAPPINGS else _EMPTY[self.kind]

    @property
    def schema(self) -> dict[str, Any] | None:
        """Its property in api/schema/movie.schema.json."""
        if self.api is False:
            return None
        prop = dict(self.api) if isinstance(self.api, Mapping) else dict(_API[self.kind])
        if self.doc and "description" not in prop:
            prop["description"] = self.doc
        return prop

    @property
    def summary_schema(self) -> dict[str, Any] | None:
        """Its property in api/movies.json's entries (movies.schema.json), where a movie that
        lacks a scalar field has null."""
        if self.summary is False:
            return None
        if isinstance(self.summary, Mapping):
            return dict(self.summary)
        prop = dict(self.schema or {})
        if self.kind in SCALARS and isinstance(prop.get("type"), str):
            prop["type"] = [prop["type"], "null"]
        return prop


_PEOPLE_NFO = dict(parse="people")
_RATING_API = {"type": "number", "minimum": 0, "maximum": 10}

# In the order fields are written to content files.
_BUILT_IN: tuple[Field, ...] = (
    Field("title", TEXT, Nfo(("title", "localtitle", "name"), write="title", at=1), tmdb="title", omdb="Title",
          column=True, browse="text", sort="sort_title",
          query=(Query("title", "contains", record="titles", label="title"),), search=10,
          api={"type": "string", "minLength": 1}, summary={"type": "string", "minLength": 1}),
    Field("original_title", TEXT, Nfo(("originaltitle",), write="originaltitle", at=2), tmdb="original_title",
          column=True, search=8, own_page=True, listed=True, browse="other_title"),
    Field("sort_title", TEXT, Nfo(("sorttitle", "sortname"), write="sorttitle", at=3), column=True),
    Field("year", INT, Nfo(("year",), parse="custom", write="year", at=23), omdb="Year",
          column=True, sort=True, query=(Query("year", "number", aliases=("release_year",)),
                 Query("decade", "decade", record="year")), summary=True, browse="number"),
    Field("edition", TEXT, Nfo(("edition",), write="edition", at=24), own_page=True),
    Field("ids", IDS, Nfo(parse="custom", at=15, fill=False), limit=50,
          query=(Query("id", "id", record="ids"), Query("imdb", "id", record="ids"),
                 Query("tmdb", "id", record="ids")),
          api={"type": "object", "additionalProperties": {"type": "string"}},
          summary={"type": "object", "additionalProperties": {"type": "string"},
                   "description": "External ids, e.g. imdb, tmdb."}),
    Field("rating", NUMBER, Nfo(parse="custom", at=4, fill=False),
          column=True, sort=True, query=(Query("rating", "number"),), api=_RATING_API, summary=True, browse="tenths"),
    Field("ratings", RATINGS, Nfo(parse="custom", at=4,
                                  writes=("ratings", "rating", "votes", "criticrating", "userrating")),
          limit=50, own_page=True,
          api={"type": "object", "description": "Ratings by source (imdb, tmdb, rottentomatoes …).",
               "additionalProperties": {"type": "object", "properties": {
                   "value": {"type": ["number", "null"]}, "votes": {"type": ["integer", "null"]},
                   "max": {"type": ["number", "null"]}}}}),
    Field("runtime", INT, Nfo(("runtime",), parse="runtime", write="runtime", at=8), tmdb="runtime", omdb="Runtime",
          column=True, sort=True, query=(Query("runtime", "number"),),
          api={"type": "integer", "minimum": 0, "description": "Minutes."}, own_page=True, listed=True,
          browse="number"),
    Field("certification", TEXT, Nfo(("mpaa", "certification"), write="mpaa", at=11), omdb="Rated",
          column=True, query=(Query("certification", "exact", label="certification", aliases=("cert",)),), own_page=True),
    Field("premiered", DATE, Nfo(("premiered", "releasedate", "aired"), parse="custom", at=22,
                                 writes=("premiered", "releasedate")), omdb="Released", own_page=True),
    Field("tagline", PROSE, Nfo(("tagline",), parse="prose", write="tagline", at=7), tmdb="tagline",
          own_page=True),
    Field("outline", PROSE, Nfo(("outline",), parse="prose", write="outline", at=5), own_page=True),
    Field("plot", PROSE, Nfo(("plot",), parse="prose", write="plot", at=6), tmdb="overview", omdb="Plot", search=1,
          column=True, own_page=True),
    Field("trailer", URL, Nfo(("trailer",), parse="trailer", write="trailer", at=9), own_page=True,
          doc="A web page playing the trailer."),
    Field("genres", NAMES, Nfo(("genre",), parse="nested", write="genre", at=16), omdb="Genre", limit=50,
          query=(Query("genre", "exact", aliases=("genres",)),),
          summary={"type": "array", "items": {"type": "string"}}, browse="facet"),
    Field("tags", NAMES, Nfo(("tag",), parse="nested", write="tag", at=19), limit=200,
          query=(Query("tag", "exact", aliases=("tags",)),), search=3, browse="facet"),
    Field("collection", COLLECTION, Nfo(parse="custom", at=18, writes=("set",)),
          query=(Query("collection", "contains"),), search=6, browse="collection",
          api={"type": "object", "required": ["name"], "additionalProperties": False,
               "properties": {"name": {"type": "string"}, "overview": {"type": "string"}}}),
    Field("directors", NAMES, Nfo(("director",), write="director", at=21, **_PEOPLE_NFO), omdb="Director",
          limit=50,
          query=(Query("director", "contains", aliases=("directors",)),), search=5, fts="crew", browse="people"),
    Field("writers", NAMES, Nfo(("credits", "writer"), at=20, writes=("credits", "writer"), **_PEOPLE_NFO),
          omdb="Writer", limit=100, query=(Query("writer", "contains", aliases=("writers",)),), search=3, fts="crew",
          own_page=True),
    Field("cast", PEOPLE, Nfo(parse="custom", at=27, writes=("actor",)), limit=500,
          query=(Query("actor", "contains", aliases=("cast", "actors")),), search=5, browse="billed",
          api={"type": "array", "items": {
              "type": "object", "required": ["name"], "additionalProperties": False,
              "properties": {"name": {"type": "string"}, "role": {"type": "string"},
                             "order": {"type": "integer"}, "thumb": {"type": "string", "pattern": "^https?://"}}}}),
    Field("studios", NAMES, Nfo(("studio",), write="studio", at=25, **_PEOPLE_NFO), omdb="Production",
          limit=50,
          query=(Query("studio", "contains", label="studio", aliases=("studios",)),), own_page=True),
    Field("countries", NAMES, Nfo(("country",), parse="names", at=17, writes=("country",)), omdb="Country",
          limit=50,
          query=(Query("country", "contains", label="country", aliases=("countries",)),), own_page=True),
    Field("watched", BOOL, Nfo(("watched",), parse="custom", at=14, fill=False), own_page=True, listed=True,
          doc="As the media centre's NFO says; see user.watched for the owner's own mark."),
    Field("playcount", INT, Nfo(("playcount",), parse="count", write="playcount", at=12, fill=False),
          api={"type": "integer", "minimum": 0}, own_page=True, listed=True),
    Field("lastplayed", TEXT, Nfo(("lastplayed",), write="lastplayed", at=13, fill=False), own_page=True),
    Field("images", IMAGES, Nfo(parse="custom", at=10, writes=("thumb", "fanart", "art")), limit=100,
          api=False),        # the API publishes the site's own image variants instead (views/api.py)
    Field("recommendations", FILMS, limit=50,
          api={"type": "array", "items": {
              "type": "object", "required": ["tmdb", "title"], "additionalProperties": False,
              "properties": {"tmdb": {"type": "string"}, "title": {"type": "string"},
                             "year": {"type": "integer"}}}},
          doc="The films TMDB recommends to someone who liked this one, in its order "
              "(the library's own among them join the related films; the rest are on the Discover page)."),
    Field("streams", STREAMS, Nfo(parse="custom", at=26, writes=("fileinfo",)), own_page=True, listed=True,
          api={"type": "object", "description": "Media analysis: video, audio, subtitles, chapters."}),
)


_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Table(Mapping[str, Field]):
    """The fields by name, in content-file order; open for `declare` until the model seals it."""

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self._fields: dict[str, Field] = {}
        self.sealed = False
        for f in fields:
            self.add(f)

    def __getitem__(self, name: str) -> Field:
        return self._fields[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def add(self, f: Field) -> None:
        names = [f.name, *[n for q in f.query for n in (q.name, q.record, q.label) if n],
                 *[n for n in (f.fts, f.sort) if isinstance(n, str)]]
        for name in names:              # names end up in SQL text and JSON paths
            if not _NAME.fullmatch(name):
                raise ValueError(f"field {f.name!r}: {name!r} is not lower-case letters, digits and _")
        if f.column and f.kind not in SCALARS:
            raise ValueError(f"field {f.name!r}: an index column holds one text, number or date, not {f.kind}")
        if f.search and f.kind not in SEARCHED:
            raise ValueError(f"field {f.name!r}: the search reads words, not {f.kind}")
        if f.sort is True and not f.column:
            raise ValueError(f"field {f.name!r}: sorting reads its index column; declare column=True")
        if f.browse is True and f.kind not in SCALARS | {NAMES}:
            raise ValueError(f"field {f.name!r}: the browser's index holds text, numbers and names, not {f.kind}")
        if self.sealed:
            raise RuntimeError(f"field {f.name!r} declared after movievault_build.model was imported")
        if f.name in self._fields:
            raise ValueError(f"field {f.name!r} is declared twice")
        self._fields[f.name] = f

    def sorts(self) -> tuple[tuple[str, str], ...]:
        """(sort key, the index column it sorts by) of every field declared `sort`, in order;
        checked here, as a field may sort by one declared after it (title by sort_title)."""
        out = tuple((f.name, f.name if f.sort is True else f.sort) for f in self.values() if f.sort)
        for name, by in out:
            if by not in self or not self[by].column:
                raise ValueError(f"field {name!r}: sorts by {by!r}, which is no field with an index column")
        return out


FIELDS = Table(_BUILT_IN)


def declare(f: Field) -> Field:
    """Add a field to the table (before the model is imported); returns it."""
    FIELDS.add(f)
    return f


def with_nfo() -> tuple[Field, ...]:
    """The fields NFO files carry, in table order."""
    return _with_nfo(len(FIELDS))


def nfo_order() -> tuple[Field, ...]:
    """The fields NFO files carry, in Kodi's export order."""
    return _nfo_order(len(FIELDS))


def columns() -> tuple[Field, ...]:
    """The fields with a column of the index's `movies` table, in table order."""
    return _columns(len(FIELDS))


def queries() -> tuple[tuple[Field, Query], ...]:
    """Every query-language name with its field, in table order."""
    return _queries(len(FIELDS))


def searched() -> tuple[Field, ...]:
    """The fields whose words the searches find (`search`), in table order."""
    return _searched(len(FIELDS))


def sorts() -> tuple[tuple[str, str], ...]:
    """(sort key, the index column it sorts by) of every field declared `sort`, in table order."""
    return _sorts(len(FIELDS))


# The table only grows, so its size keys what is derived from it.
@lru_cache(maxsize=None)
def _with_nfo(_size: int) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS.values() if f.nfo is not None)


@lru_cache(maxsize=None)
def _nfo_order(_size: int) -> tuple[Field, ...]:
    return tuple(sorted(with_nfo(), key=lambda f: f.nfo.at))


@lru_cache(maxsize=None)
def _columns(_size: int) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS.values() if f.column)


@lru_cache(maxsize=None)
def _queries(_size: int) -> tuple[tuple[Field, Query], ...]:
    return tuple((f, q) for f in FIELDS.values() for q in f.query)


@lru_cache(maxsize=None)
def _searched(_size: int) -> tuple[Field, ...]:
    return tuple(f for f in FIELDS.values() if f.search)


@lru_cache(maxsize=None)
def _sorts(_size: int) -> tuple[tuple[str, str], ...]:
    return FIELDS.sorts()
