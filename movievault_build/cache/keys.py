"""Digests that key caches, the one hash of a file's bytes, and the package's own code
fingerprint. Every digest the project makes goes through here (slugs.py, a leaf below this
room, and the browser's CSP hashes in site/headers.py aside), so one algorithm means one
thing: SHA-256 is a file's identity, compared across runs and published (variant names,
artwork provenance, backups); BLAKE2b keys what is only ever looked up again.

Rendered pages known by their inputs, and the loaded movies kept between builds, are
products of this code as much as of content/: they must not outlive a change to it (an
upgrade, or a developer's edit). Every module's size and mtime, and the parser's
vocabularies', are cheap to read and change with any edit.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from functools import lru_cache
from pathlib import Path


def content_hash(data: bytes) -> str:
    """A file's identity: the SHA-256 of its bytes (hex)."""
    return hashlib.sha256(data).hexdigest()


def hasher() -> "hashlib._Hash":
    """`content_hash` fed in pieces (a file read in blocks, a key built up): `.update` it,
    then `.hexdigest()`."""
    return hashlib.sha256()


def text_hash(text: str, length: int = 64) -> str:
    """`content_hash` of text, cut to `length` hex digits (names made from a key)."""
    return content_hash(text.encode("utf-8", "surrogatepass"))[:length]


def digest_bytes(data: bytes, size: int = 16) -> str:
    """A short digest of bytes that keys a cache (BLAKE2b of `size` bytes, hex)."""
    return hashlib.blake2b(data, digest_size=size).hexdigest()


def digester(size: int = 16) -> "hashlib._Hash":
    """`digest_bytes` fed in pieces."""
    return hashlib.blake2b(digest_size=size)


def digest(*parts: str) -> str:
    """A short digest of text parts (joined by a separator no part holds)."""
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


# Data files the code reads as its own rules: the filename parser's vocabularies decide
# what a scan identifies as much as its modules do.
_CODE_DATA = (os.path.join("identify", "data"),)


def code_files(root: Path) -> list[str]:
    """The package's files that are its code, relative to `root`, in a stable order:
    every module, and the data files read as rules."""
    found = []
    for dirpath, dirs, names in os.walk(root):
        dirs.sort()
        rel_dir = os.path.relpath(dirpath, root)
        found += [os.path.join(rel_dir, n) if rel_dir != "." else n for n in sorted(names)
                  if n.endswith(".py") or (rel_dir in _CODE_DATA and n.endswith(".txt"))]
    return found


def value_digest(value: object) -> str:
    """`digest` of a plain value (strings, numbers, tuples and lists of them) by its marshal
    bytes: three times as fast as its repr. Version 2 writes no back-references, so the
    same value gives the same bytes whichever objects it shares; a false difference (0.0
    and -0.0) only ever costs a cache its hit."""
    return digest_bytes(marshal.dumps(value, 2))


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    root = Path(__file__).resolve().parent.parent
    parts = []
    for rel in code_files(root):
        st = os.stat(root / rel)
        parts.append(f"{rel}:{st.st_size}:{st.st_mtime_ns}")
    return digest(*parts)
