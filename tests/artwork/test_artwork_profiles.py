"""Image profiles: what each makes, what overrides them, what is refused, and that one
decode serves every width and format of a master."""
from __future__ import annotations

import pytest

from movievault_build.artwork import decode, variants
from movievault_build.artwork.profiles import PROFILES, profile_settings
from movievault_build.artwork.variants import ImageSettings, render_variants

from artwork_images import encode, open_variant, photo


def test_compact_is_avif_and_one_small_jpeg_for_posters_only(cache):
    data = encode(photo(1000, 1500), "JPEG", quality=90)
    s = render_variants(data, "poster", profile_settings("compact"), cache, "poster.jpg")
    assert sorted((v.format, v.width) for v in s.variants) == [("avif", 500), ("jpeg", 240)]
    backdrop = render_variants(encode(photo(1920, 1080), "JPEG"), "fanart", profile_settings(), cache, "b.jpg")
    assert [(v.format, v.width) for v in backdrop.variants] == [("avif", 960)]


def test_peoples_photos_are_the_centred_square_the_site_shows(cache):
    """A 2:3 headshot shows as a round centre crop (object-fit: cover): the variant is that
    square, from the middle of the picture, and a landscape photo is cropped the same way."""
    from PIL import Image
    im = Image.new("RGB", (400, 600), (200, 0, 0))
    im.paste((0, 0, 200), (0, 100, 400, 500))           # the middle 400 x 400 is blue
    s = render_variants(encode(im, "PNG"), "actor", profile_settings(), cache, "face.png")
    assert [(v.format, v.width, v.height) for v in s.variants] == [("avif", 160, 160)]
    r, g, b = open_variant(cache, s.variants[0]).convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert b > 150 and r < 60                          # no red band from the top or bottom
    wide = render_variants(encode(photo(900, 300), "JPEG"), "actor", profile_settings(), cache, "w.jpg")
    assert [(v.width, v.height) for v in wide.variants] == [(160, 160)]
    poster = render_variants(encode(photo(400, 600), "JPEG"), "poster", profile_settings(), cache, "p.jpg")
    assert (poster.variants[0].width, poster.variants[0].height) == (400, 600)   # other kinds keep their shape


def test_a_kind_without_fallback_names_its_first_format_in_the_img(cache):
    from movievault_build.views.art import picture_view
    backdrop = render_variants(encode(photo(1920, 1080), "JPEG"), "fanart", profile_settings(), cache, "b.jpg")
    view = picture_view(backdrop)
    assert view["sources"] == [] and view["src"].endswith(".avif") and view["srcset"][0][1] == 960
    poster = picture_view(render_variants(encode(photo(1000, 1500), "JPEG"), "poster", profile_settings(), cache, "p.jpg"))
    assert [s["type"] for s in poster["sources"]] == ["image/avif"] and poster["src"].endswith(".jpg")


def test_full_has_every_format_at_every_width(cache):
    data = encode(photo(800, 1200), "JPEG", quality=90)
    s = render_variants(data, "poster", profile_settings("full"), cache, "poster.jpg")
    assert {(v.format, v.width) for v in s.variants} == {
        (f, w) for f in ("avif", "webp", "jpeg") for w in (185, 342, 500, 780)}


def test_explicit_keys_override_the_profile_key_by_key():
    s = profile_settings("compact", quality={"avif": 40}, widths={"poster": (400,)},
                         fallback_widths={"poster": (200,)})
    assert s.formats == ("avif", "jpeg")
    assert s.quality == {"avif": 40, "webp": 80, "jpeg": 60}        # jpeg still the profile's
    assert s.widths_for("poster", "avif") == (400,) and s.widths_for("poster", "jpeg") == (200,)
    assert s.widths_for("fanart", "avif") == PROFILES["compact"]["widths"]["fanart"]
    webp = profile_settings("compact", formats=("avif", "webp"))
    assert webp.fallback_format == "webp" and webp.widths_for("poster", "webp") == (240,)
    assert profile_settings("compact", formats=("avif",)).widths_for("poster", "avif") == (500,)


def test_the_backdrop_takes_its_own_avif_quality_unless_one_is_set_for_every_kind(cache):
    compact = profile_settings()
    assert (compact.quality_for("fanart", "avif"), compact.quality_for("poster", "avif")) == (35, 50)
    # The quality is in the file's key: the same master and width at another quality is another file.
    assert compact.variant_fingerprint("avif", 960, "fanart") != compact.variant_fingerprint("avif", 960, "poster")
    data = encode(photo(1920, 1080), "JPEG", quality=90)
    dimmed = render_variants(data, "fanart", compact, cache, "b.jpg").variants[0]
    as_poster = render_variants(data, "fanart", profile_settings(kind_quality={}), cache, "b.jpg").variants[0]
    assert dimmed.relpath != as_poster.relpath and dimmed.bytes_size < as_poster.bytes_size
    mine = profile_settings(quality={"avif": 70})
    assert mine.quality_for("fanart", "avif") == mine.quality_for("poster", "avif") == 70
    with pytest.raises(ValueError, match=r"images.quality.fanart.avif: 120 is not a whole number"):
        ImageSettings(kind_quality={"fanart": {"avif": 120}})


