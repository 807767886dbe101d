"""The "in my library" browser extension, shipped inside the package, and its export.

`files/` is the WebExtension itself (Manifest V3, Chromium and Firefox): a content script
on TMDB, IMDb, Letterboxd and Trakt film pages, a background that reads the configured
site's api/ids.json and api/user-state.json, and an options page for the address.
`export` writes it out unpacked (Chromium's "Load unpacked", Firefox's about:debugging)
and, if asked, as the zip the browsers' add-on stores take. The manifest's version
follows the package's, so an upgrade of movievault is an upgrade of the extension.
"""
from __future__ import annotations

import io
import json
import re
import zipfile
from importlib import metadata, resources
from pathlib import Path

from ..errors import UserError
from ..fsutil import atomic_write_bytes

NAME = "MovieVault: in my library"
MANIFEST = "manifest.json"
_STAMP = (1980, 1, 1, 0, 0, 0)     # every zip entry's date: two exports of one version are identical


def shipped() -> dict[str, bytes]:
    """Every file of the extension, by its path inside it, the manifest stamped with the version."""
    root = resources.files(__package__) / "files"
    out: dict[str, bytes] = {}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        for entry in folder.iterdir():
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                stack.append((entry, f"{name}/"))
            elif not entry.name.startswith("."):
                out[name] = entry.read_bytes()
    manifest = json.loads(out[MANIFEST])
    manifest["version"] = manifest_version()
    out[MANIFEST] = (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return dict(sorted(out.items()))


def manifest_version() -> str:
    """The package's version as browsers accept it: one to four dot-separated integers
    (0.2.0rc1 -> 0.2.0)."""
    try:
        version = metadata.version("movievault")
    except metadata.PackageNotFoundError:
        version = "0.0.0"
    numbers = re.match(r"\d+(?:\.\d+){0,3}", version)
    return numbers.group(0) if numbers else "0.0.0"


def _is_ours(manifest: bytes) -> bool:
    try:
        return json.loads(manifest).get("name") == NAME
    except (ValueError, AttributeError):
        return False


def _check_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Refuse a folder that is not empty and not an earlier export, or whose files would
    land outside it (a symlink among them)."""
    if folder.exists() and not folder.is_dir():
        raise UserError(f"{folder}: exists and is not a folder")
    if folder.is_dir() and any(folder.iterdir()):
        manifest = folder / MANIFEST
        if manifest.is_symlink() or not manifest.is_file() or not _is_ours(manifest.read_bytes()):
            raise UserError(f"{folder}: not empty and not an exported MovieVault extension; "
                            "choose an empty or new folder")
    for name in files:
        path = folder
        for part in Path(name).parts:
            path = path / part
            if path.is_symlink():
                raise UserError(f"{path}: a symlink; the extension is written only as plain files")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, _STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def _check_zip(path: Path) -> None:
    """An existing file at the zip's place is replaced only if it is an earlier export."""
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise UserError(f"{path}: exists and is not a plain file")
    if path.exists():
        try:
            with zipfile.ZipFile(path) as old:
                ours = _is_ours(old.read(MANIFEST))
        except (zipfile.BadZipFile, KeyError, OSError):
            ours = False
        if not ours:
            raise UserError(f"{path}: exists and is not an exported MovieVault extension; move it away first")


def export(folder: Path, with_zip: bool = False) -> list[Path]:
    """Write the extension unpacked into `folder` (and `<folder>.zip` with `with_zip`);
    return what was written. Nothing is written unless every check passes."""
    files = shipped()
    folder = Path(folder)
    archive = folder.with_name(f"{folder.name}.zip")
    _check_folder(folder, files)
    if with_zip:
        _check_zip(archive)
    for name, data in files.items():
        atomic_write_bytes(folder / name, data)
    written = [folder]
    if with_zip:
        atomic_write_bytes(archive, _zip(files))
        written.append(archive)
    return written
