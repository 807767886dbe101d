"""Backup and restore: round trip, and every way a bad archive is refused with nothing written."""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.vault.backup import MANIFEST, check_name, create_backup, plan_backup
from movievault_build.vault.restore import read_manifest, restore


CONFIG = "site_name: Test\ndocs_dir: site_src\nplugins:\n  - movievault:\n      content_dir: content\n      scan: never\n"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(content):
    root = content.parent
    (root / "site_src").mkdir()
    (root / "mkdocs.yml").write_text(CONFIG)
    cache = root / ".cache" / "movievault"
    cache.mkdir(parents=True)
    (cache / "index.sqlite").write_bytes(b"cache bytes")
    return root


def _backup(project, tmp_path, **kw):
    archive = tmp_path / "out" / "b.tar.gz"
    plan = plan_backup(project, project / "content", project / "mkdocs.yml", project / ".cache" / "movievault", **kw)
    return archive, create_backup(archive, plan)


def test_round_trip_restores_every_byte(project, tmp_path):
    archive, manifest = _backup(project, tmp_path)
    names = {e.path for e in manifest.files}
    assert "mkdocs.yml" in names and "content/movies/heat-1995.md" in names
    assert any(n.startswith("content/images/") for n in names) and not any(".cache" in n for n in names)
    for entry in manifest.files:
        data = (project / entry.path).read_bytes()
        assert entry.size == len(data) and entry.sha256 == hashlib.sha256(data).hexdigest()
    with tarfile.open(archive) as tar:
        assert tar.getnames()[0] == MANIFEST
    assert read_manifest(archive) == manifest
    target = tmp_path / "restored"
    plan = restore(archive, target)
    assert sorted(plan.new) == sorted(names)
    assert _files(target / "content") == _files(project / "content")
    assert (target / "mkdocs.yml").read_text() == CONFIG
    again = restore(archive, target)                     # identical files: nothing to do, no --force needed
    assert again.new == [] and len(again.unchanged) == len(names)


def test_images_and_caches_are_optional(project, tmp_path):
    _archive, manifest = _backup(project, tmp_path, with_images=False, with_caches=True)
    names = {e.path for e in manifest.files}
    assert not any(n.startswith("content/images/") for n in names)
    assert ".cache/movievault/index.sqlite" in names


def _craft(path: Path, members: list[tuple[str, bytes, bytes]], manifest_files=None, extra=()) -> Path:
    """An archive with `members` (name, content, manifest content); `extra` are raw TarInfos."""
    files = manifest_files if manifest_files is not None else [
        {"path": n, "size": len(m), "sha256": hashlib.sha256(m).hexdigest()} for n, _d, m in members]
    manifest = json.dumps({"format": "movievault-backup", "version": 1, "created": "2024-01-01T00:00:00+00:00",
                           "files": files}).encode()
    with tarfile.open(path, "w:gz") as tar:
        for name, data in [(MANIFEST, manifest)] + [(n, d) for n, d, _m in members]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in extra:
            tar.addfile(info)
    return path


def _refused(archive: Path, target: Path, match: str) -> None:
    with pytest.raises(UserError, match=match):
        restore(archive, target)
    assert not target.exists() or _files(target) == {}, "nothing may be written"


def test_tampered_member_is_refused_and_nothing_written(tmp_path):
    good = b"title: Heat\n"
    archive = _craft(tmp_path / "t.tar.gz", [("content/movies/a.md", b"ok\n", b"ok\n"),
                                               ("content/movies/heat.md", b"title: Hex!\n", good)])
    _refused(archive, tmp_path / "target", "checksum mismatch for content/movies/heat.md")


def test_missing_and_extra_members_are_refused(tmp_path):
    listed = [{"path": "content/a.md", "size": 1, "sha256": hashlib.sha256(b"a").hexdigest()},
              {"path": "content/b.md", "size": 1, "sha256": hashlib.sha256(b"b").hexdigest()}]
    missing = _craft(tmp_path / "m.tar.gz", [("content/a.md", b"a", b"a")], manifest_files=listed)
    _refused(missing, tmp_path / "t1", "missing")
    extra = _craft(tmp_path / "e.tar.gz", [("content/a.md", b"a", b"a")], manifest_files=listed[:1] + [])
    with tarfile.open(extra, "r:gz") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(extra, "w:gz") as tar:
        for m, data in members + [(tarfile.TarInfo("content/sneaky.md"), b"")]:
            tar.addfile(m, io.BytesIO(data))
    _refused(extra, tmp_path / "t2", "not in the manifest")


