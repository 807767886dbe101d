"""The child process of a watch batch (events/batch.py starts it): scan what changed, then
MkDocs' own `build()` over the same mkdocs.yml with the plugin told not to scan again.
It reads a job as JSON on stdin and writes the batch's outcome as JSON on stdout.
"""
from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config

from ..process import collector
from ..scan import pipeline
from ..errors import MovieVaultError
from ..events import library_facts
from ..events.batch import Outcome
from .settings import settings_from_mkdocs


def _child(job: dict[str, Any]) -> Outcome:
    config_file = Path(job["config"])
    settings = settings_from_mkdocs(config_file, [], None)
    folders = None if job["folders"] is None else [(Path(p), bool(r)) for p, r in job["folders"]]
    outcome = Outcome()
    try:
        if settings.should_scan():
            with collector.library_run():
                report = pipeline.scan(settings, folders=folders)
            outcome.scanned, outcome.summary = True, report.summary()
            outcome.changed, outcome.problems = len(report.changed), report.problems[:50]
            new_slugs, missing_slugs = report.new, report.missing
        else:
            outcome.summary = "no library root is there; nothing scanned"
            new_slugs, missing_slugs = [], []
        site_dir = _build(config_file) if job["build"] else None
        outcome.built = site_dir is not None
    except (MovieVaultError, OSError) as exc:
        outcome.ok, outcome.error = False, str(exc)
        return outcome
    except Exception as exc:  # noqa: BLE001 - MkDocs raises its own kinds; the daemon says so and goes on
        outcome.ok, outcome.error = False, f"{type(exc).__name__}: {exc}"
        return outcome
    facts = library_facts.gather(settings.content_dir, settings.cache_dir, site_dir)
    outcome.new = [facts.movie(s) for s in new_slugs if facts.has(s)]
    outcome.missing = [facts.movie(s) for s in missing_slugs if facts.has(s)]
    outcome.library = facts.totals()
    return outcome


def _build(config_file: Path) -> Path:
    config = load_config(config_file=os.fspath(config_file))
    config.plugins["movievault"].config.scan["when"] = "never"    # scanned just now, and only what changed
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config["site_dir"])


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    job = json.loads(sys.stdin.read())
    outcome = _child(job)
    sys.stdout.write(json.dumps(asdict(outcome), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
