"""The old flat keys: each still works for one release, moved to its group with a warning
naming the new key; old and new together are an error; unknown keys stay errors."""
from __future__ import annotations

import filecmp
import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.site.config import scan_settings
from movievault_build.site.config_moved import MOVED, RETIRED
from movievault_build.site.plugin import MovieVaultPlugin
from tests.helpers import jpeg, mkdocs_build, write

# A value for every old key, unlike its default, so a key that went nowhere shows.
SAMPLES = {
    "low_confidence": 0.3, "known_problems": ["accepted.nfo"],
    "fallback_order": ["tmdb"], "prefer": "online", "rating_source": "imdb", "tmdb_api_key": "k",
    "tmdb_read_token": "t", "tmdb_api_url": "http://127.0.0.1:9/3", "tmdb_image_url": "http://127.0.0.1:9/t/p",
    "omdb_api_key": "o", "omdb_api_url": "http://127.0.0.1:9/", "language": "fr-FR",
    "fallback_languages": ["de-DE"], "certification_country": "FR", "min_confidence": 0.9, "workers": 2,
    "rate_limit": 5, "timeout": 3, "retries": 1, "offline": True,
    "artwork_sources": ["local"], "copy_artwork": False, "nfo_download_images": False,
    "allow_hosts": ["127.0.0.1"], "image_max_bytes": 1000, "tmdb_image_size": {"poster": "w500"},
    "artwork_download_kinds": ["poster"], "actor_photos": 3, "master_max_width": 800,
    "write_nfo": True, "nfo_overwrite": True, "nfo_format": "plex",
    "probe": "off", "probe_timeout": 5, "thumbnails": True, "quarantine_dir": "aside",
    "build_workers": 2,
}


def load(tmp_path: Path, options: dict):
    plugin = MovieVaultPlugin()
    errors, warnings = plugin.load_config(options, str(tmp_path / "mkdocs.yml"))
    return plugin.config, [str(e) for _, e in errors], [w for _, w in warnings]


def grouped(options: dict) -> dict:
    out: dict = {}
    for old, value in options.items():
        group, key = MOVED[old].split(".")
        out.setdefault(group, {})[key] = value
    return out


def test_every_old_key_has_a_sample():
    assert set(SAMPLES) == set(MOVED)


@pytest.mark.parametrize("old", sorted(MOVED))
def test_an_old_key_lands_in_its_group_with_one_warning_naming_the_new_key(tmp_path, old):
    before, errors, warnings = load(tmp_path, {old: SAMPLES[old]})
    after, new_errors, new_warnings = load(tmp_path, grouped({old: SAMPLES[old]}))
    assert errors == new_errors == [] and new_warnings == []
    assert warnings == [f"`{old}` is deprecated; use `{MOVED[old]}`"]
    group, key = MOVED[old].split(".")
    assert before[group] == after[group] and before[group][key] != load(tmp_path, {})[0][group][key]
    assert scan_settings(before) == scan_settings(after)


def test_all_old_keys_at_once_equal_the_groups(tmp_path):
    before, errors, warnings = load(tmp_path, dict(SAMPLES))
    after, _, _ = load(tmp_path, grouped(SAMPLES))
    assert errors == [] and len(warnings) == len(MOVED)
    assert scan_settings(before) == scan_settings(after)
    assert all(before[group] == after[group] for group in {new.split(".")[0] for new in MOVED.values()})


@pytest.mark.parametrize("options", [{"show_paths": True}, {"show_paths": False},
                                     {"site": {"show_paths": True}}])
def test_a_retired_key_still_loads_with_one_warning_saying_to_remove_it(tmp_path, options):
    """`show_paths` never did anything (the site shows no library paths): it is accepted
    for one release, and the warning says so instead of naming a place to move it."""
    config, errors, warnings = load(tmp_path, options)
    assert errors == [] and len(warnings) == 1
    assert "show_paths` is retired and does nothing" in warnings[0] and warnings[0].endswith("remove it")
    assert scan_settings(config) == scan_settings(load(tmp_path, {})[0])
    assert set(RETIRED) == {"show_paths"}


