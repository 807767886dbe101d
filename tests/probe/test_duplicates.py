"""Duplicate groups: by ids, fingerprint, fuzzy title; editions and parts are not copies."""
from __future__ import annotations


from movievault_build.vault.duplicates import find_groups, normalise_title, sample_hash
from movievault_build.probe.quality import Copy, rank


def _movie(title, year=None, ids=None, files=(), edition=None):
    m = {"title": title, "year": year, "files": [dict(f) for f in files]}
    if ids:
        m["ids"] = ids
    if edition:
        m["edition"] = edition
    return m


def _file(path, size=100, **kw):
    return {"library": "lib", "path": path, "size": size, **kw}


def _slugs(groups):
    return [sorted({c.slug for c, _ in g.copies}) for g in groups]


def test_same_tmdb_id_across_content_files_is_one_group_ranked_by_quality():
    movies = {
        "heat-1995": _movie("Heat", 1995, {"tmdb": "949"}, [_file("a/Heat.mkv", 5, resolution="1080p",
                                                                  source="BluRay")]),
        "heat-1995-2": _movie("Heat", 1995, {"tmdb": "949"}, [_file("b/Heat.mkv", 9, resolution="720p")]),
    }
    (group,) = find_groups(movies)
    assert group.matched_by == ("ids",)
    (best, why_best), (worse, why) = group.copies
    assert best.path == "a/Heat.mkv" and why_best[0].startswith("best: 1080p, BluRay")
    assert why == ["lower resolution: 720p vs 1080p"]
    data = group.to_json(lambda c: c.path)
    assert data["movie"] == {"slug": "heat-1995", "title": "Heat", "year": 1995, "ids": {"tmdb": "949"}}
    assert [(c["path"], c["rank"], c["resolution"], c["size"]) for c in data["copies"]] == [
        ("a/Heat.mkv", 1, "1080p", 5), ("b/Heat.mkv", 2, "720p", 9)]


def test_fuzzy_title_and_year_off_by_one_but_not_two():
    movies = {
        "the-lord-of-the-rings-2001": _movie("The Lord of the Rings: Fellowship", 2001, files=[_file("x.mkv")]),
        "lord-of-the-rings-2002": _movie("Lord of the Rings - Fellowship", 2002, files=[_file("y.mkv")]),
        "lord-of-the-rings-2004": _movie("Lord of the Rings Fellowship", 2004, files=[_file("z.mkv")]),
    }
    groups = find_groups(movies)
    assert _slugs(groups) == [["lord-of-the-rings-2002", "the-lord-of-the-rings-2001"]]
    assert groups[0].matched_by == ("title",)


def test_remakes_with_different_ids_are_not_duplicates():
    movies = {"a": _movie("Godzilla", 2014, {"tmdb": "1"}, [_file("a.mkv")]),
              "b": _movie("Godzilla", 2014, {"tmdb": "2"}, [_file("b.mkv")])}
    assert find_groups(movies) == []


def test_editions_are_not_duplicates():
    movies = {"alien": _movie("Alien", 1979, {"tmdb": "348"}, [_file("Alien.mkv")]),
              "alien-dc": _movie("Alien", 1979, {"tmdb": "348"}, [_file("Alien DC.mkv")],
                                 edition="Director's Cut")}
    assert find_groups(movies) == []


def test_parts_of_one_movie_are_one_copy_not_duplicates():
    movies = {"seven": _movie("Seven Samurai", 1954, files=[_file("cd1.avi", 10, part=1),
                                                            _file("cd2.avi", 12, part=2)])}
    assert find_groups(movies) == []
    movies["seven-2"] = _movie("Seven Samurai", 1954, files=[_file("single.mkv", 30, resolution="1080p")])
    (group,) = find_groups(movies)
    parts = next(c for c, _ in group.copies if c.slug == "seven")
    assert parts.paths == ("cd1.avi", "cd2.avi") and parts.size == 22


def test_versions_inside_one_content_file_are_ranked():
    movies = {"blade-runner-1982": _movie("Blade Runner", 1982, files=[
        _file("BR - 1080p.mkv", 9, resolution="1080p"), _file("BR - 2160p.mkv", 16, resolution="2160p")])}
    (group,) = find_groups(movies)
    assert group.matched_by == ("versions",)
    assert [c.path for c, _ in group.copies] == ["BR - 2160p.mkv", "BR - 1080p.mkv"]


def test_same_bytes_under_different_names_match_by_fingerprint(tmp_path):
    data = bytes(range(256)) * 1000
    (tmp_path / "one.mkv").write_bytes(data)
    (tmp_path / "two.mkv").write_bytes(data)
    (tmp_path / "three.mkv").write_bytes(data[:-1] + b"\x00")   # same size, different end
    movies = {"x": _movie("Some Title", 2000, files=[_file("one.mkv", len(data))]),
              "y": _movie("Other Name", 1990, files=[_file("two.mkv", len(data))]),
              "z": _movie("Third", 1980, files=[_file("three.mkv", len(data))])}
    groups = find_groups(movies, locate=lambda c: tmp_path / c.path)
    assert _slugs(groups) == [["x", "y"]] and groups[0].matched_by == ("fingerprint",)
    assert sample_hash(tmp_path / "one.mkv", len(data)) != sample_hash(tmp_path / "one.mkv", len(data), True)


def test_quality_order_source_codec_hdr_audio():
    base = dict(slug="m", library="l", resolution="2160p", size=1)
    remux = Copy(paths=("remux",), source="Remux", **base)
    web_hdr = Copy(paths=("web",), source="WEB-DL", quality={"codec": "hevc", "hdr": "HDR10"}, **base)
    web_sdr = Copy(paths=("web2",), source="WEB-DL", quality={"codec": "hevc"}, **base)
    web_h264 = Copy(paths=("web3",), source="WEB-DL", quality={"codec": "h264", "hdr": "HDR10"}, **base)
    ranked = rank([web_sdr, web_h264, remux, web_hdr])
    assert [c.path for c, _ in ranked] == ["remux", "web", "web2", "web3"]
    assert ranked[2][1] == ["lower source: WEB-DL vs Remux"]


def test_normalised_titles():
    assert normalise_title("The Lord of the Rings: The Two Towers") == normalise_title("lord of the rings the two towers")
    assert normalise_title("Amélie") == "amelie" and normalise_title("Fast & Furious") == "fastandfurious"
