"""Where each artwork master comes from: local files, the images an NFO names, TMDB.

For every image (a movie's poster or fanart, a person's photo, a collection's poster)
the configured sources are tried in order, and the first that yields whole image bytes
becomes the master in content/images/. A source that fails is one warning naming the
movie, the source and the reason; the next source is then tried.

A master is fetched once. Its entry records the source reference and the master's
sha256; a later scan that is offered the same reference, with the master unchanged on
disk, reuses it without a request and without a write. Remote references ranked above
the one in use are not retried then (delete the master to retry them); local files
above it are, since reading them costs no request.
"""
from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

from ..cache.keys import content_hash
from ..errors import ReadError
from ..process.checkpoints import checkpoint
from ..fsutil import WriteBatch, inside, read_regular, write_if_changed, write_inside
from ..log import get_logger
from ..settings import ArtworkSettings
from .local import actor_image
from .local_read import is_local, read_local
from .names import IMAGES, MANIFEST, collection_stem, person_stem
from .sniff import image_format, image_problem

if TYPE_CHECKING:
    from .fetch import SafeFetcher

log = get_logger(__name__)

LOCAL, NFO, TMDB = "local", "nfo", "tmdb"
SOURCES = (LOCAL, NFO, TMDB)
_URL = re.compile(r"^https?://", re.IGNORECASE)
# A TMDB image URL: "<base>/t/p/<size>/<file>" (as `chosen_offer` tells TMDB's apart).
_TMDB_IMAGE = re.compile(r"^(?P<head>https?://.+/t/p)/(?P<size>original|[wh]\d+)/(?P<file>[^/]+)$", re.IGNORECASE)
# Kinds whose TMDB URLs are fetched at the configured size whatever size they name: a
# person's photo is shown at 160-185 px, and NFOs often name TMDB's original (1000+ px).
_ANY_SIZE = frozenset({"actor"})


@dataclass(frozen=True)
class Offer:
    """One candidate for one image."""
    source: str                 # local | nfo | tmdb
    src: str                    # as recorded: a URL, or a path (local: relative to its root)
    read: str | None = None     # what to read when it differs from `src` (an absolute path)
    base: Path | None = None    # the folder a relative path is read from

    @property
    def remote(self) -> bool:
        return bool(_URL.match(self.src))


@dataclass(frozen=True)
class MovieArt:
    """What the scan knows about one movie's images, gathered by the pipeline."""
    slug: str
    label: str                              # the movie's path, for warnings
    root: Path
    folder: Path                            # the movie's folder (holds .actors/)
    local: Mapping[str, Path] = field(default_factory=dict)   # kind -> file (find_local_art)
    nfo: Mapping[str, Any] = field(default_factory=dict)      # the NFO's metadata dict
    nfo_dir: Path | None = None
    tmdb: Mapping[str, Any] = field(default_factory=dict)     # TMDB's metadata layer
    tmdb_collection: tuple[Mapping[str, str], ...] = ()       # TMDB collection images
    cast: tuple[str, ...] = ()                                # merged cast names, in order
    collection: str | None = None
    previous: tuple[Mapping[str, Any], ...] = ()              # last scan's `images` entries
    chosen: Mapping[str, str] = field(default_factory=dict)   # kind -> src the user picked


def tmdb_sized(url: str, kind: str, sizes: Mapping[str, str]) -> str:
    """TMDB's `/original/` image at the configured size for its kind; a person's photo
    (kinds in _ANY_SIZE) at that size whatever size the URL names.

    >>> tmdb_sized("https://image.tmdb.org/t/p/original/a.jpg", "poster", {"poster": "w780"})
    'https://image.tmdb.org/t/p/w780/a.jpg'
    >>> tmdb_sized("https://image.tmdb.org/t/p/h632/a.jpg", "actor", {"actor": "w185"})
    'https://image.tmdb.org/t/p/w185/a.jpg'
    """
    size, m = sizes.get(kind), _TMDB_IMAGE.match(url)
    if not size or m is None or (m["size"] != "original" and kind not in _ANY_SIZE):
        return url
    return f"{m['head']}/{size}/{m['file']}"


def movie_offers(m: MovieArt, settings: ArtworkSettings) -> dict[str, list[Offer]]:
    """kind -> offers, best first, in the configured source order."""
    by_source: dict[str, list[tuple[str, Offer]]] = {LOCAL: [], NFO: [], TMDB: []}
    for kind, path in m.local.items():
        by_source[LOCAL].append((kind, Offer(LOCAL, _rel(path, m.root), read=str(path))))
    for image in m.nfo.get("images") or ():
        kind, offer = str(image.get("kind") or ""), _ref(NFO, image.get("src"), m.nfo_dir, settings)
        if kind and "." not in kind and offer is not None:
            by_source[NFO].append((kind, offer))
    for image in m.tmdb.get("images") or ():
        kind, src = str(image.get("kind") or ""), str(image.get("src") or "")
        if kind and _URL.match(src):
            by_source[TMDB].append((kind, Offer(TMDB, tmdb_sized(src, kind, settings.tmdb_image_size))))
    offers = _ordered(by_source, settings)
    for kind, src in m.chosen.items():   # `movievault artwork choose`: the user's pick, alone
        offers[kind] = [chosen_offer(src, m.root, offers.get(kind, ()))]
    return offers


