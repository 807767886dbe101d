"""Online lookups for a batch of identified movies: each movie's providers run in the
configured order (TMDB first, so OMDb can use the IMDb id TMDB found), movies run in
parallel under the HTTP client's shared rate limit, and the caller gets one layer per
provider and movie plus a report. Nothing here writes content; the pipeline does that.

A lookup that fails (network, 5xx, offline cache miss) keeps the movie's previous online
layer, read back from its content file with its provenance, and is retried by the next
scan: every scan looks every movie up again, which costs nothing when the cache is warm.
"""
from __future__ import annotations

import json
import threading
from collections import Counter
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from ..cache.layout import cache_path
from ..errors import ProviderError, UserError
from ..cache.rules import ready_cache_file
from ..fsutil import atomic_write_text
from ..log import get_logger
from ..logconfig import about
from ..model import METADATA_FIELDS
from ..providers.base import Found, Provider, Query
from ..providers.registry import load_providers, unkeyed
from ..settings import OnlineSettings
from . import ids as id_checks

log = get_logger(__name__)

NFO = "nfo"
# After this many lookups in a row fail, a provider is taken as down for the rest of the
# run: with retries and backoff, hammering a dead service would stall a big scan for hours.
DOWN_AFTER = 5
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Wanted:
    """One movie to look up: what identification knows, the user's pinned ids and the
    front matter stored last time (for keeping layers when a lookup fails)."""
    key: str                                   # the movie's slug
    label: str                                 # its path, for messages
    meta: Mapping[str, Any]                    # filename + NFO metadata
    pins: Mapping[str, str] = field(default_factory=dict)
    previous: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)   # provider id -> metadata
    kept: list[str] = field(default_factory=list)     # provider ids whose layer is last scan's
    answered: set[str] = field(default_factory=set)   # provider ids that answered (even "no match")
    how: dict[str, str] = field(default_factory=dict)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    confidence: float | None = None                   # of the search match taken, if any
    collection_images: list[dict[str, str]] = field(default_factory=list)   # for the artwork sources
    failed: bool = False                              # a provider could not answer: retry next scan
    replaced: dict[str, dict[str, str]] = field(default_factory=dict)   # id kind -> {was, reason}
    distrusted: bool = False                          # an id named a film the NFO contradicts


@dataclass
class OnlineReport:
    active: list[str] = field(default_factory=list)   # provider names that answered lookups
    found: Counter = field(default_factory=Counter)   # "TMDB direct id" -> n
    failed: list[str] = field(default_factory=list)
    low_confidence: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)   # ids found gone and replaced, this scan
    stats: dict[str, int] = field(default_factory=dict)
    unsent: list[str] = field(default_factory=list)   # offline: requests a cache miss held back

    def summary(self) -> str:
        if not self.active:
            return "online: off"
        s = self.stats
        retries = {k[len("retries_"):]: n for k, n in sorted(s.items()) if k.startswith("retries_")}
        found = ", ".join(f"{n} by {how}" for how, n in sorted(self.found.items())) or "none"
        text = (f"online ({', '.join(self.active)}): found {found}; {len(self.failed)} failed, "
                f"{len(self.low_confidence)} unsure{_stale(len(self.replaced))}; "
                f"{s.get('requests', 0)} requests, "
                f"{s.get('cache_hits', 0)} cache hits, {s.get('cache_misses', 0)} misses")
        if retries:
            text += f", {sum(retries.values())} retries (" + ", ".join(
                f"{cause} {n}" for cause, n in retries.items()) + ")"
        return text


def _stale(n: int) -> str:
    return f", {n} stale id{'s' if n != 1 else ''} replaced" if n else ""


