"""Site-level hooks for this MovieVault site (not part of the engine).

A personal film library is not meant for search engines: unless `extra.allow_indexing`
is true in mkdocs.yml, the site ships a robots.txt that asks crawlers to stay away.
"""
from __future__ import annotations

from pathlib import Path


def on_post_build(config, **kwargs) -> None:
    allow = bool(config.get("extra", {}).get("allow_indexing", False))
    body = "User-agent: *\n" + ("Allow: /\n" if allow else "Disallow: /\n")
    Path(config["site_dir"], "robots.txt").write_text(body, encoding="utf-8")
