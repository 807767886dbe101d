"""Names made from names: a movie's slug, a free slug beside the taken ones, a library
root's label. A leaf: the scan, the site and the CLI all name things the same way."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from typing import Container

# Every name that becomes a path (movie, person, genre, tag, collection, playlist …) goes
# through slugify. File systems allow 255 bytes a name; a slug stays far below that even
# with a year, a "-2" and a "-poster.webp" added, and a cut one ends in a hash of the whole
# name so two long names that share a beginning still differ.
SLUG_MAX = 80


def slugify(text: str) -> str:
    """ASCII, lower-case, hyphenated, at most SLUG_MAX bytes; keeps non-Latin titles readable
    by transliterating what NFKD can and dropping the rest (a slug never ends up empty).

    >>> slugify("Amélie & Nino")
    'amelie-and-nino'
    >>> len(slugify("A" * 300)), slugify("A" * 300)[-9:] != slugify("A" * 299)[-9:]
    (80, True)
    """
    norm = unicodedata.normalize("NFKD", text)
    ascii_ = norm.encode("ascii", "ignore").decode("ascii").lower()
    ascii_ = ascii_.replace("&", " and ").replace("'", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")
    return cap_slug(slug or "movie", text)


def cap_slug(slug: str, whole: str) -> str:
    """`slug` cut to SLUG_MAX with a short hash of `whole` (the name it came from) at the end."""
    if len(slug) <= SLUG_MAX:
        return slug
    digest = hashlib.sha256(whole.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{slug[:SLUG_MAX - 9].rstrip('-')}-{digest}"


def movie_slug(title: str, year: int | None) -> str:
    base = slugify(title)
    return f"{base}-{year}" if isinstance(year, int) and 0 < year < 10_000 else base


def unique_slug(wanted: str, taken: Container[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3` … whichever is free. `taken` is asked, not
    copied: callers naming thousands of groups in a row pass the dict they fill."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"


def root_labels(roots: tuple[Path, ...]) -> dict[Path, str]:
    """A short, machine-independent name for each root (its folder name, made unique): the
    same for the scan, the NFO tools, the site's health page and the CLI."""
    labels: dict[Path, str] = {}
    for root in roots:
        labels[root] = unique_slug(root.name or "library", labels.values())
    return labels


def roots_by_label(roots: tuple[Path, ...]) -> dict[str, Path]:
    """Library roots by the label content files use for them (`files[].library`)."""
    return {label: root for root, label in root_labels(roots).items()}
