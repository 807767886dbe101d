"""A generated page's frame rendered once per kind of page and folder, its own parts per page.

Every movie page is material's `base.html` and `mv-base.html` around the film: the head's
links and scripts, the sections bar, the footer, material's config. For the generated
pages of one template in one folder (movies/, people/ …) that frame is the same text but
for a few blocks, and rendering it was more than half of rendering a page. So the first
page of each such class is rendered once with its page blocks (`SLOTS`: the head's meta
tags and title, the header with the page's title, the content) left as markers; every
page of the class is then that text with its own page blocks, rendered by Jinja with the
page's own context and the template variables the whole render would have had there.

The result must be the bytes of the whole render, so the fast way is taken only where
it is shown to be:
- The page template and every template it extends, includes or imports by name are the
  package's own or the installed mkdocs-material's (a site's `custom_dir` overriding any
  of them renders its pages whole; what they pick by a computed name, material's language
  file and icons, follows from the site's config); tests render every page kind both ways
  and compare the bytes.
- A class is the template, the page's folder, whether its URL names a folder or a file
  (MkDocs makes links from movies/x/ for the first, from movies/ for movies/x.html) and the
  names its view gives the template; the frame's relative links depend on these alone but
  for those into the page's own folder: a page whose own folder the frame links into (a
  nav page or a stylesheet under movies/heat-1995/, say) is rendered whole.
- The first two pages of each class in a process are also rendered whole and compared;
  any difference sends the class back to whole renders for the rest of the build.
Anything else the fast way cannot do (a page block yielded twice, a marker the frame
changed, an error) renders the page whole.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import jinja2

from ..log import get_logger
from .page_urls import folder_of, leads_into, target_of

log = get_logger("render")
# material's blocks that read the page (its title, URL, meta, view): everything else in
# the frame reads the site's config, the navigation and the page's folder only.
SLOTS = ("site_meta", "htmltitle", "extrahead", "header", "container")
CHECKED = 2                  # pages of each class rendered both ways, per process
_MARK = "\x00mv-frame-slot:{}\x00"
_LINKING = ("url", "script_tag")     # MkDocs' filters that make a link relative to the page


@dataclass
class Frame:
    pieces: list                         # text, or (slot, the template variables when it is called)
    blocks: dict[str, list]              # the template chain's blocks, as the whole render has them
    into: frozenset[str]                 # names, in the class's folder, of folders the frame links into
    checked: int = 0
    sound: bool = True


class Frames:
    """The frames of one build's generated pages, per process (workers inherit those made
    before they fork). `vetted(name)`: the template and all it loads are the package's or
    mkdocs-material's own."""

    def __init__(self, env: jinja2.Environment, vetted: Callable[[str], bool], check: int = CHECKED) -> None:
        self.env, self.vetted, self.check = env, vetted, check
        self.known: dict[tuple, Frame | None] = {}
        self.filled = 0          # pages given through their frame

    def render(self, template: jinja2.Template, context: Mapping[str, Any], page, view: Mapping[str, Any]) -> str:
        """The page's HTML, through its class's frame when it can be, else whole."""
        folder, name = folder_of(page.url)
        key = (template.name, folder, name is None, frozenset(view))
        frame = self.known.get(key, False)
        if frame is False:
            frame = self.known[key] = self._probe(template, context, folder) if self.vetted(template.name) else None
        if frame is None or not frame.sound or name in frame.into:
            return template.render(context)
        fast = self._fill(frame, template, context)
        if frame.checked < self.check:
            frame.checked += 1
            whole = template.render(context)
            if fast != whole:
                frame.sound = False
                log.debug("page frame of %s in %s/ differs from the whole render: its pages are rendered whole",
                          template.name, "/".join(folder))
            return whole
        if fast is None:
            return template.render(context)
        self.filled += 1
        return fast

    def _fill(self, frame: Frame, template: jinja2.Template, context: Mapping[str, Any]) -> str | None:
        ctx = template.new_context(dict(context))
        ctx.blocks = frame.blocks
        out: list[str] = []
        try:
            for piece in frame.pieces:
                if type(piece) is str:
                    out.append(piece)
                else:
                    slot, names = piece
                    ctx.vars = dict(names)
                    out.extend(frame.blocks[slot][0](ctx))
        except Exception:       # noqa: BLE001 - the whole render raises it, with Jinja's own report
            return None
        return self.env.concat(out)

    def _probe(self, template: jinja2.Template, context: Mapping[str, Any], folder: tuple[str, ...]) -> Frame | None:
        """Render the frame with markers for the page blocks, noting the template variables
        each is called with and every link the frame makes relative to the page."""
        ctx = template.new_context(dict(context))
        called: dict[str, list[dict]] = {}
        stand_ins = {}
        for slot in SLOTS:
            stand_ins[slot] = _stand_in(slot, called)
            ctx.blocks.setdefault(slot, []).insert(0, stand_ins[slot])
        links: list[str] = []
        filters = {name: self.env.filters[name] for name in _LINKING if name in self.env.filters}
        for name, made in filters.items():
            self.env.filters[name] = _noting(made, links)
        try:
            text = self.env.concat(template.root_render_func(ctx))
        except Exception:       # noqa: BLE001 - the whole render reports it
            return None
        finally:
            self.env.filters.update(filters)
        pieces: list = []
        for slot in sorted(called, key=lambda s: text.find(_MARK.format(s))):
            mark = _MARK.format(slot)
            if len(called[slot]) != 1 or text.count(mark) != 1:
                return None
            before, text = text.split(mark)
            pieces += [before, (slot, called[slot][0])]
        if "\x00mv-frame-slot:" in text:
            return None
        pieces.append(text)
        blocks = {name: [b for b in chain if b not in stand_ins.values()] for name, chain in ctx.blocks.items()}
        config = context.get("config") or {}
        links += [str(p) for p in (*config.get("extra_css", ()), *config.get("extra_javascript", ()))]
        return Frame([p for p in pieces if p != ""], blocks, _into(links, folder))


def _stand_in(slot: str, called: dict[str, list[dict]]):
    def block(context, *args, **kwargs):
        called.setdefault(slot, []).append(dict(context.vars))
        yield _MARK.format(slot)
    return block


def _noting(made, links: list[str]):
    @jinja2.pass_context
    def noted(context, value, *args, **kwargs):
        links.append(str(value))
        return made(context, value, *args, **kwargs)
    return noted


def _into(links: list[str], folder: tuple[str, ...]) -> frozenset[str]:
    """The names of the folders inside `folder` that these links lead into (a link to
    movies/heat-1995/notes/ from movies/heat-1995/ is not the one it is from movies/ronin-1998/)."""
    return frozenset(filter(None, (leads_into(target_of(link), folder) for link in links)))
