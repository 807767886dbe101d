"""`a.b` in templates with the dict-first lookup (site/attribute_lookup.py) renders what
Jinja's own lookup renders, for dicts and for everything else."""
from __future__ import annotations

import collections

import jinja2
import jinja2.sandbox
import pytest

from movievault_build.site.attribute_lookup import install

TEMPLATE = ("{{ d.title }}|{{ d.missing is defined }}|{{ d.items is callable }}|{{ d.get('title') }}|"
            "{{ d.__class__.__name__ }}|{{ o.title }}|{{ o.real }}|{{ n.x is defined }}|{{ d.__dict__ is defined }}")


def render(env: jinja2.Environment, **values) -> str:
    return env.from_string(TEMPLATE).render(**values)


@pytest.mark.parametrize("undefined", [jinja2.Undefined, jinja2.ChainableUndefined])
def test_renders_as_jinjas_own_lookup(undefined):
    values = dict(d={"title": "Heat", "items": "not the method"},
                  o=collections.OrderedDict(title="Ronin"), n=None)
    plain, fast = jinja2.Environment(undefined=undefined), jinja2.Environment(undefined=undefined)
    install(fast)
    assert render(fast, **values) == render(plain, **values)
    assert render(fast, **values).startswith("Heat|False|True|Heat|dict|Ronin|")


def test_a_missing_key_under_strict_undefined_still_fails():
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    install(env)
    with pytest.raises(jinja2.UndefinedError, match="'dict object' has no attribute 'plot'"):
        env.from_string("{{ movie.plot }}").render(movie={"title": "Heat"})


def test_a_sandboxed_environment_keeps_its_own_lookup():
    env = jinja2.sandbox.SandboxedEnvironment()
    install(env)
    with pytest.raises(jinja2.sandbox.SecurityError):
        env.from_string("{{ d.__class__.__mro__ }}").render(d={})
    assert "getattr" not in vars(env)
