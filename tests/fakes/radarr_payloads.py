"""Webhook bodies as Radarr (v6) and Sonarr post them: camelCase, nulls left out,
`eventType` in PascalCase (external-apis.md §5). `library` is Radarr's root folder."""
from __future__ import annotations

from typing import Any


def movie(title: str, year: int, library: str, tmdb: int = 949, imdb: str = "tt0113277") -> dict[str, Any]:
    return {"id": 12, "title": title, "year": year, "releaseDate": f"{year}-06-18",
            "folderPath": f"{library}/{title} ({year})", "tmdbId": tmdb, "imdbId": imdb,
            "overview": "A group of professional bank robbers…", "genres": ["Crime", "Drama"],
            "images": [{"coverType": "poster", "url": "/MediaCover/12/poster.jpg",
                        "remoteUrl": "https://image.tmdb.org/t/p/original/x.jpg"}],
            "tags": [], "originalLanguage": {"id": 1, "name": "English"}}


def movie_file(title: str, year: int, library: str, name: str | None = None) -> dict[str, Any]:
    name = name or f"{title} ({year}) Bluray-1080p.mkv"
    return {"id": 31, "relativePath": name, "path": f"{library}/{title} ({year})/{name}",
            "quality": "Bluray-1080p", "qualityVersion": 1, "releaseGroup": "GRP", "sceneName": f"{title}.{year}",
            "indexerFlags": "0", "size": 123456789, "dateAdded": "2025-01-01T00:00:00Z",
            "languages": [{"id": 1, "name": "English"}],
            "mediaInfo": {"audioChannels": 5.1, "audioCodec": "DTS", "audioLanguages": ["eng"], "height": 1080,
                          "width": 1920, "subtitles": ["eng"], "videoCodec": "x264", "videoDynamicRange": "",
                          "videoDynamicRangeType": ""},
            "sourcePath": f"/downloads/{title}.{year}.1080p/{title.lower()}.mkv"}


def test_event() -> dict[str, Any]:
    return {"movie": {"id": 1, "title": "Test Title", "year": 1970, "releaseDate": "1970-01-01",
                      "folderPath": "C:\\testpath", "tmdbId": 0, "tags": ["test-tag"]},
            "remoteMovie": {"tmdbId": 1234, "imdbId": "5678", "title": "Test title", "year": 1970},
            "release": {"quality": "Test Quality", "qualityVersion": 1, "releaseGroup": "Test Group",
                        "releaseTitle": "Test Title", "indexer": "Test Indexer", "size": 9999999,
                        "customFormatScore": 0},
            "eventType": "Test", "instanceName": "Radarr", "applicationUrl": ""}


def download(title: str, year: int, library: str, upgrade: bool = False) -> dict[str, Any]:
    body = {"eventType": "Download", "instanceName": "Radarr", "applicationUrl": "",
            "movie": movie(title, year, library),
            "remoteMovie": {"tmdbId": 949, "imdbId": "tt0113277", "title": title, "year": year},
            "movieFile": movie_file(title, year, library),
            "release": {"releaseTitle": f"{title}.{year}.1080p", "indexer": "Idx", "size": 123456789,
                        "indexerFlags": []},
            "isUpgrade": upgrade, "downloadClient": "qBittorrent", "downloadClientType": "qBittorrent",
            "downloadId": "ABCDEF", "customFormatInfo": {"customFormats": [], "customFormatScore": 0}}
    if upgrade:
        old = movie_file(title, year, library, f"{title} ({year}) DVD.avi")
        body["deletedFiles"] = [{**old, "recycleBinPath": f"/recycle/{title} ({year}) DVD.avi"}]
    return body


def rename(title: str, year: int, library: str, old_name: str) -> dict[str, Any]:
    new = movie_file(title, year, library)
    return {"eventType": "Rename", "instanceName": "Radarr", "applicationUrl": "",
            "movie": movie(title, year, library),
            "renamedMovieFiles": [{**new, "previousRelativePath": old_name,
                                   "previousPath": f"{library}/{title} ({year})/{old_name}"}]}


def movie_file_delete(title: str, year: int, library: str, reason: str = "manual") -> dict[str, Any]:
    return {"eventType": "MovieFileDelete", "instanceName": "Radarr", "applicationUrl": "",
            "movie": movie(title, year, library), "movieFile": movie_file(title, year, library),
            "deleteReason": reason}


def movie_delete(title: str, year: int, library: str) -> dict[str, Any]:
    return {"eventType": "MovieDelete", "instanceName": "Radarr", "applicationUrl": "",
            "movie": movie(title, year, library), "deletedFiles": True, "movieFolderSize": 123456789}


def grab(title: str, year: int, library: str) -> dict[str, Any]:
    return {"eventType": "Grab", "instanceName": "Radarr", "applicationUrl": "",
            "movie": movie(title, year, library),
            "remoteMovie": {"tmdbId": 949, "imdbId": "tt0113277", "title": title, "year": year},
            "release": {"quality": "Bluray-1080p", "qualityVersion": 1, "releaseGroup": "GRP",
                        "releaseTitle": f"{title}.{year}", "indexer": "Idx", "size": 1, "customFormatScore": 0,
                        "customFormats": [], "languages": [], "indexerFlags": []},
            "downloadClient": "qBittorrent", "downloadClientType": "qBittorrent", "downloadId": "X"}


def sonarr_download() -> dict[str, Any]:
    return {"eventType": "Download", "instanceName": "Sonarr", "applicationUrl": "",
            "series": {"id": 1, "title": "The Wire", "path": "/tv/The Wire", "tvdbId": 79126, "type": "standard"},
            "episodes": [{"id": 5, "episodeNumber": 1, "seasonNumber": 1, "title": "The Target"}],
            "episodeFile": {"id": 9, "relativePath": "Season 01/The Wire - S01E01.mkv",
                            "path": "/tv/The Wire/Season 01/The Wire - S01E01.mkv", "quality": "HDTV-720p"},
            "isUpgrade": False}
