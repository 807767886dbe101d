"""Front matter built by the direct path (store/plain_yaml.py) is what ruamel.yaml's own
safe loader builds, and what that path leaves alone ruamel.yaml still builds or refuses."""
from __future__ import annotations

import pickle

import pytest
from ruamel.yaml import YAML

from movievault_build.store import document
from movievault_build.store.plain_yaml import PlainConstructor

DOCUMENTS = [
    "title: Heat\nyear: 1995\nrating: 8.3\nwatched: false\nnotes: ''\nrated: ~\ntags: []\n"
    "files:\n  - {library: lib, path: 'Heat (1995)/Heat.mkv', size: 1}\n",
    "a: 0x1f\nb: 0o17\nc: .inf\nd: -.nan\ne: 1_000\nf: '1'\ng: 1:30\nh: yes\ni: No\nj: null\nk: 1e3\n",
    "1: a\n2.5: b\nnull: c\nfalse: d\n",
    "l:\n- - a\n  - b\n- {c: d}\n",
    "[1, two, {three: 3}]\n",
    "just text\n",
    "",
    # left to ruamel.yaml: tags, timestamps, aliases, merge keys, composite keys
    "added: 2020-01-02\n",
    "a: !!str 1\nb: !!binary aGk=\nc: !!int '7'\nd: !!map {e: 1}\n",
    "s: !!set {a, b}\n",
    "a: &x [1, 2]\nb: *x\n",
    "a: &r\n  b: *r\n",
    "<<: {a: 1}\nb: 2\n",
    "? [1, 2]\n: x\n",
]
REFUSED = ["a: 1\na: 2\n", "1: a\ntrue: b\n", "a: !foo 1\n", "a: *nowhere\n"]


def test_it_is_the_constructor_in_use():
    assert document._SAFE.Constructor is PlainConstructor


@pytest.mark.parametrize("text", DOCUMENTS)
def test_builds_what_ruamel_yaml_builds(text):
    ours, theirs = document._SAFE.load(text), YAML(typ="safe").load(text)
    assert pickle.dumps(ours) == pickle.dumps(theirs)      # types and order too, not only ==


def test_an_alias_is_the_same_object_as_ruamel_yaml_makes_it():
    data = document._SAFE.load("a: &x [1, 2]\nb: *x\n")
    assert data["a"] is data["b"]


@pytest.mark.parametrize("text", REFUSED)
def test_refuses_what_ruamel_yaml_refuses(text):
    with pytest.raises(Exception) as theirs:
        YAML(typ="safe").load(text)
    with pytest.raises(type(theirs.value)) as ours:
        document._SAFE.load(text)
    assert str(ours.value).splitlines()[0] == str(theirs.value).splitlines()[0]
