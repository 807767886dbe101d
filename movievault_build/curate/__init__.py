"""Curation: putting right, by hand, what a scan got wrong — the wrong film, a weak match,
the poster. Every choice is written to the movie's `user:` block only (vault/userdata.py),
which the scanner never touches, so the next scan, full or not, keeps it:

- `user.ids` pins the film (identify): the online lookup asks for it by id, and an NFO
  whose ids say otherwise is set aside (enrich/identity.py);
- `user.artwork.<kind>` picks an image (artwork choose), tried before every other source;
- `user.overrides` sets fields outright (edit), over every scanned source.
"""
