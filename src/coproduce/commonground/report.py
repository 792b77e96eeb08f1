"""A self-contained, accessible, offline ``report.html`` for one analysis.

Pure Python (no Django, no network, no JavaScript): ``render_report(analysis_dict, statements_meta, title)``
returns one HTML page with inline CSS and inline SVG charts. Every chart has a data table beside it, every
group has a letter and a marker shape as well as a colour (so colour is never the only cue), and every piece
of text that came from a participant or an input file is HTML-escaped. A Content-Security-Policy that allows
no script at all is set as a second line of defence.

The analysis is read through the documented ``analysis.json`` contract (``participants``, ``statements``,
``groups``, ``summaries``, ``diagnostics``) and read defensively: a missing optional field leaves its
section out or says "not available"; it never raises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

# The platform's one palette and marker shapes (colour-blind-safe, each group also has a shape), shared with the pages.
from coproduce.commonground.svg import GROUP_COLOURS as _COLOURS
from coproduce.commonground.svg import GROUP_SHAPES as _SHAPES
from coproduce.commonground.svg import SHAPE_NAMES as _SHAPE_NAMES
from coproduce.commonground.svg import UNGROUPED as _UNGROUPED
from coproduce.commonground.svg import marker as _marker

__all__ = ["render_report"]

_MAX_DOTS = 4000  # an SVG with more dots gets heavy; a deterministic, even sample is drawn instead
_TOP = 10  # statements shown per list


# --------------------------------------------------------------------------------------------- reading
def _get(d: Any, *keys: str, default: Any = None) -> Any:
    """First present key of a mapping (the contract's name first, then tolerated alternatives)."""
    if not isinstance(d, Mapping):
        return default
    for k in keys:
        if k in d and d[k] is not None:
            return d[k]
    return default


def _list(x: Any) -> list:
    """A JSON array as a list; anything else (null, a number, an object) as an empty list."""
    return list(x) if isinstance(x, (list, tuple)) else []


def _map(x: Any) -> Mapping:
    return x if isinstance(x, Mapping) else {}


def _num(x: Any) -> float | None:
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _int(x: Any, default: int = 0) -> int:
    f = _num(x)
    return int(f) if f is not None else default


def _key(x: Any) -> str:
    """Ids compare as strings: JSON turns every mapping key into a string."""
    return str(x)


def _statement_texts(meta: Any) -> dict[str, str]:
    """Accept {id: text}, {id: {"text": ...}}, a list of {"id", "text"} / objects with .id and .text, or a
    list of texts (position = id)."""
    out: dict[str, str] = {}
    if meta is None:
        return out
    if isinstance(meta, Mapping):
        for k, v in meta.items():
            out[_key(k)] = _text_of(v)
        return out
    if isinstance(meta, (str, bytes, int, float, bool)):
        return out
    try:
        items = list(meta)
    except TypeError:
        return out
    for i, item in enumerate(items):
        if isinstance(item, str):
            out[_key(i)] = item
        elif isinstance(item, Mapping):
            sid = _get(item, "id", "statement_id", "comment-id", "tid", default=i)
            out[_key(sid)] = _text_of(item)
        else:
            sid = getattr(item, "id", i)
            out[_key(sid)] = _text_of(item)
    return out


def _text_of(v: Any) -> str:
    if isinstance(v, str):
        return v
    if isinstance(v, Mapping):
        t = _get(v, "text", "body", "comment-body", "txt", default="")
        return t if isinstance(t, str) else str(t)
    t = getattr(v, "text", None)
    return t if isinstance(t, str) else ("" if v is None else str(v))


def _group_label(g: Any) -> str:
    """Group 0 -> "A", 1 -> "B", ... (as Polis shows them); anything else as given."""
    i = _num(g)
    if i is not None and i == int(i) and 0 <= i < 26:
        return chr(ord("A") + int(i))
    return str(g)


def _ids_of(items: Any) -> list[str]:
    """A summary list may hold ids or statement objects ({"id": ...})."""
    out = []
    if isinstance(items, Mapping):
        items = [items]
    for it in _list(items):
        if isinstance(it, Mapping):
            sid = _get(it, "id", "statement", "statement_id", "tid")
            if sid is not None:
                out.append(_key(sid))
        elif it is not None:
            out.append(_key(it))
    return out


class _Model:
    """Everything the page shows, pulled out of the analysis dict once."""

    def __init__(self, analysis: Mapping[str, Any], texts: dict[str, str]) -> None:
        a = analysis if isinstance(analysis, Mapping) else {}
        self.schema_version = _get(a, "schema_version", default="?")
        self.participants = [p for p in _list(_get(a, "participants")) if isinstance(p, Mapping)]
        self.statements = [s for s in _list(_get(a, "statements")) if isinstance(s, Mapping)]
        self.by_id = {_key(_get(s, "id", default=i)): s for i, s in enumerate(self.statements)}
        self.texts = texts
        self.summaries = _map(_get(a, "summaries", "summary"))
        self.diagnostics = _map(_get(a, "diagnostics"))
        self.messages = [str(m) for m in _list(_get(a, "messages", "notes")) if m]
        self.messages += [str(m) for m in _list(_get(self.diagnostics, "messages", "notes")) if m]

        # Groups: from the "groups" list when there is one, else from the participants.
        sizes: dict[str, int] = {}
        order: list[Any] = []
        for g in _list(_get(a, "groups")):
            if isinstance(g, Mapping):
                gid = _get(g, "id", "group", "label")
                if gid is None:
                    continue
                order.append(gid)
                n = _get(g, "size", "n", "n_members", "members")
                sizes[_key(gid)] = len(n) if isinstance(n, list) else _int(n, -1)
            elif g is not None:
                order.append(g)
        counted: dict[str, int] = {}
        for p in self.participants:
            g = p.get("group")
            if g is not None:
                counted[_key(g)] = counted.get(_key(g), 0) + 1
                if _key(g) not in {_key(x) for x in order}:
                    order.append(g)
        for k, n in counted.items():
            if sizes.get(k, -1) < 0:
                sizes[k] = n
        try:
            order = sorted(order, key=lambda x: (_num(x) is None, _num(x) or 0, str(x)))
        except TypeError:
            pass
        self.group_ids = [_key(g) for g in order]
        self.group_raw = {_key(g): g for g in order}
        self.sizes = {k: max(sizes.get(k, 0), 0) for k in self.group_ids}
        self.style = {k: (_COLOURS[i % len(_COLOURS)], _SHAPES[i % len(_SHAPES)])
                      for i, k in enumerate(self.group_ids)}
        self.n_clustered = sum(1 for p in self.participants if p.get("group") is not None)
        self.perspectives = [q for q in _list(_get(a, "perspectives")) if isinstance(q, Mapping)
                             and _get(q, "id") is not None]

    # -- statements
    def text(self, sid: str) -> str:
        s = self.by_id.get(sid, {})
        t = self.texts.get(sid)
        if t is None:
            t = _get(s, "text", "body", default="")
        return t if isinstance(t, str) else str(t)

    def counts(self, sid: str) -> tuple[int, int, int]:
        s = self.by_id.get(sid, {})
        return (_int(_get(s, "agree", "n_agree")), _int(_get(s, "disagree", "n_disagree")),
                _int(_get(s, "pass", "n_pass")))

    def group_counts(self, sid: str) -> dict[str, tuple[int, int, int]]:
        """Per opinion group (agree, disagree, pass) for one statement, when the analysis has them."""
        s = self.by_id.get(sid, {})
        raw = _get(s, "groups", "per_group", "by_group", "group_votes", default=None)
        out: dict[str, tuple[int, int, int]] = {}
        if isinstance(raw, Mapping):
            items = raw.items()
        elif isinstance(raw, list):
            items = []
            for i, v in enumerate(raw):
                gid = _get(v, "group", "id", default=self.group_raw.get(self.group_ids[i]) if i < len(
                    self.group_ids) else i) if isinstance(v, Mapping) else i
                items.append((gid, v))
        else:
            return out
        for gid, v in items:
            if isinstance(v, Mapping):
                out[_key(gid)] = (_int(_get(v, "agree", "n_agree")), _int(_get(v, "disagree", "n_disagree")),
                                  _int(_get(v, "pass", "n_pass")))
            elif isinstance(v, (list, tuple)) and len(v) >= 3:
                out[_key(gid)] = (_int(v[0]), _int(v[1]), _int(v[2]))
        return out

    def perspective_counts(self, sid: str) -> dict[str, tuple[int, int, int] | None]:
        """Per declared perspective (agree, disagree, pass); None where the cell was suppressed (too few)."""
        raw = _get(self.by_id.get(sid, {}), "perspectives", default=[])
        out: dict[str, tuple[int, int, int] | None] = {}
        for v in raw if isinstance(raw, list) else []:
            if isinstance(v, Mapping) and _get(v, "perspective", "id") is not None:
                q = _key(_get(v, "perspective", "id"))
                if _get(v, "agree") is None:
                    out[q] = None
                else:
                    out[q] = (_int(v.get("agree")), _int(v.get("disagree")), _int(v.get("pass")))
        return out

    def excluded(self, sid: str) -> bool:
        return bool(_get(self.by_id.get(sid, {}), "excluded", "moderated_out", default=False))

    def summary_ids(self, *names: str) -> list[str] | None:
        v = _get(self.summaries, *names)
        if v is None:
            return None
        if isinstance(v, Mapping):  # e.g. {"agree": [...], "disagree": [...]}
            v = _get(v, "statements", "agree", "ids", default=[])
        return _ids_of(v)

    def common_ground(self) -> list[str]:
        ids = self.summary_ids("common_ground", "common_ground_agree", "consensus")
        if ids is None:
            ids = [sid for sid, s in self.by_id.items() if s.get("common_ground") is True]
            ids.sort(key=lambda i: -(_num(self.by_id[i].get("group_aware_consensus")) or 0))
        return [i for i in ids if not self.excluded(i)]

    def unsure(self) -> list[str]:
        return [sid for sid, s in self.by_id.items()
                if "common_ground" in s and s.get("common_ground") is None and not self.excluded(sid)]

    def divisive(self) -> list[str]:
        ids = self.summary_ids("divisive", "divisive_statements")
        if ids is None:
            scored = [(sid, _num(_get(s, "divisiveness", "divisive"))) for sid, s in self.by_id.items()
                      if not self.excluded(sid)]
            ids = [sid for sid, v in sorted((x for x in scored if x[1] is not None), key=lambda x: -x[1])]
        return [i for i in ids if not self.excluded(i)]

    def representative(self) -> dict[str, list[tuple[str, str | None]]]:
        """Per group: [(statement id, "agree"/"disagree"/None)]."""
        raw = _get(self.summaries, "representative", "representative_statements", "repness", default=None)
        out: dict[str, list[tuple[str, str | None]]] = {}
        if isinstance(raw, Mapping):
            items = list(raw.items())
        elif isinstance(raw, list):
            items = []
            for i, v in enumerate(raw):
                if isinstance(v, Mapping) and _get(v, "group") is not None:
                    items.append((_get(v, "group"), _get(v, "statements", "items", default=[])))
                else:
                    items.append((self.group_raw.get(self.group_ids[i], i) if i < len(self.group_ids) else i, v))
        else:
            return out
        for gid, lst in items:
            rows: list[tuple[str, str | None]] = []
            for it in _list(lst):
                if isinstance(it, Mapping):
                    sid = _get(it, "id", "statement", "statement_id", "tid")
                    if sid is not None:
                        d = _get(it, "direction", "repful", "kind", "type")
                        rows.append((_key(sid), str(d) if d is not None else None))
                elif it is not None:
                    rows.append((_key(it), None))
            out[_key(gid)] = rows
        return out

    def majority(self) -> tuple[list[str], list[str]]:
        raw = _get(self.summaries, "majority_consensus", "majority", "consensus_majority", default=None)
        if isinstance(raw, Mapping):
            return _ids_of(_get(raw, "agree", default=[])), _ids_of(_get(raw, "disagree", default=[]))
        if isinstance(raw, list):
            agree, disagree = [], []
            for it in raw:
                d = _get(it, "direction", "kind", default="agree") if isinstance(it, Mapping) else "agree"
                (disagree if str(d).startswith("dis") else agree).extend(_ids_of([it]))
            return agree, disagree
        return [], []


# --------------------------------------------------------------------------------------------- helpers
def _e(x: Any) -> str:
    return escape("" if x is None else str(x), quote=True)


def _fmt(x: Any, digits: int = 2) -> str:
    f = _num(x)
    return "—" if f is None else f"{f:.{digits}f}"


def _pct(n: int, d: int) -> str:
    return "—" if d <= 0 else f"{100.0 * n / d:.0f}%"


def _axis(lo: float, hi: float, a: float, b: float):
    """Map [lo, hi] onto [a, b]; everything to the middle when the range is empty or not finite."""
    span = hi - lo
    if not (math.isfinite(span) and span > 1e-12 * max(1.0, abs(lo), abs(hi))):
        mid = (a + b) / 2
        return lambda v: mid
    return lambda v: a + (v - lo) / span * (b - a)


def _legend_marker(model: _Model, gid: str) -> str:
    colour, shape = model.style[gid]
    return (f'<svg class="key" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            f'{_marker(shape, 8, 8, 5, colour)}</svg>')


def _group_name(model: _Model, gid: str) -> str:
    return f"Group {_group_label(model.group_raw.get(gid, gid))}"


def _figure(chart: str, table: str, *, wide_table: bool = False) -> str:
    cls = "figure wide-table" if wide_table else "figure"
    # A wide table scrolls sideways: the scrolling box must be reachable by keyboard and named.
    m = re.search(r"<caption>(.*?)</caption>", table)
    label = f"Table: {m.group(1)}" if m else "Data table"
    return (f'<div class="{cls}"><div class="chart">{chart}</div>'
            f'<div class="data" tabindex="0" role="region" aria-label="{label}">{table}</div></div>')


def _statement_cell(model: _Model, sid: str) -> str:
    text = model.text(sid)
    body = _e(text) if text else '<span class="muted">(no text)</span>'
    return f'<td><span class="sid">#{_e(sid)}</span> {body}</td>'


# --------------------------------------------------------------------------------------------- sections
def _summary_section(model: _Model) -> str:
    n_p = len(model.participants)
    n_s = sum(1 for s in model.statements if not model.excluded(_key(_get(s, "id"))))
    n_x = len(model.statements) - n_s
    votes = sum(sum(model.counts(sid)) for sid in model.by_id)
    k = len(model.group_ids)
    cg = len(model.common_ground())
    items = [
        ("People who voted", f"{n_p:,}"),
        ("People placed in an opinion group (enough votes)", f"{model.n_clustered:,}"),
        ("Statements", f"{n_s:,}" + (f" (and {n_x:,} moderated out)" if n_x else "")),
        ("Votes (agree, disagree or pass)", f"{votes:,}"),
        ("Opinion groups", f"{k}"),
        ("Statements that are common ground", f"{cg:,}"),
    ]
    dl = "".join(f"<div><dt>{_e(a)}</dt><dd>{_e(b)}</dd></div>" for a, b in items)
    msgs = "".join(f'<p class="notice">{_e(m)}</p>' for m in model.messages)
    return f'<section aria-labelledby="h-summary"><h2 id="h-summary">At a glance</h2><dl class="stats">{dl}</dl>{msgs}</section>'


def _map_section(model: _Model) -> str:
    pts = [(p, _num(p.get("x")), _num(p.get("y"))) for p in model.participants]
    pts = [(p, x, y) for p, x, y in pts if x is not None and y is not None]
    intro = ("<p>Each mark is one person. People who voted alike are close together. "
             "People with too few votes to place in a group are shown as small grey dots. "
             "The axes have no units: only distances matter.</p>")
    if not pts:
        return (f'<section aria-labelledby="h-map"><h2 id="h-map">Opinion map</h2>{intro}'
                '<p class="notice">No one has a position on the map yet.</p></section>')
    shown = pts
    note = ""
    if len(pts) > _MAX_DOTS:
        step = len(pts) / _MAX_DOTS
        shown = [pts[int(i * step)] for i in range(_MAX_DOTS)]
        note = f"Showing {len(shown):,} of {len(pts):,} people, chosen evenly. "
    xs = [x for _, x, _ in pts]
    ys = [y for _, _, y in pts]
    W, H, pad = 640, 480, 24
    sx = _axis(min(xs), max(xs), pad, W - pad)
    sy = _axis(min(ys), max(ys), H - pad, pad)  # SVG's y grows downwards

    r = 4.0 if len(shown) < 500 else 3.0 if len(shown) < 2000 else 2.2
    grey, by_group = [], {g: [] for g in model.group_ids}
    for p, x, y in shown:
        g = p.get("group")
        if g is None or _key(g) not in model.style:
            grey.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="{r * 0.6:.1f}" fill="{_UNGROUPED}"/>')
        else:
            colour, shape = model.style[_key(g)]
            by_group[_key(g)].append(_marker(shape, sx(x), sy(y), r, colour))
    layers = [f'<g class="ungrouped">{"".join(grey)}</g>']
    layers += [f'<g class="group">{"".join(v)}</g>' for v in by_group.values()]
    # Centres and letters on top so each group is labelled on the map itself.
    centres: dict[str, tuple[float, float]] = {}
    for g in model.group_ids:
        gp = [(x, y) for p, x, y in pts if p.get("group") is not None and _key(p.get("group")) == g]
        if gp:
            cx = sum(x for x, _ in gp) / len(gp)
            cy = sum(y for _, y in gp) / len(gp)
            centres[g] = (cx, cy)
            lab = _e(_group_label(model.group_raw.get(g, g)))
            # Placed at the mean of the drawn positions (always inside the box, even for extreme data).
            px = sum(sx(x) for x, _ in gp) / len(gp)
            py = sum(sy(y) for _, y in gp) / len(gp)
            layers.append(f'<text class="glabel" x="{px:.1f}" y="{py:.1f}" text-anchor="middle" '
                          f'dominant-baseline="central">{lab}</text>')
    legend_bits = []
    for g in model.group_ids:
        colour, shape = model.style[g]
        legend_bits.append(f"{_group_name(model, g)}: {_SHAPE_NAMES[shape]} marks, {model.sizes.get(g, 0):,} people")
    desc = (note + f"{len(pts):,} people, {model.n_clustered:,} of them in {len(model.group_ids)} opinion groups. "
            + "; ".join(legend_bits) + ".")
    svg = (f'<svg class="map" viewBox="0 0 {W} {H}" role="img" aria-labelledby="map-title map-desc" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="map-title">Opinion map</title>'
           f'<desc id="map-desc">{_e(desc)}</desc>'
           f'<rect x="0.5" y="0.5" width="{W - 1}" height="{H - 1}" fill="#fff" stroke="#b1b4b6"/>'
           + (f'<line x1="{sx(0):.1f}" y1="{pad}" x2="{sx(0):.1f}" y2="{H - pad}" class="axis"/>'
              if min(xs) <= 0 <= max(xs) else "")
           + (f'<line x1="{pad}" y1="{sy(0):.1f}" x2="{W - pad}" y2="{sy(0):.1f}" class="axis"/>'
              if min(ys) <= 0 <= max(ys) else "")
           + "".join(layers) + "</svg>")
    legend = '<ul class="legend">' + "".join(
        f"<li>{_legend_marker(model, g)} {_e(_group_name(model, g))} "
        f"({_e(_SHAPE_NAMES[model.style[g][1]])})</li>" for g in model.group_ids
    ) + f'<li><svg class="key" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">' \
        f'<circle cx="8" cy="8" r="3" fill="{_UNGROUPED}"/></svg> Not in a group (too few votes)</li></ul>'
    rows = []
    for g in model.group_ids:
        c = centres.get(g)
        rows.append(f"<tr><th scope=\"row\">{_legend_marker(model, g)} {_e(_group_name(model, g))}</th>"
                    f"<td>{_e(_SHAPE_NAMES[model.style[g][1]])}</td>"
                    f"<td class=\"num\">{model.sizes.get(g, 0):,}</td>"
                    f"<td class=\"num\">{_fmt(c[0]) if c else '—'}</td><td class=\"num\">{_fmt(c[1]) if c else '—'}</td></tr>")
    n_out = len(pts) - model.n_clustered
    rows.append(f"<tr><th scope=\"row\">Not in a group</th><td>small grey dot</td>"
                f"<td class=\"num\">{n_out:,}</td><td class=\"num\">—</td><td class=\"num\">—</td></tr>")
    table = ('<table><caption>The map in numbers: people per group and where each group sits</caption>'
             '<thead><tr><th scope="col">Group</th><th scope="col">Mark</th><th scope="col" class="num">People</th>'
             '<th scope="col" class="num">Centre x</th><th scope="col" class="num">Centre y</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return (f'<section aria-labelledby="h-map"><h2 id="h-map">Opinion map</h2>{intro}'
            + _figure(svg + legend + (f'<p class="muted">{_e(note)}</p>' if note else ""), table) + "</section>")


def _groups_section(model: _Model) -> str:
    if not model.group_ids:
        return ('<section aria-labelledby="h-groups"><h2 id="h-groups">Opinion groups</h2>'
                '<p class="notice">There are no opinion groups yet: not enough people have voted on enough '
                'statements, or everyone votes alike.</p></section>')
    total = max(sum(model.sizes.values()), 1)
    W, bar_h, gap, left = 480, 26, 10, 90
    H = len(model.group_ids) * (bar_h + gap) + gap
    biggest = max(model.sizes.values()) or 1
    bars = []
    for i, g in enumerate(model.group_ids):
        colour, shape = model.style[g]
        y = gap + i * (bar_h + gap)
        w = (W - left - 110) * model.sizes[g] / biggest
        name = _e(_group_name(model, g))
        bars.append(f'<text x="{left - 8}" y="{y + bar_h / 2:.1f}" text-anchor="end" dominant-baseline="central">{name}</text>'
                    f'<rect x="{left}" y="{y}" width="{max(w, 1):.1f}" height="{bar_h}" fill="{colour}"/>'
                    + _marker(shape, left + max(w, 1) + 12, y + bar_h / 2, 6, colour)
                    + f'<text x="{left + max(w, 1) + 24:.1f}" y="{y + bar_h / 2:.1f}" dominant-baseline="central">'
                    f'{model.sizes[g]:,} ({_pct(model.sizes[g], total)})</text>')
    desc = "; ".join(f"{_group_name(model, g)}: {model.sizes[g]:,} people" for g in model.group_ids)
    svg = (f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="groups-title groups-desc" '
           f'xmlns="http://www.w3.org/2000/svg"><title id="groups-title">People in each opinion group</title>'
           f'<desc id="groups-desc">{_e(desc)}</desc>{"".join(bars)}</svg>')
    rows = "".join(
        f'<tr><th scope="row">{_legend_marker(model, g)} {_e(_group_name(model, g))}</th>'
        f'<td class="num">{model.sizes[g]:,}</td><td class="num">{_pct(model.sizes[g], total)}</td></tr>'
        for g in model.group_ids)
    table = ('<table><caption>People in each opinion group</caption><thead><tr><th scope="col">Group</th>'
             '<th scope="col" class="num">People</th><th scope="col" class="num">Share</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    intro = ("<p>An opinion group is a set of people who tended to vote the same way. Groups are found from "
             "the votes alone; they are not the same as the perspectives people declared.</p>")
    return (f'<section aria-labelledby="h-groups"><h2 id="h-groups">Opinion groups</h2>{intro}'
            + _figure(svg, table) + "</section>")


_PATTERNS = (
    '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
    '<rect width="6" height="6" fill="#D55E00"/><line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/>'
    '</pattern><pattern id="dots" width="5" height="5" patternUnits="userSpaceOnUse">'
    '<rect width="5" height="5" fill="#dee0e2"/><circle cx="2.5" cy="2.5" r="1" fill="#505a5f"/></pattern></defs>'
)


def _vote_bars(model: _Model, ids: list[str], chart_id: str, title: str) -> str:
    """Stacked bars: agree (solid blue), disagree (hatched orange), pass (dotted grey), labelled with %."""
    W, bar_h, gap, left = 480, 22, 8, 56
    H = len(ids) * (bar_h + gap) + gap + 30
    parts = [_PATTERNS]
    desc_bits = []
    for i, sid in enumerate(ids):
        a, d, p = model.counts(sid)
        n = a + d + p
        y = gap + i * (bar_h + gap)
        parts.append(f'<text x="{left - 6}" y="{y + bar_h / 2:.1f}" text-anchor="end" dominant-baseline="central">'
                     f'#{_e(sid)}</text>')
        x = float(left)
        span = W - left - 10
        for count, fill in ((a, "#0072B2"), (d, "url(#hatch)"), (p, "url(#dots)")):
            w = span * count / n if n else 0
            if w > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{fill}"/>')
            x += w
        if n:
            parts.append(f'<text x="{left + 4}" y="{y + bar_h / 2:.1f}" dominant-baseline="central" '
                         f'class="onbar">{_pct(a, n)} agree</text>')
        desc_bits.append(f"#{sid}: {_pct(a, n)} agree, {_pct(d, n)} disagree, {_pct(p, n)} pass")
    ly = H - 18
    parts.append(f'<rect x="{left}" y="{ly}" width="12" height="12" fill="#0072B2"/>'
                 f'<text x="{left + 16}" y="{ly + 6}" dominant-baseline="central">agree</text>'
                 f'<rect x="{left + 80}" y="{ly}" width="12" height="12" fill="url(#hatch)"/>'
                 f'<text x="{left + 96}" y="{ly + 6}" dominant-baseline="central">disagree (striped)</text>'
                 f'<rect x="{left + 240}" y="{ly}" width="12" height="12" fill="url(#dots)"/>'
                 f'<text x="{left + 256}" y="{ly + 6}" dominant-baseline="central">pass (dotted)</text>')
    # Pattern ids must be unique per page: make them per chart.
    svg_body = "".join(parts).replace('id="hatch"', f'id="hatch-{chart_id}"').replace(
        'id="dots"', f'id="dots-{chart_id}"').replace("url(#hatch)", f"url(#hatch-{chart_id})").replace(
        "url(#dots)", f"url(#dots-{chart_id})")
    return (f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="{chart_id}-t">{_e(title)}</title>'
            f'<desc id="{chart_id}-d">{_e("; ".join(desc_bits))}</desc>{svg_body}</svg>')


def _statement_table(model: _Model, ids: list[str], caption: str, *, per_group: bool = True,
                     score: tuple[str, str] | None = None, overall: bool = True) -> str:
    groups = model.group_ids if per_group else []
    head = ['<th scope="col">Statement</th>']
    if overall:
        head += ['<th scope="col" class="num">Agree</th>', '<th scope="col" class="num">Disagree</th>',
                 '<th scope="col" class="num">Pass</th>']
    if score:
        head.append(f'<th scope="col" class="num">{_e(score[1])}</th>')
    head += [f'<th scope="col" class="num">{_e(_group_name(model, g))} agree</th>' for g in groups]
    rows = []
    for sid in ids:
        a, d, p = model.counts(sid)
        n = a + d + p
        cells = [_statement_cell(model, sid)]
        if overall:
            cells += [f'<td class="num">{a:,} ({_pct(a, n)})</td>', f'<td class="num">{d:,} ({_pct(d, n)})</td>',
                      f'<td class="num">{p:,} ({_pct(p, n)})</td>']
        if score:
            cells.append(f'<td class="num">{_fmt(model.by_id.get(sid, {}).get(score[0]))}</td>')
        gc = model.group_counts(sid) if groups else {}
        for g in groups:
            ga, gd, gp = gc.get(g, (0, 0, 0))
            gn = ga + gd + gp
            cells.append(f'<td class="num">{_pct(ga, gn)}<span class="muted"> of {gn:,}</span></td>' if gn
                         else '<td class="num">—</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table><caption>{_e(caption)}</caption><thead><tr>{"".join(head)}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _common_ground_section(model: _Model) -> str:
    ids = model.common_ground()
    unsure = model.unsure()
    intro = ("<p>Common ground: statements that most people in <strong>every</strong> opinion group agreed "
             "with, so agreement does not depend on which side someone is on. The score "
             "(group-aware consensus, 0 to 1) is the chance that a person picked at random from each group "
             "would all agree.</p>")
    if unsure:
        intro += (f"<p>{len(unsure):,} more statement{'s' if len(unsure) != 1 else ''} "
                  f"{'have' if len(unsure) != 1 else 'has'} <strong>not enough votes yet</strong> to tell.</p>")
    if not ids:
        return (f'<section aria-labelledby="h-cg"><h2 id="h-cg">Common ground</h2>{intro}'
                '<p class="notice">No statement is common ground yet.</p></section>')
    top = ids[:_TOP]
    chart = _vote_bars(model, top, "cg", "How everyone voted on the common-ground statements")
    table = _statement_table(model, top, f"Common ground ({len(ids):,} statements, top {len(top)} shown)",
                             score=("group_aware_consensus", "Score"))
    return (f'<section aria-labelledby="h-cg"><h2 id="h-cg">Common ground</h2>{intro}'
            + _figure(chart, table, wide_table=True) + "</section>")


def _common_disagreement_section(model: _Model) -> str:
    ids = [i for i in (model.summary_ids("common_disagreement") or []) if not model.excluded(i)]
    if not ids:
        return ""
    top = ids[:_TOP]
    intro = ("<p>The other side of common ground: statements that most people in every opinion group "
             "<strong>disagreed</strong> with.</p>")
    chart = _vote_bars(model, top, "cd", "How everyone voted on statements every group disagreed with")
    table = _statement_table(model, top, f"Disagreed across every group ({len(ids):,} statements, top {len(top)} shown)")
    return (f'<section aria-labelledby="h-cd"><h2 id="h-cd">Common disagreement</h2>{intro}'
            + _figure(chart, table, wide_table=True) + "</section>")


def _perspectives_section(model: _Model) -> str:
    if not model.perspectives:
        return ""
    qs = [_key(_get(q, "id")) for q in model.perspectives]
    size_rows = []
    for q in model.perspectives:
        n = _get(q, "size")
        shown = f"{_int(n):,}" if n is not None else "fewer than 5"
        size_rows.append(f'<tr><th scope="row">{_e(_get(q, "id"))}</th><td class="num">{_e(shown)}</td></tr>')
    sizes = "".join(size_rows)
    persp = _get(model.summaries, "perspectives", default={})
    ids = [i for i in _ids_of(_get(persp, "common_ground", default=[])) if not model.excluded(i)][:_TOP]
    intro = ("<p>People could say which perspective they speak from (for example patient, carer or staff). "
             "This is only used to show how each perspective voted, never to weigh votes. Groups of fewer "
             "than 5 people are not shown, so that nobody can be singled out.</p>")
    out = [f'<section aria-labelledby="h-persp"><h2 id="h-persp">Across perspectives</h2>{intro}',
           '<table><caption>People per declared perspective</caption><thead><tr><th scope="col">Perspective</th>'
           f'<th scope="col" class="num">People</th></tr></thead><tbody>{sizes}</tbody></table>']
    if ids:
        head = "".join(f'<th scope="col" class="num">{_e(q)} agree</th>' for q in qs)
        rows = []
        for sid in ids:
            pc = model.perspective_counts(sid)
            cells = []
            for q in qs:
                c = pc.get(q)
                if c is None:
                    cells.append('<td class="num">fewer than 5</td>')
                else:
                    n = sum(c)
                    cells.append(f'<td class="num">{_pct(c[0], n)}<span class="muted"> of {n:,}</span></td>')
            rows.append(f"<tr>{_statement_cell(model, sid)}{''.join(cells)}</tr>")
        out.append('<table><caption>Common ground across every perspective</caption><thead><tr>'
                   f'<th scope="col">Statement</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    else:
        out.append('<p class="notice">No statement is common ground across every perspective yet.</p>')
    return "".join(out) + "</section>"


def _divisive_section(model: _Model) -> str:
    ids = model.divisive()
    intro = ("<p>Divisive statements: the opinion groups voted very differently on these. "
             "They show where people disagree, which is worth discussing rather than hiding.</p>")
    if not ids:
        return (f'<section aria-labelledby="h-div"><h2 id="h-div">Divisive statements</h2>{intro}'
                '<p class="notice">No statement divides the groups.</p></section>')
    top = ids[:_TOP]
    have_groups = any(model.group_counts(sid) for sid in top) and model.group_ids
    if have_groups:
        W, row_h, left, right = 480, 30, 56, 20
        H = len(top) * row_h + 50
        span = W - left - right
        parts = []
        for t in (0, 50, 100):
            x = left + span * t / 100
            anchor = {0: "start", 50: "middle", 100: "end"}[t]
            parts.append(f'<line x1="{x:.1f}" y1="10" x2="{x:.1f}" y2="{H - 34}" class="grid"/>'
                         f'<text x="{x:.1f}" y="{H - 20}" text-anchor="{anchor}">{t}% agree</text>')
        desc_bits = []
        for i, sid in enumerate(top):
            y = 10 + i * row_h + row_h / 2
            parts.append(f'<text x="{left - 6}" y="{y:.1f}" text-anchor="end" dominant-baseline="central">#{_e(sid)}</text>'
                         f'<line x1="{left}" y1="{y:.1f}" x2="{W - right}" y2="{y:.1f}" class="row"/>')
            gc = model.group_counts(sid)
            bits = []
            for g in model.group_ids:
                ga, gd, gp = gc.get(g, (0, 0, 0))
                gn = ga + gd + gp
                if not gn:
                    continue
                colour, shape = model.style[g]
                parts.append(_marker(shape, left + span * ga / gn, y, 6, colour))
                bits.append(f"{_group_name(model, g)} {_pct(ga, gn)}")
            desc_bits.append(f"#{sid}: " + ", ".join(bits))
        chart = (f'<svg viewBox="0 0 {W} {H}" role="img" aria-labelledby="div-t div-d" '
                 f'xmlns="http://www.w3.org/2000/svg"><title id="div-t">Share of each group agreeing with the '
                 f'most divisive statements</title><desc id="div-d">{_e("; ".join(desc_bits))}</desc>'
                 + "".join(parts) + "</svg>")
        legend = '<ul class="legend">' + "".join(
            f"<li>{_legend_marker(model, g)} {_e(_group_name(model, g))}</li>" for g in model.group_ids) + "</ul>"
        chart += legend
    else:
        chart = _vote_bars(model, top, "div", "How everyone voted on the most divisive statements")
    table = _statement_table(model, top, f"Divisive statements (top {len(top)}): share of each group agreeing",
                             overall=not have_groups)
    return (f'<section aria-labelledby="h-div"><h2 id="h-div">Divisive statements</h2>{intro}'
            + _figure(chart, table, wide_table=True) + "</section>")


def _representative_section(model: _Model) -> str:
    rep = model.representative()
    intro = ("<p>What sets each group apart: statements on which a group voted differently from everyone "
             "else, with how that group and the rest voted.</p>")
    if not rep or not any(rep.values()):
        return (f'<section aria-labelledby="h-rep"><h2 id="h-rep">What sets each group apart</h2>{intro}'
                '<p class="notice">Not available for this analysis.</p></section>')
    blocks = []
    for g in model.group_ids + [k for k in rep if k not in model.group_ids]:
        rows_in = rep.get(g) or []
        if not rows_in:
            continue
        name = _group_name(model, g) if g in model.style else f"Group {_group_label(g)}"
        rows = []
        for sid, direction in rows_in:
            gc = model.group_counts(sid)
            ga, gd, gp = gc.get(g, (0, 0, 0))
            gn = ga + gd + gp
            ra = sum(v[0] for k, v in gc.items() if k != g)
            rd = sum(v[1] for k, v in gc.items() if k != g)
            rn = sum(sum(v) for k, v in gc.items() if k != g)
            dis = direction is not None and str(direction).lower().startswith("dis")
            if direction is None:
                label = "—"
                gshare, rshare = (_pct(ga, gn), _pct(ra, rn))
            else:
                label = "mostly disagreed" if dis else "mostly agreed"
                gshare, rshare = ((_pct(gd, gn), _pct(rd, rn)) if dis else (_pct(ga, gn), _pct(ra, rn)))
            rows.append(f"<tr>{_statement_cell(model, sid)}<td>{_e(label)}</td>"
                        f'<td class="num">{gshare}</td><td class="num">{rshare}</td></tr>')
        head = (f'<span class="gname">{_legend_marker(model, g) if g in model.style else ""} {_e(name)}</span>')
        blocks.append(
            f'<h3>{head}</h3><table><caption>Statements that set {_e(name)} apart</caption><thead><tr>'
            '<th scope="col">Statement</th><th scope="col">This group</th>'
            '<th scope="col" class="num">Share in this group</th><th scope="col" class="num">Share in the rest</th>'
            f'</tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return (f'<section aria-labelledby="h-rep"><h2 id="h-rep">What sets each group apart</h2>{intro}'
            + "".join(blocks) + "</section>")


def _majority_section(model: _Model) -> str:
    agree, disagree = model.majority()
    intro = ("<p>Majority opinion, counting everyone together (not group by group): statements that a clear "
             "majority agreed with, or disagreed with. A large group can carry these on its own, which is why "
             "common ground above looks at every group.</p>")
    if not agree and not disagree:
        return (f'<section aria-labelledby="h-maj"><h2 id="h-maj">Majority opinion</h2>{intro}'
                '<p class="notice">No statement has a clear majority yet.</p></section>')
    out = [f'<section aria-labelledby="h-maj"><h2 id="h-maj">Majority opinion</h2>{intro}']
    if agree:
        out.append(_figure(_vote_bars(model, agree[:_TOP], "maja", "How everyone voted: majority agreed"),
                           _statement_table(model, agree[:_TOP], "Most people agreed", per_group=False),
                           wide_table=True))
    if disagree:
        out.append(_figure(_vote_bars(model, disagree[:_TOP], "majd", "How everyone voted: majority disagreed"),
                           _statement_table(model, disagree[:_TOP], "Most people disagreed", per_group=False),
                           wide_table=True))
    return "".join(out) + "</section>"


_MAX_ALL_ROWS = 2000


def _all_statements_section(model: _Model) -> str:
    ids = [sid for sid in model.by_id if not model.excluded(sid)]
    if not ids:
        return ""
    shown = ids[:_MAX_ALL_ROWS]
    rows = []
    for sid in shown:
        st = model.by_id[sid]
        a, d, p = model.counts(sid)
        n = a + d + p
        cg = st.get("common_ground")
        label = "yes" if cg is True else "no" if cg is False else "not enough votes yet"
        rows.append(f"<tr>{_statement_cell(model, sid)}<td class=\"num\">{n:,}</td>"
                    f'<td class="num">{_pct(a, n)}</td><td class="num">{_pct(d, n)}</td>'
                    f'<td class="num">{_pct(p, n)}</td><td>{label}</td>'
                    f'<td class="num">{_fmt(st.get("group_aware_consensus"))}</td>'
                    f'<td class="num">{_fmt(st.get("bridging"))}</td>'
                    f'<td class="num">{_fmt(st.get("divisiveness"))}</td></tr>')
    more = (f"<p>The first {len(shown):,} of {len(ids):,} statements are listed; analysis.json has them all.</p>"
            if len(ids) > len(shown) else "")
    return ('<section aria-labelledby="h-all"><h2 id="h-all">Every statement</h2>'
            "<p>The figures for every statement that was not moderated out. Bridging is a second measure of "
            "agreement across opinions (blank when a statement has too few votes); divisiveness is how "
            "differently the groups voted.</p>"
            f"<details><summary>Show all {len(ids):,} statements</summary>{more}"
            '<div class="data" tabindex="0" role="region" aria-label="Table: every statement">'
            '<table><caption>Every statement</caption><thead><tr><th scope="col">Statement</th>'
            '<th scope="col" class="num">Votes</th><th scope="col" class="num">Agree</th>'
            '<th scope="col" class="num">Disagree</th><th scope="col" class="num">Pass</th>'
            '<th scope="col">Common ground</th><th scope="col" class="num">Group-aware consensus</th>'
            '<th scope="col" class="num">Bridging</th><th scope="col" class="num">Divisiveness</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></details></section>')


def _excluded_section(model: _Model) -> str:
    ids = [sid for sid in model.by_id if model.excluded(sid)]
    if not ids:
        return ""
    items = "".join(f"<li>{_statement_cell(model, sid)[4:-5]}</li>" for sid in ids)
    return ('<section aria-labelledby="h-mod"><h2 id="h-mod">Moderated out</h2>'
            f"<p>{len(ids):,} statement{'s were' if len(ids) != 1 else ' was'} moderated out: left out of the "
            f'map and the scores, listed here so nothing is hidden.</p><details><summary>Show them</summary>'
            f'<ul class="plain">{items}</ul></details></section>')


def _diagnostics_section(model: _Model) -> str:
    d = model.diagnostics if isinstance(model.diagnostics, Mapping) else {}
    rows = [("Schema version", model.schema_version)]
    for key in ("k", "seed", "n_participants", "n_statements", "n_votes", "n_clustered"):
        if key in d and not isinstance(d[key], (Mapping, list)):
            rows.append((key.replace("_", " "), d[key]))
    sil = _get(d, "silhouettes", "silhouette")
    if isinstance(sil, Mapping):
        rows.append(("silhouette by k", ", ".join(f"k={k}: {_fmt(v, 3)}" for k, v in sil.items())))
    elif isinstance(sil, list):
        bits = []
        for i, v in enumerate(sil):
            if isinstance(v, Mapping):
                bits.append(f"k={_get(v, 'k', default='?')}: {_fmt(_get(v, 'silhouette', 'value'), 3)}")
            else:
                bits.append(_fmt(v, 3))
        rows.append(("silhouette by k", ", ".join(bits)))
    elif sil is not None:
        rows.append(("silhouette", _fmt(sil, 3)))
    timings = _get(d, "timings", "timings_s", "timing", default={})
    body = "".join(f'<tr><th scope="row">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in rows)
    t_rows = ""
    if isinstance(timings, Mapping) and timings:
        t_rows = "".join(f'<tr><th scope="row">{_e(k)}</th><td class="num">{_fmt(v, 3)}</td></tr>'
                         for k, v in timings.items() if _num(v) is not None)
        t_rows = (f'<table><caption>Time per stage (seconds)</caption><thead><tr><th scope="col">Stage</th>'
                  f'<th scope="col" class="num">Seconds</th></tr></thead><tbody>{t_rows}</tbody></table>')
    return ('<section aria-labelledby="h-diag"><h2 id="h-diag">How this was computed</h2>'
            '<details><summary>Technical details</summary>'
            f'<table><caption>Diagnostics</caption><tbody>{body}</tbody></table>{t_rows}</details></section>')


_CSS = """
:root{--text:#0b0c0c;--muted:#505a5f;--border:#b1b4b6;--focus:#ffdd00;--link:#1d70b8;--panel:#f3f2f1}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,"Noto Sans","Noto Sans CJK SC","PingFang TC","Microsoft JhengHei",sans-serif;color:var(--text);
 line-height:1.5;background:#fff;font-size:1rem}
.skip{position:absolute;left:-9999px}.skip:focus{left:1rem;top:1rem;background:var(--focus);padding:.5rem;
 color:var(--text);outline:3px solid var(--text)}
header{border-bottom:10px solid #1d70b8;padding:1rem 1.5rem}
header p{margin:.25rem 0;color:var(--muted)}
main{max-width:78rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:2rem;margin:.5rem 0}h2{font-size:1.5rem;margin:2.5rem 0 .5rem;border-top:1px solid var(--border);
 padding-top:1rem}h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:var(--link)}a:focus,summary:focus,.data:focus{outline:3px solid var(--focus);background:var(--focus);color:var(--text)}
.figure{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;align-items:start;margin:1rem 0}
.figure.wide-table{grid-template-columns:minmax(0,2fr) minmax(0,3fr)}
@media (max-width:60rem){.figure,.figure.wide-table{grid-template-columns:minmax(0,1fr)}}
.chart svg{width:100%;height:auto;display:block}
.chart svg.key,svg.key{width:16px;height:16px;display:inline-block}
.chart svg text{font-size:13px;fill:var(--text)}
.chart svg text.glabel{font-size:20px;font-weight:700;fill:#0b0c0c;stroke:#fff;stroke-width:4px;paint-order:stroke}
svg .axis{stroke:#dee0e2;stroke-width:1}svg .grid{stroke:#dee0e2}svg .row{stroke:#f3f2f1;stroke-width:2}
svg text.onbar{fill:#fff;font-weight:600;paint-order:stroke;stroke:#0b0c0c;stroke-width:2px}
.data{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.95rem;margin-bottom:1rem}
caption{text-align:left;font-weight:700;padding:.25rem 0 .5rem}
td:first-child{min-width:14rem}
th,td{border-bottom:1px solid var(--border);padding:.4rem .5rem .4rem 0;text-align:left;vertical-align:top}
.num{text-align:right;white-space:nowrap}
.muted{color:var(--muted)}.sid{color:var(--muted);font-variant-numeric:tabular-nums;margin-right:.25rem}
.notice{border-left:5px solid #1d70b8;background:var(--panel);padding:.75rem 1rem}
.legend{list-style:none;padding:0;margin:.5rem 0;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem}
.legend li{display:flex;align-items:center;gap:.35rem}
svg.key{vertical-align:middle;flex:none}
dl.stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem;margin:0}
dl.stats div{background:var(--panel);padding:.75rem}dl.stats dt{color:var(--muted);font-size:.9rem}
dl.stats dd{margin:0;font-size:1.5rem;font-weight:700}
ul.plain{padding-left:1.25rem}
footer{border-top:1px solid var(--border);color:var(--muted);font-size:.9rem;padding:1rem 1.5rem}
@media print{.skip{display:none}details{display:block}h2{break-after:avoid}.figure{break-inside:avoid}}
"""


def render_report(analysis: Mapping[str, Any], statements_meta: Mapping[Any, Any] | Iterable[Any] | None,
                  title: str) -> str:
    """Render one analysis as a self-contained HTML page.

    Parameters
    ----------
    analysis : dict
        ``Analysis.to_dict()`` (the ``analysis.json`` contract). Read defensively.
    statements_meta : dict or list
        Statement texts: ``{id: text}``, ``{id: {"text": ...}}``, a list of ``{"id", "text"}`` (or objects with
        ``.id`` and ``.text``), or a list of texts whose position is the id. Texts are escaped.
    title : str
        Page title (escaped).

    Returns
    -------
    str
        The whole HTML document. No external assets, no script.
    """
    model = _Model(analysis, _statement_texts(statements_meta))
    sections = [
        _summary_section(model),
        _map_section(model),
        _groups_section(model),
        _common_ground_section(model),
        _common_disagreement_section(model),
        _divisive_section(model),
        _representative_section(model),
        _majority_section(model),
        _perspectives_section(model),
        _all_statements_section(model),
        _excluded_section(model),
        _diagnostics_section(model),
    ]
    nav = "".join(f'<li><a href="#{h}">{_e(t)}</a></li>' for h, t in (
        ("h-map", "Opinion map"), ("h-groups", "Opinion groups"), ("h-cg", "Common ground"),
        ("h-div", "Divisive statements"), ("h-rep", "What sets each group apart"), ("h-maj", "Majority opinion")))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:\">"
        '<meta name="referrer" content="no-referrer">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>"
        '<a class="skip" href="#main">Skip to the results</a>'
        f'<header><h1>{_e(title)}</h1><p>Results of the conversation: where people agree, where they differ.</p>'
        '</header>'
        f'<main id="main"><nav aria-label="Contents"><ul class="legend">{nav}</ul></nav>'
        + "".join(sections)
        + "</main><footer>Made by coproduce's common-ground engine. Every chart has a table beside it with the "
        "same numbers. This page works offline and runs no scripts.</footer></body></html>\n"
    )
