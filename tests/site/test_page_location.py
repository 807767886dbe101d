"""Page URLs and site paths are worked out the way MkDocs' File does, without a File each."""
from __future__ import annotations

import pytest
from mkdocs.structure.files import File

from movievault_build.site.pages import page_location

URIS = ["movies/heat-1995.md", "movies/index.md", "movies/README.md", "genres/science-fiction.md",
        "people/zoë-kravitz.md", "people/a b.md", "collections/a&b#c?.md", "top.md", "index.md",
        "movies/x.y.md"]


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize("uri", URIS)
def test_page_location_agrees_with_mkdocs(uri, directory_urls, tmp_path):
    file = File(uri, src_dir=None, dest_dir=str(tmp_path), use_directory_urls=directory_urls)
    assert page_location(uri, directory_urls) == (file.url, file.dest_uri)
