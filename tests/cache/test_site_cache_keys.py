"""Every setting that shapes what the site's caches keep is in the key it is kept under
(the scan's caches: tests/test_scan_cache_keys.py). Each setting is listed, so a new one
fails here until it is keyed (or said why it shapes nothing cached); a cache whose key
misses a setting serves last build's output after the setting changed."""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import fields, replace

import pytest

from movievault_build.artwork.variants import ImageSettings
from movievault_build.site.config import image_settings
from movievault_build.site.config_groups import ImagesConfig, SiteConfig
from movievault_build.site.plugin import MovieVaultPlugin
from tests.helpers import jpeg, mkdocs_build, site_with_plugin, write

# One other value per field of the variants' settings (artwork/variants.py).
IMAGE = {"widths": {"poster": (100,)}, "formats": ("webp",), "quality": {"avif": 60, "webp": 50, "jpeg": 82},
         "effort": {"avif": 9, "webp": 6, "jpeg": 1}, "fallback_widths": {"poster": (80,)},
         "kind_quality": {"poster": {"webp": 40}}, "max_pixels": 1_000_000, "jpeg_background": "#000000"}
# Of those, what shapes one variant file's bytes (its key: variant_fingerprint); the rest
# choose which files there are (their width and format are in the key) or guard decoding.
PER_FILE = {"quality": "webp", "effort": "webp", "kind_quality": "webp", "jpeg_background": "jpeg"}
# The plugin's `images:` options, as a user writes them.
IMAGES_OPTIONS = {"profile": "full", "formats": ["webp"], "widths": {"poster": [100]},
                  "fallback_widths": {"poster": [80]}, "quality": {"webp": 50}, "effort": {"webp": 6}}
IMAGES_NOT_IN_KEY = {"workers": "how many processes encode, not what they make"}
SITE_NOT_IN_KEY = {"allow_indexing": "robots.txt is written afresh by every build, from no cache",
                   "show_paths": "retired: it does nothing (site/config_moved.py RETIRED)",
                   "workers": "how many processes render, not what they make"}
SITE_IN_KEY = {"person_page_min_films": "the library digest, hence the catalog's key (site/page_inputs.py)"}


def test_every_image_setting_is_listed():
    assert set(IMAGE) == {f.name for f in fields(ImageSettings)}


@pytest.mark.parametrize("name", sorted(IMAGE))
def test_each_image_setting_changes_the_site_art_key(name):
    assert replace(ImageSettings(), **{name: IMAGE[name]}).fingerprint() != ImageSettings().fingerprint()


@pytest.mark.parametrize("name", sorted(PER_FILE))
def test_each_encoding_setting_changes_its_formats_variant_keys_only(name):
    before, after = ImageSettings(), replace(ImageSettings(), **{name: IMAGE[name]})
    fmt = PER_FILE[name]
    assert after.variant_fingerprint(fmt, 100, "poster") != before.variant_fingerprint(fmt, 100, "poster")
    for other in {"avif", "webp", "jpeg"} - {fmt}:
        assert after.variant_fingerprint(other, 100, "poster") == before.variant_fingerprint(other, 100, "poster")


def test_the_decoding_guard_is_in_the_manifests_key():
    bigger = replace(ImageSettings(), max_pixels=IMAGE["max_pixels"])
    assert bigger.decoder_fingerprint() != ImageSettings().decoder_fingerprint()


def plugin_config(**options):
    plugin = MovieVaultPlugin()
    errors, _warnings = plugin.load_config(options)
    assert not errors, errors
    return plugin.config


def test_every_images_and_site_option_is_listed():
    assert set(IMAGES_OPTIONS) | set(IMAGES_NOT_IN_KEY) == {k for k, _ in ImagesConfig._schema}
    assert set(SITE_IN_KEY) | set(SITE_NOT_IN_KEY) == {k for k, _ in SiteConfig._schema}


@pytest.mark.parametrize("name", sorted(IMAGES_OPTIONS))
def test_each_images_option_changes_the_variants_settings(name):
    default = image_settings(plugin_config()).fingerprint()
    assert image_settings(plugin_config(images={name: IMAGES_OPTIONS[name]})).fingerprint() != default


def test_the_person_page_threshold_is_in_the_catalogs_key(tmp_path):
    """Keyed once, in the library's digest (the catalog's key is that digest): a catalog
    remembered under one threshold is not served under another."""
    from movievault_build.model import movie_from_metadata
    from movievault_build.site.page_inputs import PageInputs
    from movievault_build.site.pages import remembered_catalog

    movies = [movie_from_metadata(slug, {"title": slug, "year": 1990, "directors": [name]})
              for slug, name in (("a", "Once Only"), ("b", "Twice"), ("c", "Twice"))]
    memo = tmp_path / "catalog.marshal"
    people = lambda cat: {g.name for g in cat.groups["person"].values()}     # noqa: E731

    def catalog(min_films: int):
        inputs = PageInputs(tmp_path / "digests.marshal")
        inputs.add_library(movies, {m.slug: m.slug for m in movies}, "art", f"person_page_min_films={min_films}")
        return remembered_catalog(movies, inputs.library, memo, min_films)

    assert people(catalog(1)) == {"Once Only", "Twice"}
    assert people(catalog(2)) == {"Twice"}
    assert people(catalog(1)) == {"Once Only", "Twice"}
    assert people(remembered_catalog(movies, "", memo, 2)) == {"Twice"}     # no digest: built afresh


# -- end to end: a warm build after a setting changed is the cold build of that setting --
NFO = "<movie><title>{t}</title><year>{y}</year><director>{d}</director><genre>Crime</genre></movie>"
CHANGES = {
    "variants' quality": "images: {quality: {webp: 40, avif: 40}}\n",
    "variants' profile": "images: {profile: full}\n",
    "person pages": "site: {person_page_min_films: 1}\n",      # the default is 2
    "users on every page": "users: [{name: ann}, {name: bob}]\n",
}


def tree(site) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.mark.slow
@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_setting_gives_the_cold_builds_site(tmp_path, monkeypatch, change):
    for var in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    lib = tmp_path / "lib"
    for title, year, director, colour in (("Heat", 1995, "Michael Mann", (200, 30, 30)),
                                          ("Thief", 1981, "Michael Mann", (30, 200, 30)),
                                          ("Alien", 1979, "Ridley Scott", (30, 30, 200))):
        write(lib, f"{title} ({year})/{title} ({year}).mkv", b"\x1aE\xdf\xa3")
        write(lib, f"{title} ({year})/movie.nfo", NFO.format(t=title, y=year, d=director))
        write(lib, f"{title} ({year})/poster.jpg", jpeg(300, 450, colour))
    block = f"library: ['{lib}']\ncontent_dir: content\nonline: {{offline: true}}\n"
    cfg = site_with_plugin(tmp_path, block)
    assert mkdocs_build(cfg).returncode == 0
    before = tree(tmp_path / "site")
    cfg = site_with_plugin(tmp_path, block + CHANGES[change])
    warm = mkdocs_build(cfg)
    assert warm.returncode == 0, warm.stderr
    after = tree(tmp_path / "site")
    assert after != before                           # the setting shows on the site
    shutil.rmtree(tmp_path / ".cache")
    shutil.rmtree(tmp_path / "site")
    cold = mkdocs_build(cfg)
    assert cold.returncode == 0, cold.stderr
    assert tree(tmp_path / "site") == after
