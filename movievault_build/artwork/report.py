"""What the variant cache holds, and which of it the current content still uses."""
from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Iterable

from ..errors import ReadError
from ..fsutil import read_regular
from .cache import VariantCache
from .variants import ImageSettings, cached_variants

EXT_FORMAT = {"avif": "avif", "webp": "webp", "jpg": "jpeg"}


def cache_totals(cache_dir: Path) -> dict[str, dict[str, int]]:
    """{format: {"files": n, "bytes": n}} for every variant file in the cache."""
    totals: dict[str, Counter] = {}
    if cache_dir.is_dir():
        for dirpath, _dirs, names in os.walk(cache_dir):
            for name in names:
                fmt = EXT_FORMAT.get(name.rsplit(".", 1)[-1])
                if fmt is None or name.startswith("."):
                    continue
                c = totals.setdefault(fmt, Counter())
                c["files"] += 1
                c["bytes"] += os.path.getsize(os.path.join(dirpath, name))
    return {fmt: dict(c) for fmt, c in sorted(totals.items())}


def used_variants(images: Iterable[tuple[str, Path]], settings: ImageSettings, cache: VariantCache) -> set[str]:
    """Relative paths of the variants that the given (kind, master path) images use."""
    keep: set[str] = set()
    for kind, path in images:
        try:
            found = cached_variants(read_regular(path, 100 << 20), kind, settings, cache, str(path))
        except (OSError, ReadError):
            continue
        if found is not None:
            keep.update(v.relpath for v in found.variants)
    return keep