def pins(front_matter: Mapping[str, Any]) -> dict[str, str]:
    """Ids the user pinned in the content file's `user: {ids: {tmdb: 603}}`; they win over
    the ids in names and NFOs.

    >>> pins({"user": {"ids": {"tmdb": 603, "imdb": "tt0133093", "x": None}}})
    {'tmdb': '603', 'imdb': 'tt0133093'}
    """
    user = front_matter.get("user")
    ids = user.get("ids") if isinstance(user, Mapping) else None
    if not isinstance(ids, Mapping):
        return {}
    return {str(k): str(v).strip() for k, v in ids.items() if v not in (None, "")}


def provider_order(settings: OnlineSettings) -> list[str]:
    """The precedence list, first wins: `fallback_order` with the NFO moved by `prefer`.
    Left out of the order, the NFO ranks below every online provider."""
    online = [n for n in settings.fallback_order if n != NFO]
    if settings.prefer == "nfo":
        return [NFO, *online]
    if settings.prefer == "online" or NFO not in settings.fallback_order:
        return [*online, NFO]
    return list(dict.fromkeys(settings.fallback_order))


def run(wanted: list[Wanted], settings: OnlineSettings, cache_dir: Path, *,
        progress: Progress | None = None) -> tuple[dict[str, Result], OnlineReport]:
    """Look every movie up. Raises UserError on a fatal provider error (a rejected key)."""
    report = OnlineReport()
    results = {w.key: Result(replaced=id_checks.carried(w.previous, _ids(w))) for w in wanted}
    names = [n for n in provider_order(settings) if n != NFO]
    providers = _available(names, settings, cache_dir) if names and wanted else []
    if providers:
        report.active = [p.NAME for p in providers]
        try:
            _run_all(wanted, providers, settings, results, report, progress)
        finally:
            report.stats = _close(providers, report.unsent)
        _save_stats(cache_dir, report.stats)
        if report.failed and not report.unsent:
            log.warning("%d online lookups failed (kept the previous online data; the next scan "
                        "retries them)", len(report.failed))
    for w in wanted:   # unavailable or failed providers keep last scan's layer
        _keep_previous(w, names, results[w.key])
    return results, report


def _available(names: list[str], settings: OnlineSettings, cache_dir: Path) -> list[Provider]:
    ps = replace(settings.providers, cache_path=cache_path(cache_dir, "http"))
    keyless = unkeyed(names, ps)
    loaded = [n for n in names if n not in keyless]
    providers = load_providers(loaded, ps) if loaded else []
    ready = [p for p in providers if p.available()]
    shown = {n: p.NAME for n, p in zip(loaded, providers) if p not in ready} | keyless
    off = [shown[n] for n in names if n in shown]
    if off:
        log.info("online metadata: %s off (no API key configured)", ", ".join(off))
    if not ready:
        _close(providers)
    return ready


class _Breaker:
    """Counts consecutive failed lookups per provider; thread-safe."""

    def __init__(self, limit: int) -> None:
        self._limit, self._lock = limit, threading.Lock()
        self._failures: Counter[str] = Counter()

    def is_open(self, provider: str) -> bool:
        with self._lock:
            return self._limit > 0 and self._failures[provider] >= self._limit

    def record(self, provider: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._failures[provider] = 0
            else:
                self._failures[provider] += 1
                if self._failures[provider] == self._limit:
                    log.warning("%s looks down (%d lookups failed in a row); not asked again "
                                "this scan", provider, self._limit)


def _run_all(wanted: list[Wanted], providers: list[Provider], settings: OnlineSettings,
             results: dict[str, Result], report: OnlineReport, progress: Progress | None) -> None:
    stop = threading.Event()
    lock = threading.Lock()
    # Offline, a cache miss is quick and says nothing about the service.
    breaker = _Breaker(0 if settings.providers.offline else DOWN_AFTER)
    workers = max(1, settings.providers.workers)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="lookup") as pool:
        futures = [pool.submit(_lookup_about, w, providers, settings, results[w.key], report,
                               (lock, stop, breaker))
                   for w in wanted]
        done_count = 0
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_EXCEPTION)
            for fut in done:
                done_count += 1
                exc = fut.exception()
                if isinstance(exc, ProviderError) and exc.fatal:
                    stop.set()
                    for other in pending:
                        other.cancel()
                    raise UserError(exc.reason) from None
                if exc is not None:
                    raise exc
                if progress:
                    progress(done_count, len(futures), "looking up")


