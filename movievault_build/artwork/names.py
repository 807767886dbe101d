"""Where shared masters live in content/images/, named so the scan and the site agree.

People and collections are shared by many movies, so their masters sit outside the
per-movie folders: `images/people/<person-slug>.<ext>` and
`images/collections/<collection-slug>-<kind>.<ext>`.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..cache.keys import text_hash
from ..slugs import slugify

IMAGES = "images"
PEOPLE = "people"
COLLECTIONS = "collections"
MANIFEST = "shared.json"        # content/images/shared.json: where each shared master came from
MASTER_EXTS = ("jpg", "png", "webp", "gif", "avif")


def _slug(text: str) -> str:
    """slugify, but a name with nothing to transliterate (宮崎駿) gets a stable hash
    instead of slugify's fallback, so two such names never share one file."""
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    if re.search(r"[A-Za-z0-9]", ascii_):
        return slugify(text)
    return "x-" + text_hash(text.strip(), 12)


def person_stem(name: str) -> str:
    """Content-relative path of a person's photo, without its extension."""
    return f"{IMAGES}/{PEOPLE}/{_slug(name)}"


def collection_stem(name: str, kind: str) -> str:
    return f"{IMAGES}/{COLLECTIONS}/{_slug(name)}-{kind}"


def existing_master(content_dir: Path, stem: str) -> str | None:
    """The content-relative path of the master stored for `stem`, whatever its extension."""
    for ext in MASTER_EXTS:
        rel = f"{stem}.{ext}"
        if (Path(content_dir) / rel).is_file():
            return rel
    return None


def is_shared(rel: str) -> bool:
    """Shared masters and their manifest (not owned by any one movie's entry)."""
    return rel == f"{IMAGES}/{MANIFEST}" or rel.startswith((f"{IMAGES}/{PEOPLE}/", f"{IMAGES}/{COLLECTIONS}/"))


def shared_masters(content_dir: Path) -> dict[str, str]:
    """stem -> content-relative path of every stored people and collection master
    (one folder listing each, rather than a stat per name)."""
    out: dict[str, str] = {}
    for folder in (PEOPLE, COLLECTIONS):
        base = Path(content_dir) / IMAGES / folder
        if not base.is_dir():
            continue
        for path in sorted(base.iterdir(), key=lambda p: (MASTER_EXTS.index(p.suffix[1:])
                                                          if p.suffix[1:] in MASTER_EXTS else 99)):
            if path.suffix[1:] in MASTER_EXTS and path.is_file() and not path.name.startswith("."):
                out.setdefault(f"{IMAGES}/{folder}/{path.stem}", f"{IMAGES}/{folder}/{path.name}")
    return out
