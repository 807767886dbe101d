"""A fingerprint of the package's own code, for caches that hold what the code made.

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


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    root = Path(__file__).resolve().parent
    parts = []
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(n for n in names if n.endswith(".py")):
            st = os.stat(os.path.join(dirpath, name))
            parts.append(f"{os.path.relpath(os.path.join(dirpath, name), root)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
