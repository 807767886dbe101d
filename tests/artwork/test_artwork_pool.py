from __future__ import annotations

from movievault_build.artwork.cache import VariantCache
from movievault_build.artwork.pool import EncodeJob, encode_all
from movievault_build.artwork.variants import ImageSet
from movievault_build.errors import ReadError

from artwork_images import encode, photo


def jobs():
    return [
        EncodeJob("a.jpg", "poster", encode(photo(300, 450), "JPEG")),
        EncodeJob("broken.jpg", "poster", b"not an image"),
        ("c.png", "fanart", encode(photo(700, 400), "PNG")),
        EncodeJob("d.jpg", "thumb", encode(photo(100, 100), "JPEG")),
    ]


def test_pool_matches_inline_and_keeps_order(tmp_path, fast):
    pooled_cache = VariantCache(tmp_path / "pool")
    pooled = encode_all(jobs(), fast, pooled_cache, workers=2)
    inline = encode_all(jobs(), fast, VariantCache(tmp_path / "inline"), workers=1)
    assert [type(r) for r in pooled] == [ImageSet, ReadError, ImageSet, ImageSet]
    assert pooled[1].path == "broken.jpg" and pooled[1].reason.startswith("not an image")
    assert [r.kind for r in pooled if isinstance(r, ImageSet)] == ["poster", "fanart", "thumb"]
    assert [r for r in pooled if isinstance(r, ImageSet)] == [r for r in inline if isinstance(r, ImageSet)]
    stats = pooled_cache.stats()
    assert stats["encoded"] == 3 * (2 + 2 + 1) and stats["failed"] == 1 and stats["decoded"] == 3


def test_warm_pool_run_encodes_nothing(tmp_path, fast):
    encode_all(jobs(), fast, VariantCache(tmp_path / "c"), workers=2)
    warm_cache = VariantCache(tmp_path / "c")
    again = encode_all(jobs(), fast, warm_cache, workers=2)
    assert isinstance(again[1], ReadError)
    stats = warm_cache.stats()
    assert stats["encoded"] == 0 and stats["decoded"] == 0 and stats["hits"] == 15


def test_repeated_source_encoded_once(tmp_path, fast):
    data = encode(photo(300, 450, seed=7), "JPEG")
    batch = [("one.jpg", "poster", data), ("bad-1", "poster", b""), ("two.jpg", "poster", data),
             ("bad-2", "poster", b"")]
    cache = VariantCache(tmp_path / "c")
    out = encode_all(batch, fast, cache, workers=2)
    assert out[0] == out[2]
    assert (out[1].path, out[3].path) == ("bad-1", "bad-2")
    assert cache.stats()["encoded"] == 3 * 2 and cache.stats()["decoded"] == 1


class _KillsWorker(bytes):
    """Bytes that end the worker process when unpickled there: a stand-in for a codec
    crashing on hostile input."""
    def __reduce__(self):
        import os
        return (os._exit, (3,))


def test_crashing_worker_fails_only_its_own_job(tmp_path, fast):
    good = [(f"ok{i}.jpg", "poster", encode(photo(200, 300, seed=i), "JPEG")) for i in range(5)]
    batch = good[:2] + [("crash.jpg", "poster", _KillsWorker(b"boom"))] + good[2:]
    cache = VariantCache(tmp_path / "c")
    out = encode_all(batch, fast, cache, workers=2)
    assert isinstance(out[2], ReadError)
    assert out[2].path == "crash.jpg" and "crashed" in out[2].reason
    assert all(isinstance(r, ImageSet) for k, r in enumerate(out) if k != 2)
