from pathlib import Path

from movievault_build.artwork.local import actor_image, find_local_art

MOVIE = Path("Movies/Heat (1995)/Heat (1995).mkv")


def names(found: dict[str, Path]) -> dict[str, str]:
    return {kind: p.name for kind, p in found.items()}


def test_own_folder_kodi_names():
    listing = ["Heat (1995).mkv", "poster.jpg", "fanart.jpg", "clearlogo.png", "banner.jpg",
               "landscape.jpg", "disc.png", "clearart.png", "movie.nfo"]
    found = find_local_art(MOVIE, listing)
    assert names(found) == {"poster": "poster.jpg", "fanart": "fanart.jpg",
                            "clearlogo": "clearlogo.png", "banner": "banner.jpg",
                            "landscape": "landscape.jpg", "discart": "disc.png",
                            "clearart": "clearart.png"}
    assert found["poster"] == MOVIE.parent / "poster.jpg"


def test_stem_forms_win_over_bare_names():
    listing = ["Heat (1995).mkv", "Heat (1995)-poster.png", "folder.jpg", "Heat (1995)-fanart.jpg",
               "backdrop.jpg"]
    assert names(find_local_art(MOVIE, listing)) == {"poster": "Heat (1995)-poster.png",
                                                     "fanart": "Heat (1995)-fanart.jpg"}


def test_jellyfin_and_legacy_names():
    listing = ["Heat (1995).mkv", "folder.JPG", "background.webp", "logo.png", "thumb.jpg"]
    assert names(find_local_art(MOVIE, listing)) == {"poster": "folder.JPG", "fanart": "background.webp",
                                                     "clearlogo": "logo.png", "landscape": "thumb.jpg"}


def test_stem_image_is_a_poster_tbn_too():
    assert names(find_local_art(MOVIE, ["Heat (1995).mkv", "Heat (1995).tbn"])) == {
        "poster": "Heat (1995).tbn"}


def test_cover_and_movie_names():
    assert find_local_art(MOVIE, ["cover.jpeg"])["poster"].name == "cover.jpeg"
    assert find_local_art(MOVIE, ["movie.jpg"])["poster"].name == "movie.jpg"


def test_mixed_folder_ignores_bare_names():
    listing = ["Heat (1995).mkv", "Ronin (1998).mkv", "poster.jpg", "fanart.jpg",
               "Heat (1995)-fanart.jpg", "Ronin (1998)-poster.jpg"]
    assert names(find_local_art(MOVIE, listing)) == {"fanart": "Heat (1995)-fanart.jpg"}


def test_multi_part_files_are_still_one_movie():
    video = Path("Heat/Heat CD1.avi")
    found = find_local_art(video, ["Heat CD1.avi", "Heat CD2.avi", "poster.jpg"])
    assert names(found) == {"poster": "poster.jpg"}


def test_extension_preference_and_non_images():
    listing = ["poster.png", "poster.jpg", "fanart.txt", "fanart.nfo"]
    assert names(find_local_art(MOVIE, listing)) == {"poster": "poster.jpg"}


def test_extra_backdrops_numbered_after_main():
    listing = ["fanart.jpg", "fanart2.jpg", "fanart1.jpg", "fanart-10.png", "backdrop3.jpg",
               "Other-fanart4.jpg"]
    found = names(find_local_art(MOVIE, listing))
    assert found["fanart"] == "fanart.jpg"
    assert [found[f"fanart{i}"] for i in (1, 2, 3, 4)] == [
        "fanart1.jpg", "fanart2.jpg", "backdrop3.jpg", "fanart-10.png"]
    assert "fanart5" not in found


def test_extra_backdrop_only():
    found = names(find_local_art(MOVIE, ["fanart1.jpg", "fanart2.jpg"]))
    assert found == {"fanart": "fanart1.jpg", "fanart1": "fanart2.jpg"}


def test_nothing_found():
    assert find_local_art(MOVIE, ["Heat (1995).mkv", "Heat (1995).nfo", "sample.mkv"]) == {}


def test_actor_image_candidates():
    got = actor_image(Path("Heat (1995)"), "Al Pacino")
    assert got[0] == Path("Heat (1995)/.actors/Al_Pacino.jpg")
    assert [p.suffix for p in got] == [".jpg", ".png", ".tbn"]


def test_actor_image_cannot_escape():
    got = actor_image(Path("m"), "../../etc/passwd")
    assert all(p.parent == Path("m/.actors") for p in got)
    assert actor_image(Path("m"), " / ") == []


def test_folder_name_forms_in_own_folder():
    video = Path("Movies/Heat (1995)/heat.1995.1080p.mkv")
    assert names(find_local_art(video, ["heat.1995.1080p.mkv", "Heat (1995)-poster.jpg",
                                        "folder.jpg"])) == {"poster": "Heat (1995)-poster.jpg"}
    mixed = ["heat.1995.1080p.mkv", "ronin.mkv", "Heat (1995)-poster.jpg"]
    assert find_local_art(video, mixed) == {}
