"""The `health/` page: the library health report, generated in memory like the movie pages.

The report travels in the page's front matter (JSON is YAML), so the template reads it
from `page.meta.health` and the plugin needs no extra context hook.
"""
from __future__ import annotations

import json
from typing import Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..media.health import check
from ..model import Movie
from ..settings import ScanSettings

HEALTH_PAGE = "health/index.md"


def add_health_page(files: Files, config: MkDocsConfig, movies: Iterable[Movie], settings: ScanSettings,
                    problems: Iterable[str] = ()) -> None:
    report = check(movies, settings.content_dir, problems=problems, low_confidence=settings.low_confidence)
    meta = {"template": "health.html", "title": "Library health", "hide": ["navigation", "toc"],
            "health": report.sections()}
    if files.get_file_from_path(HEALTH_PAGE) is None:   # a hand-written health page wins
        files.append(File.generated(config, HEALTH_PAGE, content=f"---\n{json.dumps(meta)}\n---\n",
                                    inclusion=InclusionLevel.NOT_IN_NAV))
