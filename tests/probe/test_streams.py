"""Pure readings of ffprobe fields: resolution labels, HDR kinds, bit depth, languages."""
from __future__ import annotations

import pytest

from movievault_build.probe import languages
from movievault_build.probe.hdr import hdr_kind, hdr_kinds
from movievault_build.probe.streams import audio_facts, bit_depth, frame_rate, resolution_label


@pytest.mark.parametrize("w,h,label", [
    (3840, 2160, "2160p"), (3840, 1600, "2160p"), (1920, 1080, "1080p"), (1920, 800, "1080p"),
    (1440, 1080, "1080p"), (1280, 720, "720p"), (1280, 536, "720p"), (960, 720, "720p"),
    (720, 576, "576p"), (1024, 576, "576p"), (720, 480, "480p"), (640, 480, "480p"),
    (720, 360, "480p"), (320, 240, "240p"), (0, 0, None),
])
def test_resolution_label(w, h, label):
    assert resolution_label(w, h) == label


def test_hdr_kinds_from_colour_and_side_data():
    pq = {"color_transfer": "smpte2084", "color_primaries": "bt2020"}
    assert hdr_kind(pq) == "HDR10"
    plus = {**pq, "side_data_list": [{"side_data_type": "HDR Dynamic Metadata SMPTE2094-40 (HDR10+)"}]}
    assert hdr_kind(plus) == "HDR10+"
    dv = {**pq, "side_data_list": [{"side_data_type": "DOVI configuration record", "dv_profile": 8}]}
    assert hdr_kinds(dv) == ["Dolby Vision", "HDR10"]
    assert hdr_kind({"codec_tag_string": "dvh1"}) == "Dolby Vision"
    assert hdr_kind({"color_transfer": "arib-std-b67", "color_primaries": "bt2020"}) == "HLG"
    assert hdr_kind({"color_transfer": "bt709", "color_primaries": "bt709"}) is None


def test_bit_depth_and_frame_rate():
    assert bit_depth({"pix_fmt": "yuv420p10le"}) == 10
    assert bit_depth({"pix_fmt": "p010le"}) == 10
    assert bit_depth({"pix_fmt": "yuv420p", "bits_per_raw_sample": "8"}) == 8
    assert bit_depth({"pix_fmt": "yuvj420p", "bits_per_raw_sample": "12"}) == 12
    assert frame_rate("24000/1001") == 23.976 and frame_rate("0/0") is None


def test_lossless_audio_and_commentary_by_disposition():
    a = audio_facts({"codec_name": "dts", "profile": "DTS-HD MA", "channels": 8,
                     "disposition": {"comment": 1}, "tags": {"LANGUAGE": "und"}})
    assert a["lossless"] is True and a["commentary"] is True and "language" not in a
    assert "lossless" not in audio_facts({"codec_name": "dts", "profile": "DTS"})


@pytest.mark.parametrize("token,code", [("en", "en"), ("eng", "en"), ("English", "en"), ("ger", "de"),
                                        ("deu", "de"), ("pt-BR", "pt-BR"), ("forced", None), ("xx", None)])
def test_language_normalisation(token, code):
    assert languages.normalise(token) == code


def test_language_matching_ignores_region_when_not_asked():
    assert languages.matches("pt", "pt-BR") and languages.matches("de", "ger")
    assert not languages.matches("pt-PT", "pt-BR") and not languages.matches("en", None)
