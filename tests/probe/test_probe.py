"""ffprobe on real (tiny) videos: every stream reported exactly, cached, failures named."""
from __future__ import annotations

import logging

import pytest

from movievault_build.probe import ffprobe as probe
from movievault_build.probe.cache import ProbeCache
from movievault_build.probe.streams import read_streams
from tests.probe.conftest import FFPROBE


def _streams(path):
    return read_streams(probe.run_ffprobe(path, FFPROBE, 20))


def test_video_and_both_audio_tracks(videos):
    s = _streams(videos["audio"])
    assert s["container"] == "mkv"
    assert s["duration"] == pytest.approx(1.0, abs=0.1)
    assert s["bitrate"] > 0
    assert {k: s["video"][k] for k in ("codec", "width", "height", "resolution", "frame_rate", "bit_depth")} == {
        "codec": "h264", "width": 320, "height": 240, "resolution": "240p", "frame_rate": 10.0, "bit_depth": 8}
    assert "hdr" not in s["video"]
    eng, deu = s["audio"]
    assert (eng["codec"], eng["channels"], eng["layout"], eng["language"]) == ("aac", 2, "stereo", "eng")
    assert eng["default"] is True and "commentary" not in eng
    assert (deu["codec"], deu["channels"], deu["layout"], deu["language"]) == ("ac3", 6, "5.1(side)", "deu")
    assert deu["title"] == "Director's Commentary" and deu["commentary"] is True
    assert "default" not in deu
    assert "subtitles" not in s and "chapters" not in s


def test_subtitle_stream_and_chapters(videos):
    s = _streams(videos["subs"])
    assert s["subtitles"] == [{"codec": "subrip", "language": "fre", "forced": True}]
    assert s["chapters"] == [{"start": 0.0, "end": 0.5, "title": "Opening"},
                             {"start": 0.5, "end": 1.0, "title": "Finale"}]


def test_hlg(videos):
    assert _streams(videos["hlg"])["video"]["hdr"] == "HLG"


def test_hdr10_ten_bit_hevc(videos):
    if "hdr10" not in videos:
        pytest.skip("this ffmpeg has no libx265 encoder")
    v = _streams(videos["hdr10"])["video"]
    assert (v["codec"], v["profile"], v["bit_depth"], v["hdr"]) == ("hevc", "Main 10", 10, "HDR10")


def test_second_probe_of_an_unchanged_file_comes_from_the_cache(videos, counting_ffprobe, tmp_path):
    ffprobe, calls = counting_ffprobe
    path = videos["audio"]
    st = path.stat()
    job = probe.FileJob(path, st.st_size, st.st_mtime)
    for _ in range(2):
        with ProbeCache(tmp_path / "cache" / "probe.sqlite") as cache:
            results, problems = probe.probe_files([job], ffprobe=ffprobe, timeout=20, cache=cache)
        assert problems == [] and results[path]["streams"]
    assert len(calls.read_text().splitlines()) == 1
    # A changed file (new size/mtime) is probed again.
    with ProbeCache(tmp_path / "cache" / "probe.sqlite") as cache:
        probe.probe_files([probe.FileJob(path, st.st_size, st.st_mtime + 1)], ffprobe=ffprobe,
                          timeout=20, cache=cache)
    assert len(calls.read_text().splitlines()) == 2


def test_placeholder_file_is_a_warning_naming_it_and_cached(counting_ffprobe, tmp_path):
    ffprobe, calls = counting_ffprobe
    bad = tmp_path / "Heat (1995).mkv"
    bad.write_bytes(b"\x1aE\xdf\xa3")
    job = probe.FileJob(bad, 4, bad.stat().st_mtime)
    for _ in range(2):
        with ProbeCache(tmp_path / "probe.sqlite") as cache:
            results, problems = probe.probe_files([job], ffprobe=ffprobe, timeout=20, cache=cache)
        assert results == {}
        assert len(problems) == 1 and problems[0].startswith(f"{bad}: ") and "\n" not in problems[0]
    assert len(calls.read_text().splitlines()) == 1


def test_a_hanging_ffprobe_is_cut_off(tmp_path):
    slow = tmp_path / "ffprobe"
    slow.write_text("#!/bin/sh\nexec sleep 5\n")
    slow.chmod(0o755)
    video = tmp_path / "a.mkv"
    video.write_bytes(b"x")
    with ProbeCache(None) as cache:
        results, problems = probe.probe_files([probe.FileJob(video, 1, 0.0)], ffprobe=str(slow),
                                              timeout=0.2, cache=cache)
    assert results == {} and problems == [f"{video}: ffprobe gave no answer within 0.2 s"]


def test_many_unreadable_files_are_summarised_after_the_first_few(caplog, monkeypatch):
    # The CLI's logging setup (run by other tests in this process) stops propagation and
    # leaves handlers of its own: records go to the root (caplog) once, and only there.
    monkeypatch.setattr(logging.getLogger("mkdocs.plugins.movievault"), "propagate", True)
    monkeypatch.setattr(logging.getLogger("mkdocs.plugins.movievault"), "handlers", [])
    found = [f"/lib/{n}.mkv: not readable media" for n in range(9)]
    with caplog.at_level("INFO", logger="mkdocs.plugins.movievault"):
        shown = probe._capped(found)
    assert shown == found[:5] + ["… and 4 more files ffprobe could not read (listed with -v)"]
    assert [r.getMessage() for r in caplog.records] == found[5:]
    assert probe._capped(found[:6]) == found[:6]
