"""Every setting that shapes what the scan keeps is in the key it is kept under: the scan
state's settings fingerprint (scan/plan.py). Kept movies are replayed from the state,
warnings included, so a setting left out serves stale output until `scan --full`.

The other caches under .cache/movievault have their own tests of the same promise:
image variants (tests/artwork/test_artwork_cache.py, test_artwork_variants.py), the HTTP
cache (its key is the request: language and ids are parameters), probe facts (the file's
size and mtime, PROBE_VERSION), parsed content and the movie snapshot (the file's bytes
and stat, their VERSION)."""
from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path

import pytest

from movievault_build.providers.base import ProviderSettings
from movievault_build.scan.plan import settings_fingerprint
from movievault_build.settings import ArtworkSettings, OnlineSettings, ScanSettings

# One other value per artwork setting; every field is listed, so a new one fails here
# until it is added (and so is in the fingerprint, or said why not).
ARTWORK = {
    "sources": ("tmdb", "local"), "nfo_download_images": False, "allow_hosts": ("nas.local",),
    "image_max_bytes": 1024, "tmdb_image_size": {"poster": "w500", "fanart": "w1280"},
    "download_kinds": ("poster",), "actor_photos": 0, "master_max_width": 800, "retries": 5,
}
ONLINE = {"fallback_order": ("tmdb", "nfo"), "prefer": "online", "rating_source": "imdb",
          "fallback_languages": ("fr-FR",)}
ONLINE_NOT_IN_KEY = {"providers": "its fields that shape the output are checked one by one below",
                     "cache_dir": "where the HTTP cache lives, not what it answers"}
PROVIDERS = {"language": "de-DE", "certification_country": "DE", "min_confidence": 0.9,
             "tmdb_api_url": "http://127.0.0.1:9/3", "omdb_api_url": "http://127.0.0.1:9/"}
SCAN = {"copy_artwork": False, "low_confidence": 0.9, "thumbnails": True, "extra": {"a": 1},
        "content_dir": Path("elsewhere")}


def base() -> ScanSettings:
    return ScanSettings(roots=(Path("lib"),), content_dir=Path("content"), probe="off")


def fingerprint(settings: ScanSettings, labels=None, ffprobe=None) -> str:
    return settings_fingerprint(settings, labels or {Path("lib"): "lib"}, ffprobe)


def test_every_artwork_setting_is_listed():
    assert set(ARTWORK) == {f.name for f in fields(ArtworkSettings)}


def test_every_online_setting_is_listed():
    assert set(ONLINE) | set(ONLINE_NOT_IN_KEY) == {f.name for f in fields(OnlineSettings)}


@pytest.mark.parametrize("name", sorted(ARTWORK))
def test_each_artwork_setting_changes_the_scan_fingerprint(name):
    s = base()
    assert fingerprint(replace(s, artwork=replace(s.artwork, **{name: ARTWORK[name]}))) != fingerprint(s)


@pytest.mark.parametrize("name", sorted(ONLINE))
def test_each_online_setting_changes_the_scan_fingerprint(name):
    s = base()
    assert fingerprint(replace(s, online=replace(s.online, **{name: ONLINE[name]}))) != fingerprint(s)


@pytest.mark.parametrize("name", sorted(PROVIDERS))
def test_each_provider_setting_that_shapes_answers_changes_the_scan_fingerprint(name):
    s = base()
    providers = replace(s.online.providers, **{name: PROVIDERS[name]})
    assert fingerprint(replace(s, online=replace(s.online, providers=providers))) != fingerprint(s)


@pytest.mark.parametrize("name", sorted(SCAN))
def test_each_scan_setting_that_shapes_front_matter_changes_the_scan_fingerprint(name):
    s = base()
    assert fingerprint(replace(s, **{name: SCAN[name]})) != fingerprint(s)


def test_roots_labels_and_ffprobe_change_the_scan_fingerprint():
    s = base()
    assert fingerprint(s, {Path("lib"): "other"}) != fingerprint(s)
    assert fingerprint(s, ffprobe="/usr/bin/ffprobe") != fingerprint(s)


def test_a_key_changes_whether_a_provider_answers_but_never_appears(monkeypatch):
    for var in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    s = base()
    keyed = replace(s, online=replace(s.online, providers=ProviderSettings(tmdb_api_key="sekrit-key")))
    other = replace(s, online=replace(s.online, providers=ProviderSettings(tmdb_api_key="another-key")))
    assert fingerprint(keyed) != fingerprint(s)
    assert fingerprint(keyed) == fingerprint(other)      # which key is no part of it


def test_the_same_settings_give_the_same_fingerprint():
    assert fingerprint(base()) == fingerprint(base())
    assert fingerprint(replace(base(), artwork=ArtworkSettings())) == fingerprint(base())


def test_everything_a_scan_keeps_is_where_the_cache_table_says(tmp_path, monkeypatch):
    from movievault_build.scan import pipeline
    from movievault_build.cache.layout import PATHS
    from tests.helpers import write

    for var in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    write(tmp_path / "lib", "Heat (1995)/Heat (1995).mkv", b"\x1aE\xdf\xa3")
    write(tmp_path / "lib", "Alien (1979)/Alien (1979).mkv", b"\x1aE\xdf\xa3")
    settings = ScanSettings(roots=(tmp_path / "lib",), content_dir=tmp_path / "content", probe="off",
                            cache_dir=tmp_path / "cache",
                            online=OnlineSettings(providers=ProviderSettings(offline=True)))
    pipeline.scan(settings)
    pipeline.scan(settings)
    kept = {p.name for p in (tmp_path / "cache").iterdir()}
    named = set(PATHS.values())
    assert kept and {k for k in kept if not any(k == n or k.startswith(n + "-") for n in named)} == set()
    assert PATHS["scan_state"] in kept
