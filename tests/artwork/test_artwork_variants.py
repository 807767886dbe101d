"""render_variants on images that each carry one awkward trait."""
from __future__ import annotations

import logging

import pytest
from PIL import Image

from movievault_build.artwork.cache import VariantCache
from movievault_build.artwork.variants import ImageSettings, render_variants, target_sizes
from movievault_build.errors import ReadError

from artwork_images import encode, open_variant, photo, png_header_only

PIL_FORMAT = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}


def test_target_sizes_never_upscale():
    assert target_sizes(1000, 1500, (185, 342, 500, 780)) == [(185, 278), (342, 513), (500, 750), (780, 1170)]
    assert target_sizes(400, 600, (185, 342, 500, 780)) == [(185, 278), (342, 513)]
    assert target_sizes(100, 150, (185, 342)) == [(100, 150)]


def test_all_formats_and_widths_decodable(cache, fast):
    data = encode(photo(500, 750), "JPEG", quality=90)
    s = render_variants(data, "poster", fast, cache, "poster.jpg")
    assert (s.width, s.height, s.kind) == (500, 750, "poster")
    assert {(v.format, v.width) for v in s.variants} == {
        (f, w) for f in ("avif", "webp", "jpeg") for w in (100, 200, 400)}
    for v in s.variants:
        im = open_variant(cache, v)
        assert im.format == PIL_FORMAT[v.format]
        assert im.size == (v.width, v.height) == (v.width, round(v.width * 1.5))
        assert v.bytes_size == cache.path(v.relpath).stat().st_size > 0
        assert v.relpath.startswith(s.source_hash[:2] + "/")


def test_small_source_gives_one_variant_at_source_width(cache, fast):
    s = render_variants(encode(photo(80, 120), "PNG"), "poster", fast, cache, "tiny.png")
    assert {(v.width, v.height) for v in s.variants} == {(80, 120)}
    assert len(s.variants) == 3


def test_widths_above_source_dropped(cache, fast):
    s = render_variants(encode(photo(300, 450), "JPEG"), "poster", fast, cache, "p.jpg")
    assert sorted({v.width for v in s.variants}) == [100, 200]


def test_placeholder_colour(cache, fast):
    im = Image.new("RGB", (300, 450), (200, 30, 40))
    im.paste((10, 10, 10), (0, 0, 300, 50))
    s = render_variants(encode(im, "PNG"), "poster", fast, cache, "red.png")
    r, g, b = (int(s.placeholder[i:i + 2], 16) for i in (1, 3, 5))
    assert abs(r - 200) < 12 and abs(g - 30) < 12 and abs(b - 40) < 12
    again = render_variants(encode(im, "PNG"), "poster", fast, VariantCache(cache.dir), "red.png")
    assert again.placeholder == s.placeholder and cache.counts["decoded"] == 1   # from the manifest


