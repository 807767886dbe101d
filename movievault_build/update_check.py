"""The opt-in update check (`update_check: true` in mkdocs.yml): at most once a day a
command asks the package index's JSON API for the latest release and prints one line when
it is newer than the one installed. Silent in CI (`CI` set), offline, and on any failure."""
from __future__ import annotations

import json
import os
import time
from importlib.metadata import PackageNotFoundError, version

from .cache.layout import cache_path
from .log import get_logger
from .settings import ScanSettings

log = get_logger(__name__)
DEFAULT_URL = "https://pypi.org/pypi/movievault/json"
DAY = 86400


def installed() -> str | None:
    try:
        return version("movievault")
    except PackageNotFoundError:
        return None


def newer(latest: str, current: str) -> bool:
    """
    >>> newer("0.10.0", "0.9.1"), newer("0.2.0", "0.2.0"), newer("1.0.0rc1", "0.9")
    (True, False, True)
    """
    from packaging.version import InvalidVersion, Version
    try:
        return Version(latest) > Version(current)
    except InvalidVersion:
        return False


def check(settings: ScanSettings, *, offline: bool = False, now: float | None = None) -> str | None:
    """The line to print, or None (off, in CI, offline, checked today, up to date, failed)."""
    s = settings.update_check
    current = installed()
    if not s.enabled or os.environ.get("CI") or offline or settings.online.providers.offline or not current:
        return None
    stamp = cache_path(settings.cache_dir, "update_check")
    now = time.time() if now is None else now
    try:
        if now - json.loads(stamp.read_text("utf-8")).get("checked", 0) < DAY:
            return None
    except (OSError, ValueError, AttributeError):
        pass
    latest = _latest(s.url or DEFAULT_URL)
    try:
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(json.dumps({"checked": now, "latest": latest}), encoding="utf-8")
    except OSError:
        pass
    if latest and newer(latest, current):
        return f"MovieVault {latest} is out (you have {current}): pip install -U movievault"
    return None


def _latest(url: str) -> str | None:
    from .errors import ProviderError
    from .providers.base import ProviderSettings
    from .providers.http import HttpClient

    http = HttpClient(ProviderSettings(retries=0, timeout=3, connect_timeout=3, rate_limit=0))
    try:
        reply = http.get_json(url, provider="package index")
    except ProviderError as exc:
        log.debug("update check: %s", exc)
        return None
    finally:
        http.close()
    info = reply.data.get("info") if isinstance(reply.data, dict) else None
    return str(info["version"]) if isinstance(info, dict) and info.get("version") else None
