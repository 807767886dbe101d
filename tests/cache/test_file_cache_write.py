"""A file cache entry (cache/files.py): a new one is written in place and counts only
once sealed; whatever already stands at its key is replaced, never written through."""
from __future__ import annotations

import os
import stat

from movievault_build.cache.files import FileCache

KEY = "ab" + "0" * 62


def test_a_new_entry_is_sealed_with_the_mode_a_new_file_gets(tmp_path):
    cache = FileCache(tmp_path / "pages")
    path = cache.write(KEY, b"<html>one</html>")
    umask = os.umask(0)
    os.umask(umask)
    assert open(path, "rb").read() == b"<html>one</html>"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o666 & ~umask
    assert cache.has(KEY)
    assert not [p for p in os.listdir(os.path.dirname(path)) if p.endswith(".tmp")]


def test_a_write_cut_short_counts_as_missing_and_is_replaced_not_written_through(tmp_path):
    cache = FileCache(tmp_path / "pages")
    path = cache.path(KEY)
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as fh:             # a write cut short: the bytes are there, the seal not
        fh.write(b"<html>ha")
    site_link = tmp_path / "index.html"
    os.link(path, site_link)                  # say site/ links to it
    assert not cache.has(KEY)
    cache.write(KEY, b"<html>whole</html>")
    assert cache.has(KEY)
    assert open(path, "rb").read() == b"<html>whole</html>"
    assert site_link.read_bytes() == b"<html>ha"   # another inode: the link's file is not rewritten


def test_a_folder_at_the_key_is_set_aside_and_the_entry_written(tmp_path):
    cache = FileCache(tmp_path / "pages")
    os.makedirs(cache.path(KEY))
    cache.write(KEY, b"<html>page</html>")
    assert cache.has(KEY)
    assert any(name.endswith(".broken") for name in os.listdir(os.path.dirname(cache.path(KEY))))
