"""The `health/` page: what needs a look in the library, generated in memory like the movie pages.

Three parts, each a plain list the template renders (the data contract other producers fill):

- `problems`: every problem the last scan reported and every unreadable content file, as
  {file, library, line, reason, movie, accepted}: `file` relative to its library root
  (`library` is the root's label) or to content/, never a local absolute path; `line` when
  the reason names one; `movie` ({title, url}) when the problem belongs to a stored movie;
  `accepted` when `known_problems` lists the file.
- `skipped`: the files the scan did not take for movies, grouped by reason (episodes,
  extras, samples …), each {file, library}.
- `sections`: vault/health.py's report (files gone, no poster, incomplete metadata, low
  confidence …), each issue linked to its movie.

The scan's part comes from the scan state the last scan left (store/scan_state.py), so a
build that did not scan this time still shows it; a site built from content/ alone has none.
The report reaches the template as context (`health`), not as front matter: at 10,000
movies it is megabytes. It is worked out on another core while the build goes on, and
comes back as JSON: its digest keys the page (site/known_pages.py), so a build whose
report is last build's takes last build's page without decoding the report at all.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from ...cache.keys import digest_bytes
from ...process.forked import in_background
from ...store import skipped
from ...vault.health import check
from ...model import Movie
from ...slugs import root_labels
from ...problems import is_known, locate
from ...settings import ScanSettings
from ...store.scan_state import ScanState

HEALTH_PAGE = "health/index.md"
_FRONT = {"template": "health.html", "title": "Library health", "hide": ["navigation", "toc"]}
SKIPPED_TITLES = {"episode": "TV episodes", "extra": "Extras (trailers, featurettes …)", "sample": "Samples"}


@dataclass
class HealthPage:
    """The report (as JSON), handed to the generated health page only."""
    pending: Callable[[], bytes] | None = None

    def context_for(self, src_uri: str) -> dict[str, Any] | None:
        if src_uri != HEALTH_PAGE or self.pending is None:
            return None
        return {"health": json.loads(self.pending())}

    def digest(self) -> str | None:
        """What the page shows, as a digest (None: no page of ours)."""
        return digest_bytes(self.pending(), 16) if self.pending is not None else None


def add_health_page(files: Files, config: MkDocsConfig, movies: Iterable[Movie], settings: ScanSettings,
                    problems: Iterable[str] = (), urls: Mapping[str, str] | None = None,
                    scan_problems: Iterable[str] = ()) -> HealthPage:
    """`problems`: this build's unreadable content files; `scan_problems`: this build's scan
    report, when it scanned (the state has the rest); `urls`: slug -> the movie page's URL."""
    if files.get_file_from_path(HEALTH_PAGE) is not None:   # a hand-written health page wins
        return HealthPage()
    files.append(File.generated(config, HEALTH_PAGE, content=f"---\n{json.dumps(_FRONT)}\n---\n",
                                inclusion=InclusionLevel.NOT_IN_NAV))
    movies, problems, scan_problems = list(movies), list(problems), list(scan_problems)
    # ASCII JSON: any text (a file name's lone surrogate too) comes back as it went
    pending = in_background(lambda: json.dumps(health_view(movies, settings, problems, scan_problems,
                                                           urls or {})).encode("ascii"), encode=bytes, decode=bytes)
    return HealthPage(pending)


def health_view(movies: list[Movie], settings: ScanSettings, problems: list[str], scan_problems: list[str],
                urls: Mapping[str, str]) -> dict[str, Any]:
    titles = {m.slug: m.title for m in movies}

    def movie(slug: str | None) -> dict[str, str] | None:
        return {"title": titles[slug], "url": urls[slug]} if slug in titles and slug in urls else None

    roots: dict[Path, str] = {Path(r): label for r, label in root_labels(settings.roots).items()}
    roots[Path(settings.content_dir)] = "content"
    found = ScanState.findings(settings.cache_dir)
    listed: list[tuple[str, str | None]] = [(line, slug) for _, slug, lines in (found.problems if found else ())
                                            for line in lines]
    seen = {line for line, _ in listed}
    listed += [(line, None) for line in [*scan_problems, *problems] if line not in seen]
    report = check(movies, settings.content_dir, low_confidence=settings.low_confidence)
    return {
        "scanned": found is not None,
        "problems": [{**locate(line, roots), "movie": movie(slug),
                      "accepted": is_known(line, settings.known_problems)} for line, slug in dict.fromkeys(listed)],
        # content/skipped.yml, not the scan state: a build from content/ alone shows them too
        "skipped": _skipped((f"{e['library']}:{e['path']}", e["kind"]) for e in skipped.load(settings.content_dir)),
        "sections": [{**section, "issues": [{**issue, "movie": movie(issue["subject"])} for issue in section["issues"]]}
                     for section in report.sections()],
    }


def _skipped(entries: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """Candidate keys ("<label>:<path>") by kind: [{reason, title, files: [{file, library}]}]."""
    by_kind: dict[str, list[dict[str, str]]] = {}
    for key, kind in entries:
        library, _, file = key.partition(":")
        by_kind.setdefault(kind, []).append({"file": file, "library": library})
    return [{"reason": kind, "title": SKIPPED_TITLES.get(kind, kind.capitalize()), "files": files}
            for kind, files in sorted(by_kind.items())]
