"""The online-metadata options in mkdocs.yml: typed, `!ENV` for keys, paths next to mkdocs.yml."""
from __future__ import annotations

import textwrap

import pytest

from movievault_build.cli.context import load_settings
from movievault_build.errors import UserError


def config(tmp_path, block: str):
    (tmp_path / "docs").mkdir(exist_ok=True)
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: t\ndocs_dir: docs\nplugins:\n  - movievault:\n"
                   + textwrap.indent(textwrap.dedent(block), "      "))
    return str(cfg)


def test_online_options_reach_the_engine(tmp_path, monkeypatch):
    monkeypatch.setenv("MV_TEST_KEY", "k-from-env")
    s = load_settings(config(tmp_path, """\
        online:
          tmdb_api_key: !ENV MV_TEST_KEY
          fallback_order: [tmdb, nfo]
          prefer: online
          rating_source: rottentomatoes
          fallback_languages: [de-DE]
          workers: 8
          rate_limit: 40
          offline: true
        cache_dir: cache/http
        """))
    p = s.online.providers
    assert (p.tmdb_api_key, p.workers, p.rate_limit, p.offline) == ("k-from-env", 8, 40.0, True)
    assert s.online.fallback_order == ("tmdb", "nfo") and s.online.prefer == "online"
    assert s.online.rating_source == "rottentomatoes" and s.online.fallback_languages == ("de-DE",)
    assert s.cache_dir == tmp_path / "cache" / "http"


def test_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("MV_TEST_KEY", raising=False)
    s = load_settings(config(tmp_path, "online: {tmdb_api_key: !ENV MV_TEST_KEY}\n"))
    assert s.online.providers.tmdb_api_key is None and s.online.prefer is None
    assert s.cache_dir == tmp_path / ".cache" / "movievault"


@pytest.mark.parametrize("block, key", [("online: {prefer: always}\n", "prefer"), ("online: {workers: many}\n", "workers"),
                                        ("online: {rating_source: letterboxd}\n", "rating_source"),
                                        ("tmdb_key: x\n", "tmdb_key")])
def test_bad_online_options_name_the_key(tmp_path, block, key):
    with pytest.raises(UserError, match=key):
        load_settings(config(tmp_path, block))
