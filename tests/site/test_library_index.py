"""The library browser's index: tables, round trip, determinism, size."""
from __future__ import annotations

import gzip
import json
import random

from movievault_build.model import Artwork, Collection, MediaFile, Movie, Person
from movievault_build.views.library_index import FIELDS, build_library_index, decode_library_index


def movie(slug: str, title: str, **kw) -> Movie:
    kw.setdefault("images", (Artwork("poster", path=f"images/{slug}/poster.jpg"),))
    return Movie(slug=slug, title=title, **kw)


def urls_for(movies) -> dict[str, str]:
    return {m.slug: f"movies/{m.slug}/" for m in movies}


def posters_for(movies) -> dict[str, str]:
    """The poster URL the plugin would pass (here: the stored image's path)."""
    return {m.slug: m.image("poster").path for m in movies if m.image("poster")}


MATRIX = movie(
    "the-matrix-1999", "The Matrix", year=1999, rating=8.7, runtime=136, added="2024-03-01",
    genres=("Action", "Science Fiction"), directors=("Lana Wachowski", "Lilly Wachowski"),
    cast=tuple(Person(n, order=i) for i, n in enumerate(
        ["Keanu Reeves", "Laurence Fishburne", "Carrie-Anne Moss", "Hugo Weaving", "Joe Pantoliano", "Gloria Foster"])),
    collection=Collection("The Matrix Collection"), tags=("cyberpunk",),
    files=(MediaFile("a.mkv", "lib", resolution="1080p", source="BluRay"),
           MediaFile("b.mkv", "lib", resolution="2160p")),
    user={"tags": ["rewatch", "cyberpunk"], "watched": True, "favorite": True})
AMELIE = movie("amelie-2001", "Amélie", original_title="Le Fabuleux Destin d'Amélie Poulain", year=2001,
               genres=("Comedy", "Romance"), directors=("Jean-Pierre Jeunet",),
               cast=(Person("Audrey Tautou", order=0),), added="2024-01-05")
BARE = movie("untitled", "Untitled", images=())
ODD = movie("odd-one", "An Odd One", images=(Artwork("poster", path="elsewhere/odd.png"),), missing=True, watched=True)


def test_movies_come_back_in_title_order_with_every_field():
    data = build_library_index([BARE, MATRIX, ODD, AMELIE], urls_for([BARE, MATRIX, ODD, AMELIE]), posters_for([BARE, MATRIX, ODD, AMELIE]))
    decoded = decode_library_index(data)
    assert [m["slug"] for m in decoded] == ["amelie-2001", "the-matrix-1999", "odd-one", "untitled"]  # articles skipped
    matrix = decoded[1]
    assert set(FIELDS) <= set(matrix)
    assert matrix["title"] == "The Matrix" and matrix["original_title"] == "The Matrix"
    assert (matrix["year"], matrix["rating10"], matrix["runtime"]) == (1999, 87, 136)
    assert matrix["added"] == 19783                      # days since 1970-01-01 for 2024-03-01
    assert matrix["url"] == "movies/the-matrix-1999/" and matrix["poster"] == "images/the-matrix-1999/poster.jpg"
    assert matrix["genres"] == ["Action", "Science Fiction"]
    assert matrix["directors"] == ["Lana Wachowski", "Lilly Wachowski"]
    assert matrix["cast"] == ["Keanu Reeves", "Laurence Fishburne", "Carrie-Anne Moss", "Hugo Weaving", "Joe Pantoliano"]
    assert matrix["collection"] == "The Matrix Collection"
    assert matrix["tags"] == ["rewatch", "cyberpunk"]      # user tags first, NFO tags deduplicated
    assert (matrix["resolution"], matrix["source"]) == ("2160p", "BluRay")   # the best file wins
    assert matrix["badge"] == "4K" and not matrix["missing"]     # quality badge of the best file
    assert "watched" not in matrix and "favourite" not in matrix     # viewer state: api/user-state.json
    assert decoded[0]["original_title"] == "Le Fabuleux Destin d'Amélie Poulain"


def test_unknowns_and_paths_off_the_template():
    decoded = {m["slug"]: m for m in decode_library_index(build_library_index([BARE, ODD, MATRIX], {
        "untitled": "movies/untitled/", "odd-one": "films/odd/", "the-matrix-1999": "movies/the-matrix-1999/"},
        posters_for([BARE, ODD, MATRIX])))}
    bare, odd = decoded["untitled"], decoded["odd-one"]
    assert (bare["year"], bare["rating10"], bare["runtime"], bare["added"]) == (0, 0, 0, 0)
    assert bare["poster"] is None and bare["collection"] is None and bare["resolution"] is None
    assert odd["poster"] == "elsewhere/odd.png" and odd["url"] == "films/odd/"
    assert odd["missing"] and bare["badge"] is None


