"""Setting a site up (`movievault init`): the answers, the mkdocs.yml they go into (comments
and the user's own settings kept), the `.env` that holds API keys, and the deploy files.
Everything is written only when it differs, so running init again with the same answers
changes nothing."""
