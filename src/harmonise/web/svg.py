"""Server-side SVG charts: category frequencies, figure values and the lineage graph.

Plain SVG strings built with escaping (no plotting library, no JavaScript), accessible: each
chart has a ``<title>`` and ``<desc>``, ``role="img"``, and every bar or node carries its own
``<title>`` so screen readers and tooltips read the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

_BAR = "#1f5f8b"
_MISSING = "#8a8a8a"
_TEXT = "#1a1a1a"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, and whether it stands for a missing value."""

    label: str
    value: float
    missing: bool = False
    href: str | None = None


def bar_chart(bars: Sequence[Bar], title: str, unit: str = "", width: int = 640) -> Markup:
    """A horizontal bar chart as an SVG string (empty string when there is nothing to draw).

    The label column is as wide as the longest (possibly shortened) label needs, and the chart is
    drawn at its natural size (``max-width: 100%``), so text keeps the page's reading size.
    """
    if not bars:
        return Markup("")
    row, pad, limit = 28, 8, 40
    labels = [b.label if len(b.label) <= limit else b.label[: limit - 1] + "…" for b in bars]
    label_w = min(int(width * 0.55), max(40, 8 * max(len(x) for x in labels) + 12))
    width = min(width, label_w + 380)  # short labels: a narrower chart, larger on phones
    top = max((b.value for b in bars), default=0) or 1
    plot_w = width - label_w - 80
    height = row * len(bars) + 2 * pad
    desc = "; ".join(f"{b.label}: {_num(b.value)}{unit}" for b in bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'style="max-width:100%;height:auto" aria-labelledby="t d">',
        f'<title id="t">{escape(title)}</title><desc id="d">{escape(desc)}</desc>',
    ]
    for i, (b, label) in enumerate(zip(bars, labels, strict=True)):
        y = pad + i * row
        w = max(1.0, plot_w * b.value / top) if b.value > 0 else 0
        fill = _MISSING if b.missing else _BAR
        bar = (
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{fill}">'
            f"<title>{escape(b.label)}: {_num(b.value)}{escape(unit)}</title></rect>"
        )
        if b.href:
            bar = f'<a href="{escape(b.href)}">{bar}</a>'
        parts.append(
            f'<text x="{label_w - 6}" y="{y + row / 2 + 5}" text-anchor="end" font-size="14" '
            f'fill="{_TEXT}">{escape(label)}</text>{bar}'
            f'<text x="{label_w + w + 6:.1f}" y="{y + row / 2 + 5}" font-size="14" '
            f'fill="{_TEXT}">{_num(b.value)}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return _safe(parts)


@dataclass(frozen=True)
class Node:
    """A node of the lineage graph."""

    id: str
    label: str
    kind: str
    href: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Edge:
    """A directed edge: ``source`` was derived from / used ``target``."""

    source: str
    target: str
    label: str = ""


_KIND_FILL = {
    "figure": "#f4d35e",
    "dataset": "#ee964b",
    "crosswalk": "#a3c4f3",
    "variable": "#cfe1b9",
    "question": "#e4c1f9",
    "file": "#d9d9d9",
    "study": "#f6bd60",
    "run": "#ffffff",
}


def lineage_graph(nodes: Sequence[Node], edges: Sequence[Edge], title: str) -> Markup:
    """A layered left-to-right graph: each node's column is its distance from the first node.

    Drawn at its natural size; the page scrolls it sideways on narrow screens rather than
    shrinking the text.
    """
    if not nodes:
        return Markup("")
    depth: dict[str, int] = {nodes[0].id: 0}
    changed = True
    while changed:
        changed = False
        for e in edges:
            if e.source in depth and depth.get(e.target, -1) < depth[e.source] + 1 <= len(nodes):
                depth[e.target] = depth[e.source] + 1
                changed = True
    for n in nodes:
        depth.setdefault(n.id, 0)
    columns: dict[int, list[Node]] = {}
    for n in nodes:
        columns.setdefault(depth[n.id], []).append(n)
    for members in columns.values():
        # within a column, group by kind (e.g. questions above data files) to limit crossings
        first_seen = {k: i for i, k in reversed(list(enumerate(m.kind for m in members)))}
        members.sort(key=lambda m: first_seen[m.kind])
    col_w, node_w, node_h, gap = 210, 180, 40, 14
    height = max(len(c) for c in columns.values()) * (node_h + gap) + gap
    width = len(columns) * col_w + 20
    pos: dict[str, tuple[float, float]] = {}
    for col, members in columns.items():
        for i, n in enumerate(members):
            pos[n.id] = (10 + col * col_w, gap + i * (node_h + gap))
    desc = "; ".join(f"{n.label} ({n.kind})" for n in nodes)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="lineage" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="lt ld">',
        f'<title id="lt">{escape(title)}</title><desc id="ld">{escape(desc)}</desc>',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" '
        'markerHeight="6" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" '
        'fill="#555"/></marker></defs>',
    ]
    for e in edges:
        if e.source not in pos or e.target not in pos:
            continue
        x1, y1 = pos[e.source]
        x2, y2 = pos[e.target]
        parts.append(
            f'<line x1="{x1 + node_w}" y1="{y1 + node_h / 2}" x2="{x2}" y2="{y2 + node_h / 2}" '
            f'stroke="#555" stroke-width="1.2" marker-end="url(#arrow)">'
            f"<title>{escape(e.label)}</title></line>"
        )
    for n in nodes:
        x, y = pos[n.id]
        text = n.label if len(n.label) <= 26 else n.label[:25] + "…"
        box = (
            f'<rect x="{x}" y="{y}" width="{node_w}" height="{node_h}" rx="6" '
            f'fill="{_KIND_FILL.get(n.kind, "#fff")}" stroke="#333"/>'
            f'<text x="{x + 8}" y="{y + 15}" font-size="10" fill="#333">{escape(n.kind)}</text>'
            f'<text x="{x + 8}" y="{y + 31}" font-size="12" fill="{_TEXT}">{escape(text)}</text>'
            f"<title>{escape(n.label)}{(' — ' + escape(n.detail)) if n.detail else ''}</title>"
        )
        if n.href:
            box = f'<a href="{escape(n.href)}" class="node">{box}</a>'
        parts.append(f"<g>{box}</g>")
    parts.append("</svg>")
    return _safe(parts)


def _safe(parts: list[str]) -> Markup:
    """Mark an SVG built here as safe: every piece of text in it went through ``escape``."""
    return Markup("".join(parts))  # noqa: S704 - all text escaped above
