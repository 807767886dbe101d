"""The one place that knows the stage order: discover → identify → enrich → store.

Everything is gathered first and written last, so slugs, collections and the
missing-movie marks come out consistent whatever order the disk lists files in.
"""
from __future__ import annotations

import datetime as _dt
import functools
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping

from ..artwork.local import find_local_art
from ..artwork.sources import ArtworkScan, MovieArt
from ..process.checkpoints import checkpoint
from ..discover.background import start_walk
from ..slugs import root_labels
from ..discover.walk import Candidate, Listing, Problem, is_video_name
from ..enrich import online
from ..enrich.identity import name_agreement, nfo_layer
from ..enrich.ids import without_replaced
from ..enrich.merge import choose_rating, merge_by_precedence
from ..errors import ReadError, UserError
from ..fsutil import WriteBatch
from ..log import get_logger, safe_path
from ..logconfig import about
from ..probe import ffprobe as probe
from ..store.skipped import save as save_skipped
from ..model import MediaFile
from ..slugs import movie_slug, unique_slug
from ..settings import ScanSettings
from .plan import candidate_key
from .scope import Scope
from ..store import library
from ..store.changes import Change, changes
from ..templating import content_body
from ..store.scan_state import ScanState
from .. import problems
from . import plan as scan_plan

if TYPE_CHECKING:
    from ..identify.filename import Guess
    from ..identify.item import Identified

log = get_logger(__name__)
Progress = Callable[[int, int, str], None]
# A library whose last scan state is smaller (about a thousand movies) is walked in less
# time than a fork costs.
WALK_IN_CHILD_FROM = 1 << 20
# The confidence of a movie whose NFO id names a film its title and year contradict.
DISTRUSTED = 0.3
# Movies whose files are made durable together (fsutil.WriteBatch): the first batches are
# small, so a short scan's files land soon; later ones larger, so a big scan syncs seldom.
FIRST_BATCH, LARGEST_BATCH = 16, 512


@dataclass
class ScanReport:
    found: int = 0
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    skipped_files: list[tuple[str, str, str]] = field(default_factory=list)   # (library, path, what it is)
    problems: list[str] = field(default_factory=list)
    low_confidence: list[str] = field(default_factory=list)
    unidentified: list[tuple[str, str]] = field(default_factory=list)    # (path, why)
    dry_run: bool = False
    online: online.OnlineReport | None = None
    nfo_written: list[str] = field(default_factory=list)   # NFOs written beside the videos
    changes: dict[str, list[Change]] = field(default_factory=dict)   # dry run: slug -> fields that would change
    writes: list[str] = field(default_factory=list)     # dry run: content-relative files it would write
    unprobed: int = 0                                    # files left for ffprobe (dry run, quick scan)

    def to_json(self) -> dict[str, Any]:
        """The whole report, for `movievault scan --report FILE` (paths are library-relative)."""
        return {
            "found": self.found, "new": self.new, "changed": self.changed, "unchanged": self.unchanged,
            "missing": self.missing, "dry_run": self.dry_run,
            "skipped": [{"library": lib, "path": p, "kind": k} for lib, p, k in sorted(self.skipped_files)],
            "unidentified": [{"path": p, "why": w} for p, w in sorted(self.unidentified)],
            "low_confidence": self.low_confidence, "problems": self.problems,
            "replaced_ids": self.online.replaced if self.online else [],
            "online_failed": self.online.failed if self.online else [],
        }

    def summary(self) -> str:
        skipped = sum(self.skipped.values())
        kinds = ", ".join(f"{n} {k}" for k, n in sorted(self.skipped.items()))
        verb = "would be " if self.dry_run else ""
        return (f"{self.found} movies found: {len(self.new)} {verb}new, {len(self.changed)} {verb}changed, "
                f"{self.unchanged} unchanged, {len(self.missing)} {verb}marked missing; "
                f"{skipped} skipped" + (f" ({kinds})" if kinds else "") + f"; {len(self.problems)} problems"
                + (f"; {self.online.summary()}" if self.online and self.online.active else ""))


