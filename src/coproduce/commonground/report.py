"""A self-contained, accessible, offline ``report.html`` for one analysis.

No Django, no network, no JavaScript: ``render_report(analysis_dict, statements_meta, title)`` returns one
HTML page with inline CSS and inline SVG charts, rendered from ``templates/report.html.j2`` by Jinja2 with
autoescaping, so every piece of text that came from a participant or an input file is escaped by the template
engine. This module reads the analysis and computes each chart's geometry; the template draws it. Every chart
has a data table beside it, every group has a letter and a marker shape as well as a colour (so colour is
never the only cue). A Content-Security-Policy that allows no script at all is set as a second line of defence.

The analysis is read through the documented ``analysis.json`` contract (``participants``, ``statements``,
``groups``, ``summaries``, ``diagnostics``) and read defensively: a missing optional field leaves its
section out or says "not available"; it never raises.
"""

from __future__ import annotations

import contextvars
import functools
import gettext
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import jinja2

from .analysis import PERSPECTIVE_MIN_CELL

# The platform's one palette and marker shapes (colour-blind-safe, each group also has a shape), shared with the pages.
from .svg import GROUP_COLOURS as _COLOURS
from .svg import GROUP_SHAPES as _SHAPES
from .svg import UNGROUPED as _UNGROUPED
from .svg import marker_shape

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


def _list(x: Any) -> list[Any]:
    """A JSON array as a list; anything else (null, a number, an object) as an empty list."""
    return list(x) if isinstance(x, (list, tuple)) else []


def _map(x: Any) -> Mapping[Any, Any]:
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
        seen = {_key(x) for x in order}
        for p in self.participants:
            g = p.get("group")
            if g is not None:
                key = _key(g)
                counted[key] = counted.get(key, 0) + 1
                if key not in seen:
                    seen.add(key)
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
        self.style = {k: (_COLOURS[i % len(_COLOURS)], _SHAPES[i % len(_SHAPES)]) for i, k in enumerate(self.group_ids)}
        self.n_clustered = sum(1 for p in self.participants if p.get("group") is not None)
        self.perspectives = [
            q for q in _list(_get(a, "perspectives")) if isinstance(q, Mapping) and _get(q, "id") is not None
        ]

    # -- statements
    def text(self, sid: str) -> str:
        s = self.by_id.get(sid, {})
        t = self.texts.get(sid)
        if t is None:
            t = _get(s, "text", "body", default="")
        return t if isinstance(t, str) else str(t)

    def counts(self, sid: str) -> tuple[int, int, int]:
        s = self.by_id.get(sid, {})
        return (
            _int(_get(s, "agree", "n_agree")),
            _int(_get(s, "disagree", "n_disagree")),
            _int(_get(s, "pass", "n_pass")),
        )

    def group_counts(self, sid: str) -> dict[str, tuple[int, int, int]]:
        """Per opinion group (agree, disagree, pass) for one statement, when the analysis has them."""
        s = self.by_id.get(sid, {})
        raw = _get(s, "groups", "per_group", "by_group", "group_votes", default=None)
        out: dict[str, tuple[int, int, int]] = {}
        items: Iterable[tuple[Any, Any]]
        if isinstance(raw, Mapping):
            items = raw.items()
        elif isinstance(raw, list):
            pairs = []
            for i, v in enumerate(raw):
                gid = (
                    _get(
                        v,
                        "group",
                        "id",
                        default=self.group_raw.get(self.group_ids[i]) if i < len(self.group_ids) else i,
                    )
                    if isinstance(v, Mapping)
                    else i
                )
                pairs.append((gid, v))
            items = pairs
        else:
            return out
        for gid, v in items:
            if isinstance(v, Mapping):
                out[_key(gid)] = (
                    _int(_get(v, "agree", "n_agree")),
                    _int(_get(v, "disagree", "n_disagree")),
                    _int(_get(v, "pass", "n_pass")),
                )
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
        return [
            sid
            for sid, s in self.by_id.items()
            if "common_ground" in s and s.get("common_ground") is None and not self.excluded(sid)
        ]

    def divisive(self) -> list[str]:
        ids = self.summary_ids("divisive", "divisive_statements")
        if ids is None:
            scored = [
                (sid, _num(_get(s, "divisiveness", "divisive")))
                for sid, s in self.by_id.items()
                if not self.excluded(sid)
            ]
            ids = [sid for sid, v in sorted((x for x in scored if x[1] is not None), key=lambda x: -cast(float, x[1]))]
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
            agree: list[str] = []
            disagree: list[str] = []
            for it in raw:
                d = _get(it, "direction", "kind", default="agree") if isinstance(it, Mapping) else "agree"
                (disagree if str(d).startswith("dis") else agree).extend(_ids_of([it]))
            return agree, disagree
        return [], []


