"""Server-side SVG charts. Every chart is an image with a text alternative, and pages put a data table beside it.

Colour is never the only cue: opinion groups also differ by shape, and bars carry their numbers in the table.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# The one palette and the drawing helpers live in the engine's pure module, so that its report and these pages
# draw a group the same way; this module is their Django side (safe strings for templates).
from coproduce.commonground import svg as engine_svg
from coproduce.commonground.svg import *  # noqa: F403  (the re-export below)
from coproduce.commonground.svg import (
    AGREE,
    DISAGREE,
    GRID,
    PASS,
    TEXT,
    UNGROUPED,
    chart_open,
    group_letter,
    group_style,
    marker,
)

__all__ = ["MapDrawing", "agreement_bar", "chart", "density_map", "legend_marker", "map_drawing", "opinion_map"]
# The engine's palette and helpers are re-exported, all of them: apps draw through this module, never the engine's.
__all__ += engine_svg.__all__

Point = tuple[float, float]  # a place on a chart, in its pixels

MAX_DOTS = 2000  # a bigger map says nothing more and weighs more on a phone
# The density map's grid: 16 x 16 squares of 17 px fill the 272 px between the paddings of a 320 px map. At most 256
# squares, one short path command each: a few kilobytes however many people took part.
BINS = 16
# How dark a square is, by its share of the fullest square's people: four steps are easy to tell apart.
DENSITY_OPACITY = (0.3, 0.5, 0.75, 1.0)


def opinion_map(
    participants: list[dict[str, Any]],
    group_ids: list[Any],
    *,
    you: dict[str, Any] | None,
    title: str,
    description: str,
    you_label: str,
    size: int = 320,
    bin_above: int | None = None,
    density_description: str = "",
) -> SafeString:
    """Participants as dots, one colour and shape per opinion group; "you are here" drawn on top.

    With more than `bin_above` people placed on the map, it shows density instead (`density_map`, described by
    `density_description`): a thousand dots weigh tens of kilobytes and overlap into a blur anyway.
    """
    return map_drawing(participants, group_ids, size=size, bin_above=bin_above).chart(
        you=you, title=title, description=description, density_description=density_description, you_label=you_label
    )


@dataclass(frozen=True)
class MapDrawing:
    """An opinion map drawn but for its words and "you are here": the same for every reader of one analysis, so a
    page can keep it with the analysis (conversations.results) and add the reader's part, instead of placing
    thousands of people again on every request."""

    parts: tuple[str, ...]
    pos: Callable[[dict[str, Any]], Point]
    size: int
    binned: bool

    def chart(
        self, *, you: dict[str, Any] | None, title: str, description: str, density_description: str, you_label: str
    ) -> SafeString:
        you_svg = _you_are_here(you, self.pos, self.size, you_label)
        return chart(
            self.size,
            self.size,
            [*self.parts, you_svg],
            title=title,
            description=density_description if self.binned else description,
            id_prefix="map",
        )


def map_drawing(
    participants: list[dict[str, Any]], group_ids: list[Any], *, size: int = 320, bin_above: int | None = None
) -> MapDrawing:
    """The opinion map's language-free parts (opinion_map says what it draws)."""
    points = [p for p in participants if p.get("x") is not None and p.get("y") is not None]
    if bin_above is not None and len(points) > bin_above:
        return _density_drawing(points, group_ids, size=size)
    pad = 24
    pos, grid = _map_frame(points, size, pad)
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
    return MapDrawing((grid, *dots), pos, size, binned=False)


def _map_frame(points: list[dict[str, Any]], size: int, pad: int) -> tuple[Callable[[dict[str, Any]], Point], str]:
    """The map's scale (the same for dots and density) and its centre lines."""
    span = max(max(abs(p["x"]) for p in points), max(abs(p["y"]) for p in points), 1e-9) if points else 1.0

    def pos(p: dict[str, Any]) -> Point:
        return (
            pad + (p["x"] / span + 1) / 2 * (size - 2 * pad),
            pad + (1 - (p["y"] / span + 1) / 2) * (size - 2 * pad),
        )

    grid = (
        f'<line x1="{size / 2}" y1="{pad}" x2="{size / 2}" y2="{size - pad}" stroke="{GRID}"/>'
        f'<line x1="{pad}" y1="{size / 2}" x2="{size - pad}" y2="{size / 2}" stroke="{GRID}"/>'
    )
    return pos, grid