def _lookup_about(w: Wanted, *args: Any) -> None:
    with about(movie=w.key, file=w.label):   # JSON log lines name the movie and its file
        _lookup_one(w, *args)


def _ids(w: Wanted) -> dict[str, str]:
    """The ids a lookup starts from: the names' and NFO's, the user's pins over them."""
    ids = {str(k): str(v) for k, v in (w.meta.get("ids") or {}).items()}
    ids.update({str(k): str(v) for k, v in w.pins.items()})
    return ids


def _lookup_one(w: Wanted, providers: list[Provider], settings: OnlineSettings, result: Result,
                report: OnlineReport, shared: tuple[threading.Lock, threading.Event, _Breaker]) -> None:
    lock, stop, breaker = shared
    ids = _ids(w)
    id_checks.substitute(ids, result.replaced, w.previous)   # gone at an earlier scan: ask by the new id
    for provider in providers:
        if stop.is_set():
            return
        if breaker.is_open(provider.NAME):
            result.failed = True
            _note(lock, report.failed, f"{w.label}: {provider.NAME}: skipped, the service looks down")
            continue
        query = Query(title=w.meta.get("title"), year=w.meta.get("year"), ids=dict(ids),
                      original_title=w.meta.get("original_title"),
                      language=settings.providers.language)
        try:
            found = provider.lookup(query)
        except ProviderError as exc:
            if exc.fatal:
                raise
            breaker.record(provider.NAME, ok=False)
            result.failed = True
            _note(lock, report.failed, f"{w.label}: {exc}")
            continue
        except Exception as exc:  # a provider bug or odd data must not sink the batch
            result.failed = True
            _note(lock, report.failed, f"{w.label}: {provider.NAME}: {type(exc).__name__}: {exc}")
            continue
        breaker.record(provider.NAME, ok=True)
        result.answered.add(provider.ID)
        if found is None:
            log.info("%s: %s has no match", w.label, provider.NAME)
            continue
        if found.confidence < provider.min_confidence:
            _note(lock, report.low_confidence, _unsure(w, provider, found))
            continue
        why = id_checks.contradiction(w.meta, found, ids, w.pins)
        if why:
            result.distrusted = True
            _note(lock, report.low_confidence, f"{w.label}: {provider.NAME} id {_id_used(found, ids)} names "
                                               f"{why}; not trusted (pin the right id)")
            continue
        replaced = id_checks.gone(found, ids, w.pins, provider.NAME)
        if replaced:
            result.replaced.update(replaced)
            for kind, rec in replaced.items():
                _note(lock, report.replaced, f"{w.label}: {kind} id {rec['was']} is gone from {provider.NAME}; "
                                             f"now {found.metadata['ids'][kind]} (found by {found.how})")
        _take(w, provider, found, result, settings, ids)
        with lock:
            report.found[f"{provider.NAME} {found.how}"] += 1


def _take(w: Wanted, provider: Provider, found: Found, result: Result,
          settings: OnlineSettings, ids: dict[str, str]) -> None:
    meta = dict(found.metadata)
    translations = pick_translations(found.extra.get("translations") or {},
                                     settings.fallback_languages)
    if not meta.get("plot"):   # not written in the main language: the first fallback's
        meta.update(_first_overview(translations))
    result.layers[provider.ID] = meta
    result.how[provider.ID] = found.how
    if translations:
        result.translations = translations
    if found.how == "search":
        result.confidence = found.confidence
    result.collection_images = list(found.extra.get("collection_images") or [])
    ids.update({str(k): str(v) for k, v in (meta.get("ids") or {}).items()})
    log.info("%s: %s found by %s (%s)", w.label, provider.NAME, found.how,
             ", ".join(f"{k} {v}" for k, v in sorted((meta.get("ids") or {}).items())))