def scan(settings: ScanSettings, *, dry_run: bool = False, progress: Progress | None = None,
         full: bool = False, folders: Iterable[tuple[Path, bool]] | None = None,
         redo: frozenset[str] = frozenset()) -> ScanReport:
    """Scan the roots into content/. Incremental: candidates whose inputs and content file
    are as the last scan left them are kept untouched (scan/plan.py); `full` redoes all,
    `redo` the movies of those slugs (`movievault refresh`).

    `folders` ((folder, with its sub-folders?) pairs) makes it a targeted scan: only those
    folders are listed, and only movies whose files lie in them can be found gone."""
    if settings.scan == "always":       # the README's promise: a missing root fails the run
        missing = [r for r in settings.roots if not r.is_dir()]
        if missing or not settings.roots:
            where = safe_path(missing[0]) if missing else "no library root configured"
            raise UserError(f"{where}: library root not found (scan: always)")
    report = ScanReport(dry_run=dry_run)
    if dry_run:   # sends nothing and runs no ffprobe: cached answers only, the rest is listed
        settings = replace(settings, probe_new=False, online=replace(
            settings.online, providers=replace(settings.online.providers, offline=True, refresh=False)))
    labels = root_labels(settings.roots)
    scope = None if folders is None else Scope.of(settings.roots, folders, labels)
    if scope is not None:
        report.problems.extend(f"{safe_path(p)}: not under a library root; not scanned" for p in scope.outside)
        walked = lambda: list(scope.listings())   # noqa: E731
    else:
        walked = start_walk(list(settings.roots),   # on the other core, while the state loads
                            in_child=ScanState.saved_bytes(settings.cache_dir) >= WALK_IN_CHILD_FROM)
    fingerprint = scan_plan.settings_fingerprint(settings, labels, probe.find_ffprobe(settings.probe))
    state = ScanState.load(settings.cache_dir, fingerprint, fresh=full or settings.redo_all)
    for slug in redo:   # not trusted: its content file is read again and its movie redone
        state.drop_movie(slug)
    plan = scan_plan.make_plan(settings, labels, _discover(walked, report), state, scope)
    report.problems.extend(plan.problems)
    _replay_kept(plan, report)
    stored = plan.stored
    movies = _identify_all(plan, report, progress)
    claimed = _assign_slugs(movies, stored, labels, taken=set(plan.kept.values()),
                            preset={plan.key(i.candidate): s for i in movies
                                    if (s := plan.moved.get(plan.key(i.candidate)))})
    scan_plan.load_full(plan, list(claimed))
    found, report.online = _look_up(settings, claimed, stored, progress,
                                    moved={s for s in claimed if plan.key(claimed[s].candidate) in plan.moved})
    report.low_confidence.extend(report.online.low_confidence)
    media = probe.analyse(settings, {s: i.candidate for s, i in claimed.items()}, report.problems, dry_run)
    today = _dt.date.today().isoformat()
    batch = None if dry_run else WriteBatch()
    art = ArtworkScan(settings.artwork, settings.content_dir, settings.roots, report.problems,
                      copy=settings.copy_artwork, dry_run=dry_run, batch=batch)
    try:
        size, in_batch = FIRST_BATCH, 0
        for slug, ident in claimed.items():
            with about(movie=slug, file=ident.candidate.relpath()):
                _store_movie(settings, plan, report, slug, ident, _Inputs(labels, today, found[slug], art,
                                                                          media.get(slug), batch), dry_run)
            checkpoint("movie")
            in_batch += 1
            if batch is not None and in_batch >= size:
                batch.commit()
                size, in_batch = min(2 * size, LARGEST_BATCH), 0
        art.finish()   # people and collection images, shared by many movies (commits the batch)
    finally:
        if batch is not None:
            batch.discard()   # what an error left uncommitted
        art.close()
    report.writes.extend(art.planned)
    looked = _looked(settings, labels, scope)
    _mark_missing(settings, plan, set(claimed) | set(plan.kept.values()), labels, report, dry_run, looked, scope)
    save_skipped(settings.content_dir, report.skipped_files, looked, dry_run)
    report.found = len(claimed) + len(plan.kept)
    if not dry_run:
        checkpoint("state")
        plan.state.save()
    if settings.write_nfo and not dry_run:
        from ..nfo import writer   # NFO sidecars for media servers (README "NFO writing")
        written = writer.write_missing(settings)
        report.problems.extend(written.problems)
        report.nfo_written.extend(written.written)
    problems.report(log, report.problems, settings.known_problems, note_fixed=True)
    return report


@dataclass(frozen=True)
class _Inputs:
    """What one movie's front matter is made from, besides its identification."""
    labels: Mapping[Path, str]
    today: str
    found: online.Result
    art: ArtworkScan
    media: probe.MovieMedia | None
    batch: WriteBatch | None = None    # where its files are written (None: a dry run)


