"""`movievault extension export`: the browser extension shipped in the package, written out
unpacked and as the stores' zip; what its manifest asks for; folders it must not touch."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from movievault_build.extension import manifest_version, shipped
from tests.cli.test_cli_commands import run
from tests.helpers import write

HOSTS = {"www.themoviedb.org", "www.imdb.com", "m.imdb.com", "letterboxd.com", "trakt.tv", "app.trakt.tv"}


def test_export_writes_the_extension_unpacked_and_zipped(tmp_path):
    out = run("extension", "export", str(tmp_path / "ext"), "--zip")
    assert out.returncode == 0, out.stderr
    assert f"written to {tmp_path / 'ext'}" in out.stdout.decode()
    files = {str(p.relative_to(tmp_path / "ext")): p.read_bytes() for p in (tmp_path / "ext").rglob("*") if p.is_file()}
    with zipfile.ZipFile(tmp_path / "ext.zip") as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == files == shipped()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    first = (tmp_path / "ext.zip").read_bytes()
    again = run("extension", "export", str(tmp_path / "ext"), "--zip")       # over its own earlier export
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "ext.zip").read_bytes() == first                      # the same bytes: reproducible


def test_the_manifest_asks_for_storage_and_the_film_sites_only(tmp_path):
    files = shipped()
    manifest = json.loads(files["manifest.json"])
    assert manifest["manifest_version"] == 3 and manifest["version"] == manifest_version()
    assert re.fullmatch(r"\d+(\.\d+){0,3}", manifest["version"])
    assert manifest["permissions"] == ["storage"] and "host_permissions" not in manifest
    assert manifest["optional_host_permissions"] == ["https://*/*", "http://*/*"]   # the site, asked for at options time
    (script,) = manifest["content_scripts"]
    assert {re.match(r"https://([^/]+)/", m).group(1) for m in script["matches"]} == HOSTS
    gecko = manifest["browser_specific_settings"]["gecko"]
    assert gecko["id"] and gecko["data_collection_permissions"] == {"required": ["none"]}
    background = manifest["background"]             # Chromium runs the worker, Firefox the scripts
    named = [background["service_worker"], *background["scripts"], *script["js"], manifest["options_ui"]["page"],
             *manifest["icons"].values(), *manifest["action"]["default_icon"].values()]
    named += re.findall(r'<script src="([^"]+)"', files["options.html"].decode())
    assert set(named) <= set(files), set(named) - set(files)


def test_the_scripts_build_no_markup_from_text_and_name_no_other_host():
    for name, data in shipped().items():
        if name.endswith((".js", ".html")):
            text = data.decode()
            for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
                assert risky not in text, (name, risky)
    files = shipped()
    assert not re.search(r"https?://", files["background.js"].decode())     # it fetches the configured site only
    assert "fetch(" not in files["content.js"].decode()         # the page's script asks the background only
    background = files["background.js"].decode()
    assert background.count("fetch(") == 1 and "XMLHttpRequest" not in background
    assert re.findall(r"getJson\((new URL\([^)]*\))", background) == [     # each a path on the configured site
        'new URL("api/ids.json", site)', 'new URL(stateFile, site)', 'new URL(`api/movies/${slug}.json`, site)',
        'new URL("api/users.json", site)']
    assert re.search(r"const STATE_FILE = /\^api\\/\(user-state\|users\\/\[a-z0-9\]", background)   # a path on it too


def test_export_refuses_a_folder_or_zip_that_is_not_its_own(tmp_path):
    write(tmp_path, "mine/notes.txt", "keep me")
    out = run("extension", "export", str(tmp_path / "mine"))
    assert out.returncode == 2 and b"not empty and not an exported MovieVault extension" in out.stderr
    assert sorted(p.name for p in (tmp_path / "mine").iterdir()) == ["notes.txt"]
    write(tmp_path, "other/manifest.json", '{"name": "Another extension"}')
    assert run("extension", "export", str(tmp_path / "other")).returncode == 2
    write(tmp_path, "afile", "x")
    out = run("extension", "export", str(tmp_path / "afile"))
    assert out.returncode == 2 and b"is not a folder" in out.stderr
    write(tmp_path, "fresh.zip", b"PK not ours")
    out = run("extension", "export", str(tmp_path / "fresh"), "--zip")
    assert out.returncode == 2 and b"fresh.zip: exists and is not an exported" in out.stderr
    assert (tmp_path / "fresh.zip").read_bytes() == b"PK not ours" and not (tmp_path / "fresh").exists()


def test_export_writes_nothing_through_a_symlink(tmp_path):
    assert run("extension", "export", str(tmp_path / "ext")).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for p in (tmp_path / "ext" / "icons").iterdir():
        p.unlink()
    (tmp_path / "ext" / "icons").rmdir()
    (tmp_path / "ext" / "icons").symlink_to(elsewhere)
    out = run("extension", "export", str(tmp_path / "ext"))
    assert out.returncode == 2 and b"a symlink" in out.stderr
    assert list(elsewhere.iterdir()) == []
    (tmp_path / "ext" / "icons").unlink()
    (tmp_path / "ext" / "manifest.json").unlink()
    (tmp_path / "ext" / "manifest.json").symlink_to(Path(tmp_path / "elsewhere" / "m.json"))
    assert run("extension", "export", str(tmp_path / "ext")).returncode == 2
    assert list(elsewhere.iterdir()) == []
