"""Dirty builds (`mkdocs build --dirty`, `mkdocs serve --dirty`) with the clean build's
navigation.

A dirty build skips MkDocs' clean of site/ and leaves every output in place that has not
changed: at 10,000 movies that saves emptying and re-linking tens of thousands of files and
folders. But MkDocs then reads no Markdown page whose output is newer than its source, so
such a page has no title and the navigation lacks it ("inaccurate navigation", MkDocs
warns). Every page the plugin renders shows the navigation, and the navigation is part of
each page's key (site/render.py): a dirty build would render every page again, with a
navigation missing titles. So the plugin reads the navigation's pages MkDocs skipped, as
MkDocs reads a page (its page events, `read_source`, `render`); MkDocs still skips writing
them, their last output being current.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files


def read_skipped_pages(nav, config: MkDocsConfig, files: Files) -> int:
    """Read each page of the navigation that this dirty build did not; how many."""
    done = 0
    for page in (nav.pages if nav else ()):
        if page.markdown is not None or page.file.generated_by:
            continue
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        done += 1
    return done
