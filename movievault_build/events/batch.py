"""One batch of the watch daemon: scan the folders that changed, build the site, publish.

The scan and the build run in a child process (`python -m movievault_build.site.watch_batch`,
the MkDocs side of a batch):
it starts with no thread of the daemon's (so the engine may fork onto every core, as
`mkdocs build` does), a crash or a leak in it cannot take the daemon down, and it has its
own session, so a Ctrl+C at the terminal reaches the daemon alone, which lets the batch
finish. The child reads a job as JSON on stdin and writes its outcome as JSON on stdout;
its log goes to a file in the cache folder.

The build is MkDocs' own `build()` over the same mkdocs.yml, with the plugin told not to
scan again: the child has just scanned what changed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..log import get_logger

log = get_logger("watch")
CHILD = "movievault_build.site.watch_batch"    # the child: scan, then `mkdocs build`


@dataclass
class Outcome:
    """What a batch did; the daemon's notifications and MQTT state are made from it."""
    ok: bool = True
    error: str = ""
    scanned: bool = False
    built: bool = False
    published: bool = False
    summary: str = ""
    new: list[dict[str, Any]] = field(default_factory=list)       # movie facts (messages.movie_facts)
    missing: list[dict[str, Any]] = field(default_factory=list)
    changed: int = 0
    problems: list[str] = field(default_factory=list)
    library: dict[str, Any] = field(default_factory=dict)         # count, average rating, last added
    seconds: float = 0.0


def run(config_file: Path, folders: Iterable[tuple[Path, bool]] | None, *, build: bool,
        timeout: float, log_file: Path) -> Outcome:
    """Run one batch in a child and wait for it (a whole library scan when `folders` is None)."""
    job = {"config": os.fspath(config_file), "build": build,
           "folders": None if folders is None else [[os.fspath(p), r] for p, r in folders]}
    log_file.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log_file.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen([sys.executable, "-m", CHILD], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=err, cwd=Path(config_file).parent,
                                env=_child_env(), start_new_session=True)
        try:
            out, _ = proc.communicate(json.dumps(job).encode("utf-8"), timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            return Outcome(ok=False, error=f"the batch took longer than {timeout:.0f} s and was stopped",
                           seconds=time.monotonic() - started)
        except BaseException:       # a second Ctrl+C: the batch stops too
            proc.kill()
            proc.wait()
            raise
    outcome = _parse(out, proc.returncode, log_file)
    outcome.seconds = time.monotonic() - started
    return outcome


def _child_env() -> dict[str, str]:
    """The child imports this same copy of the package."""
    here = os.fspath(Path(__file__).resolve().parents[2])
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONPATH": here + (os.pathsep + path if path else "")}


def _parse(out: bytes, returncode: int, log_file: Path) -> Outcome:
    try:
        data = json.loads(out.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        return Outcome(ok=False, error=f"the batch stopped (exit {returncode}); see {log_file}")
    known = Outcome.__dataclass_fields__
    return Outcome(**{k: v for k, v in data.items() if k in known})


def publish(command: tuple[str, ...], cwd: Path, timeout: float) -> str:
    """Run the publish command; '' when it succeeded, else why not (its own output stays out
    of our log: a deploy tool may print tokens)."""
    try:
        done = subprocess.run(list(command), cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=timeout)
    except FileNotFoundError:
        return f"publish command not found: {command[0]}"
    except subprocess.TimeoutExpired:
        return f"publish command took longer than {timeout:.0f} s and was stopped"
    if done.returncode != 0:
        return f"publish command failed (exit {done.returncode})"
    return ""


def git_publish(scan) -> str:
    """Commit what the batch changed in content/ and push it (`movievault publish`); '' when
    done or when nothing changed, else why not."""
    from ..errors import UserError
    from ..vault import publish as pub

    try:
        plan = pub.plan(scan.content_dir, scan.publish.remote, scan.publish.branch)
        if plan.change:
            pub.publish(plan)
    except UserError as exc:
        return f"publish: {exc}"
    return ""
