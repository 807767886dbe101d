"""The cache makes a warm run free: nothing decoded, nothing encoded."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PIL import Image

from movievault_build.artwork.cache import VariantCache
from movievault_build.artwork.variants import render_variants
from movievault_build.errors import ReadError

from artwork_images import encode, photo


@pytest.fixture
def spy_open(monkeypatch):
    calls = []
    real = Image.open

    def counting_open(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(Image, "open", counting_open)
    return calls


def test_warm_run_never_opens_an_image(tmp_path, fast, spy_open):
    data = encode(photo(500, 750), "JPEG", quality=90)
    cold_cache = VariantCache(tmp_path / "c")
    cold = render_variants(data, "poster", fast, cold_cache, "p.jpg")
    assert len(spy_open) == 1
    assert cold_cache.stats()["encoded"] == 9 and cold_cache.stats()["decoded"] == 1

    warm_cache = VariantCache(tmp_path / "c")       # a new run: only the disk carries over
    spy_open.clear()
    warm = render_variants(data, "poster", fast, warm_cache, "p.jpg")
    assert spy_open == []
    assert warm == cold
    stats = warm_cache.stats()
    assert (stats["hits"], stats["misses"], stats["encoded"], stats["decoded"]) == (9, 0, 0, 0)
    assert stats["bytes"] == {}


def test_changing_webp_quality_reencodes_webp_only(cache, fast):
    data = encode(photo(500, 750), "JPEG")
    first = render_variants(data, "poster", fast, cache, "p.jpg")
    before = cache.stats()
    changed = replace(fast, quality={**fast.quality, "webp": 50})
    second = render_variants(data, "poster", changed, cache, "p.jpg")
    after = cache.stats()
    assert after["encoded"] - before["encoded"] == 3
    assert set(after["bytes"]) == {"avif", "webp", "jpeg"}
    assert after["bytes"]["avif"] == before["bytes"]["avif"]
    assert after["bytes"]["jpeg"] == before["bytes"]["jpeg"]
    assert first.of_format("avif") == second.of_format("avif")
    assert first.of_format("jpeg") == second.of_format("jpeg")
    assert {v.relpath for v in first.of_format("webp")}.isdisjoint(
        v.relpath for v in second.of_format("webp"))


def test_same_content_other_kind_shares_files(cache, fast):
    data = encode(photo(700, 400), "JPEG")
    fanart = render_variants(data, "fanart", fast, cache, "f.jpg")
    encoded = cache.stats()["encoded"]
    thumb = render_variants(data, "thumb", fast, cache, "f.jpg")
    assert cache.stats()["encoded"] - encoded == 3          # 64 px is new
    assert {v.width for v in thumb.variants} == {64}
    assert {v.width for v in fanart.variants} == {320, 640}


def test_deleted_variant_is_redone(cache, fast):
    data = encode(photo(300, 450), "PNG")
    s = render_variants(data, "poster", fast, cache, "p.png")
    cache.path(s.variants[0].relpath).unlink()
    encoded = cache.stats()["encoded"]
    again = render_variants(data, "poster", fast, cache, "p.png")
    assert cache.stats()["encoded"] - encoded == 1
    assert again.variants[0].relpath == s.variants[0].relpath
    assert cache.path(s.variants[0].relpath).exists()


def test_failure_remembered_without_decoding(tmp_path, fast, spy_open):
    bad = b"GIF89a" + b"\x00" * 10
    with pytest.raises(ReadError) as first:
        render_variants(bad, "poster", fast, VariantCache(tmp_path / "c"), "bad.gif")
    spy_open.clear()
    with pytest.raises(ReadError) as second:
        render_variants(bad, "poster", fast, VariantCache(tmp_path / "c"), "other-name.gif")
    assert spy_open == []
    assert second.value.path == "other-name.gif"
    assert second.value.reason == first.value.reason


def test_failure_forgotten_when_the_limit_changes(cache, fast):
    data = encode(photo(200, 300), "PNG")
    with pytest.raises(ReadError, match="decompression bomb"):
        render_variants(data, "poster", replace(fast, max_pixels=1000), cache, "p.png")
    assert render_variants(data, "poster", fast, cache, "p.png").width == 200


def test_layout_and_no_temp_files_left(cache, fast):
    s = render_variants(encode(photo(300, 450), "PNG"), "poster", fast, cache, "p.png")
    for v in s.variants:
        hh, name = v.relpath.split("/")
        assert hh == name[:2] and name.startswith(s.source_hash[:32])
    assert not list(cache.dir.rglob("*.tmp"))


def test_prune_removes_unused_variants(cache, fast):
    keep = render_variants(encode(photo(300, 450), "PNG"), "poster", fast, cache, "a.png")
    drop = render_variants(encode(photo(310, 460), "PNG"), "poster", fast, cache, "b.png")
    stray = cache.dir / keep.variants[0].relpath.split("/")[0] / ".abc.tmp"
    stray.write_bytes(b"half")
    expected_bytes = sum(v.bytes_size for v in drop.variants) + 4
    files, freed = cache.prune({v.relpath for v in keep.variants})
    assert (files, freed) == (len(drop.variants) + 1, expected_bytes)
    assert all(cache.path(v.relpath).exists() for v in keep.variants)
    assert not any(cache.path(v.relpath).exists() for v in drop.variants)
    assert cache.prune({v.relpath for v in keep.variants}) == (0, 0)
    assert (cache.dir / "manifest.sqlite").exists()


def test_a_manifest_row_written_with_a_blur_still_reads(tmp_path):
    """Manifests from before the blurred WebP was dropped keep their rows (and its column)."""
    import sqlite3

    from movievault_build.artwork.cache import MANIFEST, SourceInfo
    first = VariantCache(tmp_path)
    assert first.source_info("h", "d") is None      # opens (and makes) the manifest
    first.close()
    with sqlite3.connect(tmp_path / MANIFEST) as db:
        db.execute("INSERT INTO sources VALUES ('h', 'd', 500, 750, '#102030', 'data:image/webp;base64,AA', NULL)")
    db.close()
    cache = VariantCache(tmp_path)
    assert cache.source_info("h", "d") == SourceInfo(500, 750, "#102030")
    cache.record_source("h2", "d", SourceInfo(10, 20, "#000000"))
    cache.close()
    assert VariantCache(tmp_path).source_info("h2", "d") == SourceInfo(10, 20, "#000000")
