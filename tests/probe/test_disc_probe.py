"""Disc folders are probed through their feature: a DVD's largest title set, a Blu-ray's
largest clip. ffmpeg makes the files; the folders are laid out as on a real disc."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from movievault_build.scan import pipeline
from movievault_build.probe.disc import bluray_target, dvd_target
from movievault_build.probe.ffprobe import MIN_MEDIA_BYTES
from movievault_build.settings import ScanSettings
from movievault_build.store.library import read_stored
from tests.helpers import write
from tests.probe.conftest import FFMPEG, FFPROBE

SRC = ["-f", "lavfi", "-i", "testsrc=size=720x576:rate=25:duration=1",
       "-f", "lavfi", "-i", "sine=f=440:d=1"]


def _ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True, capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def disc_files(tmp_path_factory):
    if not (FFMPEG and FFPROBE):
        pytest.skip("ffmpeg/ffprobe not installed (dev.py installs them)")
    d = tmp_path_factory.mktemp("discs")
    vob, m2ts = d / "feature.vob", d / "feature.m2ts"
    _ffmpeg(*SRC, "-c:v", "mpeg2video", "-c:a", "ac3", "-f", "vob", str(vob))
    _ffmpeg(*SRC, "-c:v", "mpeg2video", "-c:a", "ac3", "-metadata:s:a:0", "language=eng", "-f", "mpegts", str(m2ts))
    return vob, m2ts


def _scan(tmp_path, lib):
    settings = ScanSettings(roots=(lib,), content_dir=tmp_path / "content", cache_dir=tmp_path / "cache")
    return pipeline.scan(settings), read_stored(settings.content_dir)[0]


def test_largest_title_set_and_largest_clip_are_chosen(tmp_path):
    dvd = tmp_path / "VIDEO_TS"
    write(dvd, "VIDEO_TS.IFO")
    write(dvd, "VTS_01_0.VOB", bytes(9000))       # a menu, however large, is not the feature
    write(dvd, "VTS_01_1.VOB", bytes(1000))
    write(dvd, "VTS_02_1.vob", bytes(3000))       # lower case, as some copies have it
    write(dvd, "VTS_02_2.VOB", bytes(3000))
    target = dvd_target(dvd)
    assert target.path.name == "VTS_02_1.vob" and target.size == 3000 and not target.whole
    assert dvd_target(tmp_path).path == target.path    # the movie folder holding VIDEO_TS works too
    bd = tmp_path / "Heat" / "BDMV"
    write(bd, "index.bdmv")
    write(bd, "STREAM/00000.m2ts", bytes(500))
    write(bd, "STREAM/00001.m2ts", bytes(5000))
    assert bluray_target(bd.parent).path.name == "00001.m2ts" and bluray_target(bd).whole
    assert dvd_target(tmp_path / "nowhere") is None and bluray_target(tmp_path / "VIDEO_TS") is None


def test_disc_movies_get_streams(disc_files, tmp_path):
    vob, m2ts = disc_files
    lib = tmp_path / "lib"
    write(lib, "Casablanca (1942)/VIDEO_TS/VIDEO_TS.IFO")
    write(lib, "Casablanca (1942)/VIDEO_TS/VTS_01_0.VOB", bytes(100))
    shutil.copy(vob, write(lib, "Casablanca (1942)/VIDEO_TS/VTS_01_1.VOB"))
    write(lib, "Heat (1995)/BDMV/index.bdmv")
    write(lib, "Heat (1995)/BDMV/STREAM/00001.m2ts", bytes(200))        # a short extra
    shutil.copy(m2ts, write(lib, "Heat (1995)/BDMV/STREAM/00000.m2ts"))
    report, stored = _scan(tmp_path, lib)
    casablanca, heat = stored["casablanca-1942"].data, stored["heat-1995"].data
    assert casablanca["streams"]["video"]["codec"] == "mpeg2video"
    assert casablanca["streams"]["video"]["resolution"] == "576p"
    assert casablanca["streams"]["audio"][0]["codec"] == "ac3"   # (a DVD's languages live in its IFO files)
    assert casablanca["streams"]["duration"] == pytest.approx(1.0, abs=0.2)   # one VOB: the whole title
    assert casablanca["files"][0]["container"] == "dvd" and casablanca["files"][0]["resolution"] == "576p"
    assert heat["streams"]["container"] == "ts"
    assert [(a["codec"], a.get("language")) for a in heat["streams"]["audio"]] == [("ac3", "eng")]
    assert heat["files"][0]["quality"]["codec"] == "mpeg2video"
    assert report.problems == []


def test_a_title_in_several_vobs_keeps_no_duration(disc_files, tmp_path):
    vob, _ = disc_files
    lib = tmp_path / "lib"
    shutil.copy(vob, write(lib, "Casablanca (1942)/VIDEO_TS/VTS_01_1.VOB"))
    shutil.copy(vob, write(lib, "Casablanca (1942)/VIDEO_TS/VTS_01_2.VOB"))
    _report, stored = _scan(tmp_path, lib)
    streams = stored["casablanca-1942"].data["streams"]
    assert streams["video"]["codec"] == "mpeg2video" and "duration" not in streams


def test_placeholder_discs_are_not_probed(tmp_path):
    lib = tmp_path / "lib"
    write(lib, "Casablanca (1942)/VIDEO_TS/VTS_01_1.VOB", bytes(MIN_MEDIA_BYTES - 1))
    write(lib, "Heat (1995)/BDMV/STREAM/00000.m2ts", bytes(100))
    write(lib, "Heat (1995)/BDMV/index.bdmv")
    report, stored = _scan(tmp_path, lib)
    assert report.problems == []
    assert "streams" not in stored["casablanca-1942"].data and "streams" not in stored["heat-1995"].data
