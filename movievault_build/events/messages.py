"""What MovieVault's notifications say: plain values in, a Message out, and the Message as
a Discord webhook body (embeds with poster, rating and genres) or a Slack one (blocks).
Pure functions; Apprise sends them (notify.py).

Each event's text comes from a template with `{placeholders}` (config `notify.templates`);
only plain names are allowed in them, so a template cannot reach into Python objects:

    >>> render("added", {"title": "Heat", "year": 1995, "rating": 8.3}, "{title} ({year}) ★ {rating}")
    'Heat (1995) ★ 8.3'
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping
from urllib.parse import urljoin

TITLES = {"added": "Added to the library", "removed": "Gone from the library", "scan": "Library scanned",
          "error": "MovieVault: something went wrong", "summary": "This week in the library",
          "test": "MovieVault test"}
TEMPLATES = {
    "added": "{title} ({year})",
    "removed": "{title} ({year})",
    "scan": "{new} new, {changed} changed, {missing} missing; {movies} movies in the library",
    "error": "{error}",
    "summary": "{added} movies added this week; {movies} in the library",
    "test": "If you can read this, MovieVault's notifications reach you.",
}
# What each template may name (a template naming anything else is refused when loaded).
FIELDS = {
    "added": ("title", "year", "rating", "genres", "plot", "url", "runtime", "imdb", "tmdb", "movies"),
    "removed": ("title", "year", "rating", "genres", "plot", "url", "runtime", "imdb", "tmdb", "movies"),
    "scan": ("new", "changed", "missing", "movies", "problems", "seconds", "summary"),
    "error": ("error",),
    "summary": ("added", "movies", "titles", "since"),
    "test": (),
}
COLORS = {"added": 0x2E7D32, "removed": 0xC62828, "scan": 0x3F51B5, "error": 0xB71C1C, "summary": 0xFFA000,
          "test": 0x3F51B5}
KIND = {"added": "success", "removed": "warning", "scan": "info", "error": "failure", "summary": "info",
        "test": "info"}
DISCORD_EMBEDS = 10


class TemplateError(ValueError):
    pass


class _Plain(string.Formatter):
    """str.format with names only: no `{x.attr}` or `{x[0]}` (templates come from config)."""

    def get_field(self, field_name, args, kwargs):
        if not field_name.isidentifier():
            raise TemplateError(f"{{{field_name}}}: only plain names may be used")
        return super().get_field(field_name, args, kwargs)


def check_template(event: str, text: str) -> None:
    """Raise TemplateError naming the problem if `text` is not a usable template for `event`."""
    sample = {name: "x" for name in FIELDS[event]}
    try:
        _Plain().vformat(text, (), sample)
    except KeyError as exc:
        raise TemplateError(f"unknown placeholder {{{exc.args[0]}}} (known: {', '.join(FIELDS[event]) or 'none'})") from None
    except (ValueError, IndexError) as exc:
        raise TemplateError(str(exc)) from None


def render(event: str, values: Mapping[str, Any], template: str | None = None) -> str:
    shown = {k: _show(values.get(k)) for k in FIELDS[event]}
    return _Plain().vformat(template or TEMPLATES[event], (), shown)


def _show(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


@dataclass
class Message:
    event: str
    title: str
    lines: list[str]                                            # one per movie, or the text
    movies: list[dict[str, Any]] = field(default_factory=list)  # library_facts.movie() values
    more: int = 0                                               # movies not listed

    @property
    def body(self) -> str:
        return "\n".join(self.lines + ([f"… and {self.more} more"] if self.more else []))


def movie_message(event: str, movies: list[dict[str, Any]], library: Mapping[str, Any],
                  templates: Mapping[str, str], limit: int) -> Message:
    shown = movies[:limit]
    lines = [render(event, {**m, "movies": library.get("movies")}, templates.get(event)) for m in shown]
    title = TITLES[event] + (f" ({len(movies)})" if len(movies) > 1 else "")
    return Message(event, title, lines, shown, len(movies) - len(shown))


def text_message(event: str, values: Mapping[str, Any], templates: Mapping[str, str]) -> Message:
    return Message(event, TITLES[event], [render(event, values, templates.get(event))])


# -- Discord and Slack bodies --------------------------------------------------------------------

def discord_body(msg: Message, site_url: str | None) -> dict[str, Any]:
    """A Discord webhook body: one embed per movie (poster, rating, genres), or one with the text.
    Limits as Discord's: 10 embeds, title 256, description 4096, field 1024, 6000 in all."""
    if msg.movies:
        embeds = [_discord_movie(m, line, msg.event, site_url) for m, line in zip(msg.movies, msg.lines)]
        embeds = embeds[:DISCORD_EMBEDS]
    else:
        embeds = [{"title": _cut(msg.title, 256), "description": _cut(msg.body, 4096), "color": COLORS[msg.event]}]
    content = _cut(msg.title + (f" — {msg.more} more not shown" if msg.more else ""), 2000)
    body = {"username": "MovieVault", "content": content, "embeds": embeds, "allowed_mentions": {"parse": []}}
    while sum(_embed_size(e) for e in body["embeds"]) > 6000 and len(body["embeds"]) > 1:
        body["embeds"].pop()
    return body


