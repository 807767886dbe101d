"""Frame grabs for the movie page: a still at 10 % and a strip of N frames, as WebP.

ffmpeg writes PNGs (lossless, so one encode only) and the artwork package turns them into
WebP. Work is skipped when the stamp in the cache matches the file's identity (path,
size, mtime) and the settings, and both images are still in content/.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..cache.keys import text_hash
from ..artwork.frames import still_webp, strip_webp
from ..cache.layout import cache_path
from ..errors import ReadError
from ..cache.rules import read_cache_file
from ..fsutil import write_inside
from ..log import safe_path

STRIP_FRAMES = 6
WIDTH = 480
KINDS = {"frame": "thumb.webp", "strip": "strip.webp"}


def grab(video: Path, seconds: float, ffmpeg: str, timeout: float) -> bytes:
    """One frame at `seconds` as PNG bytes, scaled to WIDTH."""
    cmd = [ffmpeg, "-v", "error", "-nostdin", "-ss", f"{seconds:.3f}", "-i", os.fspath(video),
           "-frames:v", "1", "-vf", f"scale={WIDTH}:-2", "-f", "image2pipe", "-c:v", "png", "-"]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(safe_path(video), f"ffmpeg gave no frame within {timeout:g} s") from None
    if done.returncode != 0 or not done.stdout:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ReadError(safe_path(video), f"no frame at {seconds:.1f} s ({detail[-1] if detail else 'no output'})")
    return done.stdout


def identity(video: Path, size: int, mtime: float) -> str:
    key = json.dumps([os.fspath(video), size, mtime, STRIP_FRAMES, WIDTH])
    return text_hash(key, 20)


def make(video: Path, size: int, mtime: float, duration: float, content_dir: Path, slug: str,
         cache_dir: Path, timeout: float = 60) -> dict[str, str]:
    """{kind: content-relative path}; reuses earlier output for an unchanged file."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None or not duration:
        return {}
    out = {kind: f"images/{slug}/{name}" for kind, name in KINDS.items()}
    stamp = cache_path(cache_dir, "thumbs") / f"{slug}.json"
    ident = identity(video, size, mtime)
    if _stamp(stamp) == ident and all((Path(content_dir) / p).is_file() for p in out.values()):
        return out
    # Evenly spread over the first 90 %: the last frames are credits, and a seek past the
    # last keyframe gives no picture at all.
    times = [0.9 * duration * (i + 0.5) / STRIP_FRAMES for i in range(STRIP_FRAMES)]
    still = grab(video, duration * 0.10, ffmpeg, timeout)
    strip = [grab(video, t, ffmpeg, timeout) for t in times]
    write_inside(Path(content_dir), out["frame"], still_webp(still, safe_path(video)))
    write_inside(Path(content_dir), out["strip"], strip_webp(strip, safe_path(video)))
    stamp.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", dir=stamp.parent, delete=False) as fh:
        fh.write(ident)
    os.replace(fh.name, stamp)
    return out


def _stamp(path: Path) -> str | None:
    data = read_cache_file(path, 4096)
    return data.decode("ascii", "replace").strip() if data else None
