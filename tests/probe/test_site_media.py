"""The movie page shows technical details, chapters, subtitles and ranked versions."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tests.helpers import REPO, make_site, write


def mkdocs_build(cfg):
    # This checkout's package, whichever copy the venv has installed.
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(cfg)], capture_output=True,
                          text=True, cwd=cfg.parent, env=env)


def test_movie_page_shows_media_facts(videos, tmp_path):
    lib = tmp_path / "films"
    heat = lib / "Heat (1995)"
    heat.mkdir(parents=True)
    shutil.copy(videos["subs"], heat / "Heat (1995).mkv")
    write(heat, "Heat (1995).en.sdh.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    write(heat, "Heat (1995).<i>.srt", "1\n00:00:00,000 --> 00:00:01,000\nHi\n")
    write(lib, "Alien (1979)/Alien (1979) - 1080p.mkv", b"\x1aE\xdf\xa3" + bytes(8192))   # corrupt, not a placeholder
    shutil.copy(videos["audio"], lib / "Alien (1979)/Alien (1979) - 720p.mkv")
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/movies/heat-1995/index.html").read_text()
    assert "Technical details" in html and "320×240 (240p) · 10 fps · 8-bit" in html
    assert '<span class="mv-chapter__start">0:00</span> Opening' in html
    assert "fre · subrip" in html and "en · subrip · Heat (1995).en.sdh.srt" in html
    assert "<i>.srt" not in html and "Heat (1995).&lt;i&gt;.srt" in html
    alien = (tmp_path / "site/movies/alien-1979/index.html").read_text()
    assert "Versions" in alien
    assert alien.index('<td class="mv-table__name">Alien (1979) - 1080p.mkv</td><td>1080p</td>') < \
        alien.index('<td class="mv-table__name">Alien (1979) - 720p.mkv</td>', alien.index('id="versions"'))
    assert "lower resolution: 720p vs 1080p" in alien
    assert "deu · ac3 · 5.1(side) · Director&#39;s Commentary" in alien or \
           "deu · ac3 · 5.1(side) · Director&#x27;s Commentary" in alien
    assert "not readable media" in result.stderr and "Alien (1979) - 1080p.mkv" in result.stderr
    health = (tmp_path / "site/health/index.html").read_text()
    assert "Library health" in health and "Incomplete metadata" in health
    assert "<code>alien-1979</code>: no plot, no ids" in health
