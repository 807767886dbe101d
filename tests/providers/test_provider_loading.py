"""load_providers: built-ins in the configured order, plugins from entry points."""
import os
import subprocess
import sys

import pytest

from benchmarks.make_library import make_library

from movievault_build.errors import UserError
from movievault_build.providers import registry
from movievault_build.providers.registry import load_providers
from movievault_build.providers.omdb import OmdbProvider
from movievault_build.providers.tmdb import TmdbProvider
from tests.helpers import REPO


def test_load_providers_in_order_sharing_one_client(make_settings):
    tmdb, omdb = load_providers(["tmdb", "omdb"], make_settings())
    assert isinstance(tmdb, TmdbProvider) and isinstance(omdb, OmdbProvider)
    assert tmdb.http is omdb.http
    with pytest.raises(UserError, match="unknown metadata provider 'nope'"):
        load_providers(["nope"], make_settings())


class PluginProvider:
    NAME, ID = "Plugin", "plugin"

    def __init__(self, settings):
        self.settings = settings


class FakeEntryPoint:
    name = "plugin"

    def load(self):
        return PluginProvider


def test_load_providers_from_entry_points(make_settings, monkeypatch):
    monkeypatch.setattr(registry, "entry_points", lambda group: [FakeEntryPoint()]
                        if group == "movievault.providers" else [])
    [plugin] = load_providers(["plugin"], make_settings())
    assert isinstance(plugin, PluginProvider)


@pytest.mark.parametrize("env", [{}, {"TMDB_API_KEY": "k"}, {"TMDB_READ_ACCESS_TOKEN": "t"},
                                 {"OMDB_API_KEY": "k"}, {"TMDB_API_KEY": "k", "OMDB_API_KEY": "k"}])
def test_unkeyed_says_what_available_says_without_loading(make_settings, monkeypatch, env):
    for name in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = make_settings()
    loaded = load_providers(["tmdb", "omdb"], settings)
    assert registry.unkeyed(["tmdb", "omdb"], settings) == {p.ID: p.NAME for p in loaded if not p.available()}
    assert registry.unkeyed(["plugin"], settings) == {}      # a plugin is asked itself


def test_a_scan_with_no_key_stores_local_artwork_without_the_http_stack(tmp_path):
    """In a fresh interpreter (this one imported requests long ago): a first scan with
    posters and no provider key reads every master from the disk and loads no HTTP stack."""
    lib = tmp_path / "lib"
    make_library(8, lib, seed=3)
    code = ("import sys\nfrom pathlib import Path\nfrom movievault_build.scan import pipeline\n"
            "from movievault_build.settings import ScanSettings\nout = Path(sys.argv[2])\n"
            "report = pipeline.scan(ScanSettings(roots=(Path(sys.argv[1]),), content_dir=out / 'content',\n"
            "                                    cache_dir=out / 'cache', probe='off'))\n"
            "images = list((out / 'content' / 'images').rglob('poster.*'))\n"
            "print(len(report.new) > 5, len(images) > 2, 'requests' in sys.modules, 'urllib3' in sys.modules)\n")
    env = {k: v for k, v in os.environ.items() if k not in ("TMDB_API_KEY", "TMDB_READ_ACCESS_TOKEN", "OMDB_API_KEY")}
    env["PYTHONPATH"] = str(REPO)
    done = subprocess.run([sys.executable, "-c", code, str(lib), str(tmp_path / "out")], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.split() == ["True", "True", "False", "False"], done.stderr[-2000:]
