"""`mkdocs serve` re-scans and rebuilds when a file under a library root changes."""
from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.helpers import make_site, write

pytestmark = pytest.mark.slow

NFO = "<movie><title>{title}</title><year>1995</year><plot>{plot}</plot></movie>"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode()
    except OSError:
        return ""


def wait_for(url: str, needle: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if needle in fetch(url):
            return True
        time.sleep(0.5)
    return False


def stop_serving(proc: subprocess.Popen) -> None:
    """Stop `mkdocs serve` as Ctrl-C does, so it removes its temporary site folder (a
    terminated server leaves it in the system's temp folder)."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_serve_rebuilds_after_an_nfo_changes(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    nfo = write(lib, "Heat (1995)/movie.nfo", NFO.format(title="Heat", plot="First plot."))
    cfg = make_site(tmp_path, [lib])
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-v", "-f", str(cfg), "-a", f"127.0.0.1:{port}"],
                                cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=err)
    rebuilds = lambda: log.read_text().count("Detected file changes")   # noqa: E731
    try:
        url = f"http://127.0.0.1:{port}/movies/heat-1995/"
        assert wait_for(url, "First plot."), "the first build never served the movie"
        # while you edit, no offline copy: the service worker there retires itself
        assert "sw-retire.js" in fetch(f"http://127.0.0.1:{port}/sw.js")
        time.sleep(1.5)   # let the watcher settle after the initial build
        nfo.write_text(NFO.format(title="Heat", plot="Second plot."))
        assert wait_for(url, "Second plot."), "the page was not rebuilt after the NFO changed"
        content = tmp_path / "content" / "movies" / "heat-1995.md"
        assert "Second plot." in content.read_text()
        time.sleep(3)
        # The scan's own write to content/ is not an edit: one change, one rebuild.
        assert rebuilds() == 1, log.read_text()
        content.write_text(content.read_text() + "\nA note of my own.\n")        # the user's edit is
        assert wait_for(url, "A note of my own."), log.read_text()              # noticed and built
    finally:
        stop_serving(proc)