def chosen_offer(src: str, root: Path, offered: Iterable[Offer] = ()) -> Offer:
    """The user's pick as an offer: a URL, or a path inside the movie's library root."""
    known = next((o for o in offered if o.src == src), None)
    if known is not None:
        return known
    if _URL.match(src):
        return Offer(TMDB if "/t/p/" in src else NFO, src)
    return Offer(LOCAL, src, base=root)


def person_offers(m: MovieArt, name: str, settings: ArtworkSettings, actors_dir: bool = True) -> list[Offer]:
    """`actors_dir`: whether the movie's folder has an `.actors/` folder to look in."""
    by_source: dict[str, list[tuple[str, Offer]]] = {LOCAL: [], NFO: [], TMDB: []}
    for path in actor_image(m.folder, name) if actors_dir else ():
        if path.is_file():
            by_source[LOCAL].append(("actor", Offer(LOCAL, _rel(path, m.root), read=str(path))))
            break
    nfo_thumb = _thumb_of(m.nfo.get("cast"), name)
    if (offer := _ref(NFO, nfo_thumb, m.nfo_dir, settings)) is not None:
        sized = tmdb_sized(offer.src, "actor", settings.tmdb_image_size) if offer.remote else offer.src
        by_source[NFO].append(("actor", replace(offer, src=sized)))
    tmdb_thumb = _thumb_of(m.tmdb.get("cast"), name)
    if tmdb_thumb and _URL.match(tmdb_thumb):
        by_source[TMDB].append(("actor", Offer(TMDB, tmdb_sized(tmdb_thumb, "actor", settings.tmdb_image_size))))
    return _ordered(by_source, settings).get("actor", [])


def collection_offers(m: MovieArt, settings: ArtworkSettings) -> dict[str, list[Offer]]:
    """Collection art: the NFO's `<art><set.poster>` / `set.fanart`, then TMDB's."""
    by_source: dict[str, list[tuple[str, Offer]]] = {LOCAL: [], NFO: [], TMDB: []}
    for image in m.nfo.get("images") or ():
        kind = str(image.get("kind") or "")
        if kind.startswith("set.") and (offer := _ref(NFO, image.get("src"), m.nfo_dir, settings)):
            by_source[NFO].append((kind[len("set."):], offer))
    for image in m.tmdb_collection:
        kind, src = str(image.get("kind") or ""), str(image.get("src") or "")
        if kind and _URL.match(src):
            by_source[TMDB].append((kind, Offer(TMDB, tmdb_sized(src, kind, settings.tmdb_image_size))))
    return _ordered(by_source, settings)


def _ordered(by_source: Mapping[str, list[tuple[str, Offer]]],
             settings: ArtworkSettings) -> dict[str, list[Offer]]:
    out: dict[str, list[Offer]] = {}
    for source in settings.sources:
        for kind, offer in by_source.get(source, ()):
            offers = out.setdefault(kind, [])
            if all(o.src != offer.src for o in offers):
                offers.append(offer)
    return out


def _ref(source: str, value: Any, base: Path | None, settings: ArtworkSettings) -> Offer | None:
    """An NFO reference: a URL (when downloads are on) or a local path read from `base`."""
    text = str(value or "").strip()
    if not text:
        return None
    if _URL.match(text):
        return Offer(source, text) if settings.nfo_download_images else None
    if "://" in text or base is None:   # other schemes are refused, not tried
        return None
    return Offer(source, text, base=base)


