"""Jinja's compiled templates, kept in the cache folder between builds.

Jinja's own FileSystemBytecodeCache unpickles whatever file it finds and blocks on a
FIFO; a damaged file there would end the build. This one reads regular files only (via
fsutil's cache rules), checks the file is of this Python and Jinja, and sets aside
anything it cannot load. What it loads is code, as any compiled template is: the cache
folder is trusted like the project's own files (README, "What each file is trusted to do").
"""
from __future__ import annotations

import marshal
import os
import sys

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..cache.keys import digest
from ..cache.rules import read_cache_file, ready_cache_file, set_aside
from ..fsutil import atomic_write_bytes

MAX_BYTES = 64 << 20
_VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}/{jinja2.__version__}"


class TemplateCache(BytecodeCache):
    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = os.fspath(folder)
        os.makedirs(self.folder, exist_ok=True)

    def _path(self, bucket: Bucket) -> str:
        name = digest(_VERSION, bucket.key)
        return os.path.join(self.folder, f"{name}.code")

    def load_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        data = read_cache_file(path, MAX_BYTES)
        if not data:
            return
        try:
            version, checksum, code = marshal.loads(data)
        except (ValueError, EOFError, TypeError) as exc:
            set_aside(path, f"not a compiled template ({exc})")
            return
        if version == _VERSION and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        path = self._path(bucket)
        ready_cache_file(path)
        try:
            atomic_write_bytes(path, marshal.dumps((_VERSION, bucket.checksum, bucket.code)), durable=False)
        except (OSError, ValueError):
            pass       # a derived cache: the next build compiles again

    def clear(self) -> None:
        for name in os.listdir(self.folder):
            if name.endswith(".code"):
                os.unlink(os.path.join(self.folder, name))
