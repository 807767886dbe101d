"""pytest fixtures that start and stop the fake API servers. Use them from a conftest.py:
`from tests.fakes.conftest_fixtures import *  # noqa: F401,F403`."""
from __future__ import annotations

from dataclasses import replace
from typing import Callable, Iterator

import pytest

from movievault_build.providers.base import ProviderSettings

from .omdb_server import API_KEY as OMDB_KEY, FakeOmdb
from .tmdb_server import API_KEY as TMDB_KEY, FakeTmdb

__all__ = ["tmdb_server", "omdb_server", "make_settings", "no_provider_env"]


@pytest.fixture
def tmdb_server() -> Iterator[FakeTmdb]:
    with FakeTmdb() as server:
        yield server


@pytest.fixture
def omdb_server() -> Iterator[FakeOmdb]:
    with FakeOmdb() as server:
        yield server


@pytest.fixture
def no_provider_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep a developer's real keys and URLs out of the tests."""
    for name in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "TMDB_API_URL", "TMDB_IMAGE_URL",
                 "OMDB_API_KEY", "OMDB_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def make_settings(tmp_path, tmdb_server: FakeTmdb, omdb_server: FakeOmdb,
                  no_provider_env: None) -> Callable[..., ProviderSettings]:
    """Settings pointing at the fakes, with a per-test cache and tiny backoff."""
    base = ProviderSettings(
        tmdb_api_key=TMDB_KEY, tmdb_api_url=f"{tmdb_server.url}/3",
        tmdb_image_url="https://img.test/t/p", omdb_api_key=OMDB_KEY,
        omdb_api_url=f"{omdb_server.url}/", timeout=0.5, connect_timeout=0.5, retries=3,
        backoff_base=0.01, backoff_cap=0.05, retry_after_cap=5.0, rate_limit=0,
        cache_path=tmp_path / "http-cache.sqlite")

    def make(**changes) -> ProviderSettings:
        return replace(base, **changes)
    return make