def _unsure(w: Wanted, provider: Provider, found: Found) -> str:
    title, year = found.metadata.get("title"), found.metadata.get("year")
    guess = f"{title} ({year})" if year else str(title)
    pin = ", ".join(f"{k} {v}" for k, v in sorted((found.metadata.get("ids") or {}).items()))
    stale = "".join(f" (its {k} id {v} is gone)" for k, v in sorted((found.extra.get("gone") or {}).items()))
    return (f"{w.label}: {provider.NAME} best guess “{guess}” [{pin}] scores "
            f"{found.confidence:.2f}; not taken{stale}")


def _id_used(found: Found, ids: Mapping[str, str]) -> str:
    kind = id_checks.ID_OF.get(found.how) or found.provider
    return f"{kind} {ids.get(kind)}"


def _note(lock: threading.Lock, into: list[str], message: str) -> None:
    log.info(message)
    with lock:
        into.append(message)


def pick_translations(available: Mapping[str, Mapping[str, str]],
                      wanted: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """The translations of the wanted languages: an exact tag (`de-DE`), else the first
    with the same language (`de-AT` for `de-DE`).

    >>> pick_translations({"fr-FR": {"title": "A"}, "de-AT": {"title": "B"}}, ("de-DE", "it-IT"))
    {'de-AT': {'title': 'B'}}
    """
    out: dict[str, dict[str, str]] = {}
    for tag in wanted:
        key = tag if tag in available else next(
            (k for k in available if k.split("-")[0] == tag.split("-")[0]), None)
        if key and key not in out:
            out[key] = dict(available[key])
    return out


def _first_overview(translations: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    for fields in translations.values():
        if fields.get("overview"):
            return {"plot": fields["overview"]}
    return {}


def previous_layer(data: Mapping[str, Any], provider_id: str) -> dict[str, Any]:
    """The fields a content file says came from `provider_id` (alone or merged with others)."""
    sources = data.get("sources") or {}
    if not isinstance(sources, Mapping):
        return {}
    return {k: data[k] for k, src in sources.items()
            if k in METADATA_FIELDS and k in data and provider_id in str(src).split("+")}


def kept_only(w: Wanted, settings: OnlineSettings) -> Result:
    """Last scan's online layers with no lookup (a moved file: same movie, same data)."""
    result = Result(replaced=id_checks.carried(w.previous, _ids(w)))
    _keep_previous(w, [n for n in provider_order(settings) if n != NFO], result)
    return result


def _keep_previous(w: Wanted, names: list[str], result: Result) -> None:
    for name in names:
        if name in result.answered:
            continue
        layer = previous_layer(w.previous, name)
        if layer:
            result.layers[name] = layer
            result.kept.append(name)
    if not result.translations and "tmdb" in result.kept:
        stored = w.previous.get("translations")
        if isinstance(stored, Mapping):
            result.translations = {str(k): dict(v) for k, v in stored.items() if isinstance(v, Mapping)}


def _close(providers: list[Provider], unsent: list[str] | None = None) -> dict[str, int]:
    """Close the HTTP clients (shared by the built-ins), add up their counters and
    gather the requests they held back offline."""
    totals: Counter[str] = Counter()
    seen: set[int] = set()
    for p in providers:
        http = getattr(p, "http", None)
        if http is None or id(http) in seen:
            continue
        seen.add(id(http))
        totals.update(http.stats.snapshot())
        if unsent is not None:
            unsent.extend(getattr(http, "missed", ()))
        http.close()
    return dict(totals)


def _save_stats(cache_dir: Path, stats: Mapping[str, int]) -> None:
    """The last scan's counters, for `movievault cache stats`."""
    try:
        ready_cache_file(cache_path(cache_dir, "last_scan"))
        atomic_write_text(cache_path(cache_dir, "last_scan"), json.dumps(dict(stats), sort_keys=True))
    except OSError as exc:
        log.debug("cannot save scan counters: %s", exc)