def _store_movie(settings: ScanSettings, plan: scan_plan.Plan, report: ScanReport, slug: str,
                 ident: Identified, given: _Inputs, dry_run: bool) -> None:
    """Make one redone movie's front matter, write it if it changed, and remember it."""
    stored = plan.stored
    previous = stored[slug].data if slug in stored else {}
    noted, problems_before = len(report.low_confidence), len(report.problems)
    unsure_before = len(report.unidentified)
    if not dry_run:
        scan_plan.sweep_images(settings.content_dir, slug)
    generated = _front_matter(settings, slug, ident, given.labels, stored.get(slug), given.today, report,
                              given.found, given.art)
    generated = probe.apply(generated, given.media)
    unprobed = given.media is not None and given.media.pending
    if unprobed:
        report.unprobed += 1
        generated = probe.keep_previous(generated, previous)
    body = "" if slug in stored else content_body(settings.templates_dir, slug, generated)
    try:
        changed = (not scan_plan.unchanged_write(plan, slug, generated)
                   and library.write_movie(settings.content_dir, slug, generated, dry_run=dry_run, new_body=body,
                                           batch=given.batch))
    except ReadError as exc:     # the content file there is broken: never written over
        if not any(p.startswith(f"{exc.path}: ") for p in report.problems):   # one line a file
            report.problems.append(f"{exc}; left as it is (fix or delete it, then scan again)")
        return
    if changed and dry_run:   # what a dry run shows (kept only then: a first scan of 100,000 is big)
        report.changes[slug] = changes(previous, generated)
        report.writes.append(f"{library.MOVIES}/{slug}.md")
    if slug not in stored:
        report.new.append(slug)
    elif changed:
        report.changed.append(slug)
    else:
        report.unchanged += 1
    # this movie's own warnings (artwork included) are replayed while it stays unchanged,
    # so a `--strict` build keeps failing until the problem is fixed
    notes = {"problems": list(ident.problems) + report.problems[problems_before:],
             "low_confidence": report.low_confidence[noted:] + _online_notes(report.online, ident),
             "unidentified": [why for path, why in report.unidentified[unsure_before:]]}
    remember = functools.partial(scan_plan.remember_movie, plan, ident.candidate, slug, generated,
                                 settings.movies_dir / f"{slug}.md", notes, retry=given.found.failed or unprobed)
    if given.batch is not None:
        given.batch.after(remember)   # recorded once its files are in place and durable
    else:
        remember()


def _replay_kept(plan: scan_plan.Plan, report: ScanReport) -> None:
    """Unchanged candidates count as before and repeat their warnings, unread."""
    report.unchanged += len(plan.kept)
    for key, kind in plan.kept_other.items():
        report.skipped[kind] += 1
        report.skipped_files.append((*key.split(":", 1), kind))
    for key in plan.kept:
        notes = plan.state.candidates[key].notes
        report.problems.extend(notes.get("problems", ()))
        report.low_confidence.extend(notes.get("low_confidence", ()))
        report.unidentified.extend((key.split(":", 1)[-1], why) for why in notes.get("unidentified", ()))


def _online_notes(online_report: online.OnlineReport | None, ident: Identified) -> list[str]:
    label = ident.candidate.relpath() + ":"
    return [line for line in (online_report.low_confidence if online_report else ()) if line.startswith(label)]


def _looked(settings: ScanSettings, labels: Mapping[Path, str],
            scope: Scope | None) -> Callable[[str, str], bool]:
    """Whether this scan looked at (library label, path): a root that is there; the scope,
    if targeted. What lies elsewhere keeps what the last scan said of it."""
    scanned = {labels[r] for r in settings.roots if r.is_dir()}
    if scope is None:
        return lambda lib, path: lib in scanned
    return lambda lib, path: scope.holds_file(f"{lib}:{path}")


def _mark_missing(settings: ScanSettings, plan: scan_plan.Plan, present: set[str],
                  labels: Mapping[Path, str], report: ScanReport, dry_run: bool,
                  looked: Callable[[str, str], bool], scope: Scope | None = None) -> None:
    """A stored movie none of whose files was found is marked missing, when every one of
    them lies where this scan looked."""
    scanned = {labels[r] for r in settings.roots if r.is_dir()}
    for slug, old in plan.stored.items():
        keys = old.file_keys()
        if slug not in present and keys and all(looked(lib, path) for lib, path in keys):
            if library.mark_missing(old, dry_run=dry_run):
                report.missing.append(slug)
                scan_plan.remember_missing(plan, slug, old.path)
    scan_plan.forget_vanished(plan, scanned, present, scope)


