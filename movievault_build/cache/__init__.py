"""The cache room: everything under the cache folder (.cache/movievault by default).

Stages say *what* they keep; this room says *where* (layout.py: one table of paths and
versions) and *how*: the folder's rules for damaged files (rules.py), memos (memo.py),
the content-addressed file cache (files.py), digests and the code's fingerprint
(keys.py), and the one way SQLite is opened (db.py)."""
