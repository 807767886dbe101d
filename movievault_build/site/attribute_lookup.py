"""`movie.title` in a template, looked up the cheap way when `movie` is a plain dict.

Jinja's `Environment.getattr` tries the attribute first and the item second, so every
`a.b` on a dict raises and catches an AttributeError before it reads `a["b"]`. The
generated pages' views are plain dicts (site/render.py keys pages by their JSON), read
hundreds of times a page: the exceptions were about a sixth of rendering one. For a
plain dict the attribute exists only when `dict` has it, so asking the item first for
any other name gives what Jinja would, undefined values included.
"""
from __future__ import annotations

from typing import Any

import jinja2

_DICT_ATTRIBUTES = frozenset(dir(dict))


def install(env: jinja2.Environment) -> None:
    """Give `env` the dict-first lookup; a sandboxed or otherwise customised environment
    keeps its own (its rules may refuse what a plain lookup allows)."""
    if type(env).getattr is not jinja2.Environment.getattr:
        return
    env.getattr = _lookup(env)


def _lookup(env: jinja2.Environment):
    general = env.getattr

    def getattr(obj: Any, attribute: str) -> Any:     # noqa: A001 - Jinja's name
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return env.undefined(obj=obj, name=attribute)
        return general(obj, attribute)

    return getattr
