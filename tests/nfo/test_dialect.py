"""Flavour and Kodi generation of an NFO, and how `nfo show` reports them."""
from __future__ import annotations

import json

import pytest

from movievault_build.cli import main
from movievault_build.identify import nfo_xml
from movievault_build.nfo.dialect import detect_dialect, legacy_forms


def dialect(xml: str) -> str:
    return detect_dialect(nfo_xml.load(xml.encode(), "t.nfo").root)


@pytest.mark.parametrize(("xml", "expected"), [
    ("<movie><title>x</title><id>tt0113277</id><set>S</set><rating>7</rating></movie>", "legacy"),
    ('<movie><ratings><rating name="imdb"><value>7</value></rating></ratings><id>tt0113277</id></movie>',
     "kodi-v17"),
    ('<movie><uniqueid type="imdb" default="true">tt0113277</uniqueid>'
     '<ratings><rating name="imdb"><value>7</value></rating></ratings></movie>', "kodi-v18+"),
    ('<movie><uniqueid type="imdb">tt0113277</uniqueid><fileinfo><streamdetails><video>'
     '<hdrtype>dolbyvision</hdrtype></video></streamdetails></fileinfo></movie>', "kodi-v20+"),
    ('<movie><uniqueid type="imdb">tt0113277</uniqueid><hasvideoversions>true</hasvideoversions></movie>',
     "kodi-v20+"),
    ("<movie><title>x</title><tmdbid>949</tmdbid><lockdata>false</lockdata></movie>", "jellyfin"),
    ("<movie><title>x</title><art><poster>/p.jpg</poster></art></movie>", "jellyfin"),
    ('<movie><lockdata>false</lockdata><uniqueid type="Tmdb">949</uniqueid></movie>', "emby"),
])
def test_dialects(xml: str, expected: str) -> None:
    assert dialect(xml) == expected


def test_legacy_forms() -> None:
    root = nfo_xml.load(b"<movie><id>tt0113277</id><set>Heat</set></movie>", "t").root
    assert legacy_forms(root) == ["plain <id>", "<set> as text"]


def test_nfo_show_names_the_dialect_and_json_is_unchanged(tmp_path, capsys) -> None:
    path = tmp_path / "movie.nfo"
    path.write_text('<movie><title>Heat</title><uniqueid type="imdb">tt0113277</uniqueid></movie>')
    assert main(["nfo", "show", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{path} (kodi, kodi-v18+)"
    assert main(["nfo", "show", "--json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "path": str(path), "flavour": "kodi", "title": "Heat", "ids": {"imdb": "tt0113277"}, "warnings": []}
    url = tmp_path / "url.nfo"
    url.write_text("https://www.imdb.com/title/tt0113277/")
    main(["nfo", "show", str(url)])
    assert capsys.readouterr().out.splitlines()[0] == f"{url} (url-only)"
