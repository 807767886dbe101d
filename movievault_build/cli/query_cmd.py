"""`movievault ls|search|find-actor|query`: questions to the library's index."""
from __future__ import annotations

import json

import click

from .context import echo
from .library_context import CONFIG, CONTENT, INDEX, JSON, echo_movies, load_library, parse_query


@click.command("ls")
@click.argument("query", nargs=-1)
@click.option("--sort", help='e.g. "rating desc" or "-year, title".')
@click.option("--limit", type=click.IntRange(min=1))
@CONFIG
@CONTENT
@INDEX
@JSON
def ls(query, sort, limit, config_file, content, index_file, as_json) -> int:
    """List the movies matching QUERY (e.g. genre:Action year:1990..1999 -genre:Horror)."""
    from ..vault import query_sql
    from ..vault.index import records

    where, params = query_sql.compile_where(parse_query(" ".join(query)))
    order = query_sql.order_by(sort)
    db = load_library(config_file, content, index_file).open()
    echo_movies(records(db, where, params, order=order, limit=limit), as_json)
    return 0


@click.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--field", help="Search one column: a searched field's (title, original_title, plot, cast, tags, "
                              "collection …) or crew (directors and writers).")
@click.option("--fuzzy", is_flag=True, help="Forgive typos: match titles and names by similarity.")
@click.option("--limit", type=click.IntRange(min=1))
@CONFIG
@CONTENT
@INDEX
@JSON
def search(text, field, fuzzy, limit, config_file, content, index_file, as_json) -> int:
    """Full-text search over titles, plots, cast, crew, tags and collections."""
    from ..vault.search import search_fuzzy, search_text

    db = load_library(config_file, content, index_file).open()
    words = " ".join(text)
    found = search_fuzzy(db, words, limit=limit) if fuzzy else search_text(db, words, field, limit)
    if not found and not as_json:
        echo(f"nothing matches {words!r}" + ("" if fuzzy else " (try --fuzzy)"), err=True)
    echo_movies(found, as_json)
    return 0 if found else 1


@click.command("find-actor")
@click.argument("name", nargs=-1, required=True)
@CONFIG
@CONTENT
@INDEX
@JSON
def find_actor(name, config_file, content, index_file, as_json) -> int:
    """The movies an actor appears in (name substring; close names when none matches)."""
    from ..vault.search import find_people

    db = load_library(config_file, content, index_file).open()
    credits = find_people(db, " ".join(name))
    person = None
    for c in credits:
        if as_json:
            echo(json.dumps(c, ensure_ascii=False))
            continue
        if c["name"] != person:
            person = c["name"]
            echo(person)
        role = f" as {c['character']}" if c["character"] else ""
        year = f" ({c['year']})" if c["year"] else ""
        echo(f"  {c['title']}{year}{role}  [{c['slug']}]")
    if not credits and not as_json:
        echo(f"no actor matches {' '.join(name)!r}", err=True)
    return 0 if credits else 1


@click.command("query")
@click.argument("sql")
@CONFIG
@CONTENT
@INDEX
@click.option("--json", "as_json", is_flag=True, help="One JSON object per row.")
def query(sql, config_file, content, index_file, as_json) -> int:
    """Run read-only SQL over the index, e.g. "SELECT title, year FROM movies WHERE rating > 8"."""
    from ..vault.search import read_only_sql

    lib = load_library(config_file, content, index_file)
    lib.open().close()                 # bring the index up to date first
    columns, rows = read_only_sql(lib.index_path, sql)
    for row in rows:
        if as_json:
            echo(json.dumps(dict(zip(columns, row)), ensure_ascii=False, default=str))
        else:
            echo("\t".join("" if v is None else str(v) for v in row))
    return 0


COMMANDS = (ls, search, find_actor, query,)