@pytest.mark.parametrize("options", [
    {"tmdb_api_key": "a", "online": {"tmdb_api_key": "b"}},
    {"write_nfo": True, "nfo": {"write": False}},
    {"known_problems": ["a.nfo"], "scan": {"known_problems": ["b.nfo"]}},
    {"build_workers": None, "site": {"workers": 2}},      # an unset `!ENV` is still the old key
])
def test_old_and_new_key_together_is_an_error_naming_both(tmp_path, options):
    old = next(k for k in options if k in MOVED)
    _, errors, _ = load(tmp_path, options)
    assert errors == [f"`{old}` and `{MOVED[old]}` are both given; keep `{MOVED[old]}` only"]


def test_an_unset_env_old_key_still_warns(tmp_path):
    cfg, errors, warnings = load(tmp_path, {"tmdb_api_key": None})
    assert errors == [] and warnings == ["`tmdb_api_key` is deprecated; use `online.tmdb_api_key`"]
    assert cfg.online.tmdb_api_key is None


def test_an_old_key_moves_into_the_scan_short_form(tmp_path):
    cfg, errors, _ = load(tmp_path, {"scan": "never", "low_confidence": 0.2})
    assert errors == [] and (cfg.scan.when, cfg.scan.low_confidence) == ("never", 0.2)


@pytest.mark.parametrize("options, key", [({"tmdb_key": "x"}, "tmdb_key"), ({"online": {"tmdb_key": "x"}}, "tmdb_key"),
                                          ({"nfo": {"write_nfo": True}}, "write_nfo")])
def test_unknown_keys_stay_errors(tmp_path, options, key):
    _, errors, _ = load(tmp_path, options)
    assert errors and "Unrecognised configuration name" in errors[0] and key in errors[0]


# -- whole builds ---------------------------------------------------------------------------------
OLD = """\
    probe: "off"
    offline: true
    language: de-DE
    write_nfo: false
    low_confidence: 0.5
    actor_photos: 0
    build_workers: 1
"""
NEW = """\
    media: {probe: "off"}
    online: {offline: true, language: de-DE}
    nfo: {write: false}
    scan: {low_confidence: 0.5}
    artwork: {actor_photos: 0}
    site: {workers: 1}
"""


def _site(root: Path, block: str) -> Path:
    write(root / "lib", "Heat (1995)/Heat (1995).mkv")
    write(root / "lib", "Heat (1995)/poster.jpg", jpeg())
    write(root / "lib", "Alien (1979)/Alien.1979.mkv")
    write(root / "docs", "index.md", "# Home\n")
    cfg = root / "mkdocs.yml"
    cfg.write_text("site_name: Films\ntheme:\n  name: material\nplugins:\n  - movievault:\n"
                   "      library: [lib]\n" + textwrap.indent(textwrap.dedent(block), "      "))
    return cfg


def _same_tree(a: Path, b: Path) -> list[str]:
    cmp = filecmp.dircmp(a, b)
    out = [str(Path(a, n)) for n in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files]
    return out + [d for sub in cmp.subdirs for d in _same_tree(a / sub, b / sub)]


@pytest.mark.slow
def test_old_keys_build_the_same_site_as_new_ones_and_fail_strict(tmp_path):
    old, new = _site(tmp_path / "old", OLD), _site(tmp_path / "new", NEW)
    built_new = mkdocs_build(new, "--strict")
    assert built_new.returncode == 0, built_new.stderr
    strict = mkdocs_build(old, "--strict")     # a deprecation is a configuration warning: strict fails
    assert strict.returncode != 0 and "`probe` is deprecated; use `media.probe`" in strict.stderr
    built_old = mkdocs_build(old)
    assert built_old.returncode == 0, built_old.stderr
    lines = [line for line in built_old.stderr.splitlines() if "is deprecated; use" in line]
    assert len(lines) == 7 and "`build_workers` is deprecated; use `site.workers`" in built_old.stderr
    assert _same_tree(tmp_path / "old" / "site", tmp_path / "new" / "site") == []
    assert _same_tree(tmp_path / "old" / "content", tmp_path / "new" / "content") == []


def test_the_cli_warns_about_old_keys_too(tmp_path, capsys):
    cfg = _site(tmp_path, "probe: \"off\"\noffline: true\n")
    assert main(["ls", "--config", str(cfg)]) == 0
    err = capsys.readouterr().err
    assert "`probe` is deprecated; use `media.probe`" in err and "`offline` is deprecated; use `online.offline`" in err


def test_the_readme_lists_every_moved_key():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert [old for old, new in MOVED.items() if f"| `{old}` | `{new}` |" not in readme] == []
