"""A warm build knows the stored images by size and mtime: it reads none of them again,
and a replaced image is read and encoded afresh."""
from __future__ import annotations

from pathlib import Path

from movievault_build.artwork.variants import ImageSettings
from movievault_build.model import Artwork, Movie
from movievault_build.site.artwork import build_art
from tests.helpers import jpeg, write

SETTINGS = ImageSettings(formats=("webp",), widths={"poster": (20,), "fanart": (40,)})


def movies() -> list[Movie]:
    return [Movie(title="Heat", year=1995, slug="heat-1995",
                  images=(Artwork("poster", path="images/heat-1995/poster.jpg"),)),
            Movie(title="Alien", year=1979, slug="alien-1979",
                  images=(Artwork("poster", path="images/alien-1979/poster.jpg"),))]


def test_a_warm_build_reads_no_master_and_a_replaced_one_is_read_again(tmp_path, monkeypatch):
    content, cache = tmp_path / "content", tmp_path / "cache"
    write(content, "images/heat-1995/poster.jpg", jpeg(color=(200, 0, 0)))
    write(content, "images/alien-1979/poster.jpg", jpeg(color=(0, 0, 200)))
    cold = build_art(movies(), content, cache, SETTINGS, workers=1)
    assert not cold.problems and len(cold.views) == 2

    read: list[str] = []
    from movievault_build.site import artwork as site_artwork
    real_read = site_artwork.feed_regular
    monkeypatch.setattr(site_artwork, "feed_regular", lambda path, cap, sink: read.append(path.name) or real_read(path, cap, sink))
    warm = build_art(movies(), content, cache, SETTINGS, workers=1)
    assert read == [] and warm.views == cold.views

    write(content, "images/alien-1979/poster.jpg", jpeg(width=60, height=90, color=(0, 200, 0)))
    changed = build_art(movies(), content, cache, SETTINGS, workers=1)
    assert read == ["poster.jpg"]
    assert changed.views[("heat-1995", "poster")] == cold.views[("heat-1995", "poster")]
    assert changed.views[("alien-1979", "poster")]["src"] != cold.views[("alien-1979", "poster")]["src"]
    assert changed.views[("alien-1979", "poster")]["width"] == 20


def test_a_broken_master_stays_a_problem_on_warm_builds(tmp_path):
    content, cache = tmp_path / "content", tmp_path / "cache"
    write(content, "images/heat-1995/poster.jpg", b"not an image")
    write(content, "images/alien-1979/poster.jpg", jpeg())
    for _ in range(2):
        art = build_art(movies(), content, cache, SETTINGS, workers=1)
        assert len(art.problems) == 1 and "heat-1995/poster.jpg" in art.problems[0]
        assert list(art.views) == [("alien-1979", "poster")]


def test_unchanged_inputs_give_last_builds_art_whole_and_any_change_builds_it_again(tmp_path, monkeypatch):
    from movievault_build.artwork.cache import VariantCache
    from movievault_build.site import artwork as site_artwork
    content, cache = tmp_path / "content", tmp_path / "cache"
    write(content, "images/heat-1995/poster.jpg", jpeg(color=(200, 0, 0)))
    write(content, "images/alien-1979/poster.jpg", jpeg(color=(0, 0, 200)))
    cold = build_art(movies(), content, cache, SETTINGS, workers=1)

    looked_up: list[str] = []
    real = site_artwork.cached_variants_of
    monkeypatch.setattr(site_artwork, "cached_variants_of", lambda *a, **k: looked_up.append(a[0]) or real(*a, **k))
    warm = build_art(movies(), content, cache, SETTINGS, workers=1)
    assert looked_up == [] and warm.views == cold.views and warm.files == cold.files and warm.key == cold.key

    # another width, one more movie with a poster, a pruned variant cache: each builds again
    wider = ImageSettings(formats=("webp",), widths={"poster": (30,), "fanart": (40,)})
    assert build_art(movies(), content, cache, wider, workers=1).key != cold.key
    assert len(looked_up) == 2
    more = movies() + [Movie(title="Ran", year=1985, slug="ran-1985",
                             images=(Artwork("poster", path="images/heat-1995/poster.jpg"),))]
    assert len(build_art(more, content, cache, SETTINGS, workers=1).views) == 3
    looked_up.clear()
    assert build_art(movies(), content, cache, SETTINGS, workers=1).views == cold.views   # the memo holds one
    assert len(looked_up) == 2
    VariantCache(cache).prune(set())
    looked_up.clear()
    again = build_art(movies(), content, cache, SETTINGS, workers=1)
    assert len(looked_up) == 2 and again.views == cold.views and all(Path(f).is_file() for f in again.files.values())


def test_resolving_each_folder_once_gives_what_realpath_gives(tmp_path):
    import os

    from movievault_build.site.artwork import _realpath

    images = tmp_path / "content" / "images"
    write(images, "a/poster.jpg", b"x")
    (tmp_path / "elsewhere").mkdir()
    write(tmp_path / "elsewhere", "b.jpg", b"y")
    os.symlink(tmp_path / "elsewhere", images / "linked")              # a folder link
    os.symlink(tmp_path / "elsewhere" / "b.jpg", images / "a" / "link.jpg")   # a file link
    folders: dict[str, str] = {}
    for rel in ("a/poster.jpg", "a/link.jpg", "linked/b.jpg", "a/missing.jpg", "a/..", "a/.", "linked/../a/poster.jpg"):
        path = os.path.join(images, rel)
        assert _realpath(path, folders) == os.path.realpath(path), rel