def test_exif_orientation_applied(cache, fast):
    raw = Image.new("RGB", (300, 200), (0, 0, 255))
    raw.paste((255, 0, 0), (0, 0, 150, 200))          # left half red in the stored pixels
    exif = Image.Exif()
    exif[0x0112] = 6                                   # display rotated 90° clockwise
    s = render_variants(encode(raw, "JPEG", exif=exif), "poster", fast, cache, "rot.jpg")
    assert (s.width, s.height) == (200, 300)
    v = next(v for v in s.variants if v.format == "jpeg")
    im = open_variant(cache, v).convert("RGB")
    assert im.size == (v.width, v.height) and v.height > v.width
    top, bottom = im.getpixel((v.width // 2, 5)), im.getpixel((v.width // 2, v.height - 5))
    assert top[0] > 200 and top[2] < 60                # stored left is displayed top
    assert bottom[2] > 200 and bottom[0] < 60


def test_cmyk_converted(cache, fast):
    cyan = Image.new("CMYK", (200, 300), (255, 0, 0, 0))
    s = render_variants(encode(cyan, "JPEG"), "poster", fast, cache, "cmyk.jpg")
    for v in s.variants:
        im = open_variant(cache, v).convert("RGB")
        r, g, b = im.getpixel((10, 10))
        assert r < 60 and g > 200 and b > 200, (v.format, (r, g, b))


def test_16_bit_grey_scaled_not_clipped(cache, fast):
    grey16 = Image.new("I;16", (200, 300), 32768)
    s = render_variants(encode(grey16, "PNG"), "poster", fast, cache, "deep.png")
    v = next(v for v in s.variants if v.format == "webp")
    r, g, b = open_variant(cache, v).convert("RGB").getpixel((5, 5))
    assert 110 < r < 145 and r == g == b


def _transparent_palette() -> bytes:
    im = Image.new("P", (200, 300), 0)
    im.putpalette([255, 0, 0, 0, 255, 0] + [0] * 762)
    im.paste(1, (0, 0, 100, 300))                      # left half green, right half index 0
    return encode(im, "PNG", transparency=0)           # index 0 (red) is transparent


def test_palette_transparency_kept_for_webp_and_avif(cache, fast):
    s = render_variants(_transparent_palette(), "poster", fast, cache, "pal.png")
    for v in s.variants:
        im = open_variant(cache, v).convert("RGBA")
        left, right = im.getpixel((5, 5)), im.getpixel((v.width - 5, 5))
        assert left[1] > 200 and left[3] == 255
        if v.format == "jpeg":
            assert right[:3] == pytest.approx((255, 255, 255), abs=8)   # flattened on white
        else:
            assert right[3] == 0, v.format


def test_rgba_flattened_for_jpeg_on_configured_background(cache, fast):
    from dataclasses import replace
    im = Image.new("RGBA", (200, 300), (255, 0, 0, 0))   # invisible red
    im.paste((0, 0, 255, 255), (0, 0, 100, 300))
    settings = replace(fast, jpeg_background="#000000", formats=("jpeg",))
    s = render_variants(encode(im, "PNG"), "poster", settings, cache, "alpha.png")
    for v in s.variants:
        out = open_variant(cache, v)
        assert out.mode == "RGB"
        assert out.getpixel((v.width - 5, 5)) == pytest.approx((0, 0, 0), abs=8)
        assert out.getpixel((5, 5))[2] > 200


def test_animated_gif_uses_first_frame(cache, fast, caplog):
    frames = [Image.new("RGB", (200, 300), c) for c in ((255, 0, 0), (0, 0, 255))]
    buf = encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    with caplog.at_level(logging.WARNING):
        s = render_variants(buf, "poster", fast, cache, "anim.gif")
    assert any("anim.gif: animated image (2 frames)" in r.getMessage() for r in caplog.records)
    r, g, b = open_variant(cache, s.variants[0]).convert("RGB").getpixel((5, 5))
    assert r > 200 and b < 60


@pytest.mark.parametrize("name,data,reason", [
    ("empty.jpg", b"", "empty file (0 bytes)"),
    ("notes.jpg", b"this is a text file, not a picture\n" * 20, "not an image"),
    ("bomb.png", png_header_only(100_000, 100_000), "decompression bomb"),
])
def test_bad_images_raise_read_error(cache, fast, name, data, reason):
    with pytest.raises(ReadError) as e:
        render_variants(data, "poster", fast, cache, name)
    assert e.value.path == name
    assert reason in e.value.reason
    assert "\n" not in str(e.value)


def test_truncated_jpeg(cache, fast):
    data = encode(photo(400, 600), "JPEG", quality=90)
    with pytest.raises(ReadError) as e:
        render_variants(data[: len(data) // 2], "poster", fast, cache, "cut.jpg")
    assert e.value.path == "cut.jpg"
    assert e.value.reason.startswith("truncated or corrupt image data")


def test_bomb_below_pillows_limit_caught_by_our_own(cache):
    settings = ImageSettings(widths={"poster": (100,)}, max_pixels=10_000)
    with pytest.raises(ReadError) as e:
        render_variants(png_header_only(200, 200), "poster", settings, cache, "b.png")
    assert e.value.reason == "refused: decompression bomb (200x200 is over 10,000 pixels)"


def test_unknown_kind_and_bad_settings(cache, fast):
    with pytest.raises(ValueError, match="no widths configured"):
        render_variants(encode(photo(50, 50), "PNG"), "sticker", fast, cache, "x.png")
    with pytest.raises(ValueError, match="unknown image format"):
        ImageSettings(formats=("gif",))


def test_fingerprint_stable_and_sensitive():
    from dataclasses import replace
    a = ImageSettings()
    assert a.fingerprint() == ImageSettings().fingerprint()
    assert a.fingerprint() != replace(a, quality={**a.quality, "webp": 70}).fingerprint()
    assert a.variant_fingerprint("avif", 342) == replace(
        a, quality={**a.quality, "webp": 70}).variant_fingerprint("avif", 342)
    assert hash(a) == hash(ImageSettings())


def _srgb_icc(description: str = "sRGB") -> bytes:
    from PIL import ImageCms
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    old, new = "sRGB".encode("utf-16-be"), description.encode("utf-16-be")
    assert icc.count(old) == 1
    return icc.replace(old, new)   # same length: the profile stays valid


@pytest.mark.parametrize("description", ["sRGB", "xRGB"])
def test_embedded_rgb_profile_converted(cache, fast, caplog, description):
    # "xRGB" skips the sRGB shortcut and goes through the real lcms transform.
    im = Image.new("RGB", (200, 300), (200, 40, 60))
    data = encode(im, "PNG", icc_profile=_srgb_icc(description))
    with caplog.at_level(logging.WARNING):
        s = render_variants(data, "poster", fast, cache, "icc.png")
    assert not caplog.records
    rgb = open_variant(cache, s.of_format("webp")[0]).convert("RGB").getpixel((5, 5))
    assert rgb == pytest.approx((200, 40, 60), abs=6)


def test_broken_profile_is_a_warning_not_a_failure(cache, fast, caplog):
    data = encode(Image.new("RGB", (200, 300), (10, 200, 10)), "PNG", icc_profile=b"garbage" * 20)
    with caplog.at_level(logging.WARNING):
        s = render_variants(data, "poster", fast, cache, "badicc.png")
    assert any("badicc.png: embedded colour profile ignored" in r.getMessage() for r in caplog.records)
    assert len(s.variants) == 6


def test_encoder_limit_is_a_read_error(cache, fast):
    # 20000 px tall is fine for the decoder but over WebP's 16383 px limit.
    data = encode(Image.new("RGB", (10, 20000), (1, 2, 3)), "PNG")
    with pytest.raises(ReadError) as e:
        render_variants(data, "poster", fast, cache, "strip.png")
    assert e.value.path == "strip.png"
    assert e.value.reason.startswith("cannot encode webp at 10x20000")


def test_jpeg_decoded_at_reduced_scale(cache, fast, monkeypatch):
    from PIL import JpegImagePlugin
    seen = []
    real = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        out = real(self, mode, size)
        seen.append((size, self.size))
        return out

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    data = encode(photo(1600, 2400), "JPEG", quality=80)
    s = render_variants(data, "poster", fast, cache, "big.jpg")
    assert seen == [((400, 600), (400, 600))]         # DCT scaling by 4: 1/16 of the pixels
    assert (s.width, s.height) == (1600, 2400)
    assert max(v.width for v in s.variants) == 400


def test_a_large_local_photo_is_decoded_at_reduced_scale(cache, monkeypatch):
    """A Kodi `.actors/` photo keeps its size as a master; its decode is DCT-scaled to the
    smallest scale whose centre square still covers the 160 px the compact profile makes."""
    from PIL import JpegImagePlugin

    from movievault_build.artwork.profiles import profile_settings
    seen = []
    real = JpegImagePlugin.JpegImageFile.draft

    def spy(self, mode, size):
        out = real(self, mode, size)
        seen.append(self.size)
        return out

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
    s = render_variants(encode(photo(1400, 2100), "JPEG", quality=80), "actor", profile_settings(), cache, "a.jpg")
    assert seen == [(175, 263)]                        # 1/8 of each side: 1/64 of the pixels
    assert [(v.format, v.width, v.height) for v in s.variants] == [("avif", 160, 160)]


def test_smaller_widths_are_reduced_then_resampled(cache, fast, monkeypatch):
    """The 100 px variant of a 400 px picture is box-reduced by 4 (one pass over the
    pixels) before Lanczos, not Lanczos over 400 px (Pillow's `reducing_gap`)."""
    from PIL import Image as PilImage
    gaps = []
    real = PilImage.Image.resize

    def spy(self, size, resample=None, box=None, reducing_gap=None):
        gaps.append((self.width, size[0], reducing_gap))
        return real(self, size, resample, box, reducing_gap)

    monkeypatch.setattr(PilImage.Image, "resize", spy)
    render_variants(encode(photo(400, 600), "PNG"), "poster", fast, cache, "p.png")
    assert sorted(g for g in set(gaps) if g[0] == 400) == [(400, 100, 1.0), (400, 200, 1.0)]


def test_png_not_drafted_but_still_resized(cache, fast):
    s = render_variants(encode(photo(450, 675), "PNG"), "poster", fast, cache, "big.png")
    assert {(v.width, v.height) for v in s.variants} == {(100, 150), (200, 300), (400, 600)}