def _discover(walked: Callable[[], list[Listing | Problem]], report: ScanReport) -> Iterator[Listing]:
    """The roots' folders as listed, once the walk is done (the plan asks late, and makes
    candidates of the folders that changed); the walk's problems go to the report."""
    for item in walked():
        if isinstance(item, Problem):
            report.problems.append(str(item))
        else:
            yield item


def identify(candidate: Candidate) -> Identified:
    """The identify stage, imported when a scan first has a candidate to identify: its
    name rules and NFO reader are a tenth of a second of every warm build's start-up."""
    from ..identify.item import identify as identified
    return identified(candidate)


def parse(name: str) -> Guess:
    from ..identify.filename import parse as parsed   # as identify(): only when there is work
    return parsed(name)


def _identify_all(plan: scan_plan.Plan, report: ScanReport,
                  progress: Progress | None) -> list[Identified]:
    movies: list[Identified] = []
    for i, candidate in enumerate(plan.redo, 1):
        ident = identify(candidate)
        if progress:
            progress(i, len(plan.redo), candidate.relpath())
        if ident.kind != "movie":
            report.skipped[ident.kind] += 1
            report.skipped_files.append((*plan.key(candidate).split(":", 1), _what(ident)))
            scan_plan.remember_other(plan, candidate, ident.kind)
            continue
        report.problems.extend(ident.problems)
        movies.append(ident)
    return movies


def _what(ident: Identified) -> str:
    """"episode", "sample", "extra: trailer": why a file is no movie of its own."""
    extra = ident.guess.extra_type
    return f"{ident.kind}: {extra}" if extra and extra != ident.kind else ident.kind


def _file_key(labels: Mapping[Path, str], ident: Identified) -> set[tuple[str, str]]:
    c = ident.candidate
    return {(labels[c.root], c.relpath(f.path)) for f in c.files}


def _assign_slugs(movies: list[Identified], stored: Mapping[str, library.StoredMovie],
                  labels: Mapping[Path, str], taken: set[str] = frozenset(),
                  preset: Mapping[str, str] | None = None) -> dict[str, Identified]:
    """Match each movie to its content file: a slug the plan kept for it (a moved file), by
    file path, then (a moved file) by ids of a content file no longer seen on disk, else a
    new de-duplicated `title-year` slug. `taken` slugs belong to unchanged movies."""
    claimed: dict[str, Identified] = {}
    if not movies:
        return claimed      # a warm scan with nothing to redo: skip indexing every stored file
    by_file = {key: s.slug for s in stored.values() for key in s.file_keys()}
    pending: list[Identified] = []
    for ident in movies:
        slug = (preset or {}).get(candidate_key(labels[ident.candidate.root], ident.candidate))
        slug = slug or next((by_file[k] for k in sorted(_file_key(labels, ident)) if k in by_file), None)
        if slug and slug not in claimed and slug not in taken:
            claimed[slug] = ident
        else:
            pending.append(ident)
    by_ids = _ids_index(stored)
    for ident in pending:
        slug = _match_by_ids(ident, by_ids, claimed.keys() | taken)
        if slug is None:
            meta, _ = _metadata(ident)
            wanted = movie_slug(meta.get("title") or ident.candidate.folder.name, meta.get("year"))
            slug = unique_slug(wanted, _Union(stored, claimed, taken))
        claimed[slug] = ident
    return dict(sorted(claimed.items()))


class _Union:
    """`in` over several slug collections without copying them (unique_slug asks often)."""

    def __init__(self, *parts) -> None:
        self.parts = parts

    def __contains__(self, slug: object) -> bool:
        return any(slug in p for p in self.parts)


def _ids_index(stored: Mapping[str, library.StoredMovie]) -> dict[tuple[str, str], list[str]]:
    """(id kind, value) -> slugs holding it, built once (not a pass over all per movie)."""
    index: dict[tuple[str, str], list[str]] = {}
    for s in stored.values():
        for kind, value in s.ids().items():
            index.setdefault((kind, value), []).append(s.slug)
    return index


