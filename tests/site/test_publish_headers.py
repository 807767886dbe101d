"""Publishing headers: the CSP computed from the built pages, the `_headers` file format,
and netlify.toml's cache rules (only fingerprinted files may be cached for a year)."""
from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from fnmatch import fnmatchcase
from pathlib import Path

import pytest

from movievault_build.site.headers import content_security_policy, headers_file, inline_script_hashes, parse_headers_file, script_hash, write_headers
from tests.helpers import REPO

IMMUTABLE = "public, max-age=31536000, immutable"


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_only_executable_inline_scripts_are_hashed():
    html = """<html><head><script>var a = 1 < 2 && "&amp;";</script>
      <script id="__config" type="application/json">{"a": 1}</script>
      <script src="assets/x.js"></script>
      <script type="module">import "./m.js"</script></head>
      <body><script>alé()</script><SCRIPT data-x=">" TYPE='text/javascript'>b()</SCRIPT>
      <script type="text/plain">not code</script><script defer src=x.js></script></body></html>"""
    assert inline_script_hashes(html) == {sha('var a = 1 < 2 && "&amp;";'), sha('import "./m.js"'), sha("alé()"),
                                          sha("b()")}
    assert inline_script_hashes(html.encode()) == inline_script_hashes(html)


def test_the_hash_is_the_one_browsers_compute():
    assert script_hash("alert(1)") == "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    assert script_hash("a()\r\nb()") == script_hash("a()\nb()")   # the parser normalises line breaks


def test_the_policy_lists_hashes_once_sorted_and_allows_no_inline_script():
    policy = content_security_policy(["'sha256-b'", "'sha256-a'", "'sha256-b'"])
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert directives["script-src"] == "'self' 'sha256-a' 'sha256-b'"
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert {"img-src", "font-src", "connect-src", "manifest-src", "base-uri", "form-action"} <= set(directives)


def test_headers_file_round_trips_and_is_written_from_the_pages(tmp_path):
    rules = {"/*": {"Content-Security-Policy": "default-src 'self'"}, "/api/*": {"X-A": "b: c"}}
    assert parse_headers_file(headers_file(rules)) == list(rules.items())
    (tmp_path / "deep" / "er").mkdir(parents=True)
    (tmp_path / "index.html").write_text("<script>one()</script>")
    (tmp_path / "deep" / "er" / "index.html").write_text("<script>two()</script><script>one()</script>")
    policy = write_headers(tmp_path)
    assert sha("one()") in policy and sha("two()") in policy
    assert parse_headers_file((tmp_path / "_headers").read_text()) == [("/*", {"Content-Security-Policy": policy})]


def test_the_plugins_folders_are_read_from_what_the_build_knows_not_walked(tmp_path):
    for rel, script in (("index.html", "top()"), ("movies/heat/index.html", "cached()"),
                        ("movies/index.html", "mkdocs()"), ("movies/stray/index.html", "stray()"),
                        ("genres/x/index.html", "group()")):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"<script>{script}</script>")
    policy = write_headers(tmp_path, known=[sha("group()")], skip=["genres/x/index.html"],
                           owned=["movies", "genres"], listed=["movies/index.html"])
    assert all(sha(s) in policy for s in ("top()", "mkdocs()", "group()"))
    # a page nobody listed in an owned folder: its script stays refused (the policy fails closed)
    assert sha("stray()") not in policy and sha("cached()") not in policy


@pytest.fixture(scope="module")
def netlify():
    return tomllib.loads((REPO / "netlify.toml").read_text("utf-8"))


def test_netlify_builds_from_the_store_and_publishes_site(netlify):
    assert "mkdocs build" in netlify["build"]["command"] and netlify["build"]["publish"] == "site"


def test_netlify_sets_security_headers_but_leaves_the_csp_to_the_build(netlify):
    everything = next(h["values"] for h in netlify["headers"] if h["for"] == "/*")
    assert everything["X-Content-Type-Options"] == "nosniff" and everything["X-Frame-Options"] == "DENY"
    assert "Referrer-Policy" in everything and "Permissions-Policy" in everything
    # netlify.toml wins over _headers for the same path and header: it must not set the CSP
    assert not any("Content-Security-Policy" in h["values"] for h in netlify["headers"])


def test_only_fingerprinted_files_are_cached_for_a_year(netlify):
    material = pytest.importorskip("material")
    assets = Path(material.__file__).parent / "templates"
    patterns = [h["for"] for h in netlify["headers"] if h["values"].get("Cache-Control") == IMMUTABLE]
    assert "/img/*" in patterns and any(p.startswith("/assets/") for p in patterns)
    covered = [p for p in assets.rglob("*") if p.is_file()
               and any(fnmatchcase("/" + p.relative_to(assets).as_posix(), pat) for pat in patterns)]
    assert any("bundle." in p.name for p in covered)
    unhashed = [p.name for p in covered if not re.search(r"\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$", p.name)]
    assert unhashed == []
    # and the site's own unhashed assets are not among them
    assert not any(fnmatchcase("/assets/movievault/search.js", pat) or fnmatchcase("/assets/movievault/movievault.css", pat)
                   for pat in patterns)
    short = next(h["values"]["Cache-Control"] for h in netlify["headers"] if h["for"] == "/api/*")
    assert "immutable" not in short and "max-age=300" in short


def test_only_scripts_the_templates_ship_are_allowed():
    from jinja2 import DictLoader, Environment

    from movievault_build.site.headers import template_scripts
    env = Environment(loader=DictLoader({
        "base.html": '<script>__md_scope=new URL("{{ base_url }}",location)</script><script src="x.js"></script>'
                     '<script type="application/json">{"a": "{{ x }}"}</script>',
        "partials/palette.html": "<script>var palette=__md_get(\"__palette\")</script>",
        "partials/if.html": "<script>{% if x %}a(){% endif %}</script>",
        "redirect.html": '<script>window.location.replace("{{ page.meta.location }}")</script>',
    }))
    allowed, key = template_scripts(env)
    assert allowed('__md_scope=new URL("../..",location)') and allowed('__md_scope=new URL(".",location)')
    assert allowed('var palette=__md_get("__palette")')
    for hostile in ('__md_scope=new URL("x",alert(1),location)', '__md_scope=new URL("\\"),alert(1)//",location)',
                    "a()", 'window.location.replace("https://evil.example")', "alert(1)", ""):
        assert not allowed(hostile), hostile
    assert key == template_scripts(env)[1] and len(key) == 32
    page = '<script>__md_scope=new URL("..",location)</script><article><script>alert(1)</script></article>'
    assert inline_script_hashes(page, allowed) == {sha('__md_scope=new URL("..",location)')}


def test_the_templates_scanned_for_scripts_are_the_ones_jinja_lists(tmp_path):
    """The hidden folders skipped (material's icons) hold no template."""
    from mkdocs.config import load_config

    from movievault_build.site.headers import _html_templates

    (tmp_path / "docs").mkdir()
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text("site_name: T\ntheme:\n  name: material\n")
    env = load_config(str(cfg)).theme.get_env()
    assert _html_templates(env) == env.list_templates(filter_func=lambda n: n.endswith(".html"))
