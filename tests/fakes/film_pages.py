"""Our own minimal copies of a film's page at TMDB, IMDb, Letterboxd and Trakt, served on
127.0.0.1 under /<real host>/<real path>, for the browser extension's tests.

Each keeps the markup the extension reads on the real site, as those pages carry it:
  TMDB        the id in the URL (www.themoviedb.org/movie/949-heat)
  IMDb        the id in the URL (www.imdb.com/title/tt0113277/, also /de/title/…)
  Letterboxd  <body data-tmdb-id="949" data-tmdb-type="movie"> and the footer's
              "More at IMDb / TMDB" links (data-track-action="IMDb")
  Trakt       the external links list (a#external-link-imdb, a#external-link-tmdb)
Every page is sent with a strict Content-Security-Policy, like the real ones, and has
its own script, so a test can tell the host page still works with the badge on it.
"""
from __future__ import annotations

import html
import http.server
import re
from urllib.parse import urlsplit

from tests.fakes.loopback import LoopbackServer

# slug on Letterboxd/Trakt -> (tmdb, imdb, title)
FILMS = {
    "heat-1995": ("949", "tt0113277", "Heat"),
    "the-matrix-1999": ("603", "tt0133093", "The Matrix"),
    "amelie-2001": ("194", "tt0211915", "Amélie"),
    "citizen-kane-1941": ("15", "tt0033467", "Citizen Kane"),
    "se7en-1995": ("807", "tt0114369", "Se7en"),
    "hostile-film": ("990001", "tt9900001", "Hostile"),
}
BY_TMDB = {tmdb: slug for slug, (tmdb, _, _) in FILMS.items()}
BY_IMDB = {imdb: slug for slug, (_, imdb, _) in FILMS.items()}
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'"
SCRIPT = b"document.documentElement.dataset.hostScript = 'ran';\n"

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} — {site}</title>
<script src="/host.js"></script></head>
{body}
</html>
"""

_TMDB = """<body class="v4 no_touch">
<header id="main-header"><a href="/">TMDB</a></header>
<main id="main"><section class="header poster"><div class="title ott_false">
<h2><a href="/movie/{tmdb}-{slug}">{title}</a> <span class="tag release_date">(1995)</span></h2>
</div></section></main>
</body>"""

_IMDB = """<body id="styleguide-v2" class="fixed">
<main role="main"><section data-testid="atf-wrapper-bg"><div class="sc-hero">
<h1 data-testid="hero__pageTitle" class="hero__primary-text"><span class="hero__primary-text">{title}</span></h1>
<a href="/title/tt0000001/">Another film</a> <a href="/name/nm0000134/">Robert De Niro</a>
</div></section></main>
</body>"""

_LETTERBOXD = """<body class="film backdrop-loading" data-tmdb-type="movie" data-tmdb-id="{tmdb}" data-type="film">
<div id="content" class="site-body"><section class="film-header-group">
<h1 class="headline-1 filmtitle"><span class="name js-widont prettify">{title}</span></h1></section>
<p class="text-link text-footer">More at
<a href="http://www.imdb.com/title/{imdb}/maindetails" class="micro-button track-event" data-track-action="IMDb" target="_blank">IMDb</a>
<a href="https://www.themoviedb.org/movie/{tmdb}/" class="micro-button track-event" data-track-action="TMDB" target="_blank">TMDB</a>
</p></div>
</body>"""

_TRAKT = """<body class="movies show">
<div id="summary-wrapper"><div class="container summary"><h1>{title} <span class="year">1995</span></h1></div></div>
<div class="section-wrapper"><ul class="external">
<li><a id="external-link-official" href="https://example.org/">Official Site</a></li>
<li><a id="external-link-imdb" href="https://www.imdb.com/title/{imdb}" target="_blank">IMDB</a></li>
<li><a id="external-link-tmdb" href="https://www.themoviedb.org/movie/{tmdb}" target="_blank">TMDB</a></li>
<li><a id="external-link-justwatch" href="https://www.justwatch.com/us/search?q={slug}">JustWatch</a></li>
</ul></div>
<a href="https://www.imdb.com/name/nm0000134">Robert De Niro on IMDb</a>
</body>"""

# host -> (path pattern whose group names the film, how the group finds the slug, template)
SITES = {
    "www.themoviedb.org": (r"/movie/(\d+)", BY_TMDB.get, _TMDB),
    "www.imdb.com": (r"/(?:[a-z]{2}/)?title/(tt\d+)/?", BY_IMDB.get, _IMDB),
    "letterboxd.com": (r"/film/([a-z0-9-]+)/", lambda s: s if s in FILMS else None, _LETTERBOXD),
    "trakt.tv": (r"/movies/([a-z0-9-]+)", lambda s: s if s in FILMS else None, _TRAKT),
}


def film_page(host: str, path: str) -> bytes | None:
    """The page at https://<host><path>, or None when no film lives there."""
    pattern, find, template = SITES.get(host, (None, None, None))
    match = re.match(pattern, path) if pattern else None
    slug = find(match.group(1)) if match else None
    if slug is None:
        return None
    tmdb, imdb, title = FILMS[slug]
    fields = {"tmdb": tmdb, "imdb": imdb, "title": html.escape(title), "slug": slug}
    return _PAGE.format(title=html.escape(title), site=host, body=template.format(**fields)).encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        host, _, rest = self.path.lstrip("/").partition("/")
        if rest == "host.js":
            return self._send(200, SCRIPT, "text/javascript")
        page = film_page(host, "/" + urlsplit(rest).path)
        self._send(200, page, "text/html; charset=utf-8") if page else self._send(404, b"not found", "text/plain")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Security-Policy", CSP)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class FilmPages:
    """The four sites' film pages on 127.0.0.1; `url` is the server's root."""

    def __init__(self) -> None:
        self.server = LoopbackServer(_Handler)
        self.server.requests = []
        self.url = self.server.url
        self.server.start()

    def local(self, real_url: str) -> str:
        """Where the copy of `real_url` (https://www.imdb.com/title/…) is served."""
        parts = urlsplit(real_url)
        return f"{self.url}/{parts.hostname}{parts.path}" + (f"?{parts.query}" if parts.query else "")

    def close(self) -> None:
        self.server.stop()
