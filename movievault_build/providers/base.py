"""The provider interface: what a metadata source takes (`Query`), what it gives back
(`Found`) and the settings every provider reads (`ProviderSettings`); registry.py loads
the configured providers.

Confidence policy: a provider returns its best guess as a `Found` even when unsure;
`Found.confidence` below `Provider.min_confidence` means "not taken" and the caller
reports it for the user to pin an id (see `is_confident`). `None` means nothing matched.
"""
from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from ..log import get_logger

log = get_logger(__name__)

ENTRY_POINT_GROUP = "movievault.providers"
HOW_DIRECT = "direct id"
HOW_IMDB = "imdb id"
HOW_SEARCH = "search"
# In the cache folder: the HTTP cache, and the last scan's counters for `cache stats`.


@dataclass(frozen=True)
class Query:
    title: str | None
    year: int | None = None
    ids: Mapping[str, str] = field(default_factory=dict)   # {"tmdb": "550", "imdb": "tt0137523"}
    original_title: str | None = None
    language: str = "en-US"


@dataclass(frozen=True)
class Found:
    provider: str          # the provider's ID
    metadata: dict         # METADATA_FIELDS keys only; images as [{kind, src}] with full URLs
    how: str               # HOW_DIRECT | HOW_IMDB | HOW_SEARCH
    confidence: float      # 0..1
    extra: dict = field(default_factory=dict)   # translations, recommendations, collection id …


@dataclass(frozen=True)
class ProviderSettings:
    """Everything the providers read; built from the site config elsewhere. Empty keys
    and URLs fall back to the environment (see `env_or`)."""
    tmdb_api_key: str | None = None
    tmdb_read_token: str | None = None
    tmdb_api_url: str | None = None
    tmdb_image_url: str | None = None
    omdb_api_key: str | None = None
    omdb_api_url: str | None = None
    language: str = "en-US"
    certification_country: str = "US"
    min_confidence: float = 0.7
    timeout: float = 10.0            # read timeout, seconds
    connect_timeout: float = 5.0
    retries: int = 4
    backoff_base: float = 1.0        # first retry waits about this long, doubling each time
    backoff_cap: float = 30.0
    retry_after_cap: float = 120.0   # a longer Retry-After fails the lookup instead of stalling
    rate_limit: float = 20.0         # requests per second per host; 0 = unlimited
    cache_path: Path | None = None   # SQLite file; None = no HTTP cache
    offline: bool = False
    refresh: bool = False            # ask the services again, whatever the cache holds (`refresh`)
    workers: int = 4


def env_or(value: str | None, name: str, default: str | None = None) -> str | None:
    """A configured value, else the environment variable, else the default."""
    return value or os.environ.get(name) or default


class Provider(ABC):
    """A metadata source. One instance per run; `lookup` may be called from many threads."""
    NAME: str = ""     # for people: "TMDB"
    ID: str = ""       # for data and config: "tmdb"
    min_confidence: float = 0.7

    @abstractmethod
    def available(self) -> bool:
        """Whether the provider can answer at all (credentials present, quota left)."""

    @abstractmethod
    def lookup(self, q: Query) -> Found | None:
        """The best match, or None. Raises ProviderError (fatal ones stop the run)."""


def is_confident(provider: Provider, found: Found | None) -> bool:
    return found is not None and found.confidence >= provider.min_confidence
