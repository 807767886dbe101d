"""Fixtures for the artwork tests."""
from __future__ import annotations

import pytest

from movievault_build.artwork.cache import VariantCache
from movievault_build.artwork.variants import ImageSettings


@pytest.fixture
def cache(tmp_path) -> VariantCache:
    c = VariantCache(tmp_path / "cache")
    yield c
    c.close()


@pytest.fixture
def fast() -> ImageSettings:
    """Small widths and fast efforts: the behaviour under test, not the codecs' speed."""
    return ImageSettings(widths={"poster": (100, 200, 400), "fanart": (320, 640), "thumb": (64,)},
                         effort={"avif": 10, "webp": 0, "jpeg": 0})
