"""A group's page (`collections/<slug>/`, `people/<slug>/`, genres, decades, tags) and each
kind's index page (`people/` …)."""
from __future__ import annotations

from html import escape
from typing import Any

from ...views.catalog import KIND_FOLDER, KIND_TITLE, Catalog, Group
from ...views.pages import Links, group_view, index_view
from ..render import GeneratedPage, meta

TEMPLATE = "group.html"
INDEX_TEMPLATE = "group-index.html"


def index_uri(kind: str) -> str:
    return f"{KIND_FOLDER[kind]}/index.md"


def page(group: Group, dest: str, links: Links) -> GeneratedPage:
    return GeneratedPage(group.uri, dest, TEMPLATE, escape(group.name), {"group": group_view(group, links)})


def index_front_matter(kind: str) -> dict[str, Any]:
    return meta(INDEX_TEMPLATE, escape(KIND_TITLE[kind]))


def index_context(kind: str, catalog: Catalog, links: Links) -> dict[str, Any]:
    return {"group_index": index_view(kind, catalog, links)}
