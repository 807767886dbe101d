"""Class: restore writes only what a backup holds. Archives naming code or configuration
outside content/ and the cache, names too long for the disk, sizes that disagree with the
manifest, bombs, and failures midway: refused (or undone) with the target as it was."""
from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.vault import restore as restore_module
from movievault_build.vault.backup import MANIFEST, create_backup, plan_backup
from movievault_build.vault.restore import code_blocks, restore

from .conftest import one_line, snapshot

GOOD = [("content/movies/heat-1995.md", b"---\ntitle: Heat\n---\n"), ("content/images/heat-1995/poster.jpg", b"jpg")]
REFUSED_NAMES = [
    ".venv/lib/python3.11/site-packages/sitecustomize.py", "hooks/movievault_hooks.py", "overrides/main.html",
    "netlify.toml", ".github/workflows/pages.yml", ".git/hooks/pre-commit", "content/.git/hooks/post-checkout",
    "content/movies/.hidden.md", "site_src/index.md", "pyproject.toml", "dev.py", "site/index.html",
    ".cache/evil/x", "content/" + "a" * 300 + ".md", "content/" + "d/" * 520 + "x.md", "mkdocs.yml/x",
]


def _archive(path: Path, members: list[tuple[str, bytes]], listed: list[tuple[str, bytes]] | None = None,
             sizes: dict[str, int] | None = None, pax: dict[str, str] | None = None) -> Path:
    listed = members if listed is None else listed
    manifest = json.dumps({"format": "movievault-backup", "version": 1, "created": "2024-01-01T00:00:00+00:00",
                           "files": [{"path": n, "size": (sizes or {}).get(n, len(d)),
                                      "sha256": hashlib.sha256(d).hexdigest()} for n, d in listed]}).encode()
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [(MANIFEST, manifest)] + members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            if pax and name in pax:
                info.pax_headers = {"comment": pax[name]}
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.fixture
def target(tmp_path) -> Path:
    folder = tmp_path / "project"
    (folder / "content" / "movies").mkdir(parents=True)
    (folder / "content" / "movies" / "alien-1979.md").write_text("---\ntitle: Alien\n---\n")
    (folder / "mkdocs.yml").write_text("site_name: Mine\nplugins:\n  - movievault\n")
    (folder / "hooks").mkdir()
    (folder / "hooks" / "movievault_hooks.py").write_text("# mine\n")
    return folder


def _refused(archive: Path, target: Path, match: str, capsys=None) -> None:
    before = snapshot(target)
    with pytest.raises(UserError, match=match):
        restore(archive, target, force=True, replace_config=True)
    assert snapshot(target) == before, "nothing may be written"
    if capsys is not None:
        assert main(["restore", str(archive), "--to", str(target), "--force", "--replace-config"]) == 2
        assert one_line(capsys.readouterr().err)
        assert snapshot(target) == before


@pytest.mark.parametrize("name", REFUSED_NAMES)
def test_a_name_no_backup_holds_is_refused_whether_listed_or_slipped_in(tmp_path, target, name, capsys):
    listed = _archive(tmp_path / "listed.tar.gz", GOOD + [(name, b"import os\n")])
    _refused(listed, target, "refused member", capsys)
    slipped = _archive(tmp_path / "slipped.tar.gz", GOOD + [(name, b"import os\n")], listed=GOOD)
    _refused(slipped, target, "refused member|not in the manifest", capsys)


def test_a_member_larger_than_the_manifest_says_is_refused_before_it_is_read(tmp_path, target):
    big = b"x" * 1_000_000
    archive = _archive(tmp_path / "big.tar.gz", [("content/movies/a.md", big)], sizes={"content/movies/a.md": 10})
    _refused(archive, target, "the manifest says 10")


@pytest.mark.parametrize("where", ["manifest", "member"])
def test_a_decompression_bomb_stops_at_the_budget(tmp_path, target, where):
    if where == "manifest":       # a "manifest" far past any real one
        manifest = b"{" + b" " * (70 << 20) + b"}"
        path = tmp_path / "bomb.tar.gz"
        with tarfile.open(path, "w:gz") as tar:
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(manifest)
            tar.addfile(info, io.BytesIO(manifest))
        _refused(path, target, "not the first member|unpacks to more|not a MovieVault")
    else:                         # a pax header of many megabytes on a small listed member
        path = _archive(tmp_path / "pax.tar.gz", GOOD, pax={GOOD[0][0]: "y" * (8 << 20)})
        _refused(path, target, "unpacks to more than its manifest lists")


