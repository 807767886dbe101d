"""One module per kind of page the plugin generates: its address (src_uri), its front
matter and template context, or the `GeneratedPage` site/render.py renders for it.

movie      a movie (rendered; an ordinary MkDocs page when the movie has notes of its own)
group      a collection, person, genre, decade or tag, and each kind's index
library    the library's first page (an MkDocs page) and its numbered pages (rendered)
playlist   each smart playlist, their index and api/playlists.json
stats      stats/ and api/stats.json
health     health/
discover   discover/: films the library lacks, each with its reason
"""
