"""Where each cache lives under the cache folder (`cache_dir`, .cache/movievault by default)
and the version it is kept under, in one table. Stages say what they keep; this says where,
so every derived file is found in one place.

A cache whose version changes is not read again: its entries are redone. Bump a version
when what the cache holds changes shape or meaning for the same inputs; settings that
shape the output belong in the cache's key, not here (tests/test_scan_cache_keys.py)."""
from __future__ import annotations

from pathlib import Path

# name -> path under cache_dir. The module that keys each one is named beside it.
PATHS: dict[str, str] = {
    "http": "http.sqlite",                       # providers/http.py: the request, secrets left out
    "last_scan": "last-scan.json",               # enrich/online.py: the last scan's counters (`cache stats`)
    "scan_state": "scan-state.sqlite",           # scan/plan.py: settings fingerprint, files' stat
    "probe": "probe.sqlite",                     # probe/ffprobe.py: the video's size and mtime
    "thumbs": "thumbs",                          # probe/thumbs.py: the video's identity, per movie
    "parsed_content": "parsed-content.sqlite",   # store/parsed_cache.py: the content file's stat
    "movie_snapshot": "movies.pickle",           # store/movie_snapshot.py: the content files' stat
    "events": "events",                          # events/: the daemon's log, notify state, outbox
}

# name -> version. Each cache checks its own on load.
VERSIONS: dict[str, int] = {
    "scan_state": 1,        # bump when what a fingerprint covers changes
    "probe": 1,             # bump when the ffprobe arguments change: older answers lack the new facts
    "parsed_content": 4,    # 4: rows hold front matter of the checked shape
    "movie_snapshot": 1,
    "image_variants": 1,    # artwork/variants.py: decoding or encoding changed for the same settings
}


def cache_path(cache_dir: Path | str, name: str) -> Path:
    """The path of cache `name` under `cache_dir`."""
    return Path(cache_dir) / PATHS[name]
