"""Digests that key caches, and the package's own code fingerprint.

Rendered pages known by their inputs, and the loaded movies kept between builds, are
products of this code as much as of content/: they must not outlive a change to it (an
upgrade, or a developer's edit). Every module's size and mtime is cheap to read and
changes with any edit.
"""
from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path


def digest(*parts: str) -> str:
    """A short digest of text parts (joined by a separator no part holds)."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    parts = []
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(n for n in names if n.endswith(".py")):
            st = os.stat(os.path.join(dirpath, name))
            parts.append(f"{os.path.relpath(os.path.join(dirpath, name), root)}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*parts)
