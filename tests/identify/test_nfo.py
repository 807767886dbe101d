"""Unit tests of the NFO reader, on small NFOs written here."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from movievault_build.errors import ReadError
from movievault_build.identify.nfo import NfoResult, nfo_candidates, parse_nfo, read_nfo
from movievault_build.identify.nfo_xml import MAX_BYTES
from movievault_build.model import METADATA_FIELDS, movie_from_metadata

FIXTURES = Path(__file__).parent / "fixtures"


def meta(xml: str | bytes) -> dict:
    return parse_nfo(xml.encode("utf-8") if isinstance(xml, str) else xml).metadata


def movie(body: str) -> dict:
    return meta(f"<movie>{body}</movie>")


# --- every field ----------------------------------------------------------------------

def test_full_kodi_nfo_gives_every_field() -> None:
    result = read_nfo(FIXTURES / "kodi-full.nfo")
    assert result.flavour == "kodi"
    assert result.warnings == ()
    assert result.metadata == {
        "title": "The Matrix",
        "original_title": "The Matrix (Original)",
        "sort_title": "Matrix 1",
        "year": 1999,
        "edition": "Director's Cut",
        "ids": {"imdb": "tt0133093", "tmdb": "603", "trakt": "481"},
        "rating": 8.7,
        "ratings": {"imdb": {"value": 8.7, "votes": 1900000, "max": 10},
                    "tmdb": {"value": 8.2, "votes": 24000, "max": 10},
                    "metacritic": {"value": 73.0, "votes": 35, "max": 100},
                    "user": {"value": 9.0, "votes": None, "max": 10}},
        "runtime": 136,
        "certification": "Rated R",
        "premiered": "1999-03-30",
        "tagline": "Welcome to the Real World.",
        "outline": "A hacker learns the truth.",
        "plot": "Set in the 22nd century, The Matrix tells the story of a computer hacker.\n\n"
                "He joins a group of underground insurgents.",
        "trailer": "https://www.youtube.com/watch?v=vKQi3bBA1y8",      # Kodi's YouTube add-on link
        "genres": ["Action", "Science Fiction", "Thriller"],
        "tags": ["cyberpunk", "dystopia"],
        "collection": {"name": "The Matrix Collection", "overview": "The Matrix films."},
        "directors": ["Lana Wachowski", "Lilly Wachowski"],
        "writers": ["Lana Wachowski", "Lilly Wachowski"],
        "cast": [{"name": "Keanu Reeves", "role": "Neo", "order": 0,
                  "thumb": "https://image.tmdb.org/t/p/original/keanu.jpg"},
                 {"name": "Laurence Fishburne", "role": "Morpheus", "order": 1}],
        "studios": ["Warner Bros. Pictures", "Village Roadshow Pictures"],
        "countries": ["United States of America", "Australia"],
        "watched": True,
        "playcount": 3,
        "lastplayed": "2023-05-01",
        "images": [{"kind": "poster", "src": "https://image.tmdb.org/t/p/original/poster.jpg"},
                   {"kind": "clearlogo", "src": "https://assets.fanart.tv/logo.png"},
                   {"kind": "poster", "src": "folder.jpg"},
                   {"kind": "fanart", "src": "https://image.tmdb.org/t/p/original/fanart.jpg"}],
        "streams": {"video": {"codec": "hevc", "aspect": 2.4, "width": 3840, "height": 1600,
                              "durationinseconds": 8160, "hdrtype": "hdr10"},
                    "audio": [{"codec": "truehd", "language": "eng", "channels": 8}],
                    "subtitles": [{"language": "eng"}, {"language": "ger", "flags": ["forced"]}]},
    }
    assert list(result.metadata) == [f for f in METADATA_FIELDS if f in result.metadata]


@pytest.mark.parametrize("text, url", [
    ("plugin://plugin.video.youtube/?action=play_video&amp;videoid=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("plugin://plugin.video.youtube/play/?video_id=vKQi3bBA1y8", "https://www.youtube.com/watch?v=vKQi3bBA1y8"),
    ("https://www.youtube.com/watch?v=nFD4f1_eZno", "https://www.youtube.com/watch?v=nFD4f1_eZno"),
    ("  http://trailers.example.org/heat.mov ", "http://trailers.example.org/heat.mov"),
    ("plugin://plugin.video.hdtrailers_net/video/foo?/=nFD4f1_eZno", None),   # another add-on: not a web page
    ("javascript:alert(1)", None), ("Heat-trailer.mkv", None), ("TmovieFc19", None), ("", None),
    ("https://exa mple.org/x", None), ("ftp://example.org/t.mov", None),
])
def test_trailer_is_a_web_page_or_nothing(text: str, url: str | None) -> None:
    assert movie(f"<title>T</title><trailer>{text}</trailer>").get("trailer") == url


def test_metadata_builds_a_movie() -> None:
    result = read_nfo(FIXTURES / "kodi-full.nfo")
    built = movie_from_metadata("the-matrix-1999", result.metadata)
    assert built.metadata() == result.metadata


def test_to_json_dict() -> None:
    result = parse_nfo(b"<movie><title>Heat</title></movie>\n<junk>", "Heat/movie.nfo")
    assert result.to_json_dict() == {"path": "Heat/movie.nfo", "flavour": "legacy", "title": "Heat",
                                     "warnings": ["line 2: text after </movie> ignored"]}


def test_empty_elements_are_ignored_not_zeroed() -> None:
    got = movie("<title></title><year></year><tmdbId>0</tmdbId><id></id><runtime>0</runtime>"
                "<rating>0.0</rating><votes>0</votes><plot>  </plot><genre/><set><overview/></set>"
                "<fileinfo><streamdetails><video><width>0</width></video><audio/></streamdetails></fileinfo>")
    assert got == {}


@pytest.mark.parametrize(("text", "minutes"), [("122", 122), ("122 min", 122), ("2h 2m", 122),
                                                ("1 hour 30 minutes", 90), ("0", None), ("abc", None)])
def test_runtime_forms(text: str, minutes: int | None) -> None:
    assert movie(f"<runtime>{text}</runtime>").get("runtime") == minutes


@pytest.mark.parametrize(("text", "iso"), [("2009-08-19", "2009-08-19"), ("19-08-2009", "2009-08-19"),
                                            ("19.08.2009", "2009-08-19"), ("2009-08-19 10:00:00", "2009-08-19"),
                                            ("2009-02-30", None), ("08/19/2009", None)])
def test_premiered_forms(text: str, iso: str | None) -> None:
    got = movie(f"<premiered>{text}</premiered>")
    assert got.get("premiered") == iso
    assert got.get("year") == (2009 if iso else None)   # year falls back to the date


def test_year_element_wins_over_premiered_and_releasedate_is_read() -> None:
    assert movie("<year>2001</year><releasedate>2002-01-02</releasedate>") == {
        "year": 2001, "premiered": "2002-01-02"}


def test_list_splitting() -> None:
    got = movie("<genre>Action / Drama</genre><genre>drama</genre><genre>Sci-Fi|Horror</genre>"
                "<director>Zack Snyder,</director><credits>A. Writer; B. Writer</credits>"
                "<studio>Lucasfilm, Ltd.</studio><studio>Focus Features / Pixar</studio>"
                "<country>Korea, Republic of</country><tag>film noir</tag>")
    assert got["genres"] == ["Action", "Drama", "Sci-Fi", "Horror"]
    assert got["directors"] == ["Zack Snyder"]
    assert got["writers"] == ["A. Writer", "B. Writer"]
    assert got["studios"] == ["Lucasfilm, Ltd.", "Focus Features", "Pixar"]
    assert got["countries"] == ["Korea, Republic of"]
    assert got["tags"] == ["film noir"]


def test_cast_skips_crew_and_nameless_entries() -> None:
    got = movie("<actor><name>A</name><role>R</role><sortorder>2</sortorder><type>Actor</type></actor>"
                "<actor><name>L</name><type>Lyricist</type></actor><actor><role>nobody</role></actor>")
    assert got["cast"] == [{"name": "A", "role": "R", "order": 2}]


def test_html_in_plot_is_kept_as_text() -> None:
    assert movie("<plot>&lt;b&gt;Bold&lt;/b&gt; &amp; more</plot>")["plot"] == "<b>Bold</b> & more"
    assert movie("<plot>A <b>bold</b> <i>move</i>.</plot>")["plot"] == "A <b>bold</b> <i>move</i>."
    assert movie("<plot><![CDATA[<script>alert(1)</script>]]></plot>")["plot"] == "<script>alert(1)</script>"


def test_deeply_nested_plot_does_not_recurse() -> None:
    depth = 50_000
    got = movie("<plot>" + "<i>" * depth + "x" + "</i>" * depth + "</plot>")
    assert got["plot"].count("<i>") == depth


def test_title_whitespace_and_pipes_are_normalised() -> None:
    got = movie("<title> Taxi\u00a02 </title><originaltitle>|10 Cloverfield Lane|</originaltitle>")
    assert got == {"title": "Taxi 2", "original_title": "10 Cloverfield Lane"}


def test_watched_forms() -> None:
    assert movie("<watched>True</watched>")["watched"] is True
    assert movie("<playcount>2</playcount>") == {"playcount": 2, "watched": True}
    assert movie("<playcount>0</playcount><watched>false</watched>") == {"playcount": 0, "watched": False}


# --- ids -------------------------------------------------------------------------------

def test_id_sources_and_precedence() -> None:
    got = movie('<uniqueid type="IMDB" default="true">tt0133093</uniqueid><tmdbid>603</tmdbid>'
                '<imdbid>tt9999999</imdbid><id>tt1111111</id><uniqueid type="tmdbcol">2344</uniqueid>'
                '<uniqueid type="home">abc</uniqueid><actor><name>X</name><tmdbid>1</tmdbid></actor>')
    assert got["ids"] == {"imdb": "tt0133093", "tmdbcol": "2344", "home": "abc", "tmdb": "603"}


def test_legacy_id_and_id_attributes_and_tmm_map() -> None:
    assert movie("<id>tt0133093</id>")["ids"] == {"imdb": "tt0133093"}
    assert movie('<id TMDB="603">tt0133093</id>')["ids"] == {"imdb": "tt0133093", "tmdb": "603"}
    assert movie("<id>603</id>") == {}   # a bare number has no known type
    assert movie("<ids><entry><key>tmdb</key><value>603</value></entry></ids>")["ids"] == {"tmdb": "603"}
    assert movie("<imdb_id>tt0133093</imdb_id><imdbid>garbage</imdbid>")["ids"] == {"imdb": "tt0133093"}


# --- ratings ---------------------------------------------------------------------------

def test_ratings_block_default_and_scale() -> None:
    got = movie('<ratings><rating name="metacritic" max="100"><value>73</value></rating>'
                '<rating name="themoviedb" max="10" default="true"><value>8,2</value><votes>1.234</votes>'
                "</rating></ratings>")
    assert got["ratings"] == {"metacritic": {"value": 73.0, "votes": None, "max": 100},
                              "tmdb": {"value": 8.2, "votes": 1234, "max": 10}}
    assert got["rating"] == 8.2


def test_without_default_the_first_rating_is_main_on_a_ten_scale() -> None:
    got = movie('<ratings><rating name="metacritic" max="100"><value>73</value></rating></ratings>')
    assert got["rating"] == 7.3


def test_plain_rating_with_decimal_comma_and_thousands_votes() -> None:
    got = movie("<rating>7,5</rating><votes>3,998</votes>")
    assert got["ratings"] == {"nfo": {"value": 7.5, "votes": 3998, "max": 10}}
    assert got["rating"] == 7.5


def test_out_of_range_and_zero_ratings_are_dropped() -> None:
    result = parse_nfo(b"<movie><communityrating>15.5</communityrating><rating>0</rating>"
                       b"<userrating>0</userrating></movie>")
    assert result.metadata == {}
    assert result.warnings == ("rating 'community' 15.5 is above its maximum 10 (dropped)",)


def test_critic_and_user_ratings() -> None:
    got = movie("<criticrating>87</criticrating><userrating>9</userrating>")
    assert got["ratings"] == {"tomatometerallcritics": {"value": 87.0, "votes": None, "max": 100},
                              "user": {"value": 9.0, "votes": None, "max": 10}}
    assert got["rating"] == 8.7   # the user's own rating is never the main one


# --- collections -------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "want"), [
    ("<set>Old Style</set>", {"name": "Old Style"}),
    ("<set><name>New</name><overview>About</overview></set>", {"name": "New", "overview": "About"}),
    ("<set>Text<name>Named</name></set>", {"name": "Named"}),
    ('<sets><set order="1">MediaPortal</set></sets>', {"name": "MediaPortal"}),
    ("<set><setname>MyVideo</setname><setdescription>D</setdescription></set>",
     {"name": "MyVideo", "overview": "D"}),
    ("<set><overview>no name</overview></set><set>Second</set>", {"name": "Second"}),
])
def test_collection_forms(body: str, want: dict) -> None:
    assert movie(body)["collection"] == want


def test_collection_tmdb_id_goes_to_ids() -> None:
    got = movie('<set tmdbcolid="2344"><name>The Matrix Collection</name></set>')
    assert got == {"ids": {"tmdbcol": "2344"}, "collection": {"name": "The Matrix Collection"}}


# --- images and streams ---------------------------------------------------------------------

def test_images() -> None:
    got = movie('<thumb>p.jpg</thumb><thumb aspect="set.poster">s.jpg</thumb><thumb aspect="Banner">b.jpg</thumb>'
                '<thumb aspect="fanart">stray.jpg</thumb><thumb>p.jpg</thumb>'
                "<fanart><thumb preview='x'>\n  f1.jpg\n</thumb><thumb>f2.jpg</thumb></fanart>"
                "<art><landscape>/media/l.jpg</landscape></art>")
    assert got["images"] == [{"kind": "poster", "src": "p.jpg"}, {"kind": "banner", "src": "b.jpg"},
                             {"kind": "fanart", "src": "f1.jpg"}, {"kind": "fanart", "src": "f2.jpg"},
                             {"kind": "landscape", "src": "/media/l.jpg"}]
    assert movie("<fanart>http://x/f.jpg</fanart>")["images"] == [{"kind": "fanart", "src": "http://x/f.jpg"}]
    assert movie('<thumb aspect="fanart">f.jpg</thumb>')["images"] == [{"kind": "fanart", "src": "f.jpg"}]


def test_stream_flags() -> None:
    got = movie("<fileinfo><streamdetails><audio><codec>dts</codec><flags><flag> Forced </flag>"
                "<flag>bogus</flag><flag/></flags></audio><subtitle><language>eng</language>"
                "<default>true</default></subtitle><subtitle/></streamdetails></fileinfo>")
    assert got["streams"] == {"audio": [{"codec": "dts", "flags": ["forced"]}],
                              "subtitles": [{"language": "eng", "flags": ["default"]}]}


# --- flavours ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "flavour"), [
    (b'<movie><uniqueid type="imdb">tt0133093</uniqueid></movie>', "kodi"),
    (b"<movie><ratings/><title>x</title></movie>", "kodi"),
    (b"<movie><title>x</title><rating>7</rating></movie>", "legacy"),
    (b"<movie><title>x</title><lockdata>false</lockdata><imdbid>tt0133093</imdbid></movie>", "jellyfin"),
    (b'<movie><lockdata>false</lockdata><uniqueid type="Tmdb">603</uniqueid></movie>', "emby"),
    (b"<movie><title>x</title><tmdbId>603</tmdbId></movie>", "legacy"),
    (b"<movie><title>x</title><genres><genre>A</genre></genres></movie>", "mediaportal"),
    (b"<movie><title>|x|</title></movie>", "mediaportal"),
    (b"https://www.imdb.com/title/tt0133093/\n", "url-only"),
])
def test_flavours(data: bytes, flavour: str) -> None:
    assert parse_nfo(data).flavour == flavour


# --- URL-only and combined ---------------------------------------------------------------------

def test_url_only_nfos() -> None:
    assert meta(b"https://www.imdb.com/title/tt0133093/") == {"ids": {"imdb": "tt0133093"}}
    assert meta(b"https://www.themoviedb.org/movie/603-the-matrix\n") == {"ids": {"tmdb": "603"}}
    assert meta(b"http://www.themoviedb.org/de-DE/movie/603\r\nhttp://imdb.com/title/tt0133093") == {
        "ids": {"tmdb": "603", "imdb": "tt0133093"}}


def test_scene_nfo_prose_with_a_link_is_url_only() -> None:
    data = "  ░▒▓ GROUP ▓▒░\n<<< Release: The.Matrix.1999 >>>\nIMDb: http://www.imdb.com/title/tt0133093\n"
    result = parse_nfo(data.encode("cp437"))
    assert (result.flavour, result.metadata) == ("url-only", {"ids": {"imdb": "tt0133093"}})


def test_prose_without_a_link_is_refused() -> None:
    with pytest.raises(ReadError, match="no movie metadata"):
        parse_nfo(b"Just some release notes.\n")
    with pytest.raises(ReadError, match=r"not a movie NFO \(<html>\)"):
        parse_nfo(b"<html><body>hi</body></html>")


def test_xml_followed_by_url_lines() -> None:
    result = parse_nfo(b"<movie><title>The Matrix</title><uniqueid type='imdb'>tt0133093</uniqueid></movie>\n"
                       b"https://www.themoviedb.org/movie/603\nhttps://www.imdb.com/title/tt0000001/\n")
    assert result.metadata == {"title": "The Matrix", "ids": {"imdb": "tt0133093", "tmdb": "603"}}
    assert result.warnings == ("imdb id tt0000001 in the trailing URL disagrees with tt0133093 "
                               "in the XML (kept tt0133093)",)


# --- encodings -----------------------------------------------------------------------------------

XML_LATIN = "<?xml version='1.0' encoding='{enc}'?>\n<movie><title>Amélie – Café</title></movie>"


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_bom_encodings(codec: str) -> None:
    data = XML_LATIN.format(enc="UTF-8").encode(codec)
    if codec == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert meta(data)["title"] == "Amélie – Café"


def test_utf16_without_bom() -> None:
    assert meta("<movie><title>Amélie</title></movie>".encode("utf-16-le"))["title"] == "Amélie"


@pytest.mark.parametrize("label", ["ISO-8859-1", "windows-1252", "latin1"])
def test_declared_single_byte_encodings(label: str) -> None:
    result = parse_nfo(XML_LATIN.format(enc=label).encode("cp1252"))
    assert result.metadata["title"] == "Amélie – Café"
    assert result.warnings == ()


def test_undeclared_latin1_is_read_with_a_warning() -> None:
    result = parse_nfo("<movie>\n<title>Amélie</title></movie>".encode("latin-1"))
    assert result.metadata["title"] == "Amélie"
    assert result.warnings == ("line 2: not UTF-8 and no encoding declared; read as windows-1252",)


def test_declared_utf8_that_is_not() -> None:
    result = parse_nfo(XML_LATIN.format(enc="UTF-8").encode("cp1252"))
    assert result.metadata["title"] == "Amélie – Café"
    assert "do not match the declared encoding utf-8" in result.warnings[0]


def test_control_characters_are_removed() -> None:
    result = parse_nfo(b"<movie><title>A\x01B\x1b</title></movie>")
    assert result.metadata["title"] == "AB"
    assert "control character" in result.warnings[0]


# --- malformed XML -------------------------------------------------------------------------------

def test_bare_ampersand_and_html_entities_are_repaired() -> None:
    result = parse_nfo(b"<movie>\n<title>Fast & Furious</title><plot>Caf&eacute;&nbsp;au lait</plot></movie>")
    assert result.metadata == {"title": "Fast & Furious", "plot": "Caf\u00e9\u00a0au lait"}
    assert result.warnings == ("line 2, column 14: not well-formed (invalid token) "
                               "(recovered: escaped a bare '&' or HTML entity)",)


def test_trailing_garbage_after_root_is_ignored_with_a_warning() -> None:
    result = parse_nfo(b"<movie><title>Heat</title></movie>\n\nripped by nobody </movie2>")
    assert result.metadata == {"title": "Heat"}
    assert result.warnings == ("line 3: text after </movie> ignored",)


def test_truncated_file_keeps_what_came_before() -> None:
    result = parse_nfo(b"<?xml version='1.0'?>\n<movie>\n  <title>Heat</title>\n  <year>1995</year>\n  <plot>A cr")
    assert result.metadata == {"title": "Heat", "year": 1995, "plot": "A cr"}
    assert len(result.warnings) == 1
    assert result.warnings[0].startswith("line 5, column ") and "(recovered" in result.warnings[0]


@pytest.mark.parametrize(("data", "where"), [
    (b"<movie", "line 1, column 1"),   # expat points at the start of the open token
    (b"<movie <title>X</title></movie>", "line 1, column 8"),
    (b"\n\n<movie>\n<<<<", "line 4, column 2"),
])
def test_unrecoverable_xml_names_line_and_column(data: bytes, where: str) -> None:
    with pytest.raises(ReadError) as info:
        parse_nfo(data, "Heat/movie.nfo")
    assert str(info.value).startswith(f"Heat/movie.nfo: {where}: ")
    assert "\n" not in str(info.value)


# --- hostile input ---------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE movie [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<movie><title>&lol9;</title></movie>"""


