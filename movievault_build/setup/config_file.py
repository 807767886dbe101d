"""mkdocs.yml, read and written round-trip (ruamel.yaml): comments, key order, MkDocs'
`!ENV` and `!!python/name:` tags survive; only the keys init answers for change."""
from __future__ import annotations

import io
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

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
    _set(block, "online.fallback_order", None if a.online else ["nfo"])
    _set(block, "artwork.copy_local", None if a.artwork else False)
    _set(block, "artwork.sources", None if a.online or not a.artwork else ["local", "nfo"])
    _set(block, "media.probe", None if a.probe else DoubleQuotedScalarString("off"))   # bare off is false in YAML 1.1
    _set(block, "nfo.write", True if a.write_nfo else None)
    for provider, variable in key_names.items():
        option = "tmdb_read_token" if variable == "TMDB_READ_ACCESS_TOKEN" else f"{provider}_api_key"
        _set(block, f"online.{option}", env(variable))


def migrate(block: CommentedMap, moved: Mapping[str, str], short_forms: Mapping[str, str]) -> list[tuple[str, str]]:
    """Old flat keys moved to their groups (`moved`: old -> "group.key"), in place; the
    pairs moved. A group given as a scalar short form becomes a mapping first."""
    done = []
    for old, new in moved.items():
        if old not in block:
            continue
        group_name, key = new.split(".")
        group = block.get(group_name)
        if group_name in short_forms and group is not None and not isinstance(group, dict):
            group = block[group_name] = CommentedMap({short_forms[group_name]: group})
        if isinstance(group, dict) and key in group:
            raise UserError(f"mkdocs.yml: `{old}` and `{new}` are both given; keep `{new}` only")
        if group is not None and not isinstance(group, dict):
            raise UserError(f"mkdocs.yml: `{group_name}` is not a mapping; move `{old}` to `{new}` by hand")
        _set(block, new, block.pop(old))
        done.append((old, new))
    return done


def _set(block: CommentedMap, key: str, value: Any) -> None:
    """Set a value (`group.key` inside its group); None removes the key (back to the
    default), and an emptied group with it. Equal values are left alone, so their
    comments and quoting stay."""
    *groups, key = key.split(".")
    for name in groups:
        if not isinstance(block.get(name), dict):
            if value is None:
                return
            block[name] = CommentedMap()
        parent, block = block, block[name]
    if value is None:
        block.pop(key, None)
        if groups and not block:
            parent.pop(groups[-1])
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
