"""Static SVG charts: no script, readable by screen readers, right in light and dark.

Colours come from the surrounding page: text is `currentColor` and bars use the CSS
custom property `--mv-chart-bar` (falling back to `currentColor`), so a chart inlined
into the site follows material's palette. A standalone file (`standalone=True`) adds
a `prefers-color-scheme` rule of its own. Every label is XML-escaped.
"""
from __future__ import annotations

import functools
import hashlib
import html
import re
from typing import Callable, Sequence

Items = Sequence[tuple[str, float]]
# &, < and > as xml.sax.saxutils.escape does, without the urllib.request and http.client
# that saxutils imports (~20 ms of every build's start-up).
escape = functools.partial(html.escape, quote=False)

# Scoped to .mv-chart: an inline SVG's <style> applies to the whole HTML page.
_STYLE = (".mv-chart{font:13px/1.2 system-ui,sans-serif}"
          ".mv-chart text{fill:currentColor}"
          ".mv-chart .mv-chart__bar{fill:var(--mv-chart-bar,currentColor);opacity:.75}"
          ".mv-chart .mv-chart__axis{stroke:currentColor;opacity:.3}")
_STANDALONE = (".mv-chart{color:#333;background:#fafafa}"
               "@media (prefers-color-scheme:dark){.mv-chart{color:#ddd;background:#1e2129}}")
MAX_LABEL = 28


def _id(title: str, items: Items) -> str:
    digest = hashlib.sha1(repr((title, list(items))).encode()).hexdigest()[:8]
    return "mv-chart-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "x") + "-" + digest


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[:MAX_LABEL - 1] + "…"


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _open(title: str, desc: str, width: int, height: int, chart_id: str, standalone: bool) -> list[str]:
    style = _STYLE + (_STANDALONE if standalone else "")
    ns = ' xmlns="http://www.w3.org/2000/svg"'
    return [
        f'<svg{ns} class="mv-chart" role="img" viewBox="0 0 {width} {height}" width="{width}" height="{height}"'
        f' aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(desc)}</desc>',
        f"<style>{style}</style>",
    ]


def _describe(title: str, items: Items, fmt: Callable[[float], str]) -> str:
    if not items:
        return f"{title}: no data."
    return f"{title}: " + "; ".join(f"{label}: {fmt(value)}" for label, value in items) + "."


def bar_chart(title: str, items: Items, *, desc: str | None = None, width: int = 640, bar_height: int = 22,
              label_width: int = 200, value_format: Callable[[float], str] = _number,
              standalone: bool = False) -> str:
    """Horizontal bars, one row per (label, value), each labelled with its name and value."""
    items = [(str(label), value) for label, value in items]
    chart_id = _id(title, items)
    gap, top = 6, 8
    height = top * 2 + max(len(items), 1) * (bar_height + gap)
    peak = max((v for _l, v in items), default=0) or 1
    span = width - label_width - 60
    out = _open(title, desc or _describe(title, items, value_format), width, height, chart_id, standalone)
    if not items:
        out.append(f'<text x="{width // 2}" y="{height // 2 + 4}" text-anchor="middle">No data</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_height + gap)
        w = max(span * value / peak, 1 if value else 0)
        mid = y + bar_height / 2 + 4
        out.append(f'<g><title>{escape(label)}: {escape(value_format(value))}</title>'
                   f'<text x="{label_width - 8}" y="{mid:g}" text-anchor="end">{escape(_short(label))}</text>'
                   f'<rect class="mv-chart__bar" x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" rx="3"/>'
                   f'<text x="{label_width + w + 6:.1f}" y="{mid:g}">{escape(value_format(value))}</text></g>')
    out.append("</svg>")
    return "\n".join(out)


def histogram(title: str, bins: Items, *, desc: str | None = None, width: int = 640, height: int = 240,
              value_format: Callable[[float], str] = _number, standalone: bool = False) -> str:
    """Vertical columns over ordered bins (label, count): count on top, bin label below."""
    bins = [(str(label), value) for label, value in bins]
    chart_id = _id(title, bins)
    top, bottom, side = 20, 28, 10
    plot_h = height - top - bottom
    slot = (width - 2 * side) / max(len(bins), 1)
    peak = max((v for _l, v in bins), default=0) or 1
    out = _open(title, desc or _describe(title, bins, value_format), width, height, chart_id, standalone)
    base = top + plot_h
    out.append(f'<line class="mv-chart__axis" x1="{side}" y1="{base}" x2="{width - side}" y2="{base}"/>')
    for i, (label, value) in enumerate(bins):
        h = plot_h * value / peak
        x = side + i * slot
        cx = x + slot / 2
        out.append(f'<g><title>{escape(label)}: {escape(value_format(value))}</title>'
                   f'<rect class="mv-chart__bar" x="{x + 3:.1f}" y="{base - h:.1f}" width="{slot - 6:.1f}"'
                   f' height="{h:.1f}" rx="2"/>'
                   f'<text x="{cx:.1f}" y="{base - h - 5:.1f}" text-anchor="middle">{escape(value_format(value))}</text>'
                   f'<text x="{cx:.1f}" y="{base + 16}" text-anchor="middle">{escape(_short(label))}</text></g>')
    out.append("</svg>")
    return "\n".join(out)

