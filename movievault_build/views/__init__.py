"""What the site shows, as plain values: the catalog (groups, order, related films), the
dicts page templates render, the JSON API, the library index and the search shards.

Pure functions of the movies and the site's URLs; no MkDocs here (site/ renders and
writes these), so each is tested and benchmarked on its own.
"""
