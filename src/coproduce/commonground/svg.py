"""The platform's one palette and SVG drawing helpers: pure Python, no Django, so that the engine's report can use them.

core/svg.py draws the pages' charts with these (and marks them safe for templates); the engine's report.html and
the proposals' charts use the same colours and markers, so a group looks the same on every page and in every report.

Colour is never the only cue: each opinion group also has its own marker shape, named in the legend, and every chart
has a title, a description and a data table beside it on the page.
"""

from __future__ import annotations

import math
from html import escape

__all__ = [
    "ACCENT",
    "AGREE",
    "AXIS",
    "BACKGROUND",
    "BORDER",
    "DISAGREE",
    "GRID",
    "GROUP_COLOURS",
    "GROUP_SHAPES",
    "PASS",
    "SHAPE_NAMES",
    "TEXT",
    "UNGROUPED",
    "chart_open",
    "group_letter",
    "group_style",
    "marker",
    "marker_shape",
]

# Okabe & Ito: distinguishable with the common colour-vision deficiencies, all at least 3:1 against white.
GROUP_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56B4E9", "#000000", "#E69F00"]
GROUP_SHAPES = ["circle", "square", "triangle", "diamond", "cross", "triangle-down", "star", "hexagon"]
SHAPE_NAMES = {  # as the legends name them (the report is in English; pages translate their own legend)
    "circle": "circle",
    "square": "square",
    "triangle": "triangle",
    "diamond": "diamond",
    "cross": "cross",
    "triangle-down": "downward triangle",
    "star": "star",
    "hexagon": "hexagon",
}
UNGROUPED = "#767676"  # people in no group (too few votes): the lightest grey with 4.5:1 against white

# The rest of a chart (GOV.UK Design System colours, as the pages' CSS).
TEXT = "#0b0c0c"
BACKGROUND = "#fff"
BORDER = "#b1b4b6"
GRID = "#e5e6e7"
AXIS = "#6f777b"  # a line that means something (the middle of a scale), darker than the grid
ACCENT = "#1d70b8"  # a chart with one series
AGREE, DISAGREE, PASS = "#00703c", "#d4351c", "#b1b4b6"


def group_letter(index: int) -> str:
    """Groups are named by letter, A, B, …; past Z by number."""
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def group_style(index: int) -> tuple[str, str]:
    """(colour, shape) of the index-th group; both repeat only after len(GROUP_COLOURS) groups."""
    return GROUP_COLOURS[index % len(GROUP_COLOURS)], GROUP_SHAPES[index % len(GROUP_SHAPES)]


def marker_shape(shape: str, x: float, y: float, r: float, fill: str) -> dict[str, object]:
    """One marker of `shape` (GROUP_SHAPES) centred on (x, y), about r across from the centre, outlined in TEXT so
    that light colours stand out from white, as data: {"tag": "circle" | "rect" | "polygon", "attrs": {...}} with
    attribute values as strings. The report's template draws it (escaping every value); `marker` writes it here."""
    attrs: dict[str, str] = {"fill": fill, "stroke": TEXT, "stroke-width": f"{max(r / 5, 0.4):.2f}"}
    if shape == "circle":
        return {"tag": "circle", "attrs": {"cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{r:.1f}", **attrs}}
    if shape == "square":
        s = r * 1.7
        return {
            "tag": "rect",
            "attrs": {
                "x": f"{x - s / 2:.1f}",
                "y": f"{y - s / 2:.1f}",
                "width": f"{s:.1f}",
                "height": f"{s:.1f}",
                **attrs,
            },
        }
    pts: list[tuple[float, float]]
    if shape == "triangle":
        pts = [(0, -1.25), (1.1, 0.8), (-1.1, 0.8)]
    elif shape == "triangle-down":
        pts = [(0, 1.25), (1.1, -0.8), (-1.1, -0.8)]
    elif shape == "diamond":
        pts = [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)]
    elif shape == "cross":
        a, b = 0.4, 1.2
        pts = [
            (-a, -b),
            (a, -b),
            (a, -a),
            (b, -a),
            (b, a),
            (a, a),
            (a, b),
            (-a, b),
            (-a, a),
            (-b, a),
            (-b, -a),
            (-a, -a),
        ]
    elif shape == "star":
        pts = []
        for i in range(10):
            rad = 1.35 if i % 2 == 0 else 0.6
            ang = -math.pi / 2 + i * math.pi / 5
            pts.append((rad * math.cos(ang), rad * math.sin(ang)))
    else:  # hexagon
        pts = [(1.2 * math.cos(i * math.pi / 3), 1.2 * math.sin(i * math.pi / 3)) for i in range(6)]
    d = " ".join(f"{x + px * r:.1f},{y + py * r:.1f}" for px, py in pts)
    return {"tag": "polygon", "attrs": {"points": d, **attrs}}


def marker(shape: str, x: float, y: float, r: float, fill: str, extra: str = "") -> str:
    """`marker_shape` as SVG text. `extra`: more attributes, already escaped."""
    shape_data = marker_shape(shape, x, y, r, fill)
    attrs = shape_data["attrs"]
    assert isinstance(attrs, dict)
    written = "".join(f' {name}="{escape(str(value))}"' for name, value in attrs.items())
    return f"<{shape_data['tag']}{written}{extra}/>"


def chart_open(width: float, height: float, *, title: str, description: str, id_prefix: str) -> str:
    """The start of a chart: an image (role="img") named by its title and described by its description (both
    escaped here), on a white framed background. Close it with "</svg>". `id_prefix` must be unique in the page."""
    return (
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{id_prefix}-title">{escape(title)}</title><desc id="{id_prefix}-desc">{escape(description)}</desc>'
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="{BACKGROUND}" stroke="{BORDER}"/>'
    )