@pytest.mark.parametrize("kwargs, message", [
    ({"quality": {"avif": 101}}, "images.quality.avif: 101 is not a whole number from 0 to 100"),
    ({"quality": {"jpeg": -1}}, "images.quality.jpeg: -1 is not a whole number from 0 to 100"),
    ({"effort": {"webp": 7}}, "images.effort.webp: 7 is not a whole number from 0 to 6"),
    ({"effort": {"avif": 11}}, "images.effort.avif: 11 is not a whole number from 0 to 10"),
    ({"effort": {"jpeg": 2}}, "images.effort.jpeg: 2 is not a whole number from 0 to 1"),
    ({"widths": {"poster": ()}}, "images.widths.poster: widths must be a non-empty list"),
    ({"fallback_widths": {"fanart": (0,)}}, "images.fallback_widths.fanart: widths must be positive"),
])
def test_out_of_range_settings_name_the_key(kwargs, message):
    with pytest.raises(ValueError) as e:
        profile_settings("compact", **kwargs)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_empty_formats_and_unknown_profile_refused():
    with pytest.raises(ValueError, match=r"^images.formats: list at least one format"):
        ImageSettings(formats=())
    with pytest.raises(ValueError, match=r"^images.profile: unknown profile 'tiny' \(choose from compact, full\)"):
        profile_settings("tiny")


def test_one_decode_serves_every_width_and_format(cache, monkeypatch):
    decodes = []
    real = decode.decode_master

    def counting(*args):
        decodes.append(args[2])          # the largest width asked for
        return real(*args)

    monkeypatch.setattr(variants, "decode_master", counting)
    data = encode(photo(2000, 3000), "JPEG", quality=85)
    s = render_variants(data, "poster", profile_settings("full"), cache, "big.jpg")
    assert len(s.variants) == 12 and decodes == [780]
    assert cache.stats()["decoded"] == 1
    for v in s.variants:
        assert open_variant(cache, v).size == (v.width, v.height)
    # A warm run decodes nothing; a new width decodes once more, for the missing files only.
    render_variants(data, "poster", profile_settings("full"), cache, "big.jpg")
    render_variants(data, "poster", profile_settings("full", widths={"poster": (185, 342, 500, 780, 250)}),
                    cache, "big.jpg")
    assert decodes == [780, 250]


def test_variant_keys_follow_every_setting_that_shapes_the_bytes(cache):
    data = encode(photo(700, 1050), "JPEG", quality=90)
    compact = profile_settings("compact")
    first = render_variants(data, "poster", compact, cache, "p.jpg")
    assert cache.stats()["encoded"] == 2
    cheaper = render_variants(data, "poster", profile_settings("compact", quality={"jpeg": 50}), cache, "p.jpg")
    assert cache.stats()["encoded"] == 3                       # the JPEG only
    assert cheaper.of_format("avif") == first.of_format("avif")
    assert cheaper.of_format("jpeg")[0].relpath != first.of_format("jpeg")[0].relpath
    full = render_variants(data, "poster", profile_settings("full"), cache, "p.jpg")
    # Another profile's files differ wherever its quality or effort differ (all of them here).
    assert not {v.relpath for v in full.variants} & {v.relpath for v in first.variants}
    same_bytes = profile_settings("full", quality={"avif": 50}, effort={"avif": 9})
    shared = render_variants(data, "poster", same_bytes, cache, "p.jpg")
    assert set(shared.of_format("avif")) >= set(first.of_format("avif"))   # identical settings share files


def test_avif_encoder_threads_do_not_change_the_bytes():
    im = photo(342, 513)
    s = profile_settings()
    assert variants.encode(im, "avif", s, threads=1) == variants.encode(im, "avif", s, threads=2)


def test_the_default_tmdb_photo_size_covers_every_profile_s_photos():
    """The scan fetches people's photos from TMDB at w185 unless `images.widths.actor` asks
    for more (site/config.py): every profile must show them at most 185 px wide."""
    from movievault_build.providers.tmdb import PROFILE_WIDTHS
    from movievault_build.settings import ArtworkSettings
    fetched = dict(PROFILE_WIDTHS)[ArtworkSettings().tmdb_image_size["actor"]]
    for name in PROFILES:
        assert max(profile_settings(name).widths_for("actor")) <= fetched, name
