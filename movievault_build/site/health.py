"""The `health/` page: the library health report, generated in memory like the movie pages.

The report reaches the template as context (`health`), not as front matter: a large
library's report is megabytes, which MkDocs would parse back with a pure-Python YAML
reader on every build. It is worked out on another core while the build goes on, and
waited for when MkDocs renders the page.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ..forked import in_background
from ..media import skipped
from ..media.health import check
from ..model import Movie
from ..settings import ScanSettings

HEALTH_PAGE = "health/index.md"
_FRONT = {"template": "health.html", "title": "Library health", "hide": ["navigation", "toc"]}


@dataclass
class HealthPage:
    """The report's sections, handed to the generated health page only."""
    pending: Callable[[], list[dict[str, Any]]] | None = None

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri != HEALTH_PAGE or self.pending is None:
            return None
        return {"health": self.pending()}


def add_health_page(files: Files, config: MkDocsConfig, movies: Iterable[Movie], settings: ScanSettings,
                    problems: Iterable[str] = ()) -> HealthPage:
    if files.get_file_from_path(HEALTH_PAGE) is not None:   # a hand-written health page wins
        return HealthPage()
    files.append(File.generated(config, HEALTH_PAGE, content=f"---\n{json.dumps(_FRONT)}\n---\n",
                                inclusion=InclusionLevel.NOT_IN_NAV))
    pending = in_background(lambda: check(movies, settings.content_dir, problems=problems,
                                          skipped=skipped.for_health(settings.content_dir),
                                          low_confidence=settings.low_confidence).sections())
    return HealthPage(pending)