def _match_by_ids(ident: Identified, by_ids: Mapping[tuple[str, str], list[str]],
                  claimed) -> str | None:
    ids = _metadata(ident)[0].get("ids") or {}
    for key in ("tmdb", "imdb"):
        if key in ids:
            slug = next((s for s in by_ids.get((key, str(ids[key])), ()) if s not in claimed), None)
            if slug:
                return slug
    return None


def _look_up(settings: ScanSettings, claimed: Mapping[str, Identified],
             stored: Mapping[str, library.StoredMovie], progress: Progress | None,
             moved: set[str] = frozenset()):
    """Online lookups for the redone movies; a moved file keeps its previous layers unasked."""
    wanted = {}
    for slug, ident in claimed.items():
        previous = stored[slug].data if slug in stored else {}
        pins = online.pins(previous)
        wanted[slug] = online.Wanted(slug, ident.candidate.relpath(), _metadata(ident, pins=pins)[0],
                                     pins, previous)
    found, report = online.run([w for s, w in wanted.items() if s not in moved], settings.online,
                               settings.cache_dir, progress=progress)
    found.update({s: online.kept_only(wanted[s], settings.online) for s in moved})
    return found, report


def _metadata(ident: Identified, settings: ScanSettings | None = None, found: online.Result | None = None,
              pins: Mapping[str, str] | None = None) -> tuple[dict[str, Any], dict[str, str]]:
    """filename < the NFO and online layers, in the configured precedence. Ids a provider
    found gone are left out of the NFO and file name layers; an NFO that contradicts the
    user's pinned ids describes another film and counts only for the file."""
    gone = found.replaced if found else {}
    layers = ({online.NFO: nfo_layer(without_replaced(ident.nfo.metadata, gone), pins or {})}
              if ident.nfo is not None else {})
    layers.update(found.layers if found else {})
    order = online.provider_order(settings.online) if settings else [online.NFO]
    meta, sources = merge_by_precedence(layers, order,
                                        [("filename", without_replaced(ident.filename_metadata(), gone))])
    if settings:   # layers by precedence, so a rating's provenance is the layer that won it
        choose_rating(meta, sources, settings.online.rating_source,
                      {name: layers[name] for name in order if name in layers})
    return meta, sources


def _front_matter(settings: ScanSettings, slug: str, ident: Identified, labels: Mapping[Path, str],
                  old: library.StoredMovie | None, today: str, report: ScanReport,
                  found: online.Result, art: ArtworkScan) -> dict[str, Any]:
    pins = online.pins(old.data) if old else {}
    meta, sources = _metadata(ident, settings, found, pins)
    if not meta.get("title"):
        meta["title"], sources["title"] = ident.candidate.folder.name, "folder"
    meta.pop("images", None)
    sources.pop("images", None)
    images, images_from = art.movie(_movie_art(slug, ident, meta, found, old))
    if images:
        meta["images"] = images
        if images_from:
            sources["images"] = images_from
    confidence = _confidence(settings, ident, meta, found, pins, report)
    if found.distrusted and not pins:     # an id named another film (the online report lists it)
        confidence = min(confidence, DISTRUSTED)
    if confidence < settings.low_confidence:
        report.unidentified.append((ident.candidate.relpath(), _unsure_why(meta, sources, ident, found, confidence)))
    out = dict(meta)
    if found.translations:
        out["translations"] = found.translations
    if found.replaced:
        out["replaced_ids"] = found.replaced
    out["files"] = [_file_entry(labels, ident, f) for f in ident.candidate.files]
    out["sources"] = {k: sources[k] for k in meta if k in sources}
    out["added"] = str(old.data.get("added")) if old and old.data.get("added") else today
    out["confidence"] = confidence
    return out


def _confidence(settings: ScanSettings, ident: Identified, meta: Mapping[str, Any], found: online.Result,
                pins: Mapping[str, str], report: ScanReport) -> float:
    """1 for the user's own identification; a search match's score; for a match by the
    NFO's ids, 1 unless the file's name says another film; else how sure the name guess is."""
    label = ident.candidate.relpath()
    if pins:
        return 1.0
    if found.how and found.confidence is not None:   # an online match taken by search
        return round(found.confidence, 2)
    if found.how or (ident.nfo and ident.nfo.metadata.get("ids")):
        # only a name with a title and a year is taken as a label ("Some Film" may be anything)
        agreement = name_agreement(ident.guess.title, ident.guess.year, meta) if ident.guess.year else None
        if agreement is None or agreement >= settings.low_confidence:
            return 1.0
        said = f"{ident.guess.title} ({ident.guess.year})" if ident.guess.year else ident.guess.title
        found_as = f"{meta.get('title')} ({meta.get('year')})" if meta.get("year") else meta.get("title")
        report.low_confidence.append(f"{label} (matched “{found_as}” by id, but the name says “{said}”, "
                                     f"{agreement:.2f})")
        return agreement
    confidence = round(ident.guess.confidence, 2)
    if confidence < settings.low_confidence and not found.distrusted:
        report.low_confidence.append(f"{label} (guessed “{meta['title']}”, {confidence:.2f})")
    return confidence


