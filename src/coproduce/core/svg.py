"""Server-side SVG charts. Every chart is an image with a text alternative, and pages put a data table beside it.

Colour is never the only cue: opinion groups also differ by shape, and bars carry their numbers in the table.
"""

from __future__ import annotations

import math
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# The one palette and the drawing helpers live in the engine's pure module, so that its report and these pages
# draw a group the same way; this module is their Django side (safe strings for templates).
from coproduce.commonground import svg as engine_svg
from coproduce.commonground.svg import *  # noqa: F403  (the re-export below)
from coproduce.commonground.svg import AGREE, DISAGREE, GRID, PASS, TEXT, UNGROUPED, chart_open, group_style, marker

__all__ = ["agreement_bar", "chart", "legend_marker", "opinion_map"]
# The engine's palette and helpers are re-exported, all of them: apps draw through this module, never the engine's.
__all__ += engine_svg.__all__

MAX_DOTS = 2000  # a bigger map says nothing more and weighs more on a phone


def opinion_map(
    participants: list[dict[str, Any]],
    group_ids: list[Any],
    *,
    you: dict[str, Any] | None,
    title: str,
    description: str,
    you_label: str,
    size: int = 320,
) -> SafeString:
    """Participants as dots, one colour and shape per opinion group; "you are here" drawn on top."""
    points = [p for p in participants if p.get("x") is not None and p.get("y") is not None]
    pad = 24
    if points:
        span = max(max(abs(p["x"]) for p in points), max(abs(p["y"]) for p in points), 1e-9)
    else:
        span = 1.0

    def pos(p: dict[str, Any]) -> tuple[float, float]:
        return (
            pad + (p["x"] / span + 1) / 2 * (size - 2 * pad),
            pad + (1 - (p["y"] / span + 1) / 2) * (size - 2 * pad),
        )

    step = max(1, math.ceil(len(points) / MAX_DOTS))
    index_of = {g: i for i, g in enumerate(group_ids)}
    dots = []
    for p in points[::step]:
        x, y = pos(p)
        gi = index_of.get(p.get("group"))
        if gi is None:
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{UNGROUPED}"/>')
        else:
            colour, shape = group_style(gi)
            dots.append(marker(shape, x, y, 3.2, colour))
    you_svg = ""
    if you is not None and you.get("x") is not None:
        x, y = pos(you)
        you_svg = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="{TEXT}" stroke-width="3"/>'
            f'<text x="{min(x + 12, size - 70):.1f}" y="{max(y - 10, 14):.1f}" font-size="13" font-weight="700" '
            f'fill="{TEXT}">{escape(you_label)}</text>'
        )
    grid = (
        f'<line x1="{size / 2}" y1="{pad}" x2="{size / 2}" y2="{size - pad}" stroke="{GRID}"/>'
        f'<line x1="{pad}" y1="{size / 2}" x2="{size - pad}" y2="{size / 2}" stroke="{GRID}"/>'
    )
    return chart(size, size, [grid, *dots, you_svg], title=title, description=description, id_prefix="map")


def legend_marker(index: int | None) -> SafeString:
    """A small inline SVG of a group's marker, for legends and table rows (decorative: the text says the group)."""
    if index is None:
        inner = f'<circle cx="8" cy="8" r="4" fill="{UNGROUPED}"/>'
    else:
        colour, shape = group_style(index)
        inner = marker(shape, 8, 8, 5, colour)
    return mark_safe(f'<svg width="16" height="16" aria-hidden="true" focusable="false">{inner}</svg>')  # noqa: S308


def agreement_bar(agree: int, disagree: int, passed: int, *, width: int = 200) -> SafeString:
    """A stacked bar of agree / disagree / pass; decorative, because the numbers are printed beside it."""
    total = agree + disagree + passed
    if total == 0:
        return mark_safe("")
    a, d = agree / total * width, disagree / total * width
    return mark_safe(  # noqa: S308 - numbers only
        f'<svg class="bar" width="{width}" height="12" viewBox="0 0 {width} 12" aria-hidden="true" focusable="false">'
        f'<rect width="{a:.1f}" height="12" fill="{AGREE}"/>'
        f'<rect x="{a:.1f}" width="{d:.1f}" height="12" fill="{DISAGREE}"/>'
        f'<rect x="{a + d:.1f}" width="{width - a - d:.1f}" height="12" fill="{PASS}"/></svg>'
    )


def chart(width: float, height: float, parts: list[str], *, title: str, description: str, id_prefix: str) -> SafeString:
    """A whole chart for a template: chart_open's frame (title, description, role="img") around `parts`, which the
    caller built from numbers and escaped text only."""
    return mark_safe(
        chart_open(width, height, title=title, description=description, id_prefix=id_prefix)  # noqa: S308
        + "".join(parts)
        + "</svg>"
    )