def test_entity_bomb_is_refused() -> None:
    with pytest.raises(ReadError, match="refused: XML entity declarations"):
        parse_nfo(BILLION_LAUGHS)


@pytest.mark.parametrize("decl", [
    b'<!DOCTYPE movie [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
    b'<!DOCTYPE movie [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    b'<!DOCTYPE movie [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>',
])
def test_external_entities_are_refused_without_reading_them(decl: bytes) -> None:
    with pytest.raises(ReadError) as info:
        parse_nfo(decl + b"\n<movie><title>&x;</title><plot>&x;</plot></movie")   # malformed too
    assert "refused" in str(info.value)
    assert "root:" not in str(info.value)


def test_undeclared_entity_is_not_resolved() -> None:
    result = parse_nfo(b'<!DOCTYPE movie SYSTEM "file:///etc/passwd">\n<movie><title>A&passwd;B</title></movie>')
    assert result.metadata == {"title": "A&passwd;B"}
    assert "root:" not in repr(result)


@pytest.mark.parametrize(("root", "shown"), [("tvshow", "<tvshow>"), ("episodedetails", "<episodedetails>")])
def test_tv_nfos_are_not_movies(root: str, shown: str) -> None:
    with pytest.raises(ReadError, match=f"not a movie NFO \\({shown}\\)"):
        parse_nfo(f'<?xml version="1.0"?>\n<!-- x --><{root}><title>Show</title></{root}>'.encode())


@pytest.mark.parametrize("data", [b"", b"  \n\t\r\n", codecs.BOM_UTF8])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(ReadError, match="empty file"):
        parse_nfo(data, "x.nfo")


def test_huge_input_is_refused(tmp_path: Path) -> None:
    big = b"<movie><plot>" + b"a" * MAX_BYTES + b"</plot></movie>"
    with pytest.raises(ReadError, match="too large"):
        parse_nfo(big)
    path = tmp_path / "big.nfo"
    path.write_bytes(big)
    with pytest.raises(ReadError, match="too large"):
        read_nfo(path)


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError) as info:
        read_nfo(tmp_path / "missing.nfo")
    assert info.value.path.endswith("missing.nfo")


