"""The user's Jinja templates, looked up in `templates.dir` (mkdocs.yml) before ours:

- `content.md`: the Markdown body of a new content file (ours writes none). Variables:
  `slug`, and `movie`, the file's front matter as the scan made it (`movie.title`,
  `movie.year`, `movie.plot`, `movie.genres`, `movie.directors`, `movie.cast` [{name, role}],
  `movie.ids`, `movie.files` …, every field of the content-file reference in the README).
- `export.html`: the page `movievault export --format html` writes. Variables: `title`,
  `columns` (the column names), `rows` (one {column: text} per movie, in order), `count`,
  and `movies` (each movie's full record, nested, as `--format json` has it).

A template that fails (a syntax error, an unknown variable) is an error naming the
template and the line, and nothing is written.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..errors import UserError

CONTENT_BODY = "content.md"
EXPORT_HTML = "export.html"


@lru_cache(maxsize=8)
def environment(user_dir: Path | None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader(__package__, "templates")]
    if user_dir is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(user_dir)))
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), undefined=jinja2.StrictUndefined,
                              autoescape=jinja2.select_autoescape(["html"]), keep_trailing_newline=True)


def render(name: str, user_dir: Path | None, **variables: Any) -> str:
    try:
        return environment(Path(user_dir) if user_dir else None).get_template(name).render(**variables)
    except jinja2.TemplateSyntaxError as exc:
        raise UserError(f"template {exc.filename or name}: line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise UserError(f"template {name}: {exc}") from None


def content_body(user_dir: Path | None, slug: str, front: dict[str, Any]) -> str:
    """The body of a new content file (empty unless the user's content.md writes one)."""
    return render(CONTENT_BODY, user_dir, slug=slug, movie=front)