def test_corrupt_gzip_is_refused(project, tmp_path):
    archive, _ = _backup(project, tmp_path)
    data = archive.read_bytes()
    truncated = tmp_path / "cut.tar.gz"
    truncated.write_bytes(data[: len(data) // 2])
    _refused(truncated, tmp_path / "t1", "corrupt|not a readable")
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0xFF
    (tmp_path / "flip.tar.gz").write_bytes(bytes(flipped))
    _refused(tmp_path / "flip.tar.gz", tmp_path / "t2", "corrupt|not a readable|checksum|bad")
    (tmp_path / "plain.tar.gz").write_bytes(b"not gzip at all")
    _refused(tmp_path / "plain.tar.gz", tmp_path / "t3", "not a readable")


@pytest.mark.parametrize("name", ["../evil.md", "content/../../evil.md", "/tmp/evil.md", "content/./x.md",
                                  "C:/evil.md", "content\\..\\evil.md"])
def test_member_names_escaping_the_target_are_refused(tmp_path, name):
    archive = _craft(tmp_path / "p.tar.gz", [(name, b"x", b"x")])
    _refused(archive, tmp_path / "target" / "inner", "refused member")
    assert not (tmp_path / "evil.md").exists() and not (tmp_path / "target" / "evil.md").exists()


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE, tarfile.DIRTYPE])
def test_links_devices_and_directories_are_refused(tmp_path, kind):
    info = tarfile.TarInfo("content/link.md")
    info.type, info.linkname = kind, "/etc/passwd"
    archive = _craft(tmp_path / "l.tar.gz", [("content/a.md", b"a", b"a")], extra=[info])
    _refused(archive, tmp_path / "target", "refused member 'content/link.md'")


def test_a_symlink_in_the_target_cannot_redirect_writes(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    target.mkdir()
    os.symlink(outside, target / "content")
    archive = _craft(tmp_path / "s.tar.gz", [("content/a.md", b"a", b"a")])
    with pytest.raises(UserError, match="outside the target"):
        restore(archive, target)
    assert list(outside.iterdir()) == []


def test_existing_files_need_force_and_nothing_is_written_without_it(project, tmp_path):
    archive, manifest = _backup(project, tmp_path)
    target = tmp_path / "t"
    (target / "content" / "movies").mkdir(parents=True)
    (target / "content" / "movies" / "heat-1995.md").write_text("mine\n")
    with pytest.raises(UserError, match="exist and differ"):
        restore(archive, target)
    assert _files(target) == {"content/movies/heat-1995.md": b"mine\n"}      # not even the new files
    assert restore(archive, target, dry_run=True).conflicts == ["content/movies/heat-1995.md"]
    assert _files(target) == {"content/movies/heat-1995.md": b"mine\n"}
    restore(archive, target, force=True)
    assert (target / "content/movies/heat-1995.md").read_bytes() == (project / "content/movies/heat-1995.md").read_bytes()
    assert len(_files(target)) == len(manifest.files)
    assert not any(p.name.startswith(".movievault-restore") for p in target.iterdir())


def test_check_name():
    assert check_name("content/movies/a.md") == "content/movies/a.md"
    for bad in ("", "a//b", "/a", "a/../b", "a\x00b"):
        with pytest.raises(ValueError):
            check_name(bad)


def test_cli_backup_list_and_restore(project, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(project)
    assert main(["backup", str(tmp_path / "b.tar.gz"), "--without-images"]) == 0
    assert main(["backup", "--list", str(tmp_path / "b.tar.gz")]) == 0
    out = capsys.readouterr().out
    assert "content/movies/heat-1995.md" in out and "content/images" not in out and "mkdocs.yml" in out
    assert main(["restore", str(tmp_path / "b.tar.gz"), "--to", str(tmp_path / "r"), "--dry-run"]) == 0
    assert not (tmp_path / "r").exists()
    assert main(["restore", str(tmp_path / "b.tar.gz"), "--to", str(tmp_path / "r")]) == 1   # asked: no
    assert "aborted" in capsys.readouterr().err and not (tmp_path / "r").exists()
    assert main(["restore", str(tmp_path / "b.tar.gz"), "--to", str(tmp_path / "r"), "--yes"]) == 0
    assert (tmp_path / "r" / "content" / "movies" / "heat-1995.md").is_file()


def test_a_file_changing_during_backup_fails_it_and_leaves_no_archive(project, tmp_path, monkeypatch):
    from movievault_build.vault import backup as bk

    real = bk.file_digest
    monkeypatch.setattr(bk, "file_digest", lambda path: (real(path)[0], "0" * 64))   # as if it changed since
    with pytest.raises(UserError, match="changed while the backup was made"):
        _backup(project, tmp_path)
    assert list((tmp_path / "out").iterdir()) == []
