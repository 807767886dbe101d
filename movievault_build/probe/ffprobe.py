"""Media analysis: ffprobe every movie file (in parallel, cached), find its sidecar
subtitles, and fold the facts into the content file's `streams` and `files[]`.
A disc folder is probed through the file that holds its feature (probe/disc.py).

ffprobe is a subprocess, so threads are enough to keep every core busy. A file ffprobe
cannot read (a placeholder, a truncated download) is a warning naming the file; the
movie keeps what its NFO said.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..cache.layout import cache_path
from ..discover.walk import PART_MARKER, Candidate
from ..errors import ReadError
from ..log import get_logger, safe_path
from ..settings import ScanSettings
from .cache import ProbeCache
from .disc import disc_target
from .streams import quality_facts, read_streams
from .subtitles import detect_encoding, encoding_problem, find_external, TEXT_FORMATS

log = get_logger(__name__)
FFPROBE_ARGS = ("-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters")
SHOWN_FAILURES = 5   # unreadable files named as warnings; the rest at info level, counted once
# No real video is this small: such files are placeholders (a demo library, stubs that
# some tools leave behind) and are not worth a warning each.
MIN_MEDIA_BYTES = 4096


@dataclass(frozen=True)
class FileJob:
    path: Path
    size: int
    mtime: float


@dataclass
class MovieMedia:
    """What analysis found for one movie: streams per file (by library-relative path)."""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    main: str | None = None
    external_subtitles: list[dict[str, Any]] = field(default_factory=list)
    thumbnails: dict[str, str] = field(default_factory=dict)   # kind -> content-relative path
    pending: bool = False     # a file the probe cache lacks was left unprobed (probe_new off)


def find_ffprobe(setting: str = "auto") -> str | None:
    """The ffprobe to run, or None when probing is off or ffprobe is not installed."""
    return None if setting == "off" else shutil.which("ffprobe")


def run_ffprobe(path: Path, ffprobe: str, timeout: float) -> dict[str, Any]:
    """ffprobe's JSON for one file; ReadError naming the file when it cannot say."""
    try:
        done = subprocess.run([ffprobe, *FFPROBE_ARGS, "--", os.fspath(path)], capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(safe_path(path), f"ffprobe gave no answer within {timeout:g} s") from None
    except OSError as exc:
        raise ReadError(safe_path(path), f"cannot run ffprobe ({exc.strerror or exc})") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail else f"exit status {done.returncode}"
        raise ReadError(safe_path(path), f"not readable media (ffprobe: {_strip_path(reason, path)})")
    try:
        data = json.loads(done.stdout or b"{}")
    except ValueError:
        raise ReadError(safe_path(path), "ffprobe printed invalid JSON") from None
    if not data.get("streams"):
        raise ReadError(safe_path(path), "no audio or video streams found")
    return data


def _strip_path(reason: str, path: Path) -> str:
    # ffprobe prefixes its messages with the file name, which the ReadError already names.
    return reason.replace(f"{os.fspath(path)}: ", "").strip()


def probe_files(jobs: Iterable[FileJob], *, ffprobe: str, timeout: float, cache: ProbeCache,
                workers: int | None = None, pending: set[Path] | None = None
                ) -> tuple[dict[Path, dict[str, Any]], list[str]]:
    """(ffprobe JSON by path, problems). Cache hits never start ffprobe; given a `pending`
    set, misses are not probed either but added to it."""
    results: dict[Path, dict[str, Any]] = {}
    problems: list[str] = []
    todo: list[FileJob] = []
    for job in jobs:
        hit = cache.get(os.fspath(job.path), job.size, job.mtime)
        if hit is None:
            todo.append(job)
        elif hit.error:
            problems.append(hit.error)
        else:
            results[job.path] = hit.result or {}
    if pending is not None:
        pending.update(job.path for job in todo)
        todo = []
    workers = workers or min(8, (os.cpu_count() or 2))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = pool.map(lambda j: _probe_one(j, ffprobe, timeout), todo)
        for job, (raw, error) in zip(todo, answers):
            cache.put(os.fspath(job.path), job.size, job.mtime, raw, error)
            if error:
                problems.append(error)
            else:
                results[job.path] = raw or {}
    cache.commit()
    return results, problems


def _probe_one(job: FileJob, ffprobe: str, timeout: float) -> tuple[dict[str, Any] | None, str | None]:
    try:
        return run_ffprobe(job.path, ffprobe, timeout), None
    except ReadError as exc:
        return None, str(exc)


# --- the pipeline's step ----------------------------------------------------------------

def analyse(settings: ScanSettings, candidates: Mapping[str, Candidate],
            problems: list[str], dry_run: bool = False) -> dict[str, MovieMedia]:
    """Probe and read sidecar subtitles for every movie (slug -> MovieMedia). Problems are
    appended to `problems` (the scan report's list), one line per file."""
    ffprobe = find_ffprobe(settings.probe)
    targets = _probe_targets(candidates)
    jobs = [job for job in targets.values() if job.size >= MIN_MEDIA_BYTES]
    if len(jobs) < len(targets):
        log.info("%d files under %d bytes are placeholders, not media: not probed", len(targets) - len(jobs), MIN_MEDIA_BYTES)
    raw: dict[Path, dict[str, Any]] = {}
    unprobed: set[Path] | None = None if settings.probe_new and not dry_run else set()
    if ffprobe and jobs:
        with ProbeCache(cache_path(settings.cache_dir, "probe")) as cache:
            raw, found = probe_files(jobs, ffprobe=ffprobe, timeout=settings.probe_timeout, cache=cache,
                                     pending=unprobed)
        problems.extend(_capped(found))
    out: dict[str, MovieMedia] = {}
    for slug, c in candidates.items():
        media = MovieMedia(main=c.relpath(), pending=any(targets[f.path].path in (unprobed or ())
                                                         for f in c.files if f.path in targets))
        for f in c.files:
            job = targets.get(f.path)
            if job is not None and job.path in raw:
                media.files[c.relpath(f.path)] = _disc_streams(raw[job.path], job) if c.disc else read_streams(raw[job.path])
        media.external_subtitles = _external(c, problems)
        if settings.thumbnails and not dry_run and c.main.path in targets:
            media.thumbnails = _thumbnails(settings, slug, c, targets[c.main.path], media, problems)
        out[slug] = media
    return out


@dataclass(frozen=True)
class DiscJob(FileJob):
    whole: bool = True   # False: the probed file is only the first part of the feature


def _probe_targets(candidates: Mapping[str, Candidate]) -> dict[Path, FileJob]:
    """What to probe for each movie file (by its path): the file itself, or for a disc
    folder the file holding its feature; a disc without one is left out."""
    out: dict[Path, FileJob] = {}
    for c in candidates.values():
        for f in c.files:
            if c.disc is None:
                out[f.path] = FileJob(f.path, f.size, f.mtime)
            elif target := disc_target(f.path, c.disc):
                out[f.path] = DiscJob(target.path, target.size, target.mtime, target.whole)
    return out


def _disc_streams(raw: Mapping[str, Any], job: FileJob) -> dict[str, Any]:
    streams = read_streams(raw)
    if isinstance(job, DiscJob) and not job.whole:
        # The first of several VOBs: its length is not the movie's, and unknown beats wrong.
        streams.pop("duration", None)
    return streams


def _capped(found: list[str]) -> list[str]:
    """A library of placeholders (or a wrong mount) should not bury every other warning."""
    if len(found) <= SHOWN_FAILURES + 1:
        return found
    for line in found[SHOWN_FAILURES:]:
        log.info(line)
    rest = len(found) - SHOWN_FAILURES
    return found[:SHOWN_FAILURES] + [f"… and {rest} more files ffprobe could not read (listed with -v)"]


def _thumbnails(settings: ScanSettings, slug: str, c: Candidate, job: FileJob, media: MovieMedia,
                problems: list[str]) -> dict[str, str]:
    duration = (media.files.get(c.relpath()) or {}).get("duration")
    if not duration:
        return {}
    from . import thumbs    # Pillow (~40 ms to import): a scan that probes nothing needs none
    try:
        return thumbs.make(job.path, job.size, job.mtime, duration, settings.content_dir, slug,
                           settings.cache_dir, timeout=max(settings.probe_timeout, 10))
    except ReadError as exc:
        problems.append(str(exc))
        return {}


def _external(c: Candidate, problems: list[str]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for video in c.files:
        stem = PART_MARKER.sub("", video.path.stem).rstrip(" ._-") if video.part else video.path.stem
        for entry in find_external(video.path.with_name(stem + video.path.suffix), c.siblings):
            seen.setdefault(entry["file"], entry)
    for name, entry in seen.items():
        path = c.folder / name
        if Path(name).suffix.casefold() in TEXT_FORMATS:
            note = encoding_problem(path)
            if note:
                problems.append(note)
            entry["encoding"] = _encoding(path)
    return list(seen.values())


def _encoding(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return detect_encoding(fh.read(256 * 1024))
    except OSError:
        return None


def keep_previous(generated: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """The front matter with last scan's probe facts, for a movie left unprobed this time
    (a quick scan): its streams, and each file's probed resolution and quality."""
    out = dict(generated)
    if previous.get("streams"):
        out["streams"] = previous["streams"]
    before = {str(f.get("path")): f for f in previous.get("files") or () if isinstance(f, Mapping)}
    files = []
    for entry in out.get("files") or []:
        old = before.get(str(entry.get("path"))) or {}
        files.append({**entry, **{k: old[k] for k in ("resolution", "quality") if old.get(k) and not entry.get(k)}})
    if files:
        out["files"] = files
    return out


def apply(generated: Mapping[str, Any], media: MovieMedia | None) -> dict[str, Any]:
    """The front matter with probe facts folded in: `streams` from the main file (the
    NFO's stream details stay when nothing could be probed), sidecar subtitles added,
    and each file entry's resolution filled when its name lacked one."""
    out = dict(generated)
    if media is None:
        return out
    streams = dict(media.files.get(media.main or "") or next(iter(media.files.values()), None)
                   or out.get("streams") or {})
    if media.external_subtitles:
        streams["subtitles"] = list(streams.get("subtitles") or []) + media.external_subtitles
    if streams:
        out["streams"] = streams
    if media.thumbnails:
        kept = [i for i in out.get("images") or [] if i.get("kind") not in media.thumbnails]
        out["images"] = kept + [{"kind": k, "path": p} for k, p in sorted(media.thumbnails.items())]
    files = []
    for entry in out.get("files") or []:
        facts = media.files.get(str(entry.get("path")))
        entry = dict(entry)
        if facts:
            label = (facts.get("video") or {}).get("resolution")
            if label and not entry.get("resolution"):
                entry["resolution"] = label
            if quality := quality_facts(facts):
                entry["quality"] = quality
        files.append(entry)
    if files:
        out["files"] = files
    return out
