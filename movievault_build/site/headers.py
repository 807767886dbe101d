"""The Content-Security-Policy the built site actually satisfies, as Netlify's `_headers` file.

The theme puts a few small inline scripts in every page (material's scope and palette
set-up); they differ only by the page's depth. Rather than allow every inline script
('unsafe-inline'), the policy lists the SHA-256 of each one the built pages hold that a
template of the theme or the plugin ships: each inline script in a template's source
(found through the theme's own Jinja loader, wherever the template lives) becomes a
pattern, its `{{ … }}` parts allowed to be URL-like text only (no quote, backslash or
bracket can leave the string they sit in). A script a page's content carries (a
`<script>` in a content file's body, a hostile NFO's plot) matches none, is not hashed,
and the browser refuses it.
Styles keep 'unsafe-inline': the poster placeholders are inline `style` attributes
(background colour) and material sets inline styles too; hashes cannot cover attributes.

Cache and the other security headers are static and live in netlify.toml; this file sets
only the CSP, so the two never name the same header for the same path.
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import jinja2

from ..cache.keys import digest as key_digest

HEADERS_FILE = "_headers"
# Script types a browser executes (everything else, e.g. material's JSON config block, is data).
_JS_TYPES = ("", "module", "importmap", "text/javascript", "application/javascript", "text/ecmascript",
             "application/ecmascript")
POLICY = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),               # + the inline scripts' hashes
    ("style-src", "'self' 'unsafe-inline'"),  # inline style attributes: placeholder colours
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
)


# A script element's text runs to the first `</script` (the HTML tokenizer's rule for raw
# text); attribute values are quoted, so they may hold `>`. A regex over the bytes is ~10x
# faster than an HTML parser, which matters at thousands of pages.
_SCRIPT = re.compile(rb"""<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>(.*?)</script""", re.I | re.S)
_ATTR = re.compile(rb"""([^\s=/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


def _executable(attrs: bytes) -> bool:
    found = {name.lower(): value.strip(b"\"'") for name, value in _ATTR.findall(attrs)}
    return b"src" not in found and found.get(b"type", b"").strip().lower().decode("ascii", "replace") in _JS_TYPES


ScriptFilter = Callable[[str], bool]
# What a `{{ … }}` inside a template's script may render to: base_url and scope values.
_TEMPLATE_VALUE = "[A-Za-z0-9._~:/?#%&=+-]*"
_JINJA_VALUE = re.compile(r"\{\{-?.*?-?\}\}", re.S)
# Templates the theme ships that this site never renders (mkdocs-redirects' page), whose
# script would take any location from its value.
_NOT_RENDERED = frozenset({"redirect.html"})


def template_scripts(env: Any) -> tuple[ScriptFilter, str]:
    """Whether an inline script's text is one the theme's or the plugin's templates emit,
    and a digest of what that allows. A body holding Jinja statements (`{% … %}`) is not
    allowed: what it renders to cannot be bounded here."""
    patterns: set[str] = set()
    for name in _html_templates(env):
        if name.rsplit("/", 1)[-1] in _NOT_RENDERED:
            continue
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception:    # a template that cannot be read ships no script we could allow
            continue
        for attrs, body in _SCRIPT.findall(source.encode("utf-8")):
            text = body.decode("utf-8").replace("\r\n", "\n")
            if _executable(attrs) and "{%" not in text and "{#" not in text:
                patterns.add(_TEMPLATE_VALUE.join(map(re.escape, _JINJA_VALUE.split(text))))
    key = key_digest("\0".join(sorted(patterns)))
    if not patterns:
        return (lambda text: False), key
    combined = re.compile("|".join(f"(?:{p})" for p in sorted(patterns)), re.S)
    return (lambda text: combined.fullmatch(text.replace("\r\n", "\n").replace("\r", "\n")) is not None), key


def _html_templates(env: Any) -> list[str]:
    """The loader's `.html` templates, as `env.list_templates` names them. A file-system
    loader is walked here without its hidden folders: material's `.icons` alone holds
    ~14,000 SVG files that Jinja's own listing would walk in every build, and no template
    lives in one (MkDocs skips them too when it copies the theme)."""
    loader = env.loader
    if type(loader) is not jinja2.FileSystemLoader:
        return env.list_templates(filter_func=lambda n: n.endswith(".html"))
    found: set[str] = set()
    for root in loader.searchpath:
        for folder, dirs, names in os.walk(root, followlinks=loader.followlinks):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            rel = os.path.relpath(folder, root).replace(os.sep, "/")
            found.update(n if rel == "." else f"{rel}/{n}" for n in names if n.endswith(".html"))
    return sorted(found)


def script_hash(body: str) -> str:
    # Browsers hash the script text after the parser normalised line breaks to LF.
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(html: str | bytes, allowed: ScriptFilter | None = None) -> set[str]:
    """The hashes of a page's executable inline scripts (those `allowed` passes, if given)."""
    data = html.encode("utf-8") if isinstance(html, str) else html
    scripts = (body.decode("utf-8", "replace") for attrs, body in _SCRIPT.findall(data) if _executable(attrs))
    return {script_hash(text) for text in scripts if allowed is None or allowed(text)}


def content_security_policy(hashes: Iterable[str]) -> str:
    parts = []
    for directive, sources in POLICY:
        if directive == "script-src":
            sources = " ".join([sources, *sorted(set(hashes))])
        parts.append(f"{directive} {sources}")
    return "; ".join(parts)


def headers_file(rules: Mapping[str, Mapping[str, str]]) -> str:
    """Netlify's `_headers` format: a path pattern, then indented `Name: value` lines."""
    lines = ["# Generated by the movievault plugin at build time: do not edit."]
    for pattern, headers in rules.items():
        lines.append(pattern)
        lines += [f"  {name}: {value}" for name, value in headers.items()]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> list[tuple[str, dict[str, str]]]:
    """The rules of a `_headers` file, in order (the inverse of `headers_file`)."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), {}))
        elif rules and ":" in line:
            name, value = line.split(":", 1)
            rules[-1][1][name.strip()] = value.strip()
    return rules


def write_headers(site_dir: Path, known: Iterable[str] = (), skip: Iterable[str] = (),
                  owned: Iterable[str] = (), listed: Iterable[str] = (), allowed: ScriptFilter | None = None) -> str:
    """Write site_dir/_headers from every built page's inline scripts; returns the policy.
    `known` are hashes already found in the pages at the site paths `skip` (the rendered
    pages the build remembers), which are not read again. The `owned` top folders (the
    plugin's, tens of thousands of files) are not walked: their HTML is the skipped pages
    and the `listed` site paths (what MkDocs wrote there). Should anything else put a page
    there, its inline scripts are refused by the browser: the policy fails closed.
    `allowed` says which inline scripts may run (template_scripts); None: all found."""
    hashes: set[str] = set(known)
    skip, owned = set(skip), set(owned)
    site = os.fspath(site_dir)
    listed_paths = [os.path.join(site, rel) for rel in listed if rel not in skip]
    for path in [*_html_files(site, "", skip, owned), *listed_paths]:
        with open(path, "rb") as fh:
            hashes |= inline_script_hashes(fh.read(), allowed)
    policy = content_security_policy(hashes)
    (site_dir / HEADERS_FILE).write_text(headers_file({"/*": {"Content-Security-Policy": policy}}), "utf-8")
    return policy


def _html_files(folder: str, rel: str, skip: set[str], owned: set[str] = frozenset()) -> Iterator[str]:
    """Every HTML file under `folder` but those in `skip` (site paths) and the `owned`
    folders. Strings and scandir: this may visit thousands of folders."""
    with os.scandir(folder) as it:
        entries = list(it)
    for entry in entries:
        name = rel + entry.name
        if entry.is_dir(follow_symlinks=False):
            if name not in owned:
                yield from _html_files(entry.path, name + "/", skip)
        elif entry.name.endswith(".html") and name not in skip:
            yield entry.path
