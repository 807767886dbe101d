"""API keys checked against the services before they are stored."""
from __future__ import annotations

from ..errors import ProviderError
from ..providers.base import ProviderSettings

TOKEN_PREFIX = "eyJ"   # TMDB's read access token is a JWT; a v3 API key is 32 hex digits


def tmdb_variable(key: str) -> str:
    return "TMDB_READ_ACCESS_TOKEN" if key.startswith(TOKEN_PREFIX) else "TMDB_API_KEY"


def check_tmdb(key: str, api_url: str | None = None) -> str | None:
    """None when TMDB accepts the key (or token); else why not, in one line."""
    from ..providers.tmdb import TmdbProvider
    token = key.startswith(TOKEN_PREFIX)
    settings = ProviderSettings(tmdb_api_key=None if token else key, tmdb_read_token=key if token else None,
                                tmdb_api_url=api_url, retries=1, timeout=10, rate_limit=0)
    return _verify(TmdbProvider(settings))


def check_omdb(key: str, api_url: str | None = None) -> str | None:
    from ..providers.omdb import OmdbProvider
    return _verify(OmdbProvider(ProviderSettings(omdb_api_key=key, omdb_api_url=api_url, retries=1,
                                                 timeout=10, rate_limit=0)))


def _verify(provider) -> str | None:
    try:
        provider.verify()
    except ProviderError as exc:
        return exc.reason
    finally:
        provider.http.close()
    return None
