"""`movievault images stats`: the published site's projected bytes and files, and the
warning when they break the host's limits (publish: in mkdocs.yml)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from tests.cli.test_images import cli
from tests.helpers import make_site, mkdocs_build, write


def _photo_jpeg(w: int, h: int, seed: str) -> bytes:
    import io
    import random
    from PIL import Image
    # Texture at an eighth of the size, scaled up: compresses like a photo, not like noise.
    noise = Image.frombytes("L", (w // 8, h // 8), random.Random(seed).randbytes(w * h // 64))
    noise = noise.resize((w, h), Image.Resampling.BICUBIC)
    im = Image.merge("RGB", (Image.linear_gradient("L").resize((w, h)), noise, noise))
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85)
    return buf.getvalue()


def _site(tmp_path: Path, extra: str = "") -> Path:
    lib = tmp_path / "films"
    for title in ("Heat (1995)", "Alien (1979)"):
        write(lib, f"{title}/{title}.mkv")
        write(lib, f"{title}/poster.jpg", _photo_jpeg(600, 900, title))
        write(lib, f"{title}/fanart.jpg", _photo_jpeg(1280, 720, title))
    cfg = make_site(tmp_path, [lib], extra)
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    return cfg


def _tree(root: Path) -> tuple[int, int]:
    """(bytes of files, files + folders) under root."""
    size = entries = 0
    for dirpath, dirs, names in os.walk(root):
        entries += len(dirs) + len(names)
        size += sum((Path(dirpath) / n).stat().st_size for n in names)
    return size, entries


def test_projection_counts_the_built_images_exactly_and_the_pages_measured(tmp_path):
    cfg = _site(tmp_path)
    out = cli(cfg, "images", "stats", "--json", "--site", str(tmp_path / "site"))
    assert out.returncode == 0, out.stderr
    p = json.loads(out.stdout)["projection"]
    img_bytes, img_entries = _tree(tmp_path / "site" / "img")
    site_bytes, site_entries = _tree(tmp_path / "site")
    assert (p["movies"], p["images"], p["images_estimated"]) == (2, 4, 0)
    assert p["image_bytes"] == img_bytes and p["image_files"] == img_entries + 1   # img/ itself
    assert p["total_bytes"] == site_bytes and p["total_files"] == site_entries
    assert p["pages_measured"] and p["host"] == "github-pages" and p["max_site_mb"] == 1024
    assert out.stderr == ""


def test_images_not_encoded_yet_are_estimated_from_their_size(tmp_path):
    cfg = _site(tmp_path)
    built = json.loads(cli(cfg, "images", "stats", "--json").stdout)["projection"]
    shutil.rmtree(tmp_path / ".cache")
    cold = json.loads(cli(cfg, "images", "stats", "--json").stdout)["projection"]
    assert cold["images_estimated"] == 4 and not cold["pages_measured"]
    # The same planned files; bytes from the fitted curve, within a factor of three here.
    assert built["image_bytes"] / 3 < cold["image_bytes"] < built["image_bytes"] * 3
    assert cold["page_bytes"] == built["page_bytes"] > 0
    text = cli(cfg, "images", "stats").stdout
    assert "4 of them estimated (not encoded yet)" in text and "host: github-pages (1,024 MB)" in text


def test_over_the_hosts_limit_warns_in_one_line_and_strict_fails(tmp_path):
    cfg = _site(tmp_path, "      publish: {host: gitlab-pages, max_files: 40}\n")
    out = cli(cfg, "images", "stats")
    assert out.returncode == 0
    warning = [line for line in out.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and "over the 40 gitlab-pages allows (publish.max_files)" in warning[0]
    assert "host: gitlab-pages (1,024 MB and 40 files and folders)" in out.stdout
    assert cli(cfg, "images", "stats", "--strict").returncode == 1
    assert json.loads(cli(cfg, "images", "stats", "--json").stdout)["over"] == [warning[0][len("warning: "):]]


def test_no_host_means_no_limit(tmp_path):
    cfg = _site(tmp_path, "      publish: {host: none}\n")
    out = cli(cfg, "images", "stats", "--strict")
    assert out.returncode == 0 and out.stderr == "" and "host: none (no limit)" in out.stdout


def test_bad_publish_and_image_settings_name_the_key(tmp_path):
    for block, message in (("publish: {max_site_mb: 0}", "publish.max_site_mb: 0 must be a positive whole number"),
                           ("publish: {host: geocities}", "host"),
                           ("images: {effort: {webp: 9}}", "images.effort.webp: 9 is not a whole number from 0 to 6"),
                           ("images: {profile: huge}", "profile")):
        cfg = make_site(tmp_path, [tmp_path / "none"], f"      {block}\n")
        out = cli(cfg, "images", "stats")
        assert out.returncode != 0 and message in out.stderr, (block, out.stderr)
        assert len(out.stderr.strip().splitlines()) == 1, out.stderr


def test_people_count_as_the_site_shows_them(tmp_path):
    """Person pages only from two films (the default), every cast photo once as the square
    the cast row shows: the projection still equals the built site, byte for byte."""
    from PIL import Image
    lib = tmp_path / "films"
    for title, cast in (("Heat (1995)", ("Al Pacino", "Val Kilmer")), ("Insider (1999)", ("Al Pacino",))):
        actors = "".join(f"<actor><name>{n}</name><order>{k}</order></actor>" for k, n in enumerate(cast))
        write(lib, f"{title}/{title}.mkv")
        write(lib, f"{title}/{title}.nfo", f"<movie><title>{title[:-7]}</title><year>{title[-5:-1]}</year>{actors}</movie>")
        write(lib, f"{title}/poster.jpg", _photo_jpeg(600, 900, title))
        for name in cast:
            write(lib, f"{title}/.actors/{name.replace(' ', '_')}.jpg", _photo_jpeg(240, 360, name))
    cfg = make_site(tmp_path, [lib])
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    p = json.loads(cli(cfg, "images", "stats", "--json", "--site", str(site)).stdout)["projection"]
    assert (p["movies"], p["person_pages"], p["images"]) == (2, 1, 4)    # Pacino's page; 2 posters, 2 photos
    assert (p["total_bytes"], p["total_files"]) == _tree(site)
    assert sorted(d.name for d in (site / "people").iterdir()) == ["al-pacino", "index.html"]
    squares = [Image.open(f).size for f in (site / "img").rglob("*.avif") if Image.open(f).size[0] == Image.open(f).size[1]]
    assert squares == [(160, 160)] * 2
    # Cold (nothing encoded), the photos are estimated as that square too: 2 AVIF of 160 x 160.
    shutil.rmtree(tmp_path / ".cache")
    cold = json.loads(cli(cfg, "images", "stats", "--json").stdout)["projection"]
    assert cold["images_estimated"] == 4 and cold["image_files"] == p["image_files"]
    assert 0.5 < cold["image_bytes"] / p["image_bytes"] < 2
