"""The enrich stage for one movie: its layers (file name < NFO < providers, in the
configured precedence) merged into front matter, with provenance, confidence and files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from ..artwork.sources import ArtworkScan
from ..enrich import online
from ..enrich.identity import name_agreement, nfo_layer
from ..enrich.ids import without_replaced
from ..enrich.merge import choose_rating, merge_by_precedence
from ..model import MediaFile
from ..settings import ScanSettings
from ..store import library
from .art import movie_art
from .candidates import parse
from .report import Progress, ScanReport

if TYPE_CHECKING:
    from ..identify.item import Identified


# The confidence of a movie whose NFO id names a film its title and year contradict.
DISTRUSTED = 0.3


@dataclass(frozen=True)
class Merged:
    """One movie's metadata merged from its layers, and the layer each field came from."""
    values: Mapping[str, Any]
    sources: Mapping[str, str]


def look_up(settings: ScanSettings, claimed: Mapping[str, Identified],
            stored: Mapping[str, library.StoredMovie], progress: Progress | None,
            moved: set[str] = frozenset()):
    """Online lookups for the redone movies; a moved file keeps its previous layers unasked."""
    wanted = {}
    for slug, ident in claimed.items():
        previous = stored[slug].data if slug in stored else {}
        pins = online.pins(previous)
        wanted[slug] = online.Wanted(slug, ident.candidate.relpath(), metadata(ident, pins=pins).values,
                                     pins, previous)
    found, report = online.run([w for s, w in wanted.items() if s not in moved], settings.online,
                               settings.cache_dir, progress=progress)
    found.update({s: online.kept_only(wanted[s], settings.online) for s in moved})
    return found, report


def metadata(ident: Identified, settings: ScanSettings | None = None, found: online.Result | None = None,
             pins: Mapping[str, str] | None = None) -> Merged:
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
    return Merged(meta, sources)


def front_matter(settings: ScanSettings, slug: str, ident: Identified, labels: Mapping[Path, str],
                 old: library.StoredMovie | None, today: str, report: ScanReport,
                 found: online.Result, art: ArtworkScan) -> dict[str, Any]:
    pins = online.pins(old.data) if old else {}
    merged = metadata(ident, settings, found, pins)
    meta, sources = dict(merged.values), dict(merged.sources)     # completed here
    if not meta.get("title"):
        meta["title"], sources["title"] = ident.candidate.folder.name, "folder"
    meta.pop("images", None)
    sources.pop("images", None)
    images, images_from = art.movie(movie_art(slug, ident, meta, found, old))
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
