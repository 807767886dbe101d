"""ruamel.yaml's safe loading, with a direct path for plain front matter.

For a content file's few hundred values ruamel.yaml's Python side cost more than its C
parser: the resolver rebuilt its table of patterns for every document and made a new
tag object for every number, boolean and null (whose text it then decoded character by
character), and the constructor built every mapping and list through a generator, a memo
of every node and a search of its constructors by tag.

Here the table is built once, a tag once per name, and a document made only of mappings,
lists, strings, numbers, booleans and nulls, without aliases or merge keys, is built
directly, value for value as ruamel.yaml builds it (its own scalar constructors make the
numbers and booleans). Anything else — a tag such as `!!set` or a timestamp, a duplicate
or unhashable key, an alias — is left to ruamel.yaml's constructor whole, which builds it,
or names the problem, as it always did.
"""
from __future__ import annotations

from typing import Any

from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.tag import Tag

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = VersionedResolver.DEFAULT_SCALAR_TAG, VersionedResolver.DEFAULT_MAPPING_TAG, \
    VersionedResolver.DEFAULT_SEQUENCE_TAG
_TAGS: dict[str, Tag] = {}       # resolved tag name -> the one tag object handed out for it
# scalar tags whose constructors return a value outright (no generator, no recursion)
_SCALARS = {_TAG + name: getattr(SafeConstructor, f"construct_yaml_{name}") for name in ("null", "bool", "int", "float")}


class OneVersionResolver(VersionedResolver):
    """ruamel.yaml's resolver, its table built once for all documents: with the C parser
    the YAML version is 1.2 for every document (a `%YAML` directive is not read), so the
    table never changes. A plain scalar's tag is looked up as ruamel.yaml looks it up."""

    _table: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if OneVersionResolver._table is None:
            OneVersionResolver._table = VersionedResolver.versioned_resolver.fget(self)
        return OneVersionResolver._table

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not ScalarNode or not implicit[0] or self.yaml_path_resolvers:
            return super().resolve(kind, value, implicit)
        table = self.versioned_resolver
        for tag, regexp in (*table.get(value[0] if value else "", ()), *table.get(None, ())):
            if regexp.match(value):
                return _TAGS.get(tag) or _tag(tag)
        return self.DEFAULT_SCALAR_TAG


def _tag(name: str) -> Tag:
    tag = _TAGS[name] = Tag(suffix=name)
    str(tag)                    # its text worked out once, here
    return tag


class _NotPlain(Exception):
    """The document needs ruamel.yaml's own constructor."""


class PlainConstructor(SafeConstructor):
    def construct_document(self, node: Any) -> Any:
        if not self.constructed_objects and not self.recursive_objects and not self.state_generators:
            try:
                return self._plain(node, set())
            except _NotPlain:
                pass
        return super().construct_document(node)

    def _plain(self, node: Any, seen: set[int]) -> Any:
        kind, tag = type(node), node.ctag
        if kind is ScalarNode:
            if tag is _STR:
                return node.value
            name = str(tag) if isinstance(tag, Tag) else None
            scalar = _SCALARS.get(name) if name is not None and _TAGS.get(name) is tag else None
            if scalar is None:      # a tag not from the resolver (`!!str 1`), or not plain
                raise _NotPlain
            return scalar(self, node)
        if id(node) in seen:            # an alias: the same node again (ruamel.yaml shares it)
            raise _NotPlain
        seen.add(id(node))
        if kind is MappingNode and tag is _MAP and getattr(node, "merge", None) is None:
            data: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self._plain(key_node, seen)
                if type(key_node) is not ScalarNode or key in data:   # a composite or duplicate key
                    raise _NotPlain
                data[key] = self._plain(value_node, seen)
            return data
        if kind is SequenceNode and tag is _SEQ:
            return [self._plain(child, seen) for child in node.value]
        raise _NotPlain
