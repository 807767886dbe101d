"""load_providers: built-ins in the configured order, plugins from entry points."""
import pytest

from movievault_build.errors import UserError
from movievault_build.providers import registry
from movievault_build.providers.registry import load_providers
from movievault_build.providers.omdb import OmdbProvider
from movievault_build.providers.tmdb import TmdbProvider


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
