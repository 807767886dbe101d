"""The HTTP cache on disk, for `movievault cache stats|clear`: counts entries per provider
and endpoint, and removes all of them or one provider's."""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests_cache

from . import omdb, tmdb
from .base import HTTP_CACHE_NAME, LAST_SCAN_NAME, ProviderSettings, env_or


@dataclass
class CacheStats:
    path: Path
    size: int = 0                                      # bytes, SQLite side files included
    entries: Counter = field(default_factory=Counter)  # "tmdb /search/movie" -> n
    last_scan: dict[str, int] = field(default_factory=dict)


def _files(cache_dir: Path) -> list[Path]:
    base = cache_dir / HTTP_CACHE_NAME
    return [p for p in (base, Path(f"{base}-wal"), Path(f"{base}-shm")) if p.exists()]


def api_urls(settings: ProviderSettings) -> dict[str, str]:
    """Provider id -> the API URL its requests start with (config, env, default)."""
    return {
        "tmdb": env_or(settings.tmdb_api_url, "TMDB_API_URL", tmdb.DEFAULT_API_URL).rstrip("/"),
        "omdb": env_or(settings.omdb_api_url, "OMDB_API_URL", omdb.DEFAULT_API_URL).rstrip("/"),
    }


def endpoint_kind(url: str, urls: dict[str, str]) -> tuple[str, str]:
    """(provider id, endpoint) of a cached URL, e.g. ("tmdb", "/movie/{id}").

    >>> endpoint_kind("https://api.themoviedb.org/3/movie/603?language=en", {"tmdb": "https://api.themoviedb.org/3"})
    ('tmdb', '/movie/{id}')
    """
    bare = url.split("?", 1)[0].rstrip("/")
    for provider, base in urls.items():
        if bare == base or bare.startswith(base + "/"):
            rest = bare[len(base):] or "/"
            parts = ["{id}" if p.isdigit() or p.startswith("tt") else p for p in rest.split("/")]
            return provider, "/".join(parts) or "/"
    return urlsplit(url).netloc or "other", urlsplit(url).path or "/"


def _open(cache_dir: Path) -> requests_cache.SQLiteCache | None:
    path = cache_dir / HTTP_CACHE_NAME
    return requests_cache.SQLiteCache(str(path), wal=True) if path.exists() else None


def stats(cache_dir: Path, settings: ProviderSettings) -> CacheStats:
    out = CacheStats(path=cache_dir, size=sum(p.stat().st_size for p in _files(cache_dir)))
    cache = _open(cache_dir)
    if cache is not None:
        urls = api_urls(settings)
        try:
            for response in cache.responses.values():
                out.entries[" ".join(endpoint_kind(response.url, urls))] += 1
        finally:
            cache.close()
    try:
        out.last_scan = json.loads((cache_dir / LAST_SCAN_NAME).read_text("utf-8"))
    except (OSError, ValueError):
        pass
    return out


def clear(cache_dir: Path, settings: ProviderSettings, provider: str | None = None) -> int:
    """Remove every cached response (or one provider's); returns how many were removed."""
    cache = _open(cache_dir)
    if cache is None:
        return 0
    urls = api_urls(settings)
    try:
        keys = [key for key, response in cache.responses.items()
                if provider is None or endpoint_kind(response.url, urls)[0] == provider]
        if keys:
            cache.delete(*keys)
        if provider is None:
            cache.clear()
    finally:
        cache.close()
    return len(keys)
