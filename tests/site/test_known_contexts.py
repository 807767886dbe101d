"""A known page whose context follows from a key (the indexes and the discover page: the
catalog's key) is known without its context being made while that key is last build's;
another key, or a memo that is damaged or not ours, makes the context again."""
from __future__ import annotations

import marshal
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from movievault_build.cache.layout import cache_path
from movievault_build.site.known_pages import KnownPages

URI = "genres/index.md"


class Site:
    def __init__(self, tmp_path: Path) -> None:
        (tmp_path / "docs" / "genres").mkdir(parents=True)
        (tmp_path / "docs" / URI).write_text("# Genres\n", "utf-8")
        (tmp_path / "mkdocs.yml").write_text("site_name: t\n", "utf-8")
        self.cache = tmp_path / "cache"
        self.config = load_config(str(tmp_path / "mkdocs.yml"))
        self.env = self.config.theme.get_env()
        self.made = 0

    def context(self) -> dict:
        self.made += 1
        return {"group_index": {"groups": [{"name": "Crime", "count": 2}]}}

    def build(self, stand_in: str) -> list[str]:
        """One build's known pages: prepare, then the page rendered if it was not known."""
        file = File(URI, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls)
        page = Page(None, file, self.config)
        page.read_source(self.config)
        page.render(self.config, Files([file]))
        known = KnownPages(self.cache)
        found = known.prepare(Files([file]), self.env, self.config, None, {URI: (stand_in, self.context)})
        if not found:
            known.remember(URI, "<html>genres</html>")
        return found


def test_a_page_is_known_without_its_context_while_its_key_is_last_builds(tmp_path):
    site = Site(tmp_path)
    assert site.build("catalog-1") == [] and site.made == 1
    assert site.build("catalog-1") == [URI] and site.made == 1        # not made to be known
    assert site.build("catalog-2") == [URI] and site.made == 2        # made: the same context, still known
    assert site.build("catalog-2") == [URI] and site.made == 2


def test_a_damaged_or_foreign_memo_makes_the_context_again(tmp_path, caplog):
    site = Site(tmp_path)
    site.build("catalog-1")
    memo = cache_path(site.cache, "known_contexts")
    damaged = b"\x00not marshal"
    for bad in (damaged, b"", marshal.dumps([1, 2]), marshal.dumps({URI: ("catalog-1", "not its digest")}),
                marshal.dumps({URI: ("catalog-1", None)}), marshal.dumps({URI: "catalog-1"})):
        memo.write_bytes(bad)
        caplog.clear()
        made = site.made
        assert site.build("catalog-1") == [URI] and site.made == made + 1    # made, and known by it
        warned = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
        assert warned == ([f"{memo}: damaged cache (unreadable (bad marshal data (unknown type code))); "
                           "moved aside to known-contexts.marshal.broken and made again"] if bad == damaged else [])
        assert site.build("catalog-1") == [URI] and site.made == made + 1    # mended: known, not made