def _discord_movie(m: Mapping[str, Any], line: str, event: str, site_url: str | None) -> dict[str, Any]:
    embed: dict[str, Any] = {"title": _cut(line, 256), "color": COLORS[event]}
    if m.get("plot"):
        embed["description"] = _cut(m["plot"], 4096)
    if (url := absolute(site_url, m.get("url"))):
        embed["url"] = url
    if (poster := absolute(site_url, m.get("poster"))):
        embed["thumbnail"] = {"url": poster}
    fields = []
    if m.get("rating") is not None:
        fields.append({"name": "Rating", "value": f"{m['rating']:.1f}", "inline": True})
    if m.get("genres"):
        fields.append({"name": "Genres", "value": _cut(", ".join(m["genres"]), 1024), "inline": True})
    if fields:
        embed["fields"] = fields
    return embed


def _embed_size(e: Mapping[str, Any]) -> int:
    return (len(e.get("title", "")) + len(e.get("description", ""))
            + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", ())))


def slack_body(msg: Message, site_url: str | None) -> dict[str, Any]:
    """A Slack incoming-webhook body: `text` (the fallback) and blocks, one section per movie."""
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": _cut(msg.title, 150)}}]
    if msg.movies:
        for m, line in zip(msg.movies, msg.lines):
            blocks.append(_slack_movie(m, line, site_url))
    else:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _cut(slack_escape(msg.body), 3000)}})
    if msg.more:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": f"… and {msg.more} more"}]})
    return {"text": _cut(f"{msg.title}: {msg.body}", 3000), "blocks": blocks[:50]}


def _slack_movie(m: Mapping[str, Any], line: str, site_url: str | None) -> dict[str, Any]:
    name = slack_escape(line)
    url = absolute(site_url, m.get("url"))
    text = f"*<{url}|{name}>*" if url else f"*{name}*"
    facts = [f"★ {m['rating']:.1f}" if m.get("rating") is not None else "", ", ".join(m.get("genres") or ())]
    if any(facts):
        text += "\n" + slack_escape(" · ".join(f for f in facts if f))
    if m.get("plot"):
        text += "\n" + slack_escape(m["plot"])
    section: dict[str, Any] = {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, 3000)}}
    if (poster := absolute(site_url, m.get("poster"))):
        section["accessory"] = {"type": "image", "image_url": poster, "alt_text": _cut(str(m.get("title") or "poster"), 2000)}
    return section


def slack_escape(text: str) -> str:
    """Slack's three control characters, escaped as its docs say (a title cannot @channel)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def absolute(site_url: str | None, link: str | None) -> str:
    """A site-relative link as an absolute http(s) URL; '' without a site_url (a chat
    service cannot fetch a relative or local address)."""
    if not link or not site_url:
        return ""
    url = urljoin(site_url.rstrip("/") + "/", link)
    return url if url.startswith(("http://", "https://")) else ""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def summary_values(added: Iterable[Mapping[str, Any]], library: Mapping[str, Any], since: str,
                   limit: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    added = list(added)
    titles = [f"{m['title']} ({m['year']})" if m.get("year") else str(m["title"]) for m in added[:limit]]
    return {"added": len(added), "movies": library.get("movies"), "titles": titles, "since": since}, added[:limit]