def _you_are_here(you: dict[str, Any] | None, pos: Callable[[dict[str, Any]], Point], size: int, you_label: str) -> str:
    if you is None or you.get("x") is None or you.get("y") is None:
        return ""
    x, y = pos(you)
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="9" fill="none" stroke="{TEXT}" stroke-width="3"/>'
        f'<text x="{min(x + 12, size - 70):.1f}" y="{max(y - 10, 14):.1f}" font-size="13" font-weight="700" '
        f'fill="{TEXT}">{escape(you_label)}</text>'
    )


def density_map(
    points: list[dict[str, Any]],
    group_ids: list[Any],
    *,
    you: dict[str, Any] | None,
    title: str,
    description: str,
    you_label: str,
    size: int = 320,
) -> SafeString:
    """People as density: the map cut into BINS x BINS squares, each as dark as the number of people in it and in
    the colour of the opinion group most of them are in. Each group's marker and letter sit at its middle, so that
    colour is not the only cue; "you are here" is drawn on top, as on the dot map. One path per colour and darkness
    keeps it to a few kilobytes at any size."""
    return _density_drawing(points, group_ids, size=size).chart(
        you=you, title=title, description=description, density_description=description, you_label=you_label
    )


def _density_drawing(points: list[dict[str, Any]], group_ids: list[Any], *, size: int) -> MapDrawing:
    pad = 24
    pos, grid = _map_frame(points, size, pad)
    cell = (size - 2 * pad) / BINS
    index_of = {g: i for i, g in enumerate(group_ids)}
    counts: dict[tuple[int, int], dict[int | None, int]] = {}
    sums: dict[int, list[float]] = {}
    for p in points:
        x, y = pos(p)
        key = (min(BINS - 1, int((x - pad) / cell)), min(BINS - 1, int((y - pad) / cell)))
        gi = index_of.get(p.get("group"))
        by_group = counts.setdefault(key, {})
        by_group[gi] = by_group.get(gi, 0) + 1
        if gi is not None:
            total = sums.setdefault(gi, [0.0, 0.0, 0])
            total[0] += x
            total[1] += y
            total[2] += 1
    fullest = max((sum(c.values()) for c in counts.values()), default=1)
    paths: dict[tuple[int | None, int], list[str]] = {}
    for (col, row), by_group in sorted(counts.items()):
        n = sum(by_group.values())
        # The most common group in the square (ties: the first group), people in no group only if alone there.
        grouped = {g: c for g, c in by_group.items() if g is not None}
        gi = min(grouped, key=lambda g: (-grouped[g], g)) if grouped else None
        level = min(len(DENSITY_OPACITY) - 1, int(n / fullest * len(DENSITY_OPACITY) - 1e-9))
        x0, y0 = pad + col * cell, pad + row * cell
        paths.setdefault((gi, level), []).append(f"M{x0:.0f} {y0:.0f}h{cell:.0f}v{cell:.0f}h-{cell:.0f}z")
    squares = [
        f'<path d="{"".join(d)}" fill="{UNGROUPED if gi is None else group_style(gi)[0]}" '
        f'fill-opacity="{DENSITY_OPACITY[level]}"/>'
        for (gi, level), d in sorted(
            paths.items(), key=lambda item: (item[0][1], -1 if item[0][0] is None else item[0][0])
        )
    ]
    middles = []
    for gi, (sx, sy, members) in sorted(sums.items()):
        colour, shape = group_style(gi)
        mx, my = sx / members, sy / members
        middles.append(
            marker(shape, mx, my, 7, colour)
            + f'<text x="{mx + 10:.1f}" y="{my + 5:.1f}" font-size="14" font-weight="700" fill="{TEXT}">'
            f"{escape(group_letter(gi))}</text>"
        )
    return MapDrawing((grid, *squares, *middles), pos, size, binned=True)


# Kept: the same few markers are drawn in every row of every results table (thousands of statements x groups).
@functools.lru_cache(maxsize=128)
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
