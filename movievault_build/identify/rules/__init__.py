"""One module per property of a name, as the parser applies them:
tokens -> tags (vocabularies, resolution, part, ids) -> year -> kind -> title."""
