"""The plugin stays on MkDocs' public API: no code in site/ reads or sets an underscore
attribute of another object (MkDocs' `config._current_page`, `files._src_uris` …), and
nothing outside site/ imports MkDocs (the import-linter contract says the same)."""
from __future__ import annotations

import ast
from pathlib import Path

import movievault_build

PACKAGE = Path(movievault_build.__file__).parent


def private_reaches(path: Path, root: Path = PACKAGE) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            owner = node.value
            if not (isinstance(owner, ast.Name) and owner.id in ("self", "cls")):
                found.append(f"{path.relative_to(root)}:{node.lineno}: .{node.attr}")
    return found


def test_site_code_reaches_into_no_private_attribute():
    found = [hit for path in sorted((PACKAGE / "site").rglob("*.py")) for hit in private_reaches(path)]
    assert found == []


def test_the_check_sees_a_private_attribute_but_not_the_objects_own(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def render(config, page):\n    config._current_page = page\n"
                     "class Memo:\n    def get(self):\n        return self._known\n", "utf-8")
    assert private_reaches(probe, tmp_path) == ["probe.py:2: ._current_page"]


def test_no_module_outside_site_imports_mkdocs():
    for path in PACKAGE.rglob("*.py"):
        if "site" in path.relative_to(PACKAGE).parts[:1]:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level]
        assert not any(m == "mkdocs" or m.startswith("mkdocs.") for m in names), path
