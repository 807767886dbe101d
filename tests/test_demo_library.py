"""The committed demo library is exactly what demo/films.yml describes, and plants every case
the scanner has to handle."""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "demo"
LIBRARY = DEMO / "library"

# Removing a case from films.yml must be a deliberate act: it is listed here too.
PLANTED_CASES = {
    "kodi_nfo", "kodi_stem_nfo", "jellyfin_nfo", "jellyfin_legacy_art", "stem_named_art",
    "id_in_folder_name", "bluray_folder", "dvd_folder", "multi_part", "multi_version", "edition",
    "collection_set", "collection_legacy_set", "collection_folder", "mixed_folder",
    "malformed_nfo", "url_only_nfo", "nfo_trailing_url", "bom_nfo", "actor_thumbs",
    "non_ascii_name", "non_ascii_nfo", "subtitles", "no_art",
    "flat_release_no_nfo", "release_folder_no_nfo", "loose_file_plain_name",
    "title_starts_with_number", "bracket_group_prefix", "wrong_match",
    "tv_episode", "sample", "extras_folder", "featurettes_folder", "trailer",
    "hidden_file", "hidden_dir", "appledouble",
}
PORTRAIT_ART = {"poster", "folder"}
MAX_IMAGE_BYTES = 10 * 1024
MAX_DEMO_BYTES = 1_500_000


