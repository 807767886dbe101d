"""mkdocs.yml, read and written round-trip (ruamel.yaml): comments, key order, MkDocs'
`!ENV` and `!!python/name:` tags survive; only the keys init answers for change."""
from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, TaggedScalar
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..errors import UserError
from ..fsutil import atomic_write_text
from .answers import Answers
from .keys import tmdb_variable

PLUGIN = "movievault"
ONLINE_ORDER = ["nfo", "tmdb", "omdb"]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)   # MkDocs' own style: "  - search"
    return yaml


def template() -> str:
    return resources.files(__package__).joinpath("files/mkdocs.yml").read_text("utf-8")


def load(path: Path) -> CommentedMap:
    """The config as written (the template when there is none yet)."""
    text = path.read_text("utf-8") if path.is_file() else template()
    try:
        data = _yaml().load(text)
    except Exception as exc:   # ruamel's many YAMLError kinds
        raise UserError(f"{path}: not valid YAML: {' '.join(str(exc).split())[:200]}") from None
    if not isinstance(data, CommentedMap):
        raise UserError(f"{path}: not a mapping of settings")
    return data


def plugin_block(config: CommentedMap) -> CommentedMap:
    """The `movievault:` options, the plugin (and its block) added when missing."""
    plugins = config.get("plugins")
    if plugins is None:
        config["plugins"] = plugins = _yaml().load("- search\n")
    if not isinstance(plugins, list):
        raise UserError("mkdocs.yml: `plugins:` is not a list; add `- movievault` by hand")
    for i, entry in enumerate(plugins):
        if entry == PLUGIN:
            plugins[i] = CommentedMap({PLUGIN: CommentedMap()})
            return plugins[i][PLUGIN]
        if isinstance(entry, dict) and PLUGIN in entry:
            if entry[PLUGIN] is None:
                entry[PLUGIN] = CommentedMap()
            return entry[PLUGIN]
    plugins.append(CommentedMap({PLUGIN: CommentedMap()}))
    return plugins[-1][PLUGIN]


def env(name: str) -> TaggedScalar:
    return TaggedScalar(value=name, tag="!ENV")


def apply(config: CommentedMap, a: Answers, key_names: dict[str, str]) -> None:
    """Put the answers into the config, in place. `key_names`: provider -> the environment
    variable holding its key (only names go into mkdocs.yml)."""
    config["site_name"] = a.site_name
    block = plugin_block(config)
    _set(block, "library", a.libraries)
    _set(block, "content_dir", a.content_dir)
    _set(block, "fallback_order", None if a.online else ["nfo"])
    _set(block, "copy_artwork", None if a.artwork else False)
    _set(block, "artwork_sources", None if a.online or not a.artwork else ["local", "nfo"])
    _set(block, "probe", None if a.probe else DoubleQuotedScalarString("off"))   # bare off is false in YAML 1.1
    _set(block, "write_nfo", True if a.write_nfo else None)
    for provider, variable in key_names.items():
        option = "tmdb_read_token" if variable == "TMDB_READ_ACCESS_TOKEN" else f"{provider}_api_key"
        _set(block, option, env(variable))


def _set(block: CommentedMap, key: str, value: Any) -> None:
    """Set a value; None removes the key (back to the default). Equal values are left
    alone, so their comments and quoting stay."""
    if value is None:
        block.pop(key, None)
    elif _plain(block.get(key)) != _plain(value):
        block[key] = value


def _plain(value: Any) -> Any:
    if isinstance(value, TaggedScalar):
        return (value.tag.value if hasattr(value.tag, "value") else str(value.tag), str(value.value))
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def dump(config: CommentedMap) -> str:
    buf = io.StringIO()
    _yaml().dump(config, buf)
    return buf.getvalue()


def write(path: Path, config: CommentedMap) -> bool:
    text = dump(config)
    if path.is_file() and path.read_text("utf-8") == text:
        return False
    atomic_write_text(path, text)
    return True


def key_names(a: Answers) -> dict[str, str]:
    """provider -> environment variable, for the keys given (or already in the env)."""
    out = {}
    if a.online and a.tmdb_key:
        out["tmdb"] = tmdb_variable(a.tmdb_key)
    if a.online and a.omdb_key:
        out["omdb"] = "OMDB_API_KEY"
    return out
