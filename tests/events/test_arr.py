"""Radarr/Sonarr payloads → the folders MovieVault scans (events/arr.py)."""
from __future__ import annotations

import pytest

from movievault_build.events.arr import PayloadError, decide, map_path
from movievault_build.events.settings import PathMapping
from tests.fakes import radarr_payloads as radarr

MAP = (PathMapping("/movies", "/srv/films"),)


def test_download_scans_the_movie_folder_mapped_to_ours():
    d = decide("radarr", radarr.download("Heat", 1995, "/movies"), MAP)
    assert d.action == "scan" and d.title == "Heat (1995)"
    assert d.folders == (("/srv/films/Heat (1995)", True), ("/srv/films/Heat (1995)", False))


def test_an_upgrade_also_scans_where_the_replaced_file_was():
    d = decide("radarr", radarr.download("Heat", 1995, "/movies", upgrade=True), MAP)
    assert ("/srv/films/Heat (1995)", True) in d.folders


def test_rename_names_both_the_new_and_the_previous_folder():
    body = radarr.rename("Heat", 1995, "/movies", "heat.1995.mkv")
    body["renamedMovieFiles"][0]["previousPath"] = "/movies/Incoming/heat.1995.mkv"
    d = decide("radarr", body, MAP)
    assert ("/srv/films/Incoming", False) in d.folders and ("/srv/films/Heat (1995)", True) in d.folders


@pytest.mark.parametrize("body", [radarr.movie_file_delete("Heat", 1995, "/movies"),
                                  radarr.movie_delete("Heat", 1995, "/movies")])
def test_deletions_scan_the_folder_so_the_movie_is_marked_missing(body):
    d = decide("radarr", body, MAP)
    assert d.action == "scan" and ("/srv/films/Heat (1995)", True) in d.folders


def test_test_events_are_answered_without_a_scan():
    assert decide("radarr", radarr.test_event(), MAP).action == "ok"


@pytest.mark.parametrize("body", [radarr.grab("Heat", 1995, "/movies"),
                                  {"eventType": "Health", "level": "warning", "message": "x"},
                                  {"eventType": "SomethingNew"}])
def test_events_that_change_nothing_on_disk_are_ignored(body):
    assert decide("radarr", body, MAP).action == "ignored"


def test_sonarr_is_acknowledged_and_ignored_even_at_the_radarr_url():
    assert decide("sonarr", radarr.sonarr_download()).action == "ignored"
    assert decide("radarr", radarr.sonarr_download()).action == "ignored"


@pytest.mark.parametrize("body, reason", [
    ([1, 2], "JSON object"),
    ({"movie": {}}, "eventType"),
    ({"eventType": 5}, "eventType"),
    ({"eventType": "Download"}, "`movie`"),
    ({"eventType": "Download", "movie": {"title": "X"}}, "folderPath"),
    ({"eventType": "Download", "movie": {"folderPath": 7}}, "folderPath"),
    ({"eventType": "Download", "movie": {"folderPath": "relative/path"}}, "absolute"),
    ({"eventType": "Download", "movie": {"folderPath": "/movies/../etc"}}, "plain absolute"),
    ({"eventType": "Download", "movie": {"folderPath": "/movies/x\0y"}}, "plain absolute"),
    ({"eventType": "Rename", "movie": {"folderPath": "/m/x"}, "renamedMovieFiles": "nope"}, "list of objects"),
    ({"eventType": "MovieFileDelete", "movie": {"title": "X"}}, "`movieFile`"),
])
def test_malformed_payloads_are_refused_with_the_reason(body, reason):
    with pytest.raises(PayloadError, match=reason):
        decide("radarr", body, MAP)


@pytest.mark.parametrize("remote, mappings, local", [
    ("/movies/Heat (1995)", MAP, "/srv/films/Heat (1995)"),
    ("/movies", MAP, "/srv/films"),
    ("/moviesX/Heat", MAP, "/moviesX/Heat"),                       # a prefix of a name is no match
    ("/data/movies/Heat", (PathMapping("/data", "/a"), PathMapping("/data/movies", "/b")), "/b/Heat"),
    ("D:\\Movies\\Heat (1995)", (PathMapping("d:/movies", "/srv/films"),), "/srv/films/Heat (1995)"),
    ("\\\\nas\\films\\Heat", (PathMapping("\\\\NAS\\films", "/mnt/nas"),), "/mnt/nas/Heat"),
])
def test_path_mappings(remote, mappings, local):
    assert map_path(remote, mappings) == local