def _unsure_why(meta: Mapping[str, Any], sources: Mapping[str, str], ident: Identified,
                found: online.Result, confidence: float) -> str:
    title = f"“{meta['title']}”" + (f" ({meta['year']})" if meta.get("year") else "")
    if found.distrusted:
        return f"its id names another film; taken as {title} from the NFO, confidence {confidence:.2f}"
    if sources.get("title") == "folder" or (sources.get("title") == "filename" and ident.guess.origin == "folder"):
        return f"no title in its name; the folder name {title} stands in, confidence {confidence:.2f}"
    return f"guessed {title} from its {sources.get('title', 'name')}, confidence {confidence:.2f}"


def _file_entry(labels: Mapping[Path, str], ident: Identified, video) -> dict[str, Any]:
    c = ident.candidate
    guess = ident.guess if video is c.main else parse(c.relpath(video.path))   # the main file's is parsed
    entry = MediaFile(path=c.relpath(video.path), root=labels[c.root], size=video.size, part=video.part,
                      container=video.container, resolution=guess.resolution, source=guess.source,
                      edition=guess.edition).to_dict()
    entry.pop("mtime", None)   # mtimes live in scan state, not in git-tracked content
    return {"library": labels[c.root], **entry}


def _movie_art(slug: str, ident: Identified, meta: Mapping[str, Any], found: online.Result,
               old: library.StoredMovie | None) -> MovieArt:
    """What the artwork sources need: local files (copied into content/ so a build needs
    no library), the NFO's references, TMDB's images, and last scan's entries."""
    c = ident.candidate
    siblings = list(c.siblings)
    if _shared_folder(c):
        stem = c.main.path.stem.casefold()
        siblings = [n for n in siblings if n.casefold().startswith(stem)]
    collection = meta.get("collection")
    return MovieArt(
        slug=slug, label=c.relpath(), root=c.root, folder=c.folder,
        local=find_local_art(c.main.path, siblings),
        nfo=ident.nfo.metadata if ident.nfo else {},
        nfo_dir=Path(ident.nfo.path).parent if ident.nfo else None,
        tmdb=found.layers.get("tmdb") or {}, tmdb_collection=tuple(found.collection_images),
        cast=tuple(str(p.get("name")) for p in meta.get("cast") or () if isinstance(p, Mapping) and p.get("name")),
        collection=(collection.get("name") if isinstance(collection, Mapping) else collection) or None,
        previous=tuple((old.data.get("images") or ()) if old else ()),
        chosen=chosen_art(old.data if old else {}))


def chosen_art(front: Mapping[str, Any]) -> dict[str, str]:
    """The images the user picked (`user: {artwork: {poster: <url or path>}}`)."""
    user = front.get("user")
    art = user.get("artwork") if isinstance(user, Mapping) else None
    if not isinstance(art, Mapping):
        return {}
    return {str(k): str(v).strip() for k, v in art.items() if isinstance(v, str) and v.strip()}


def _shared_folder(c: Candidate) -> bool:
    """A folder holding several movies (a flat Downloads folder): folder-wide names such
    as poster.jpg belong to none of them."""
    if c.disc is not None:
        return False
    own = {f.path.name for f in c.files}
    if all(n in own for n in c.siblings if is_video_name(n)):   # no other video: nothing to parse
        return False
    movies = _movie_videos(c.siblings)
    return len(movies) > len(movies & own)


@functools.lru_cache(maxsize=64)
def _movie_videos(siblings: tuple[str, ...]) -> frozenset[str]:
    """The names in one folder listing that parse as movies; parsed once per folder, not
    once per movie in it (a flat folder of N files would cost N² parses)."""
    return frozenset(n for n in siblings if is_video_name(n) and parse(n).kind == "movie")