def test_tables_hold_each_string_once_and_facets_sorted():
    twin = movie("the-matrix-reloaded-2003", "The Matrix Reloaded", year=2003, genres=("Science Fiction", "Action"),
                 directors=("Lana Wachowski",), cast=(Person("Keanu Reeves", order=0),),
                 collection=Collection("The Matrix Collection"),
                 files=(MediaFile("c.mkv", "lib", resolution="720p", source="WEB-DL"),))
    doc = json.loads(build_library_index([MATRIX, twin, AMELIE], urls_for([MATRIX, twin, AMELIE]), posters_for([MATRIX, twin, AMELIE])))
    assert doc["genres"] == ["Action", "Comedy", "Romance", "Science Fiction"]
    assert doc["collections"] == ["The Matrix Collection"]
    assert doc["resolutions"] == ["2160p", "720p"]          # best first
    assert doc["sources"] == ["BluRay", "WEB-DL"]
    assert doc["people"].count("Keanu Reeves") == 1 and doc["people"].count("Lana Wachowski") == 1
    assert doc["url"] == "movies/{slug}/" and doc["poster"] == "images/{slug}/poster.jpg"
    row = doc["movies"][1]                                   # The Matrix, stored as references
    assert row[doc["fields"].index("url")] == 0 and row[doc["fields"].index("poster")] == 1


def test_same_movies_in_any_order_give_the_same_bytes():
    movies = synthetic(300)
    shuffled = movies[:]
    random.Random(7).shuffle(shuffled)
    assert build_library_index(movies, urls_for(movies), posters_for(movies)) == build_library_index(shuffled, urls_for(shuffled), posters_for(shuffled))


def test_empty_library():
    assert decode_library_index(build_library_index([], {})) == []


def test_compact_enough_for_ten_thousand_movies():
    movies = synthetic(2000)
    data = build_library_index(movies, urls_for(movies), posters_for(movies))
    per_movie = len(gzip.compress(data, 9)) / len(movies)
    assert per_movie <= 120, f"{per_movie:.0f} bytes per movie gzipped"
    assert len(decode_library_index(data)) == len(movies)


WORDS = ("night dark river city last blood silent star road house lost king summer storm glass iron "
         "girl man return secret black white red little great long winter fire").split()
FIRST = "John Mary Anna Peter Lucas Sofia Akira Marta Omar Ines Karl Lea Tom Emma Raj Yuki".split()
LAST = "Smith Garcia Kim Novak Rossi Müller Tanaka Silva Dubois Khan Berg Costa Ivanova Lee".split()


def synthetic(n: int) -> list[Movie]:
    """Deterministic movies shaped like a real library (shared people, a few dozen genres)."""
    rng = random.Random(1)
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n * 2)]
    out = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()
        slug = f"{title.lower().replace(' ', '-')}-{i}"
        out.append(movie(
            slug, title, year=rng.randint(1920, 2025), rating=round(rng.uniform(3, 9.5), 1),
            runtime=rng.randint(70, 200), added=f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            genres=tuple(rng.sample(WORDS[:19], rng.randint(1, 3))), directors=(rng.choice(people),),
            cast=tuple(Person(p, order=k) for k, p in enumerate(rng.sample(people, 8))),
            files=(MediaFile("x.mkv", "lib", resolution=rng.choice(("1080p", "2160p", "720p"))),)))
    return out


def test_media_facets_round_trip():
    dv = movie("dv", "Dolby One", streams={
        "video": {"codec": "hevc", "hdr": "Dolby Vision"},
        "audio": [{"language": "deu"}, {"language": "eng", "commentary": True}, {"language": "ger"}],
        "subtitles": [{"language": "eng"}, {"language": "pt-BR", "external": True}]})
    hdr10 = movie("h10", "HDR Two", streams={"video": {"codec": "hevc", "hdrtype": "hdr10"},
                                               "audio": [{"language": "en"}]})
    sdr = movie("sdr", "Plain Three", streams={"video": {"codec": "h264"}, "audio": [{"language": "und"}]})
    unknown = movie("nothing", "Unknown Four")
    films = [dv, hdr10, sdr, unknown]
    doc = json.loads(build_library_index(films, urls_for(films), posters_for(films)))
    assert doc["version"] == 3
    assert doc["hdr"] == ["Dolby Vision", "HDR10", "SDR"]                  # richest first
    assert doc["badges"] == ["DV", "HDR"]
    assert doc["audio"] == ["en", "de"]                                     # by name: English, German
    assert doc["language_names"] == {"de": "German", "en": "English", "pt-BR": "Portuguese (BR)"}
    got = {m["slug"]: m for m in decode_library_index(json.dumps(doc).encode())}
    assert (got["dv"]["hdr"], got["dv"]["audio"], got["dv"]["subtitles"]) == ("Dolby Vision", ["de"], ["en", "pt-BR"])
    assert (got["h10"]["hdr"], got["h10"]["audio"], got["h10"]["subtitles"]) == ("HDR10", ["en"], [])
    assert (got["sdr"]["hdr"], got["sdr"]["audio"]) == ("SDR", [])     # "und" is no language
    assert (got["nothing"]["hdr"], got["nothing"]["audio"], got["nothing"]["subtitles"]) == (None, [], [])
    assert (got["dv"]["badge"], got["h10"]["badge"], got["sdr"]["badge"]) == ("DV", "HDR", None)
