"""The static JSON API: every file of a demo build validates against its published schema,
and the builders never publish what is private or machine-local."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from movievault_build.model import MediaFile, movie_from_metadata
from movievault_build.views.api import build_api, dump, movie_document
from movievault_build.views.catalog import build_catalog
from movievault_build.views.pages import Links
from movievault_build.site.theme import THEME_DIR, movie_schema
from tests.helpers import REPO, mkdocs_build

jsonschema = pytest.importorskip("jsonschema")
SCHEMAS = THEME_DIR / "api" / "schema"
# API file (or glob) -> its schema; files a build does not make are skipped, not failed.
API_FILES = {
    "api/movies.json": "movies.schema.json",
    "api/movies/*.json": "movie.schema.json",
    "api/collections.json": "collections.schema.json",
    "api/ids.json": "ids.schema.json",
    "api/playlists.json": "playlists.schema.json",
    "api/library-index.json": "library-index.schema.json",
    "api/stats.json": "stats.schema.json",
    "api/user-state.json": "user-state.schema.json",
    "api/users.json": "users.schema.json",
    "api/users/*.json": "user-state.schema.json",
}


def schema_text(name: str) -> str:
    """A schema as published; movie.schema.json and movies.schema.json are templates filled
    from fields.py."""
    text = (SCHEMAS / name).read_text("utf-8")
    return movie_schema(text) if name in ("movie.schema.json", "movies.schema.json") else text


def validator(name: str):
    schema = json.loads(schema_text(name))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    assert cls is jsonschema.Draft202012Validator
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("api-site")
    for name in ("site_src", "content"):
        shutil.copytree(REPO / name, tmp / name)
    config = (REPO / "mkdocs.yml").read_text().replace("- demo/library", f"- {REPO / 'demo' / 'library'}")
    (tmp / "mkdocs.yml").write_text(config)
    result = mkdocs_build(tmp / "mkdocs.yml")
    assert result.returncode == 0, result.stderr
    return tmp / "site"


@pytest.mark.parametrize("pattern", sorted(API_FILES))
def test_every_api_file_matches_its_schema(site, pattern):
    paths = sorted(site.glob(pattern))
    if not paths:
        pytest.skip(f"this build makes no {pattern}")
    check = validator(API_FILES[pattern])
    for path in paths:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in check.iter_errors(json.loads(path.read_bytes()))]
        assert errors == [], f"{path.relative_to(site)}: {errors[:5]}"


def test_the_index_lists_every_movie_with_a_detail_file_and_a_page(site):
    index = json.loads((site / "api/movies.json").read_bytes())["movies"]
    assert len(index) == len(list((REPO / "content" / "movies").glob("*.md")))
    for entry in index:
        assert (site / "api/movies" / f"{entry['slug']}.json").is_file()
        assert (site / entry["url"] / "index.html").is_file()
        assert entry["poster"] is None or (site / entry["poster"]).is_file()
    with_posters = [e for e in index if e["poster"]]
    assert with_posters, "the demo has posters"


def test_collections_keep_release_order(site):
    collections = json.loads((site / "api/collections.json").read_bytes())["collections"]
    bttf = next(c for c in collections if c["name"].startswith("Back to the Future"))
    assert [m["year"] for m in bttf["movies"]] == [1985, 1989, 1990]
    assert (site / bttf["url"] / "index.html").is_file()


def test_no_api_file_holds_an_absolute_or_library_path(site):
    for path in (site / "api").rglob("*.json"):
        text = path.read_text("utf-8")
        assert str(REPO) not in text and '"root"' not in text and '"notes"' not in text, path


def test_the_schemas_are_linked_from_the_api_page(site):
    page = (site / "api" / "index.html").read_text("utf-8")
    for name in {v for v in API_FILES.values() if (SCHEMAS / v).is_file()}:
        assert f"schema/{name}" in page, name
        assert (site / "api" / "schema" / name).is_file()


@pytest.mark.parametrize("name, document", [
    ("movies.schema.json", {"version": 1, "movies": [{"slug": "heat-1995", "title": "Heat"}]}),
    ("movies.schema.json", {"version": 1, "movies": [{"slug": "Heat 1995", "title": "Heat", "year": 1995,
                            "url": "movies/heat/", "poster": None, "rating": None, "genres": [], "ids": {}}]}),
    ("movie.schema.json", {"version": 1, "slug": "heat-1995", "title": "Heat", "url": "movies/heat-1995/",
                           "files": [{"path": "/srv/films/Heat.mkv"}], "user": {}, "images": {}}),
    ("movie.schema.json", {"version": 1, "slug": "heat-1995", "title": "Heat", "url": "movies/heat-1995/",
                           "files": [], "user": {"notes": "private"}, "images": {}}),
    ("collections.schema.json", {"version": 1, "collections": [{"name": "X", "slug": "x", "url": "", "overview": None,
                                                                "movies": []}]}),
])
def test_a_wrong_document_fails_validation(name, document):
    assert list(validator(name).iter_errors(document)), f"{name} accepted {document}"


def _movie(**extra):
    meta = {"title": "Heat", "year": 1995, "cast": [{"name": "Al Pacino", "thumb": "/srv/art/al.jpg"},
                                                    {"name": "Robert De Niro", "thumb": "https://x.test/r.jpg"}]}
    return movie_from_metadata("heat-1995", meta, **extra)


def test_the_detail_keeps_paths_relative_and_the_user_block_public():
    movie = _movie(files=(MediaFile("Crime/Heat (1995)/Heat.mkv", "/srv/films", 10, 123.0),
                          MediaFile("/srv/films/Heat.Part2.mkv", "/srv/films", 5)),
                   user={"notes": "lent to Sam", "overrides": {"title": "x"}, "tags": ["noir"], "rating": 9,
                         "watched": True, "favorite": None})
    doc = movie_document(movie, Links({"heat-1995": "movies/heat-1995/"}, {}, {}))
    assert [f["path"] for f in doc["files"]] == ["Crime/Heat (1995)/Heat.mkv", "Heat.Part2.mkv"]
    assert "mtime" not in doc["files"][0]
    assert doc["user"] == {"tags": ["noir"], "rating": 9, "watched": True}
    assert doc["cast"] == [{"name": "Al Pacino"}, {"name": "Robert De Niro", "thumb": "https://x.test/r.jpg"}]
    assert validator("movie.schema.json").is_valid(json.loads(dump(doc)))


def test_builds_are_byte_identical_whatever_the_input_order():
    movies = [_movie(), movie_from_metadata("alien-1979", {"title": "Alien", "year": 1979, "genres": ["Horror"]})]
    links = Links({"heat-1995": "movies/heat-1995/", "alien-1979": "movies/alien-1979/"}, {}, {})
    first = build_api(build_catalog(movies), links)
    assert first == build_api(build_catalog(movies[::-1]), links)
    assert first["api/movies.json"].startswith(b'{"movies":[{"genres":["Horror"]')
    assert "é".encode() in dump({"t": "é"})   # UTF-8 as is, not \u escapes


def test_the_id_index_finds_each_movie_by_tmdb_and_imdb(site):
    doc = json.loads((site / "api/ids.json").read_bytes())
    movies = {m["slug"]: m for m in json.loads((site / "api/movies.json").read_bytes())["movies"]}
    slug, url = doc["movies"][doc["ids"]["tmdb"]["949"]]
    assert slug == "heat-1995" and url == movies["heat-1995"]["url"] and (site / url / "index.html").is_file()
    assert doc["movies"][doc["ids"]["imdb"]["tt0113277"]][0] == "heat-1995"
    for entry in movies.values():   # every id of every movie resolves to that movie (or a twin with it)
        for provider, value in entry["ids"].items():
            key = str(value).lower() if provider == "imdb" else str(value)
            assert doc["movies"][doc["ids"][provider][key]][0] in movies


def test_the_id_index_keeps_the_first_of_twins_and_skips_movies_without_ids():
    from movievault_build.views.api import ids_document
    twins = [movie_from_metadata(s, {"title": s, "ids": ids}) for s, ids in (
        ("a", {"imdb": "TT01", "tmdb": 5}), ("b", {}), ("c", {"tmdb": "5", "Trakt": " 7 "}))]
    doc = ids_document(twins, Links({"a": "movies/a/", "c": "movies/c/"}, {}, {}))
    assert doc == {"version": 1, "movies": [["a", "movies/a/"], ["c", "movies/c/"]],
                   "ids": {"imdb": {"tt01": 0}, "tmdb": {"5": 0}, "trakt": {"7": 1}}}
    assert validator("ids.schema.json").is_valid(json.loads(dump(doc)))