def _load_make_demo():
    spec = importlib.util.spec_from_file_location("make_demo", DEMO / "make_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_demo = _load_make_demo()
SPEC = make_demo.load_spec(DEMO / "films.yml")
FILMS = SPEC["films"]
WITH_NFO = [f for f in FILMS if f["disk"].get("nfo")]


def film_id(film):
    return f"{film['title']} ({film['year']})"


def nfo_path(film) -> Path:
    return LIBRARY / film["disk"]["dir"] / film["disk"]["nfo"]["file"]


def parse_nfo(film):
    """The film's NFO parsed; a trailing URL line (a Kodi "combined" NFO) is split off first."""
    data = nfo_path(film).read_bytes()
    if "trailing_tmdb_url" in make_demo.nfo_quirks(film):
        end = data.rindex(b"</movie>") + len(b"</movie>")
        return ET.fromstring(data[:end]), data[end:].decode().strip()
    return ET.fromstring(data), ""


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "library"
    make_demo.build(SPEC, out)
    return out


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# ------------------------------------------------------------------ the tree as a whole

def test_committed_tree_is_exactly_what_the_generator_writes(fresh):
    committed, regenerated = tree(LIBRARY), tree(fresh)
    assert sorted(committed) == sorted(regenerated)
    changed = [p for p in committed if committed[p] != regenerated[p]]
    assert changed == [], "demo/library is stale: run python demo/make_demo.py"


def test_generator_sets_fixed_mtimes(fresh):
    for index, film in enumerate(FILMS):
        expected = make_demo.film_date(SPEC, index).timestamp()
        for video in make_demo.video_entries(film):
            path = fresh / film["disk"]["dir"] / video["path"]
            assert path.stat().st_mtime == expected, path
    assert fresh.stat().st_mtime == max(p.stat().st_mtime for p in fresh.iterdir())


def test_every_planted_case_is_present():
    found = {c for f in FILMS for c in f["cases"]} | {i["case"] for i in SPEC["ignored"]}
    assert found == PLANTED_CASES


def test_about_thirty_films_with_unique_ids():
    assert 28 <= len(FILMS) <= 40
    for key in ("imdb", "tmdb"):
        values = [f["ids"][key] for f in FILMS if key in f.get("ids", {})]
        assert len(values) == len(set(values)), key
    assert all(re.fullmatch(r"tt\d{7,8}", f["ids"]["imdb"]) for f in FILMS if "imdb" in f["ids"])


def test_demo_folder_stays_small():
    size = sum(p.stat().st_size for p in DEMO.rglob("*")
               if p.is_file() and "__pycache__" not in p.parts)
    assert size < MAX_DEMO_BYTES


def test_names_are_nfc_and_some_are_not_ascii():
    names = [p.name for p in LIBRARY.rglob("*")]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    for wanted in ("Amélie (2001)", "Léon (1994)", "千と千尋の神隠し (2001)"):
        assert (LIBRARY / "Movies" / wanted).is_dir()


@pytest.mark.parametrize("item", SPEC["ignored"], ids=lambda i: i["case"] + ":" + i["path"])
def test_ignored_items_exist(item):
    assert (LIBRARY / item["path"]).is_file()


# ------------------------------------------------------------------ per film

@pytest.mark.parametrize("film", FILMS, ids=film_id)
def test_film_files_exist(film):
    disk = LIBRARY / film["disk"]["dir"]
    names = [v["path"] for v in make_demo.video_entries(film)]
    names += list(film["disk"].get("art", {}).values()) + film["disk"].get("sidecars", [])
    names += [film["disk"]["nfo"]["file"]] if film["disk"].get("nfo") else []
    assert names
    for name in names:
        assert (disk / name).is_file(), disk / name


def test_video_placeholders_are_tiny_and_distinct():
    videos = [LIBRARY / f["disk"]["dir"] / v["path"] for f in FILMS for v in make_demo.video_entries(f)]
    assert all(0 < p.stat().st_size <= 16 for p in videos)
    assert len({p.read_bytes() for p in videos}) == len(videos)
    runner = LIBRARY / "Movies/Blade Runner (1982)"
    assert (runner / "Blade Runner (1982) - 2160p.mkv").stat().st_size > \
           (runner / "Blade Runner (1982) - 1080p.mkv").stat().st_size


@pytest.mark.parametrize("film", [f for f in FILMS if f["disk"].get("art")], ids=film_id)
def test_artwork_is_small_valid_jpeg(film):
    for kind, name in film["disk"]["art"].items():
        path = LIBRARY / film["disk"]["dir"] / name
        assert path.stat().st_size < MAX_IMAGE_BYTES
        with Image.open(path) as img:
            img.verify()
        with Image.open(path) as img:
            assert img.format == "JPEG"
            assert img.size == ((200, 300) if kind in PORTRAIT_ART else (320, 180))


def test_every_nfo_on_disk_belongs_to_a_film():
    on_disk = {p for p in LIBRARY.rglob("*.nfo")}
    assert on_disk == {nfo_path(f) for f in WITH_NFO}


@pytest.mark.parametrize("film", WITH_NFO, ids=film_id)
def test_nfo_shape(film):
    nfo, quirks = film["disk"]["nfo"], make_demo.nfo_quirks(film)
    data = nfo_path(film).read_bytes()
    assert data.startswith(make_demo.BOM) == ("bom" in quirks)
    if nfo["style"] == "url":
        assert data.decode().strip() == f"https://www.imdb.com/title/{film['ids']['imdb']}/"
    elif {"truncated", "bare_ampersand"} & quirks:
        with pytest.raises(ET.ParseError):
            ET.fromstring(data)
        assert b"</movie>" not in data and b" & " in data
    else:
        root, trailer = parse_nfo(film)
        assert root.tag == "movie"
        expected_trailer = f"https://www.themoviedb.org/movie/{film['ids']['tmdb']}"
        assert trailer == (expected_trailer if "trailing_tmdb_url" in quirks else "")


WELL_FORMED = [f for f in WITH_NFO if f["disk"]["nfo"]["style"] != "url"
               and not {"truncated", "bare_ampersand"} & make_demo.nfo_quirks(f)]


@pytest.mark.parametrize("film", WELL_FORMED, ids=film_id)
def test_nfo_carries_the_films_facts(film):
    root, _ = parse_nfo(film)
    assert root.findtext("title") == film["title"]
    assert root.findtext("originaltitle") == film.get("original_title", film["title"])
    assert root.findtext("year") == str(film["year"])
    assert [a.findtext("name") for a in root.iter("actor")] == [c[0] for c in film["cast"]]
    if film["disk"]["nfo"]["style"] == "kodi":
        ids = {u.get("type"): u.text for u in root.iter("uniqueid")}
        assert root.find("uniqueid[@default='true']").get("type") == "imdb"
    else:
        ids = {"imdb": root.findtext("imdbid"), "tmdb": root.findtext("tmdbid")}
        assert root.findtext("lockdata") == "false"
    assert ids == {k: str(v) for k, v in film["ids"].items()}


@pytest.mark.parametrize("film", [f for f in WELL_FORMED if "collection" in f], ids=film_id)
def test_collections_in_both_forms(film):
    root, _ = parse_nfo(film)
    collection = SPEC["collections"][film["collection"]]
    sets = root.findall("set")
    assert len(sets) == 1
    if "legacy_set" in make_demo.nfo_quirks(film):
        assert sets[0].text == collection["name"] and len(sets[0]) == 0
    else:
        assert sets[0].findtext("name") == collection["name"]
        assert sets[0].findtext("overview") == collection["overview"]


def test_a_collection_has_three_films():
    counts: dict[str, int] = {}
    for film in FILMS:
        if "collection" in film:
            counts[film["collection"]] = counts.get(film["collection"], 0) + 1
    assert counts.get("bttf", 0) >= 3


def test_actor_thumbs_point_at_local_images():
    (film,) = [f for f in FILMS if "actor_thumbs" in make_demo.nfo_quirks(f)]
    root, _ = parse_nfo(film)
    thumbs = [a.findtext("thumb") for a in root.iter("actor")]
    assert thumbs and all(t.startswith(".actors/") for t in thumbs)
    for thumb in thumbs:
        with Image.open(nfo_path(film).parent / thumb) as img:
            img.verify()


def test_jellyfin_art_paths_are_absolute_server_paths():
    for film in WELL_FORMED:
        if film["disk"]["nfo"]["style"] != "jellyfin" or not film["disk"].get("art"):
            continue
        root, _ = parse_nfo(film)
        poster = root.findtext("art/poster")
        assert poster.startswith(SPEC["jellyfin_root"] + "/")
        assert poster.endswith("/" + film["disk"]["art"]["poster"])
