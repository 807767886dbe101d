"""A cold build holds a window of masters, not the library's: each master is hashed in
blocks first and read whole only when its encode starts. A master changed between the
two gets its variants under the digest of the bytes actually encoded."""
from __future__ import annotations

import os

import pytest

from movievault_build.artwork import pool
from movievault_build.artwork.variants import ImageSettings
from movievault_build.cache.keys import content_hash
from movievault_build.model import Artwork, Movie
from movievault_build.site.artwork import build_art
from tests.helpers import jpeg, write

SETTINGS = ImageSettings(formats=("webp",), widths={"poster": (20,), "fanart": (40,)})


def poster_movies(n: int) -> list[Movie]:
    return [Movie(title=f"Film {k}", year=2000, slug=f"film-{k}",
                  images=(Artwork("poster", path=f"images/film-{k}/poster.jpg"),)) for k in range(n)]


class Live:
    """Counts the masters' byte strings alive at once (a finaliser on each)."""

    def __init__(self) -> None:
        self.now = self.peak = self.reads = 0

    def read(self, real):
        live = self

        class Tracked(bytes):
            def __del__(self):
                live.now -= 1

            def __reduce__(self):       # travels to a worker as plain bytes
                return bytes, (bytes(self),)

        def hooked(path, limit):
            data, stamp = real(path, limit)
            self.reads += 1
            self.now += 1
            self.peak = max(self.peak, self.now)
            return Tracked(data), stamp
        return hooked


def test_a_cold_build_holds_a_window_of_masters_whatever_the_library_size(tmp_path, monkeypatch):
    n, workers = 40, 2
    content = tmp_path / "content"
    for k in range(n):
        write(content, f"images/film-{k}/poster.jpg", jpeg(color=(k * 6, 100, 255 - k * 6)))
    live = Live()
    monkeypatch.setattr(pool, "read_stamped", live.read(pool.read_stamped))
    art = build_art(poster_movies(n), content, tmp_path / "cache", SETTINGS, workers=workers)
    assert not art.problems and len(art.views) == n
    # the pool's window (2 per worker), one being read, one the pool has not let go of yet
    assert live.peak <= 2 * workers + 2
    assert live.reads == n                      # each master read whole once, at its encode
    assert live.now == 0


@pytest.mark.parametrize("workers", [1, 2])
def test_a_master_changed_after_it_was_hashed_is_stored_under_its_new_digest(tmp_path, monkeypatch, workers):
    content = tmp_path / "content"
    before, after = jpeg(color=(200, 0, 0)), jpeg(width=50, height=75, color=(0, 0, 200))
    changed = write(content, "images/film-0/poster.jpg", before)
    write(content, "images/film-1/poster.jpg", before)      # the same picture: encoded once, unless …
    st = os.stat(changed)
    real = pool.read_stamped

    def replace_then_read(path, limit):
        if path == str(changed) and changed.read_bytes() == before:
            changed.write_bytes(after)
            os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        return real(path, limit)
    monkeypatch.setattr(pool, "read_stamped", replace_then_read)
    art = build_art(poster_movies(2), content, tmp_path / "cache", SETTINGS, workers=workers)
    assert not art.problems

    def digest(slug):
        src = art.views[(slug, "poster")]["src"]
        assert os.path.isfile(art.files[src])
        return os.path.basename(src).split("-")[0]
    assert digest("film-0") == content_hash(after)[:32]
    assert digest("film-1") == content_hash(before)[:32]

    # the next build trusts no stamp it did not hash: film-0 is known by its new bytes
    monkeypatch.setattr(pool, "read_stamped", real)
    again = build_art(poster_movies(2), content, tmp_path / "cache", SETTINGS, workers=1)
    assert again.views == art.views


def test_a_master_gone_before_its_encode_is_a_problem_and_its_twin_is_still_shown(tmp_path, monkeypatch):
    content = tmp_path / "content"
    picture = jpeg(color=(10, 200, 10))
    gone = write(content, "images/film-0/poster.jpg", picture)
    write(content, "images/film-1/poster.jpg", picture)
    real = pool.read_stamped

    def remove_then_read(path, limit):
        if path == str(gone) and gone.exists():
            gone.unlink()
        return real(path, limit)
    monkeypatch.setattr(pool, "read_stamped", remove_then_read)
    art = build_art(poster_movies(2), content, tmp_path / "cache", SETTINGS, workers=1)
    assert list(art.views) == [("film-1", "poster")]
    assert len(art.problems) == 1 and "film-0/poster.jpg" in art.problems[0] and "cannot read" in art.problems[0]