def _thumb_of(cast: Any, name: str) -> str | None:
    for person in cast or ():
        if isinstance(person, Mapping) and person.get("name") == name and person.get("thumb"):
            return str(person["thumb"])
    return None


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class ArtworkScan:
    """One scan's artwork: masters for movies as they come, shared ones (people,
    collections) gathered across movies and stored by `finish()`."""

    def __init__(self, settings: ArtworkSettings, content_dir: Path, roots: Iterable[Path],
                 problems: list[str], *, copy: bool = True, dry_run: bool = False,
                 batch: WriteBatch | None = None):
        self.settings, self.content_dir = settings, Path(content_dir)
        self.batch = batch        # masters are written through it; `finish()` commits it
        self.roots, self.problems = list(roots), problems
        self.copy, self.dry_run = copy, dry_run
        self.stats: Counter[str] = Counter()
        self.planned: list[str] = []   # content-relative files a dry run would write
        self._fetcher: SafeFetcher | None = None
        self._shared: dict[str, dict[str, Any]] = {}    # stem -> {label, what, offers}
        self.local_only = False     # a worker's: a URL to fetch raises Remote (see `apart`)

    def apart(self, problems: list[str], batch: WriteBatch) -> ArtworkScan:
        """A scan of the same settings for one movie's images in a worker process: masters
        go to `batch` (for the scan's own batch to adopt), warnings to `problems`, and only
        local files are read — a URL raises Remote, and the scan process does that movie
        itself (one HTTP client, its limits and cache, stay in one process)."""
        worker = ArtworkScan(self.settings, self.content_dir, self.roots, problems, copy=self.copy,
                             dry_run=self.dry_run, batch=batch)
        worker.local_only = True
        return worker

    def notes(self) -> tuple[Counter[str], dict[str, dict[str, Any]]]:
        """What `take` needs from a worker's scan: its counts and its people and collections."""
        return self.stats, self._shared

    def take(self, notes: tuple[Counter[str], dict[str, dict[str, Any]]]) -> None:
        """A worker's `notes()`, gathered as if its movie had been scanned here, in turn."""
        stats, shared = notes
        self.stats.update(stats)
        for stem, slot in shared.items():
            self._gather(stem, slot["label"], slot["what"], slot["offers"])

    # -- movies ---------------------------------------------------------------------------

    def movie(self, m: MovieArt) -> tuple[list[dict[str, str]], str]:
        """The movie's `images` entries and their provenance ("local+tmdb"); notes its
        people and collection for `finish()`."""
        offers = movie_offers(m, self.settings)
        previous = {str(p.get("kind")): p for p in m.previous if isinstance(p, Mapping)}
        out: list[dict[str, str]] = []
        used: set[str] = set()
        for kind in sorted(offers):
            entry = self._movie_image(m, kind, offers[kind], previous.get(kind))
            if entry:
                out.append({"kind": kind, **entry})
                used.update(o.source for o in offers[kind] if o.src == entry.get("src"))
        if self.copy:
            self._note_shared(m)
        return out, "+".join(s for s in self.settings.sources if s in used)

    def _movie_image(self, m: MovieArt, kind: str, offers: list[Offer],
                     previous: Mapping[str, Any] | None) -> dict[str, str] | None:
        usable = [o for o in offers if self._wanted(o, kind)]
        entry = None
        if usable and self.copy:
            entry = self.resolve(m.label, kind, usable, f"{IMAGES}/{m.slug}/{kind}", previous)
        if entry is None:   # no master: keep the first reference for later (as before)
            ref = next((o for o in offers if o.remote), None)
            entry = {"src": ref.src} if ref else None
        return entry

    def _wanted(self, offer: Offer, kind: str) -> bool:
        """Local files become masters whatever their kind; URLs only for the kinds the
        site uses (every banner and disc image in git would cost more than it shows)."""
        return not offer.remote or kind in self.settings.download_kinds

    def _note_shared(self, m: MovieArt) -> None:
        limit = max(0, self.settings.actor_photos)
        cast = m.cast[:limit]
        # one look for the folder, not three (.jpg, .png, .tbn) for each of 20 people
        actors_dir = bool(cast) and os.path.isdir(m.folder / ".actors")
        for name in cast:
            self._gather(person_stem(name), m.label, f"photo of {name}",
                         person_offers(m, name, self.settings, actors_dir))
        if m.collection:
            for kind, offers in collection_offers(m, self.settings).items():
                self._gather(collection_stem(m.collection, kind), m.label,
                             f"{kind} of collection {m.collection}", offers)

    def _gather(self, stem: str, label: str, what: str, offers: list[Offer]) -> None:
        if not offers:
            return
        slot = self._shared.setdefault(stem, {"label": label, "what": what, "offers": []})
        slot["offers"].extend(o for o in offers if all(o.src != x.src for x in slot["offers"]))

    # -- shared masters ---------------------------------------------------------------------

    def finish(self) -> None:
        """Store people and collection masters; record them in images/shared.json."""
        manifest_path = self.content_dir / IMAGES / MANIFEST
        manifest = _read_manifest(manifest_path, self.problems)
        for stem in sorted(self._shared):
            slot = self._shared[stem]
            entry = self.resolve(slot["label"], slot["what"], slot["offers"], stem, manifest.get(stem))
            if entry and "path" in entry:
                manifest[stem] = entry
        if self.batch is not None:
            self.batch.commit()      # every master in place before the manifest is checked
        manifest = {k: v for k, v in manifest.items() if (self.content_dir / str(v.get("path"))).is_file()}
        if not self.dry_run and (manifest or manifest_path.exists()):
            text = json.dumps(dict(sorted(manifest.items())), indent=1, ensure_ascii=False) + "\n"
            write_if_changed(manifest_path, text.encode("utf-8"))
        if any(self.stats.values()):
            log.info("artwork sources: %s", ", ".join(f"{n} {k}" for k, n in sorted(self.stats.items())))

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()
            self._fetcher = None

    # -- one image ------------------------------------------------------------------------

    def resolve(self, label: str, what: str, offers: list[Offer], stem: str,
                previous: Mapping[str, Any] | None) -> dict[str, str] | None:
        """The first offer that yields a whole image, stored as `<stem>.<ext>`; the
        previous master when its reference is still offered (or every offer failed)."""
        intact = dict(previous) if previous and self._intact(previous, stem) else None
        keep_at = next((i for i, o in enumerate(offers) if intact and o.src == intact.get("src")), None)
        for i, offer in enumerate(offers):
            if keep_at is not None and offer.remote and i <= keep_at:
                if i == keep_at:
                    self.stats["reused"] += 1
                    return _entry(intact)
                continue
            if self.dry_run and offer.remote:
                self.planned.append(f"{stem}.* (download {offer.src})")
                return {"src": offer.src}
            try:
                entry = self._store(offer, stem)
            except ReadError as exc:
                self.stats["failed"] += 1
                self.problems.append(f"{label}: {what} from {offer.source} ({offer.src}): {exc.reason}")
                continue
            self._drop_replaced(intact, entry)
            return entry
        return _entry(intact) if intact and offers else None

    def _intact(self, previous: Mapping[str, Any], stem: str) -> bool:
        path, digest = str(previous.get("path") or ""), str(previous.get("sha256") or "")
        if not path.startswith(stem + ".") or not digest or not inside(self.content_dir, self.content_dir / path):
            return False
        try:
            data = read_regular(self.content_dir / path, self.settings.image_max_bytes)
        except ReadError:
            return False
        return content_hash(data) == digest

    def _store(self, offer: Offer, stem: str) -> dict[str, str]:
        data = self._get(offer)
        problem = image_problem(data)
        if problem:
            raise ReadError(offer.src, problem)
        ext = image_format(data) or "jpg"
        if self.settings.master_max_width:
            from .master import cap_width   # Pillow, only when masters are capped
            data, ext = cap_width(data, ext, self.settings.master_max_width, offer.src)
        rel = f"{stem}.{ext}"
        if not self.dry_run:
            write_inside(self.content_dir, rel, data, self.batch)
            checkpoint("image")
        elif not _same_bytes(self.content_dir / rel, data):
            self.planned.append(rel)
        self.stats["downloaded" if offer.remote else "copied"] += 1
        return {"src": offer.src, "path": rel, "sha256": content_hash(data)}

    def _get(self, offer: Offer) -> bytes:
        if self.local_only and offer.remote:
            raise Remote(offer.src)
        src = offer.read or offer.src
        if is_local(src):   # most masters: read without the HTTP stack
            return read_local(src, self.roots, offer.base or Path("."), self.settings.image_max_bytes)
        if self._fetcher is None:
            # Imported here: HTTP (requests, urllib3) is a tenth of a second of every
            # build's start-up, and most scans take every master from the local disk.
            from .fetch import FetchSettings, SafeFetcher
            s = self.settings
            self._fetcher = SafeFetcher(FetchSettings(allow_hosts=frozenset(s.allow_hosts),
                                                      max_bytes=s.image_max_bytes, retries=s.retries))
        return self._fetcher.get(src, self.roots, offer.base or Path("."))

    def _drop_replaced(self, intact: Mapping[str, Any] | None, entry: Mapping[str, str]) -> None:
        """A master replaced under another extension leaves no stray old file."""
        old = str((intact or {}).get("path") or "")
        if old and old != entry.get("path") and not self.dry_run and inside(self.content_dir, self.content_dir / old):
            (self.content_dir / old).unlink(missing_ok=True)


class Remote(Exception):
    """A worker's movie has an image to download (ArtworkScan.apart)."""


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _entry(previous: Mapping[str, Any] | None) -> dict[str, str] | None:
    if not previous:
        return None
    return {k: str(previous[k]) for k in ("src", "path", "sha256") if previous.get(k)}


def _read_manifest(path: Path, problems: list[str]) -> dict[str, dict[str, str]]:
    if not os.path.lexists(path):
        return {}
    try:    # content/ is committed: a regular file of sane size only
        data = json.loads(read_regular(path, 64 << 20).decode("utf-8"))
    except ReadError as exc:
        problems.append(f"{exc}; rebuilt")
        return {}
    except (ValueError, RecursionError) as exc:
        problems.append(str(ReadError(path, f"unreadable, rebuilt ({exc})")))
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): dict(v) for k, v in data.items() if isinstance(v, dict)}
