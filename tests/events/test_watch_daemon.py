"""`movievault watch` as a user runs it: a process that sees files arrive, move and go, and
rebuilds the site; survives its root going away; stops cleanly on SIGTERM and SIGINT."""
from __future__ import annotations

import os
import signal

import pytest

from movievault_build.store import library
from tests.events.helpers import DaemonProcess, wait_until
from tests.helpers import make_site, write

pytestmark = pytest.mark.slow

WATCH = """
      watch:
        debounce: 0.5
        root_check: 0.5
"""


def page(tmp_path, slug: str):
    return tmp_path / "site" / "movies" / slug / "index.html"


def missing(tmp_path) -> set[str]:
    movies, _ = library.load_movies(tmp_path / "content")
    return {m.slug for m in movies if m.missing}


def test_the_daemon_follows_the_library_and_rebuilds_the_site(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    cfg = make_site(tmp_path, [lib], WATCH)
    with DaemonProcess(cfg) as daemon:
        wait_until(lambda: page(tmp_path, "heat-1995").exists(), what="the first build")
        daemon.wait_log("site built")
        # a download arriving in pieces: scanned once it stops growing
        video = write(lib, "Ran (1985)/Ran (1985).mkv", b"a")
        with video.open("ab") as f:
            f.write(b"more")
        wait_until(lambda: page(tmp_path, "ran-1985").exists(), what="the new movie's page")
        # a folder renamed: the movie keeps its page, nothing is marked missing
        os.rename(lib / "Ran (1985)", lib / "Ran (1985) [1080p]")
        wait_until(lambda: any("1 folder" in b or "2 folders" in b for b in daemon.batches()[2:]),
                   what="the rename's batch")
        assert page(tmp_path, "ran-1985").exists() and missing(tmp_path) == set()
        # a movie deleted: marked missing on the site
        os.unlink(lib / "Heat (1995)" / "Heat (1995).mkv")
        wait_until(lambda: "heat-1995" in missing(tmp_path), what="heat marked missing")

        # the root goes away (a share unmounted) and comes back: nothing is marked missing
        os.rename(lib, tmp_path / "unmounted")
        daemon.wait_log("went away")
        assert missing(tmp_path) == {"heat-1995"}
        os.rename(tmp_path / "unmounted", lib)
        daemon.wait_log("is there; watching it")
        write(lib, "Alien (1979)/Alien (1979).mkv")
        wait_until(lambda: page(tmp_path, "alien-1979").exists(), what="a movie added after the root came back")
        assert missing(tmp_path) == {"heat-1995"}
        assert daemon.stop(signal.SIGTERM) == 0
    assert "watch: stopped" in daemon.text()
    assert all(" FAILED" not in line for line in daemon.batches()), daemon.text()


def test_sigint_during_a_batch_lets_it_finish(tmp_path):
    lib = tmp_path / "films"
    for n in range(30):
        write(lib, f"Film {n} ({1950 + n})/Film {n} ({1950 + n}).mkv")
    cfg = make_site(tmp_path, [lib], WATCH)
    with DaemonProcess(cfg) as daemon:
        # the initial scan has started when its batch child has: stop right then
        wait_until(lambda: (tmp_path / ".cache" / "movievault" / "events" / "last-batch.log").exists()
                   or (tmp_path / "content").exists(), every=0.02, what="the first batch")
        assert daemon.stop(signal.SIGINT) == 0
    assert len(daemon.batches()) == 1 and "site built" in daemon.batches()[0]
    assert len(list((tmp_path / "content" / "movies").glob("*.md"))) == 30


def test_a_second_daemon_on_the_same_library_is_refused(tmp_path):
    lib = tmp_path / "films"
    write(lib, "Heat (1995)/Heat (1995).mkv")
    cfg = make_site(tmp_path, [lib], WATCH)
    with DaemonProcess(cfg) as first:
        first.wait_log("site built")
        second = DaemonProcess(cfg, "--no-initial-scan")
        second.log = tmp_path / "watch.log"
        assert second.proc.wait(timeout=120) == 2
        assert first.stop() == 0
