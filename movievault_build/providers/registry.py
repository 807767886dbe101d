"""The configured providers, loaded in order: the built-ins (TMDB, OMDb), then plugins
from the `movievault.providers` entry point group."""
from __future__ import annotations

import inspect
from importlib.metadata import entry_points
from typing import Any

from ..errors import UserError
from .base import ENTRY_POINT_GROUP, Provider, ProviderSettings, env_or


def _builtins() -> dict[str, Any]:
    from .omdb import OmdbProvider      # imported when asked for: a run without providers loads no HTTP stack
    from .tmdb import TmdbProvider
    return {TmdbProvider.ID: TmdbProvider, OmdbProvider.ID: OmdbProvider}


# What switches each built-in on (its `available()`: a key in the settings or in the
# environment) and the name it is shown by, known without importing it: a scan with no key
# loads no HTTP stack (a tenth of a second of a first scan, or of a re-scan of one film).
_BUILTIN_KEYS = {"tmdb": ("TMDB", (("tmdb_api_key", "TMDB_API_KEY"), ("tmdb_read_token", "TMDB_READ_ACCESS_TOKEN"))),
                 "omdb": ("OMDb", (("omdb_api_key", "OMDB_API_KEY"),))}


def unkeyed(names: list[str], settings: ProviderSettings) -> dict[str, str]:
    """The built-ins among `names` that no key switches on: id -> the name shown."""
    return {name: shown for name in names if name in _BUILTIN_KEYS
            for shown, keys in [_BUILTIN_KEYS[name]]
            if not any(env_or(getattr(settings, field), variable) for field, variable in keys)}


def load_providers(names: list[str], settings: ProviderSettings) -> list[Provider]:
    """Providers in the configured order: built-ins, then entry points in group
    `movievault.providers` (each a class taking `(settings, http=...)` or `(settings)`).
    Built-ins share one HttpClient so the cache, counters and limits are common."""
    from .http import HttpClient
    known = _builtins()
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        known.setdefault(ep.name, ep)
    http = HttpClient(settings)
    out: list[Provider] = []
    for name in names:
        if name not in known:
            raise UserError(f"unknown metadata provider {name!r}; known: {', '.join(sorted(known))}")
        factory = known[name]
        if hasattr(factory, "load") and not isinstance(factory, type):
            factory = factory.load()
        takes_http = "http" in inspect.signature(factory).parameters
        out.append(factory(settings, http=http) if takes_http else factory(settings))
    return out