def test_read_nfo_returns_result_with_path(tmp_path: Path) -> None:
    path = tmp_path / "Heat (1995).nfo"
    path.write_bytes(b"<movie><title>Heat</title></movie>")
    assert read_nfo(path) == NfoResult(path=str(path), flavour="legacy", metadata={"title": "Heat"})


# --- where NFOs are ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("video", "want"), [
    ("/m/Heat (1995)/Heat (1995).mkv", ["/m/Heat (1995)/Heat (1995).nfo", "/m/Heat (1995)/movie.nfo"]),
    ("/m/Heat/Heat-cd1.avi", ["/m/Heat/Heat-cd1.nfo", "/m/Heat/Heat.nfo", "/m/Heat/movie.nfo"]),
    ("/m/Heat/Heat part 2.avi", ["/m/Heat/Heat part 2.nfo", "/m/Heat/Heat.nfo", "/m/Heat/movie.nfo"]),
    ("/m/Heat/VIDEO_TS/VIDEO_TS.IFO", ["/m/Heat/VIDEO_TS/VIDEO_TS.nfo", "/m/Heat/movie.nfo", "/m/Heat/Heat.nfo"]),
    ("/m/Heat/VIDEO_TS", ["/m/Heat/VIDEO_TS/VIDEO_TS.nfo", "/m/Heat/movie.nfo", "/m/Heat/Heat.nfo"]),
    ("/m/Heat/BDMV/index.bdmv", ["/m/Heat/BDMV/index.nfo", "/m/Heat/movie.nfo", "/m/Heat/Heat.nfo"]),
    ("/m/Heat/BDMV/STREAM/00001.m2ts", ["/m/Heat/BDMV/index.nfo", "/m/Heat/movie.nfo", "/m/Heat/Heat.nfo"]),
])
def test_nfo_candidates(video: str, want: list[str]) -> None:
    assert nfo_candidates(Path(video)) == [Path(p) for p in want]


@pytest.mark.parametrize("chunk", [b"<?x ", b"<!DOCTYPE [", b"<!-- ", b"&abc", b"tt123 "])
def test_hostile_repetition_is_handled_in_linear_time(chunk: bytes) -> None:
    # Unterminated constructs repeated 50,000 times: a backtracking pattern retried from
    # every start made this take minutes; now it is a fraction of a second.
    try:
        parse_nfo(b"<movie><title>x</title><studio>" + chunk * 50_000)
    except ReadError as exc:
        assert "line 1, column" in str(exc)
