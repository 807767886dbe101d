"""Files the plugin generates, added to MkDocs' `Files` — never over a hand-written one."""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel


def refuse_clash(files: Files, uri: str) -> None:
    # Refuse to write one output twice: a hand-written file must not be silently replaced.
    if uri in files.src_uris:         # our URIs are POSIX already: no PurePath per call
        raise PluginError(f"movievault: {uri} exists in docs_dir and would be generated too; "
                          "rename or remove the hand-written file")


def add_file(files: Files, file: File) -> None:
    refuse_clash(files, file.src_uri)
    files.append(file)


def markdown_page(config: MkDocsConfig, uri: str, content: str) -> File:
    """A page MkDocs converts and renders, kept out of the navigation: MkDocs' nav cost grows
    with pages × nav entries, and a library is thousands of pages."""
    return File.generated(config, uri, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