def test_replacing_mkdocs_yml_needs_its_own_flag_and_shows_the_hooks_and_plugins(tmp_path, target, capsys):
    evil = "site_name: Mine\nplugins:\n  - movievault\n  - evil-plugin\nhooks:\n  - content/movies/x.py\n"
    archive = _archive(tmp_path / "cfg.tar.gz", GOOD + [("mkdocs.yml", evil.encode())])
    plan = restore(archive, target, force=True)                          # --force alone keeps it
    assert plan.config_kept and (target / "mkdocs.yml").read_text() == "site_name: Mine\nplugins:\n  - movievault\n"
    assert (target / GOOD[0][0]).is_file()                               # the rest is restored
    assert "+  - evil-plugin" in plan.config_change and "+hooks:" in plan.config_change
    assert main(["restore", str(archive), "--to", str(target), "--force", "--yes"]) == 1
    out = capsys.readouterr().out
    assert "--replace-config" in out and "+  - content/movies/x.py" in out
    assert main(["restore", str(archive), "--to", str(target), "--replace-config", "--yes"]) == 0
    assert (target / "mkdocs.yml").read_text() == evil
    fresh = tmp_path / "fresh"                                           # no mkdocs.yml yet: written, and shown
    assert main(["restore", str(archive), "--to", str(fresh), "--yes"]) == 0
    assert (fresh / "mkdocs.yml").read_text() == evil and "+  - evil-plugin" in capsys.readouterr().out


def test_code_blocks_are_the_top_level_hooks_and_plugins():
    text = "site_name: x\nplugins:\n  - search\n  - movievault:\n      scan: never\nhooks:\n- a.py\ntheme: material\n"
    assert code_blocks(text) == "plugins:\n  - search\n  - movievault:\n      scan: never\nhooks:\n- a.py\n"


def test_a_failure_midway_leaves_the_target_as_it_was(tmp_path, target, monkeypatch):
    members = [(f"content/movies/m{i}.md", f"---\ntitle: M{i}\n---\n".encode()) for i in range(6)]
    members += [("content/movies/alien-1979.md", b"---\ntitle: Replaced\n---\n"),
                ("content/images/new/poster.jpg", b"jpg")]
    archive = _archive(tmp_path / "mid.tar.gz", members)
    before = snapshot(target)
    real, calls = restore_module._Moves.put, []

    def put(self, staged, dest, made):
        calls.append(dest)
        if len(calls) == 5:
            raise OSError(28, "No space left on device", str(dest))    # the disk fills up on the fifth file
        return real(self, staged, dest, made)
    monkeypatch.setattr(restore_module._Moves, "put", put)
    with pytest.raises(UserError, match="No space left on device.*as it was"):
        restore(archive, target, force=True)
    assert snapshot(target) == before
    monkeypatch.setattr(restore_module._Moves, "put", real)
    restore(archive, target, force=True)
    assert (target / "content/movies/alien-1979.md").read_bytes() == b"---\ntitle: Replaced\n---\n"


def test_a_real_backup_round_trips_into_a_configured_project(tmp_path, capsys, monkeypatch):
    project = tmp_path / "p"
    (project / "data" / "movies").mkdir(parents=True)
    (project / "data" / "movies" / "heat-1995.md").write_text("---\ntitle: Heat\n---\n")
    (project / "mkdocs.yml").write_text("site_name: P\nplugins:\n  - movievault:\n      content_dir: data\n"
                                        "      scan: never\n")
    archive = tmp_path / "b.tar.gz"
    create_backup(archive, plan_backup(project, project / "data", project / "mkdocs.yml"))
    copy = tmp_path / "copy"
    (copy / "docs").mkdir(parents=True)
    (copy / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text())
    assert main(["restore", str(archive), "--to", str(copy), "--yes"]) == 0, capsys.readouterr().err
    assert (copy / "data" / "movies" / "heat-1995.md").is_file()
