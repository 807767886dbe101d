"""A scan folds probe facts and sidecar subtitles into content files; placeholders warn."""
from __future__ import annotations

import shutil
from pathlib import Path

from movievault_build.scan import pipeline
from movievault_build.settings import ScanSettings
from movievault_build.store.library import read_stored
from tests.helpers import write


def _scan(tmp_path: Path, lib: Path, **kw):
    settings = ScanSettings(roots=(lib,), content_dir=tmp_path / "content",
                            cache_dir=tmp_path / "cache", **kw)
    return pipeline.scan(settings), read_stored(settings.content_dir)[0]


def test_scan_stores_streams_and_fills_resolution(videos, tmp_path):
    lib = tmp_path / "lib"
    folder = lib / "Heat (1995)"
    folder.mkdir(parents=True)
    shutil.copy(videos["subs"], folder / "Heat (1995).mkv")
    write(folder, "Heat (1995).de.forced.srt", "1\n00:00:00,000 --> 00:00:01,000\nÄ\n".encode("cp1252"))
    write(lib, "Alien (1979)/Alien (1979).mkv", b"\x1aE\xdf\xa3" + bytes(8192))   # corrupt
    write(lib, "Jaws (1975)/Jaws (1975).mkv", b"\x1aE\xdf\xa3")   # a placeholder: too small to be media
    report, stored = _scan(tmp_path, lib)
    heat = stored["heat-1995"].data
    assert heat["files"][0]["resolution"] == "240p"
    assert heat["files"][0]["quality"]["codec"] == "h264"
    assert heat["streams"]["container"] == "mkv"
    assert [c["title"] for c in heat["streams"]["chapters"]] == ["Opening", "Finale"]
    assert heat["streams"]["subtitles"] == [
        {"codec": "subrip", "language": "fre", "forced": True},
        {"file": "Heat (1995).de.forced.srt", "codec": "subrip", "external": True, "forced": True,
         "language": "de", "encoding": "latin-1"}]
    assert "streams" not in stored["alien-1979"].data
    notes = [p for p in report.problems if "Alien (1979).mkv" in p or ".srt" in p]
    assert len(notes) == 2 and any("not readable media" in p for p in notes)
    assert any("not UTF-8" in p for p in notes)
    assert not any("Jaws" in p for p in report.problems)


def test_probe_off_runs_no_ffprobe(videos, tmp_path):
    lib = tmp_path / "lib"
    (lib / "Heat (1995)").mkdir(parents=True)
    shutil.copy(videos["audio"], lib / "Heat (1995)" / "Heat (1995).mkv")
    report, stored = _scan(tmp_path, lib, probe="off")
    assert "streams" not in stored["heat-1995"].data and report.problems == []


def test_thumbnails_are_webp_in_content_and_made_once(videos, tmp_path):
    from PIL import Image

    lib = tmp_path / "lib"
    (lib / "Heat (1995)").mkdir(parents=True)
    shutil.copy(videos["audio"], lib / "Heat (1995)" / "Heat (1995).mkv")
    report, stored = _scan(tmp_path, lib, thumbnails=True)
    images = {i["kind"]: i["path"] for i in stored["heat-1995"].data["images"]}
    assert images == {"frame": "images/heat-1995/thumb.webp", "strip": "images/heat-1995/strip.webp"}
    content = tmp_path / "content"
    with Image.open(content / images["frame"]) as im:
        assert (im.format, im.size) == ("WEBP", (480, 360))
    with Image.open(content / images["strip"]) as im:
        assert im.format == "WEBP" and im.size == (6 * 120, 90)
    stamps = {p: p.stat().st_mtime_ns for p in (content / "images").rglob("*.webp")}
    report, _ = _scan(tmp_path, lib, thumbnails=True)
    assert report.unchanged == 1 and {p: p.stat().st_mtime_ns for p in stamps} == stamps
