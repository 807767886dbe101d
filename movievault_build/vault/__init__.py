"""What the library holds, read from content/: the SQLite index and its query language,
playlists, statistics, history, backup and restore, exports, health and duplicates."""
