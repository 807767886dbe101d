"""Tiny real videos made once per session with ffmpeg's lavfi sources (about a second of
encoding in all). Tests that need them skip cleanly where ffmpeg is missing."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

FFMPEG = shutil.which("ffmpeg")
FFPROBE = shutil.which("ffprobe")
needs_ffmpeg = pytest.mark.skipif(not (FFMPEG and FFPROBE), reason="ffmpeg/ffprobe not installed (dev.py installs them)")
SRC = ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10:duration=1"]
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
CHAPTERS = ";FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=500\ntitle=Opening\n" \
           "[CHAPTER]\nTIMEBASE=1/1000\nSTART=500\nEND=1000\ntitle=Finale\n"


def _ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True, capture_output=True, timeout=60)


def _has_encoder(name: str) -> bool:
    out = subprocess.run([FFMPEG, "-hide_banner", "-encoders"], capture_output=True, text=True).stdout
    return any(line.split()[1:2] == [name] for line in out.splitlines() if line.strip())


@pytest.fixture(scope="session")
def videos(tmp_path_factory) -> dict[str, Path]:
    if not (FFMPEG and FFPROBE):
        pytest.skip("ffmpeg/ffprobe not installed (dev.py installs them)")
    d = tmp_path_factory.mktemp("videos")
    out = {"audio": d / "audio.mkv", "subs": d / "subs.mkv", "hlg": d / "hlg.mkv"}
    _ffmpeg(*SRC, "-f", "lavfi", "-i", "sine=f=440:d=1", "-f", "lavfi", "-i", "sine=f=220:d=1",
            "-map", "0:v", "-map", "1:a", "-map", "2:a", *H264,
            "-c:a:0", "aac", "-ac:a:0", "2", "-c:a:1", "ac3", "-ac:a:1", "6",
            "-metadata:s:a:0", "language=eng", "-metadata:s:a:1", "language=deu",
            "-metadata:s:a:1", "title=Director's Commentary",
            "-disposition:a:0", "default", "-disposition:a:1", "0", str(out["audio"]))
    (d / "s.srt").write_text("1\n00:00:00,000 --> 00:00:00,800\nHello\n")
    (d / "meta.txt").write_text(CHAPTERS)
    _ffmpeg(*SRC, "-i", str(d / "s.srt"), "-i", str(d / "meta.txt"), "-map", "0:v", "-map", "1",
            "-map_metadata", "2", "-map_chapters", "2", *H264, "-c:s", "srt",
            "-metadata:s:s:0", "language=fre", "-disposition:s:0", "forced", str(out["subs"]))
    _ffmpeg(*SRC, *H264, "-color_primaries", "bt2020", "-color_trc", "arib-std-b67",
            "-colorspace", "bt2020nc", str(out["hlg"]))
    if _has_encoder("libx265"):
        out["hdr10"] = d / "hdr10.mkv"
        _ffmpeg(*SRC, "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
                "-pix_fmt", "yuv420p10le", "-color_primaries", "bt2020", "-color_trc", "smpte2084",
                "-colorspace", "bt2020nc", str(out["hdr10"]))
    return out


@pytest.fixture
def counting_ffprobe(tmp_path) -> tuple[str, Path]:
    """An ffprobe that records each call in a log file, then runs the real one."""
    if not FFPROBE:
        pytest.skip("ffprobe not installed")
    log = tmp_path / "calls.log"
    script = tmp_path / "ffprobe"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{FFPROBE}" "$@"\n')
    script.chmod(0o755)
    return str(script), log
