"""The HTTP cache on disk, for `movievault cache stats|clear`: counts entries per provider
and endpoint, and removes all of them or one provider's."""
from __future__ import annotations

import json
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests_cache

from ..cache.layout import cache_path
from ..cache.db import check_cache_db
from ..cache.rules import read_cache_file, set_aside
from . import omdb, tmdb
from .base import ProviderSettings, env_or


@dataclass
class CacheStats:
    path: Path
    size: int = 0                                      # bytes, SQLite side files included
    entries: Counter = field(default_factory=Counter)  # "tmdb /search/movie" -> n
    last_scan: dict[str, int] = field(default_factory=dict)


def _files(cache_dir: Path) -> list[Path]:
    base = cache_path(cache_dir, "http")
    return [p for p in (base, Path(f"{base}-wal"), Path(f"{base}-shm")) if p.is_file() and not p.is_symlink()]


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
    """The cache, or None when there is none. A damaged one is set aside first (it is
    derived: emptying it is what `clear` would do anyway)."""
    path = cache_path(cache_dir, "http")
    if not os.path.lexists(path):
        return None
    check_cache_db(path)
    return requests_cache.SQLiteCache(str(path), wal=True) if path.is_file() else None


def _responses(cache: requests_cache.SQLiteCache, path: Path) -> list[tuple[str, str]]:
    """(key, URL) of every stored response; damaged entries are dropped, and damage beyond
    one entry sets the whole file aside."""
    out, bad = [], []
    try:
        for key in list(cache.responses.keys()):
            try:
                out.append((key, cache.responses[key].url))
            except Exception:          # an entry requests-cache cannot deserialize
                bad.append(key)
        if bad:
            cache.delete(*bad)
    except sqlite3.DatabaseError as exc:
        cache.close()
        set_aside(path, str(exc))
        return []
    return out


def stats(cache_dir: Path, settings: ProviderSettings) -> CacheStats:
    cache = _open(cache_dir)
    out = CacheStats(path=cache_dir, size=sum(p.stat().st_size for p in _files(cache_dir)))
    if cache is not None:
        urls = api_urls(settings)
        try:
            for _key, url in _responses(cache, cache_path(cache_dir, "http")):
                out.entries[" ".join(endpoint_kind(url, urls))] += 1
        finally:
            cache.close()
    data = read_cache_file(cache_path(cache_dir, "last_scan"), 1 << 20)
    try:
        found = json.loads(data) if data else {}
    except ValueError:
        found = {}
    out.last_scan = found if isinstance(found, dict) else {}
    return out


def clear(cache_dir: Path, settings: ProviderSettings, provider: str | None = None) -> int:
    """Remove every cached response (or one provider's); returns how many were removed."""
    cache = _open(cache_dir)
    if cache is None:
        return 0
    urls = api_urls(settings)
    try:
        keys = [key for key, url in _responses(cache, cache_path(cache_dir, "http"))
                if provider is None or endpoint_kind(url, urls)[0] == provider]
        if keys:
            cache.delete(*keys)
        if provider is None:
            cache.clear()
    except sqlite3.DatabaseError as exc:
        set_aside(cache_path(cache_dir, "http"), str(exc))
        return 0
    finally:
        cache.close()
    return len(keys)
