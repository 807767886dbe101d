"""The plugin's outputs reach site/ as MkDocs files: hard links to the cache where the file
system allows, copies elsewhere; `--dirty` leaves what is in place alone."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from movievault_build.cache.files import FileCache, MissingCacheFiles, store_files
from movievault_build.site.handover import CachedFile, hand_over


def config_for(site: Path) -> MkDocsConfig:
    (site.parent / "docs").mkdir(exist_ok=True)
    cfg = site.parent / "mkdocs.yml"
    cfg.write_text(f"site_name: t\nsite_dir: {site}\n", "utf-8")
    return load_config(str(cfg))


def write_site(files: Files, dirty: bool = False) -> None:
    files.copy_static_files(dirty=dirty)       # what MkDocs does with them after on_env


def test_outputs_are_linked_from_the_cache_and_known_to_mkdocs(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".json")
    stored = store_files(cache, {"api/movies/a.json": b"{1}", "api/movies/b.json": b"{2}"})
    files = Files([])
    assert hand_over(files, config_for(site), stored) == 2
    assert all(isinstance(f, CachedFile) for f in files) and not any(f.is_documentation_page() for f in files)
    write_site(files)
    a = site / "api" / "movies" / "a.json"
    assert a.read_bytes() == b"{1}" and os.path.samefile(a, stored["api/movies/a.json"])


def test_outputs_are_classed_as_mkdocs_classes_them_and_are_never_pages_to_render(tmp_path):
    config = config_for(tmp_path / "site")
    for rel in ("movies/heat-1995/index.html", "api/movies/heat-1995.json", "img/ab/abc.avif", "sitemap.xml",
                "search/a.js", "notes/readme.md"):
        ours = CachedFile(config, rel, str(tmp_path / "cached"))
        theirs = File(rel, None, config.site_dir, config.use_directory_urls, dest_uri=rel)
        assert not ours.is_documentation_page()
        if not theirs.is_documentation_page():
            assert (ours.is_static_page(), ours.is_media_file()) == (theirs.is_static_page(), theirs.is_media_file())
    files = Files([CachedFile(config, "notes/readme.md", str(tmp_path / "cached"))])
    assert files.documentation_pages() == [] and len(files.media_files()) == 1


def test_a_dirty_build_keeps_links_in_place_and_replaces_changed_ones(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".json")
    config = config_for(site)
    first = store_files(cache, {"api/a.json": b"{1}", "api/b.json": b"{2}"})
    files = Files([])
    hand_over(files, config, first)
    write_site(files)
    b_inode = (site / "api" / "b.json").stat().st_ino
    changed = store_files(cache, {"api/a.json": b"{1, changed}", "api/b.json": b"{2}"})
    files = Files([])
    hand_over(files, config, changed)
    write_site(files, dirty=True)
    assert (site / "api" / "a.json").read_bytes() == b"{1, changed}"
    assert (site / "api" / "b.json").stat().st_ino == b_inode


def test_a_cache_file_changed_through_site_is_made_again_not_handed_over(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".json")
    stored = store_files(cache, {"api/a.json": b"{1}"})
    files = Files([])
    hand_over(files, config_for(site), stored)
    write_site(files)
    (site / "api" / "a.json").write_bytes(b"{edited in place}")    # through the link, into the cache
    with pytest.raises(MissingCacheFiles):
        hand_over(Files([]), config_for(site), stored)
    assert not Path(stored["api/a.json"]).exists()                   # dropped: made again
    assert store_files(cache, {"api/a.json": b"{1}"}) == stored


def test_a_hand_written_file_at_an_output_path_is_refused(tmp_path):
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".json")
    config = config_for(site)
    stored = store_files(cache, {"api/a.json": b"{1}"})
    files = Files([File("api/a.json", str(tmp_path / "docs"), str(site), True)])    # docs/api/a.json
    with pytest.raises(PluginError, match="api/a.json exists in docs_dir"):
        hand_over(files, config, stored)


def test_a_dirty_build_links_again_a_file_left_from_a_cache_file_gone(tmp_path):
    """A page rendered again under a new key (a template edit) with the same bytes: the
    file in site/ is last build's cache file, pruned since; it is linked to this build's
    file, so later dirty builds find it in place by its inode, reading no bytes."""
    site, cache = tmp_path / "site", FileCache(tmp_path / "files", ".json")
    config = config_for(site)
    first = store_files(cache, {"api/a.json": b"{1}"})
    files = Files([])
    hand_over(files, config, first)
    write_site(files)
    again = {"api/a.json": cache.write("0" * 64, b"{1}")}         # same bytes, another cache file
    os.unlink(first["api/a.json"])
    a = site / "api" / "a.json"
    assert not os.path.samefile(a, again["api/a.json"])
    files = Files([])
    hand_over(files, config, again)
    write_site(files, dirty=True)
    assert os.path.samefile(a, again["api/a.json"]) and a.read_bytes() == b"{1}"


def test_a_site_on_another_file_system_gets_copies_kept_while_unchanged(tmp_path):
    """`mkdocs serve` builds into a temp dir, often a tmpfs: no hard links across."""
    shm = Path("/dev/shm")
    if not shm.is_dir() or os.stat(shm).st_dev == os.stat(tmp_path).st_dev:
        pytest.skip("no second file system here")
    with tempfile.TemporaryDirectory(dir=shm) as other:
        site, cache = Path(other) / "site", FileCache(tmp_path / "files", ".json")
        config = config_for(site)
        stored = store_files(cache, {"api/a.json": b"{1}", "api/b.json": b"{2}"})
        files = Files([])
        hand_over(files, config, stored)
        write_site(files)
        a, b = site / "api" / "a.json", site / "api" / "b.json"
        assert a.read_bytes() == b"{1}" and not os.path.samefile(a, stored["api/a.json"])
        b_inode = b.stat().st_ino
        changed = store_files(cache, {"api/a.json": b"{3}", "api/b.json": b"{2}"})   # same size
        files = Files([])
        hand_over(files, config, changed)
        write_site(files, dirty=True)
        assert a.read_bytes() == b"{3}" and b.stat().st_ino == b_inode


@pytest.mark.parametrize("directory_urls", [True, False])
def test_a_cached_file_is_placed_and_named_as_mkdocs_would_name_it(tmp_path, directory_urls):
    """CachedFile skips MkDocs' path conversions (tens of thousands of files): each name
    MkDocs and other plugins read is the one `File.generated` would give it."""
    config = config_for(tmp_path / "site")
    config.site_dir = f"{tmp_path}/out/../site/"                  # one not normalised
    config.use_directory_urls = directory_urls
    site_dir = os.path.normpath(config.site_dir)
    for rel in ("movies/heat-1995/index.html", "api/movies/heat-1995.json", "img/ab/abcdef-342.webp",
                "library/page/2/index.html", "search/terms-he.json", "people/al-pacino/index.html"):
        ours = CachedFile(config, rel, str(tmp_path / "cache-file"), site_dir)
        theirs = File(rel, None, config.site_dir, directory_urls)
        theirs.abs_src_path = str(tmp_path / "cache-file")
        for name in ("src_uri", "src_path", "dest_uri", "dest_path", "abs_dest_path", "abs_src_path", "url",
                     "name", "inclusion"):
            assert getattr(ours, name) == getattr(theirs, name) or name == "inclusion", (rel, name)
        assert ours.abs_dest_path == os.path.normpath(os.path.join(config.site_dir, rel))
        assert not ours.is_documentation_page() and ours.generated_by == "movievault"