# --------------------------------------------------------------------------------------------- rendering
# The page is src/coproduce/commonground/templates/report.html.j2, rendered by Jinja2 with autoescaping on:
# every value that reaches the page (statement texts, ids, the title, group names) is escaped by the template
# engine, never by hand. Jinja2 and not Django's templates because the engine must not import Django
# (docs/decisions/0010-engine-report-template.md).
#
# Strings are marked for translation with gettext (``_()`` / ``{% trans %}`` in the template, ``_t`` / ``_nt``
# here). They live in the engine's own catalogue (the ``engine`` domain, ``coproduce/locale/<lang>/LC_MESSAGES/
# engine.po``), extracted by ``make messages`` with Babel and held to the same 100 % check as the platform's. The
# caller passes the translations (the engine reads no settings): ``engine_translations("cy")`` loads the compiled
# catalogue shipped beside the engine, and ``render_report(..., language="cy")`` does that itself.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
_NULL = gettext.NullTranslations()
_current: contextvars.ContextVar[gettext.NullTranslations] = contextvars.ContextVar(
    "report_translations", default=_NULL
)


def engine_translations(language: str) -> gettext.NullTranslations:
    """The engine's catalogue for `language` (English, the source language, needs none)."""
    if language == "en":
        return _NULL
    return gettext.translation("engine", localedir=LOCALE_DIR, languages=[language], fallback=True)


def _t(message: str) -> str:
    return _current.get().gettext(message)


def _nt(singular: str, plural: str, n: int) -> str:
    return _current.get().ngettext(singular, plural, n)


def _n(message: str) -> str:
    """Marks a string for the catalogue without translating it yet (it is translated where it is shown)."""
    return message


# The legends' names of the marker shapes (svg.SHAPE_NAMES), marked here so that they reach the catalogue.
_SHAPE_WORDS = {
    "circle": _n("circle"),
    "square": _n("square"),
    "triangle": _n("triangle"),
    "diamond": _n("diamond"),
    "cross": _n("cross"),
    "triangle-down": _n("downward triangle"),
    "star": _n("star"),
    "hexagon": _n("hexagon"),
}


# The engine's diagnostic messages (``diagnostics.messages`` in analysis.json) stay in English in the data, so that
# programs can read them; the page shows each in its own language. Each English form, as analysis.py writes it,
# with its catalogue entry; a message that matches none is shown as written, marked as English.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"no votes yet: no map and no groups"), _n("No votes yet: no map and no groups.")),
    (
        re.compile(r"everyone voted the same way on every statement: one group"),
        _n("Everyone voted the same way on every statement: one group."),
    ),
    (
        re.compile(r"no clear opinion groups yet: one group"),
        _n(
            "No clear opinion groups yet: the votes are no more alike within any groups than chance would make "
            "them, so everyone is shown as one group."
        ),
    ),
    (
        re.compile(r"all clustered participants sit at one point of the map: one group"),
        _n("Everyone placed in a group sits at one point of the map: one group."),
    ),
    (
        re.compile(r"weak group structure \(best silhouette (?P<value>[-0-9.]+)\): treat the groups with caution"),
        _n("The groups are weakly separated (best silhouette %(value)s): treat them with caution."),
    ),
    (re.compile(r"(?P<n>\d+) statement\(s\) have no votes yet"), _n("Statements with no votes yet: %(n)s.")),
    (re.compile(r"(?P<n>\d+) participant\(s\) only passed"), _n("People who only passed: %(n)s.")),
    (
        re.compile(r"map: the iterative solution stopped before converging \((?P<n>\d+) iterations\)"),
        _n("The opinion map's calculation stopped before it converged (%(n)s iterations): treat the map with caution."),
    ),
    (
        re.compile(r"groups: the iterative solution stopped before converging \((?P<n>\d+) iterations\)"),
        _n(
            "The opinion groups' calculation stopped before it converged (%(n)s iterations): treat the groups with "
            "caution."
        ),
    ),
    (
        re.compile(r"bridging: the iterative solution stopped before converging \((?P<n>\d+) iterations\)"),
        _n("The bridging scores' calculation stopped before it converged (%(n)s iterations): treat them with caution."),
    ),
)


