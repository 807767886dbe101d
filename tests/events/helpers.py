"""What the events tests share: bounded waits on conditions, a daemon in a subprocess."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from tests.helpers import REPO

TIMEOUT = 120      # generous: the machine is shared and a batch starts a process


def wait_until(condition: Callable[[], object], timeout: float = TIMEOUT, every: float = 0.1, what: "str | Callable[[], str]" = ""):
    """Poll `condition` until it is truthy (and return it); fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {(what() if callable(what) else what) or condition}")
        time.sleep(every)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DaemonProcess:
    """`movievault watch` in a subprocess, its log in a file."""

    def __init__(self, cfg: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.log = cfg.parent / "watch.log"
        full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
        with self.log.open("w") as err:
            self.proc = subprocess.Popen([sys.executable, "-m", "movievault_build", "watch", "-v", "--config",
                                          str(cfg), *args], cwd=cfg.parent, env=full_env,
                                         stdout=subprocess.DEVNULL, stderr=err)

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def batches(self) -> list[str]:
        """The daemon's one line per batch."""
        return [line for line in self.text().splitlines()
                if line.startswith("INFO: watch: ") and line.endswith(" s)")]

    def wait_log(self, needle: str, timeout: float = TIMEOUT) -> None:
        wait_until(lambda: needle in self.text() or self.proc.poll() is not None, timeout, what=needle)
        assert needle in self.text(), self.text()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = TIMEOUT) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        return self.proc.wait(timeout=timeout)

    def __enter__(self) -> "DaemonProcess":
        return self

    def __exit__(self, *exc) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class DaemonThread:
    """The daemon in this process (a thread), so its notifier posts through the Apprise
    plugins the `chat` fixture points at the fakes. Signals are the process's: stop() instead."""

    def __init__(self, cfg: Path, scan_on_start: bool = True) -> None:
        import threading

        from movievault_build.events.runner import build_daemon
        from movievault_build.site.settings import events_from_mkdocs

        scan, events = events_from_mkdocs(cfg)
        self.daemon = build_daemon(scan, events, scan_on_start=scan_on_start)
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            self.daemon.run()
        except BaseException as exc:  # noqa: BLE001 - shown by the test
            self.error = exc

    def part(self, kind: type):
        return next(p for p in [*self.daemon._parts, *self.daemon.sinks] if isinstance(p, kind))

    def __enter__(self) -> "DaemonThread":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.daemon.stop()
        self.thread.join(timeout=TIMEOUT)
        assert not self.thread.is_alive(), "the daemon did not stop"
        assert self.error is None, self.error
