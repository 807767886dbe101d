"""Small builders shared by tests: sites, libraries, images."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]


def site_with_plugin(tmp_path: Path, plugin_block: str, site_name: str = "Test Vault") -> Path:
    """A minimal MkDocs site with material and the given `movievault:` options (YAML,
    unindented), as a user would write it; returns mkdocs.yml."""
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n\n[Library](library/index.md)\n")
    cfg = tmp_path / "mkdocs.yml"
    cfg.write_text(textwrap.dedent(f"""\
        site_name: {site_name}
        docs_dir: docs
        theme:
          name: material
        plugins:
          - movievault:
        """) + textwrap.indent(textwrap.dedent(plugin_block), "      "))
    return cfg


def make_site(tmp_path: Path, library: list[Path] | str, extra: str = "") -> Path:
    """A site scanning `library` into tmp_path/content; `extra` is appended to mkdocs.yml."""
    libs = library if isinstance(library, str) else "[" + ", ".join(f'"{p}"' for p in library) + "]"
    cfg = site_with_plugin(tmp_path, f"library: {libs}\ncontent_dir: content\n")
    cfg.write_text(cfg.read_text() + extra)
    return cfg


def mkdocs_build(cfg: Path, *args: str, python: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    """`python`: options for the interpreter (`-X importtime`)."""
    # The build imports the plugin from this checkout, not whichever one the venv was installed from.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(REPO), os.environ.get("PYTHONPATH"))))}
    return subprocess.run([sys.executable, *python, "-m", "mkdocs", "build", "-f", str(cfg), *args],
                          capture_output=True, text=True, cwd=cfg.parent, env=env)


def jpeg(width: int = 40, height: int = 60, color=(200, 30, 30)) -> bytes:
    from PIL import Image
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "JPEG")
    return buf.getvalue()


def write(root: Path, rel: str, data: bytes | str = b"x") -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or (tag in ("img", "script", "source") and name == "src")
                          or (tag == "link" and name == "href")):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every internal href/src in every page that does not resolve to a file in site/."""
    broken = []
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:", "data:")):
                continue
            base = site if parts.path.startswith("/") else page.parent   # 404.html links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Which film a card shows, read in the browser as the site's app.js reads it (`slugOf`): the
# library browser marks the cards it draws with data-slug; a card served in a page's HTML
# names its film by its link alone (movies/<slug>/), and a test may read the grid before
# the browser has drawn it again (after going back, say).
CARD_SLUG = r"""(e => e.dataset.slug || decodeURIComponent(
    ((/\/movies\/([^/]+?)(?:\.html|\/(?:index\.html)?)$/).exec(
        (e.querySelector('a[href]') || {href: ''}).href.split(/[?#]/)[0]) || [])[1] || ''))"""