def message_words(message: str) -> tuple[str, bool]:
    """A diagnostic message of the engine in the language of the render under way: (text, translated). A message
    the engine does not know is returned as written, with ``translated`` False (it is English)."""
    for pattern, words in _MESSAGES:
        m = pattern.fullmatch(message.strip())
        if m:
            return _t(words) % m.groupdict() if m.groupdict() else _t(words), True
    return message, False


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("coproduce.commonground", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # The callables read the translations of the render under way, so one cached environment serves every language.
    env.install_gettext_callables(_t, _nt, newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    env.filters["n"] = _thousands
    env.filters["fmt"] = _fmt
    return env


def _thousands(n: int) -> str:
    return f"{n:,}"


def _fmt(x: Any, digits: int = 2) -> str:
    f = _num(x)
    return "—" if f is None else f"{f:.{digits}f}"


def _pct(n: int, d: int) -> str:
    return "—" if d <= 0 else f"{100.0 * n / d:.0f}%"


# --------------------------------------------------------------------------------------------- chart drawing
# Every chart's geometry is computed here, in one place; the template turns these plain values into SVG
# elements. A marker is {"tag": "circle" | "rect" | "polygon", "attrs": {...}} (attribute values are strings).
Marker = dict[str, Any]


_marker = marker_shape


def _axis(lo: float, hi: float, a: float, b: float) -> Callable[[float], float]:
    """Map [lo, hi] onto [a, b]; everything to the middle when the range is empty or not finite."""
    span = hi - lo
    if not (math.isfinite(span) and span > 1e-12 * max(1.0, abs(lo), abs(hi))):
        mid = (a + b) / 2
        return lambda v: mid
    return lambda v: a + (v - lo) / span * (b - a)


def _key_marker(model: _Model, gid: str) -> Marker:
    """The marker of a group's legend key (a 16 x 16 box)."""
    colour, shape = model.style[gid]
    return _marker(shape, 8, 8, 5, colour)


def _group_name(model: _Model, gid: str) -> str:
    return _t("Group %(letter)s") % {"letter": _group_label(model.group_raw.get(gid, gid))}


def _statement(model: _Model, sid: str) -> dict[str, str]:
    return {"id": sid, "text": model.text(sid)}


def _map_chart(model: _Model, pts: list[tuple[Mapping[str, Any], float, float]]) -> dict[str, Any]:
    shown = pts
    note = ""
    if len(pts) > _MAX_DOTS:
        step = len(pts) / _MAX_DOTS
        shown = [pts[int(i * step)] for i in range(_MAX_DOTS)]
        note = _t("Showing %(shown)s of %(total)s people, chosen evenly. ") % {
            "shown": f"{len(shown):,}",
            "total": f"{len(pts):,}",
        }
    xs = [x for _, x, _ in pts]
    ys = [y for _, _, y in pts]
    W, H, pad = 640, 480, 24
    sx = _axis(min(xs), max(xs), pad, W - pad)
    sy = _axis(min(ys), max(ys), H - pad, pad)  # SVG's y grows downwards
    r = 4.0 if len(shown) < 500 else 3.0 if len(shown) < 2000 else 2.2
    grey: list[tuple[str, str, str]] = []
    by_group: dict[str, list[Marker]] = {g: [] for g in model.group_ids}
    for p, x, y in shown:
        g = p.get("group")
        if g is None or _key(g) not in model.style:
            grey.append((f"{sx(x):.1f}", f"{sy(y):.1f}", f"{r * 0.6:.1f}"))
        else:
            colour, shape = model.style[_key(g)]
            by_group[_key(g)].append(_marker(shape, sx(x), sy(y), r, colour))
    # Centres and letters on top so each group is labelled on the map itself.
    centres: dict[str, tuple[float, float]] = {}
    labels = []
    members: dict[str, list[tuple[float, float]]] = {g: [] for g in model.group_ids}
    for p, x, y in pts:  # every group's people in one pass (a pass per group read 100,000 people three times)
        g = p.get("group")
        if g is not None and _key(g) in members:
            members[_key(g)].append((x, y))
    for g in model.group_ids:
        gp = members[g]
        if gp:
            centres[g] = (sum(x for x, _ in gp) / len(gp), sum(y for _, y in gp) / len(gp))
            # Placed at the mean of the drawn positions (always inside the box, even for extreme data).
            labels.append(
                {
                    "x": f"{sum(sx(x) for x, _ in gp) / len(gp):.1f}",
                    "y": f"{sum(sy(y) for _, y in gp) / len(gp):.1f}",
                    "text": _group_label(model.group_raw.get(g, g)),
                }
            )
    legend_bits = [
        _t("%(group)s: %(shape)s marks, %(n)s people")
        % {
            "group": _group_name(model, g),
            "shape": _t(_SHAPE_WORDS[model.style[g][1]]),
            "n": f"{model.sizes.get(g, 0):,}",
        }
        for g in model.group_ids
    ]
    desc = (
        note
        + _t("%(people)s people, %(clustered)s of them in %(k)s opinion groups. ")
        % {"people": f"{len(pts):,}", "clustered": f"{model.n_clustered:,}", "k": len(model.group_ids)}
        + "; ".join(legend_bits)
        + "."
    )
    groups = []
    for g in model.group_ids:
        c = centres.get(g)
        groups.append(
            {
                "key": _key_marker(model, g),
                "name": _group_name(model, g),
                "shape": _t(_SHAPE_WORDS[model.style[g][1]]),
                "size": model.sizes.get(g, 0),
                "cx": _fmt(c[0]) if c else "—",
                "cy": _fmt(c[1]) if c else "—",
            }
        )
    return {
        "W": W,
        "H": H,
        "pad": pad,
        "desc": desc,
        "note": note,
        "ungrouped": _UNGROUPED,
        "x0": f"{sx(0):.1f}" if min(xs) <= 0 <= max(xs) else None,
        "y0": f"{sy(0):.1f}" if min(ys) <= 0 <= max(ys) else None,
        "grey": grey,
        "layers": list(by_group.values()),
        "labels": labels,
        "groups": groups,
        "n_out": len(pts) - model.n_clustered,
    }


def _groups_chart(model: _Model) -> dict[str, Any]:
    total = max(sum(model.sizes.values()), 1)
    W, bar_h, gap, left = 480, 26, 10, 90
    H = len(model.group_ids) * (bar_h + gap) + gap
    biggest = max(model.sizes.values()) or 1
    bars = []
    for i, g in enumerate(model.group_ids):
        colour, shape = model.style[g]
        y = gap + i * (bar_h + gap)
        w = max((W - left - 110) * model.sizes[g] / biggest, 1)
        bars.append(
            {
                "name": _group_name(model, g),
                "name_x": left - 8,
                "mid": f"{y + bar_h / 2:.1f}",
                "x": left,
                "y": y,
                "w": f"{w:.1f}",
                "h": bar_h,
                "colour": colour,
                "marker": _marker(shape, left + w + 12, y + bar_h / 2, 6, colour),
                "text_x": f"{left + w + 24:.1f}",
                "text": f"{model.sizes[g]:,} ({_pct(model.sizes[g], total)})",
            }
        )
    desc = "; ".join(
        _t("%(group)s: %(n)s people") % {"group": _group_name(model, g), "n": f"{model.sizes[g]:,}"}
        for g in model.group_ids
    )
    rows = [
        {
            "key": _key_marker(model, g),
            "name": _group_name(model, g),
            "size": model.sizes[g],
            "share": _pct(model.sizes[g], total),
        }
        for g in model.group_ids
    ]
    return {"W": W, "H": H, "bars": bars, "desc": desc, "rows": rows}


def _vote_bars(model: _Model, ids: list[str], chart_id: str, title: str) -> dict[str, Any]:
    """Stacked bars: agree (solid blue), disagree (hatched orange), pass (dotted grey), labelled with %.
    Pattern ids are made per chart: ids must be unique on the page."""
    W, bar_h, gap, left = 480, 22, 8, 56
    H = len(ids) * (bar_h + gap) + gap + 30
    hatch, dots = f"url(#hatch-{chart_id})", f"url(#dots-{chart_id})"
    rows = []
    desc_bits = []
    for i, sid in enumerate(ids):
        a, d, p = model.counts(sid)
        n = a + d + p
        y = gap + i * (bar_h + gap)
        x = float(left)
        span = W - left - 10
        rects = []
        for count, fill in ((a, "#0072B2"), (d, hatch), (p, dots)):
            w = span * count / n if n else 0
            if w > 0:
                rects.append({"x": f"{x:.1f}", "w": f"{w:.1f}", "fill": fill})
            x += w
        rows.append(
            {
                "sid": sid,
                "y": y,
                "mid": f"{y + bar_h / 2:.1f}",
                "rects": rects,
                "onbar": _t("%(pct)s agree") % {"pct": _pct(a, n)} if n else None,
            }
        )
        desc_bits.append(
            _t("#%(id)s: %(a)s agree, %(d)s disagree, %(p)s pass")
            % {"id": sid, "a": _pct(a, n), "d": _pct(d, n), "p": _pct(p, n)}
        )
    return {
        "id": chart_id,
        "W": W,
        "H": H,
        "bar_h": bar_h,
        "left": left,
        "ly": H - 18,
        "title": title,
        "desc": "; ".join(desc_bits),
        "rows": rows,
        "hatch": hatch,
        "dots": dots,
    }


def _divisive_chart(model: _Model, top: list[str]) -> dict[str, Any]:
    """Each group's agreeing share on each statement, as a marker on a 0-100 % line."""
    W, row_h, left, right = 480, 30, 56, 20
    H = len(top) * row_h + 50
    span = W - left - right
    grid = [
        {"x": f"{left + span * t / 100:.1f}", "anchor": anchor, "label": _t("%(t)s%% agree") % {"t": t}}
        for t, anchor in ((0, "start"), (50, "middle"), (100, "end"))
    ]
    rows = []
    desc_bits = []
    for i, sid in enumerate(top):
        y = 10 + i * row_h + row_h / 2
        gc = model.group_counts(sid)
        markers, bits = [], []
        for g in model.group_ids:
            ga, gd, gp = gc.get(g, (0, 0, 0))
            gn = ga + gd + gp
            if not gn:
                continue
            colour, shape = model.style[g]
            markers.append(_marker(shape, left + span * ga / gn, y, 6, colour))
            bits.append(f"{_group_name(model, g)} {_pct(ga, gn)}")
        rows.append({"sid": sid, "y": f"{y:.1f}", "markers": markers})
        desc_bits.append(f"#{sid}: " + ", ".join(bits))
    return {
        "W": W,
        "H": H,
        "left": left,
        "x_end": W - right,
        "grid": grid,
        "rows": rows,
        "desc": "; ".join(desc_bits),
        "legend": [{"key": _key_marker(model, g), "name": _group_name(model, g)} for g in model.group_ids],
    }


# --------------------------------------------------------------------------------------------- tables
def _statement_table(
    model: _Model,
    ids: list[str],
    caption: str,
    *,
    per_group: bool = True,
    score: tuple[str, str] | None = None,
    overall: bool = True,
) -> dict[str, Any]:
    groups = model.group_ids if per_group else []
    rows = []
    for sid in ids:
        a, d, p = model.counts(sid)
        n = a + d + p
        gc = model.group_counts(sid) if groups else {}
        cells = []
        for g in groups:
            ga, gd, gp = gc.get(g, (0, 0, 0))
            gn = ga + gd + gp
            cells.append({"pct": _pct(ga, gn), "n": gn} if gn else None)
        rows.append(
            {
                "statement": _statement(model, sid),
                "overall": [(c, _pct(c, n)) for c in (a, d, p)],
                "score": _fmt(model.by_id.get(sid, {}).get(score[0])) if score else None,
                "groups": cells,
            }
        )
    return {
        "caption": caption,
        "overall": overall,
        "score": score[1] if score else None,
        "group_names": [_group_name(model, g) for g in groups],
        "rows": rows,
    }


def _bars_figure(
    model: _Model, ids: list[str], chart_id: str, title: str, caption: str, **table: Any
) -> dict[str, Any]:
    return {"bars": _vote_bars(model, ids, chart_id, title), "table": _statement_table(model, ids, caption, **table)}


# --------------------------------------------------------------------------------------------- sections
# Each returns the plain values its part of the template shows (None: the section is left out).
def _summary_section(model: _Model) -> dict[str, Any]:
    n_s = sum(1 for s in model.statements if not model.excluded(_key(_get(s, "id"))))
    n_x = len(model.statements) - n_s
    statements = f"{n_s:,}"
    if n_x:
        statements += _t(" (and %(n)s moderated out)") % {"n": f"{n_x:,}"}
    items = [
        (_t("People who voted"), f"{len(model.participants):,}"),
        (_t("People placed in an opinion group (enough votes)"), f"{model.n_clustered:,}"),
        (_t("Statements"), statements),
        (_t("Votes (agree, disagree or pass)"), f"{sum(sum(model.counts(sid)) for sid in model.by_id):,}"),
        (_t("Opinion groups"), f"{len(model.group_ids)}"),
        (_t("Statements that are common ground"), f"{len(model.common_ground()):,}"),
    ]
    messages = [message_words(m) for m in model.messages]
    return {"items": items, "messages": [{"text": t, "english": not known} for t, known in messages]}


def _map_section(model: _Model) -> dict[str, Any] | None:
    pts = [(p, _num(p.get("x")), _num(p.get("y"))) for p in model.participants]
    placed = [(p, x, y) for p, x, y in pts if x is not None and y is not None]
    return _map_chart(model, placed) if placed else None


def _groups_section(model: _Model) -> dict[str, Any] | None:
    return _groups_chart(model) if model.group_ids else None


def _common_ground_section(model: _Model) -> dict[str, Any]:
    ids = model.common_ground()
    top = ids[:_TOP]
    figure = None
    if ids:
        figure = _bars_figure(
            model,
            top,
            "cg",
            _t("How everyone voted on the common-ground statements"),
            _t("Common ground (%(n)s statements, top %(top)s shown)") % {"n": f"{len(ids):,}", "top": len(top)},
            score=("group_aware_consensus", _t("Score")),
        )
    return {"unsure": len(model.unsure()), "figure": figure}


def _common_disagreement_section(model: _Model) -> dict[str, Any] | None:
    ids = [i for i in (model.summary_ids("common_disagreement") or []) if not model.excluded(i)]
    if not ids:
        return None
    top = ids[:_TOP]
    return {
        "figure": _bars_figure(
            model,
            top,
            "cd",
            _t("How everyone voted on statements every group disagreed with"),
            _t("Disagreed across every group (%(n)s statements, top %(top)s shown)")
            % {"n": f"{len(ids):,}", "top": len(top)},
        )
    }


def _perspectives_section(model: _Model) -> dict[str, Any] | None:
    if not model.perspectives:
        return None
    qs = [_key(_get(q, "id")) for q in model.perspectives]
    # The threshold the analysis suppressed with (the platform passes its own); older analyses did not say.
    rule = _map(_get(model.diagnostics, "common_ground_rule"))
    min_cell = _int(_get(rule, "perspective_min_cell"), PERSPECTIVE_MIN_CELL)
    fewer = _t("fewer than %(n)s") % {"n": min_cell}
    sizes = []
    for item in model.perspectives:
        n = _get(item, "size")
        sizes.append((_get(item, "id"), f"{_int(n):,}" if n is not None else fewer))
    persp = _get(model.summaries, "perspectives", default={})
    ids = [i for i in _ids_of(_get(persp, "common_ground", default=[])) if not model.excluded(i)][:_TOP]
    rows = []
    for sid in ids:
        pc = model.perspective_counts(sid)
        cells = []
        for q in qs:
            c = pc.get(q)
            cells.append(None if c is None else {"pct": _pct(c[0], sum(c)), "n": sum(c)})
        rows.append({"statement": _statement(model, sid), "cells": cells})
    return {"qs": qs, "sizes": sizes, "rows": rows, "fewer": fewer, "min_cell": min_cell}


def _divisive_section(model: _Model) -> dict[str, Any]:
    ids = model.divisive()
    if not ids:
        return {"figure": None}
    top = ids[:_TOP]
    have_groups = bool(any(model.group_counts(sid) for sid in top) and model.group_ids)
    table = _statement_table(
        model,
        top,
        _t("Divisive statements (top %(n)s): share of each group agreeing") % {"n": len(top)},
        overall=not have_groups,
    )
    if have_groups:
        return {"figure": {"dots": _divisive_chart(model, top), "table": table}}
    return {
        "figure": {
            "bars": _vote_bars(model, top, "div", _t("How everyone voted on the most divisive statements")),
            "table": table,
        }
    }


def _representative_section(model: _Model) -> dict[str, Any]:
    rep = model.representative()
    blocks = []
    for g in model.group_ids + [k for k in rep if k not in model.group_ids]:
        rows_in = rep.get(g) or []
        if not rows_in:
            continue
        name = _group_name(model, g) if g in model.style else _t("Group %(letter)s") % {"letter": _group_label(g)}
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
                label = _t("mostly disagreed") if dis else _t("mostly agreed")
                gshare, rshare = (_pct(gd, gn), _pct(rd, rn)) if dis else (_pct(ga, gn), _pct(ra, rn))
            rows.append({"statement": _statement(model, sid), "label": label, "group": gshare, "rest": rshare})
        blocks.append({"name": name, "key": _key_marker(model, g) if g in model.style else None, "rows": rows})
    return {"blocks": blocks}


def _majority_section(model: _Model) -> dict[str, Any]:
    agree, disagree = model.majority()
    figures = []
    if agree:
        figures.append(
            _bars_figure(
                model,
                agree[:_TOP],
                "maja",
                _t("How everyone voted: majority agreed"),
                _t("Most people agreed"),
                per_group=False,
            )
        )
    if disagree:
        figures.append(
            _bars_figure(
                model,
                disagree[:_TOP],
                "majd",
                _t("How everyone voted: majority disagreed"),
                _t("Most people disagreed"),
                per_group=False,
            )
        )
    return {"figures": figures}


_MAX_ALL_ROWS = 2000


def _all_statements_section(model: _Model) -> dict[str, Any] | None:
    ids = [sid for sid in model.by_id if not model.excluded(sid)]
    if not ids:
        return None
    rows = []
    for sid in ids[:_MAX_ALL_ROWS]:
        st = model.by_id[sid]
        a, d, p = model.counts(sid)
        n = a + d + p
        cg = st.get("common_ground")
        rows.append(
            {
                "statement": _statement(model, sid),
                "n": n,
                "a": _pct(a, n),
                "d": _pct(d, n),
                "p": _pct(p, n),
                "cg": _t("yes") if cg is True else _t("no") if cg is False else _t("not enough votes yet"),
                "gac": _fmt(st.get("group_aware_consensus")),
                "bridging": _fmt(st.get("bridging")),
                "divisiveness": _fmt(st.get("divisiveness")),
            }
        )
    return {"total": len(ids), "rows": rows}


def _excluded_section(model: _Model) -> list[dict[str, str]]:
    return [_statement(model, sid) for sid in model.by_id if model.excluded(sid)]


_DIAGNOSTIC_WORDS = {
    "k": _n("Opinion groups (k)"),
    "seed": _n("Random seed"),
    "n_participants": _n("People"),
    "n_statements": _n("Statements"),
    "n_votes": _n("Votes"),
    "n_clustered": _n("People placed in a group"),
}
_STAGE_WORDS = {
    "prepare": _n("preparing the votes"),
    "map": _n("opinion map"),
    "clustering": _n("opinion groups"),
    "counts": _n("counting"),
    "scores": _n("scores"),
    "bridging": _n("bridging"),
    "summaries": _n("summaries"),
    "total": _n("total"),
}


def _diagnostics_section(model: _Model) -> dict[str, Any]:
    d = model.diagnostics if isinstance(model.diagnostics, Mapping) else {}
    rows: list[tuple[str, Any]] = [(_t("Schema version"), model.schema_version)]
    for key in ("k", "seed", "n_participants", "n_statements", "n_votes", "n_clustered"):
        if key in d and not isinstance(d[key], (Mapping, list)):
            rows.append((_t(_DIAGNOSTIC_WORDS[key]), d[key]))
    gm = _get(d, "groups_model")
    if isinstance(gm, Mapping):
        ll = _get(gm, "heldout_loglik")
        if isinstance(ll, list) and ll:
            bits = [
                f"k={_get(v, 'k', default='?')}: {_fmt(_get(v, 'loglik'), 4)}" for v in ll if isinstance(v, Mapping)
            ]
            rows.append((_t("Held-out log-likelihood per vote, by number of groups"), ", ".join(bits)))
        if isinstance(_get(gm, "structure"), bool):
            rows.append((_t("Groups beyond what chance would make"), _t("yes") if gm["structure"] else _t("no")))
    sil = _get(d, "silhouettes", "silhouette")
    if isinstance(sil, Mapping):
        rows.append((_t("silhouette by k"), ", ".join(f"k={k}: {_fmt(v, 3)}" for k, v in sil.items())))
    elif isinstance(sil, list):
        bits = []
        for v in sil:
            if isinstance(v, Mapping):
                bits.append(f"k={_get(v, 'k', default='?')}: {_fmt(_get(v, 'silhouette', 'value'), 3)}")
            else:
                bits.append(_fmt(v, 3))
        rows.append((_t("silhouette by k"), ", ".join(bits)))
    elif sil is not None:
        rows.append((_t("silhouette"), _fmt(sil, 3)))
    timings = _get(d, "timings", "timings_s", "timing", default={})
    t_rows = []
    if isinstance(timings, Mapping):
        t_rows = [
            (_t(_STAGE_WORDS[k]) if k in _STAGE_WORDS else k, _fmt(v, 3))
            for k, v in timings.items()
            if _num(v) is not None
        ]
    return {"rows": rows, "timings": t_rows if isinstance(timings, Mapping) and timings else None}


def render_report(
    analysis: Mapping[str, Any],
    statements_meta: Mapping[Any, Any] | Iterable[Any] | None,
    title: str,
    *,
    language: str = "en",
    translations: gettext.NullTranslations | None = None,
    text_language: str | None = None,
) -> str:
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
    language : str
        The language of the page ("en" or "cy"): its ``lang`` and the catalogue its words come from.
    translations : gettext translations, optional
        The catalogue to use instead of the engine's own for `language` (a caller with its own catalogue).
    text_language : str, optional
        The language the statements and the title were written in, when it is not the page's: those texts are then
        marked with it (``lang``), so that a screen reader reads them in their own language (WCAG 3.1.2).

    Returns
    -------
    str
        The whole HTML document. No external assets, no script.
    """
    token = _current.set(translations if translations is not None else engine_translations(language))
    try:
        return _render(analysis, statements_meta, title, language, text_language)
    finally:
        _current.reset(token)


def _render(
    analysis: Mapping[str, Any],
    statements_meta: Mapping[Any, Any] | Iterable[Any] | None,
    title: str,
    language: str,
    text_language: str | None,
) -> str:
    model = _Model(analysis, _statement_texts(statements_meta))
    html = (
        _environment()
        .get_template("report.html.j2")
        .render(
            lang=language,
            text_lang=text_language if text_language and text_language != language else None,
            title=title,
            summary=_summary_section(model),
            map=_map_section(model),
            groups=_groups_section(model),
            common_ground=_common_ground_section(model),
            common_disagreement=_common_disagreement_section(model),
            divisive=_divisive_section(model),
            representative=_representative_section(model),
            majority=_majority_section(model),
            perspectives=_perspectives_section(model),
            all_statements=_all_statements_section(model),
            excluded=_excluded_section(model),
            diagnostics=_diagnostics_section(model),
            max_all_rows=_MAX_ALL_ROWS,
        )
    )
    return html.rstrip("\n") + "\n"
