"""The statistics of `stats.compute_stats` as a text report, an HTML page, and SVG charts."""
from __future__ import annotations

from html import escape
from typing import Any, Mapping

from . import charts
from ..units import human_size as size_text

Stats = Mapping[str, Any]
# chart file name -> (title, stats key, kind)
CHARTS: tuple[tuple[str, str, str, str], ...] = (
    ("decades", "Movies by decade", "by_decade", "histogram"),
    ("ratings", "Rating histogram", "rating_histogram", "histogram"),
    ("genres", "Top genres", "genres", "bars"),
    ("directors", "Top directors", "directors", "bars"),
    ("actors", "Top actors", "actors", "bars"),
    ("sources", "Metadata sources (fields)", "sources", "bars"),
    ("resolutions", "Files by resolution", "resolutions", "bars"),
)


def pairs(rows: list[Mapping[str, Any]]) -> list[tuple[str, int]]:
    return [(str(r["name"]), r["count"]) for r in rows]


def chart_svgs(stats: Stats, standalone: bool = False) -> dict[str, str]:
    """Every chart, by name (`decades`, `ratings`, `genres` …), as an SVG string."""
    out = {}
    for name, title, key, kind in CHARTS:
        draw = charts.histogram if kind == "histogram" else charts.bar_chart
        out[name] = draw(title, pairs(stats[key]), standalone=standalone)
    return out


def totals(stats: Stats) -> list[tuple[str, str]]:
    """The headline numbers as (label, text)."""
    avg = stats["average_rating"]
    return [
        ("Movies", f"{stats['movies']:,}"),
        ("Runtime", f"{stats['runtime_hours']:,} hours ({stats['runtime_days']:,} days)"),
        ("File size", size_text(stats["total_size_bytes"])),
        ("Average rating", f"{avg:.2f} ({stats['rated']:,} rated)" if avg is not None else "–"),
        ("Watched", f"{stats['watched']:,}"),
        ("Missing files", f"{stats['missing']:,}"),
    ]


def _table(title: str, rows: list[Mapping[str, Any]]) -> list[str]:
    if not rows:
        return [f"{title}: none"]
    width = max(len(str(r["name"])) for r in rows)
    return [f"{title}:"] + [f"  {str(r['name']):<{width}}  {r['count']:>6,}" for r in rows]


def text_report(stats: Stats) -> str:
    lines = [f"{label + ':':<16}{value}" for label, value in totals(stats)]
    for _name, title, key, _kind in CHARTS:
        lines.append("")
        lines.extend(_table(title, stats[key]))
    if stats["recently_added"]:
        lines += ["", "Recently added:"]
        lines += [f"  {m['added']}  {m['title']}" + (f" ({m['year']})" if m["year"] else "")
                  for m in stats["recently_added"]]
    return "\n".join(lines) + "\n"


_CSS = ("body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
        "color:#222;background:#fff;--mv-chart-bar:#3f51b5}"
        "@media (prefers-color-scheme:dark){body{color:#ddd;background:#1e2129;--mv-chart-bar:#8c9eff}}"
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}"
        "svg{max-width:100%;height:auto}table{border-collapse:collapse}td{padding:.1rem .6rem}")


def html_report(stats: Stats, title: str = "Library statistics") -> str:
    """A standalone page: the totals, every chart inline, the recently added list."""
    svgs = chart_svgs(stats)
    parts = [f"<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
             f"<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>", "<dl>"]
    parts += [f"<dt>{escape(label)}</dt><dd>{escape(value)}</dd>" for label, value in totals(stats)]
    parts.append("</dl>")
    for name, chart_title, _key, _kind in CHARTS:
        parts += [f"<h2>{escape(chart_title)}</h2>", f'<figure id="{name}">{svgs[name]}</figure>']
    if stats["recently_added"]:
        parts.append("<h2>Recently added</h2><table>")
        parts += [f"<tr><td>{escape(str(m['added']))}</td><td>{escape(m['title'])}</td>"
                  f"<td>{escape(str(m['year'] or ''))}</td></tr>" for m in stats["recently_added"]]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
