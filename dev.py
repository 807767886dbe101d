#!/usr/bin/env python3
"""The project's two commands, needing nothing but Python 3.11+:

    python3 dev.py demo   # install, scan demo/library, build site/
    python3 dev.py test   # install what the tests need, check the import layers, run the whole suite

Everything goes into ./.venv; system packages the tests need are installed with apt-get
where missing. Extra arguments after `test` go to pytest.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
# Debian packages the test suite drives for real: {command it provides: package}.
SYSTEM_PACKAGES: dict[str, str] = {
    "chromium": "chromium",        # the browser tests drive the real site
    "ffprobe": "ffmpeg",   # media analysis; the tests also make tiny videos with ffmpeg
    "git": "git",          # movie history (history/diff/rollback) and its tests
    "mosquitto": "mosquitto",   # the MQTT broker the Home Assistant tests talk to
    "npm": "npm",          # Mozilla's addons-linter checks the browser extension (its lock file in tests/browser/)
}
# Where Debian puts commands that are not on every user's PATH (mosquitto is in /usr/sbin).
SBIN = ("/usr/sbin", "/usr/local/sbin", "/sbin")


def have(cmd: str) -> bool:
    return shutil.which(cmd) is not None or any(os.access(os.path.join(d, cmd), os.X_OK) for d in SBIN)


def run(*cmd: str | Path, **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"MovieVault needs Python 3.11 or newer (this is {sys.version.split()[0]})")
    if not PY.exists():
        run(sys.executable, "-m", "venv", VENV)
    # Reinstall only when pyproject.toml or the extras change: a warm run starts at once.
    stamp = VENV / f".installed-{extras or 'base'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    run(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PY, "-m", "pip", "install", "--quiet", "-e", f".[{extras}]" if extras else ".")
    stamp.write_text(digest)


def ensure_system_packages() -> None:
    missing = sorted({pkg for cmd, pkg in SYSTEM_PACKAGES.items() if not have(cmd)})
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if sudo is None or shutil.which("apt-get") is None:
        sys.exit(f"please install these system packages: {' '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(*sudo, "apt-get", "update", "-qq", env=env)
    run(*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)


def demo() -> int:
    ensure_venv("")
    run(BIN / "mkdocs", "build")
    print(f"\nThe demo site is in {ROOT / 'site'}. Preview it live with: {BIN / 'mkdocs'} serve --dirty")
    return 0


def test(args: list[str]) -> int:
    ensure_venv("test")
    ensure_system_packages()
    # Which room may import which (pyproject.toml [tool.importlinter]): a broken layer fails
    # the run before the slower suite starts.
    layers = subprocess.run([str(BIN / "lint-imports"), "--no-cache"], cwd=ROOT)
    if layers.returncode:
        return layers.returncode
    # loadfile: a test file's tests run on one worker, so its module fixtures (built sites,
    # a fresh venv, a browser's pages) are made once, not once per worker
    workers = ["-n", "auto", "--dist", "loadfile"] if (os.cpu_count() or 1) > 1 else []
    return subprocess.run([str(PY), "-m", "pytest", *workers, *args], cwd=ROOT).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("demo", "test"):
        print(__doc__)
        return 2
    return demo() if argv[0] == "demo" else test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
