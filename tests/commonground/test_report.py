"""report.html: self-contained, accessible, escaped, and robust to whatever the analysis dict holds."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from coproduce.commonground.report import render_report

EVIL = '<script>alert("x")</script>"><img src=x onerror=alert(1)>'


def tiny_analysis() -> dict:
    """Three groups, six statements: one common ground, one divisive, one unsure, one moderated out."""
    participants = [
        {"id": f"p{i}", "group": (i % 3 if i < 24 else None), "x": float(i % 3) + 0.01 * i, "y": float(i % 2)}
        for i in range(27)
    ]

    def per_group(a, d, p):
        return {
            "0": {"agree": a[0], "disagree": d[0], "pass": p[0]},
            "1": {"agree": a[1], "disagree": d[1], "pass": p[1]},
            "2": {"agree": a[2], "disagree": d[2], "pass": p[2]},
        }

    statements = [
        {
            "id": 1,
            "group_aware_consensus": 0.71,
            "bridging": 0.42,
            "common_ground": True,
            "agree": 22,
            "disagree": 1,
            "pass": 1,
            "excluded": False,
            "groups": per_group((7, 7, 8), (1, 0, 0), (0, 1, 0)),
        },
        {
            "id": 2,
            "group_aware_consensus": 0.05,
            "bridging": -0.1,
            "common_ground": False,
            "agree": 9,
            "disagree": 14,
            "pass": 1,
            "excluded": False,
            "groups": per_group((8, 1, 0), (0, 7, 7), (0, 0, 1)),
        },
        {
            "id": 3,
            "group_aware_consensus": 0.30,
            "bridging": None,
            "common_ground": None,
            "agree": 2,
            "disagree": 1,
            "pass": 0,
            "excluded": False,
            "groups": per_group((1, 1, 0), (0, 0, 1), (0, 0, 0)),
        },
        {
            "id": 4,
            "group_aware_consensus": None,
            "bridging": None,
            "common_ground": None,
            "agree": 3,
            "disagree": 3,
            "pass": 0,
            "excluded": True,
        },
        {
            "id": 5,
            "group_aware_consensus": 0.2,
            "bridging": 0.0,
            "common_ground": False,
            "agree": 10,
            "disagree": 10,
            "pass": 4,
            "excluded": False,
            "groups": per_group((4, 3, 3), (3, 4, 3), (1, 1, 2)),
        },
        {
            "id": 6,
            "group_aware_consensus": 0.6,
            "bridging": 0.3,
            "common_ground": False,
            "agree": 20,
            "disagree": 2,
            "pass": 2,
            "excluded": False,
            "groups": per_group((7, 7, 6), (1, 0, 1), (0, 1, 1)),
        },
    ]
    return {
        "schema_version": 1,
        "participants": participants,
        "statements": statements,
        "groups": [{"id": 0, "size": 8}, {"id": 1, "size": 8}, {"id": 2, "size": 8}],
        "summaries": {
            "common_ground": [1],
            "divisive": [2],
            "representative": {"0": [{"id": 2, "direction": "agree"}], "1": [{"id": 2, "direction": "disagree"}]},
            "majority_consensus": {"agree": [1, 6], "disagree": []},
        },
        "diagnostics": {"k": 3, "seed": 0, "silhouettes": {"2": 0.41, "3": 0.62}, "timings": {"map": 0.002}},
    }


TEXTS = {
    1: "Buses should run later",
    2: "Close the high street to cars",
    3: EVIL,
    4: "Moderated <b>rude</b>",
    5: "Fish & chips",
    6: "More benches & shade",
}


class Tree(HTMLParser):
    """Just enough structure: every start tag with its attributes and the stack of open tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict, tuple[str, ...]]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.figures: list[set[str]] = []

    VOID = {"meta", "br", "img", "input", "link", "hr", "circle", "rect", "polygon", "line"}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a, tuple(t for t, _ in self.stack)))
        for t, ta in self.stack:
            if t == "div" and (ta.get("class") or "").startswith("figure"):
                ta["_seen"].add(tag)
        if tag == "div" and (a.get("class") or "").startswith("figure"):
            a["_seen"] = set()
            self.figures.append(a["_seen"])
        if tag not in self.VOID:
            self.stack.append((tag, a))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs), tuple(t for t, _ in self.stack)))
        for t, ta in self.stack:
            if t == "div" and (ta.get("class") or "").startswith("figure"):
                ta["_seen"].add(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Tree:
    t = Tree()
    t.feed(html)
    t.close()
    return t


def test_statement_text_and_title_are_inert():
    html = render_report(tiny_analysis(), TEXTS, title=EVIL)
    tree = parse(html)
    assert not [t for t, _, _ in tree.tags if t in {"script", "img", "iframe", "object", "embed"}]
    for tag, attrs, _ in tree.tags:
        assert not [k for k in attrs if k.startswith("on")], (tag, attrs)
    # The text is still there, shown as text.
    assert '<script>alert("x")</script>' in "".join(tree.text)
    assert "&lt;script&gt;" in html
    assert "Moderated <b>rude</b>" in "".join(tree.text)


def test_no_external_assets_and_no_script_allowed():
    html = render_report(tiny_analysis(), TEXTS, title="Buses")
    tree = parse(html)
    assert not [t for t, _, _ in tree.tags if t in {"link", "script"}]
    for _, attrs, _ in tree.tags:
        for k in ("src", "href"):
            v = attrs.get(k) or ""
            assert not v.startswith(("http:", "https:", "//")), v
    csp = [a for t, a, _ in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0]["content"]
    assert tree.tags[0][0] == "html" or html.startswith("<!DOCTYPE html>")
    assert [a for t, a, _ in tree.tags if t == "html"][0].get("lang") == "en"


def test_every_chart_has_a_table_beside_it_and_is_labelled():
    html = render_report(tiny_analysis(), TEXTS, title="Buses")
    tree = parse(html)
    assert len(tree.figures) >= 4  # map, groups, common ground, divisive, majority
    for seen in tree.figures:
        assert "svg" in seen and "table" in seen
    charts = [a for t, a, stack in tree.tags if t == "svg" and a.get("role") == "img"]
    assert len(charts) >= 4
    titles = {a.get("id") for t, a, _ in tree.tags if t in {"title", "desc"}}
    for c in charts:
        for ref in c["aria-labelledby"].split():
            assert ref in titles
    # Decorative legend keys are hidden from assistive technology, not unlabelled images.
    for t, a, _ in tree.tags:
        if t == "svg" and a.get("role") != "img":
            assert a.get("aria-hidden") == "true"
    assert html.count("<caption>") >= len(tree.figures)
    # A table box that may scroll sideways is reachable by keyboard and named.
    boxes = [a for t, a, _ in tree.tags if t == "div" and a.get("class") == "data"]
    assert len(boxes) >= len(tree.figures)
    for a in boxes:
        assert a.get("tabindex") == "0" and a.get("role") == "region" and a.get("aria-label", "").startswith("Table")


def test_groups_have_a_shape_and_a_name_not_only_a_colour():
    html = render_report(tiny_analysis(), TEXTS, title="Buses")
    text = " ".join(parse(html).text)
    for name in ("Group A", "Group B", "Group C"):
        assert name in text
    for shape in ("circle", "square", "triangle"):
        assert shape in text
    # Shapes differ in the map itself.
    assert "<circle" in html and "<rect" in html and "<polygon" in html


def test_tiny_analysis_sections_and_numbers():
    html = render_report(tiny_analysis(), TEXTS, title="Buses")
    text = " ".join(parse(html).text)
    for heading in (
        "Opinion map",
        "Opinion groups",
        "Common ground",
        "Divisive statements",
        "What sets each group apart",
        "Majority opinion",
        "Moderated out",
    ):
        assert heading in text
    assert "Buses should run later" in text
    assert "not enough votes yet" in text  # statement 3 is unsure
    assert "More benches & shade" in text and "More benches &amp; shade" in html
    assert "0.71" in text  # its group-aware consensus
    assert "Every statement" in text and "Fish & chips" in text  # the full table lists every statement


def test_statement_meta_forms_are_all_accepted():
    a = tiny_analysis()
    as_list = [{"id": k, "text": v} for k, v in TEXTS.items()]

    class S:
        def __init__(self, i, t):
            self.id, self.text = i, t

    for meta in (TEXTS, {str(k): v for k, v in TEXTS.items()}, as_list, [S(k, v) for k, v in TEXTS.items()]):
        assert "Buses should run later" in render_report(a, meta, title="t")
    # A list of plain texts: position is the id.
    assert "zero" in render_report(
        {"statements": [{"id": 0, "common_ground": True, "agree": 3, "disagree": 0, "pass": 0}]}, ["zero"], title="t"
    )


@pytest.mark.parametrize(
    "analysis",
    [
        {},
        {"participants": [], "statements": []},
        {"participants": None, "statements": None, "groups": None},
        {"participants": [{"id": 1, "group": None, "x": None, "y": None}], "statements": [{"id": 1}]},
        {
            "participants": [{"id": 1, "group": 0, "x": 0.0, "y": 0.0}],
            "statements": [{"id": 1, "agree": 1, "disagree": 0, "pass": 0, "common_ground": None}],
            "summaries": {"common_ground": None, "representative": [], "majority_consensus": []},
        },
    ],
)
def test_degenerate_analyses_render(analysis):
    html = render_report(analysis, None, title="Empty")
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")


def test_json_round_trip_and_large_map_is_sampled():
    a = tiny_analysis()
    a["participants"] = [{"id": i, "group": i % 2, "x": (i % 100) / 10, "y": (i // 100) / 10} for i in range(10_000)]
    a["groups"] = [{"id": 0, "size": 5000}, {"id": 1, "size": 5000}]
    html = render_report(json.loads(json.dumps(a)), json.loads(json.dumps(TEXTS)), title="Big")
    text = " ".join(parse(html).text)
    assert "Showing 4,000 of 10,000 people" in text
    assert "Buses should run later" in text
    assert len(html) < 1_500_000


def test_report_of_a_planted_analysis():
    from coproduce.commonground import analyse, planted_conversation

    conv = planted_conversation(200, 40, n_groups=3, seed=1)
    d = json.loads(analyse(conv.votes, seed=0).to_json())
    texts = {s: f"Planted statement {s} <&>" for s in conv.votes.statement_ids.tolist()}
    html = render_report(d, texts, title="Planted")
    tree = parse(html)
    assert not [t for t, _, _ in tree.tags if t == "script"]
    assert len(tree.figures) >= 4
    text = " ".join(tree.text)
    assert "Group A" in text and "Group B" in text
    assert "Planted statement" in text and "<&>" in text


from tests.polis_data import POLIS_DATA  # noqa: E402

POLIS = POLIS_DATA / "15-per-hour-seattle"


@pytest.mark.skipif(not POLIS.is_dir(), reason="shared Polis data not present")
def test_report_of_a_real_polis_conversation():
    from coproduce.commonground import analyse, read_polis

    conv = read_polis(POLIS)
    d = analyse(conv.votes, excluded=conv.excluded, seed=0).to_dict()
    html = render_report(d, conv.statements, title="$15 per hour, Seattle")
    text = " ".join(parse(html).text)
    shown = [s.text for s in conv.statements if s.text and s.text in text]
    assert shown  # statement texts came through, as text
    assert "Moderated out" in text  # this export has moderated-out statements


# ------------------------------------------------------------------------------------------------ fuzz
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 50),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.just("<script>x</script>"),
)
_json = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
    max_leaves=12,
)
_participant = st.fixed_dictionaries({"id": _scalar, "group": _scalar, "x": _scalar, "y": _scalar})
_statement = st.fixed_dictionaries(
    {
        "id": _scalar,
        "agree": _scalar,
        "disagree": _scalar,
        "pass": _scalar,
        "common_ground": _scalar,
        "excluded": _scalar,
        "group_aware_consensus": _scalar,
        "groups": _json,
    },
    optional={"bridging": _scalar, "divisiveness": _scalar, "perspectives": _json},
)
_analysis = st.fixed_dictionaries(
    {},
    optional={
        "participants": st.one_of(_json, st.lists(_participant, max_size=6)),
        "statements": st.one_of(_json, st.lists(_statement, max_size=6)),
        "groups": _json,
        "perspectives": _json,
        "summaries": st.dictionaries(
            st.sampled_from(
                ["common_ground", "common_disagreement", "divisive", "representative", "majority", "perspectives"]
            ),
            _json,
            max_size=6,
        ),
        "diagnostics": st.dictionaries(
            st.sampled_from(["k", "seed", "silhouettes", "timings", "messages", "n_votes"]), _json, max_size=6
        ),
        "schema_version": _scalar,
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(analysis=_analysis, meta=st.one_of(st.none(), _json), title=st.text(max_size=20))
def test_any_json_shaped_analysis_renders_and_stays_inert(analysis, meta, title):
    html = render_report(analysis, meta, title=title)
    tree = parse(html)
    assert not [t for t, _, _ in tree.tags if t in {"script", "iframe", "object", "embed"}]
    assert html.rstrip().endswith("</html>")


def test_statement_text_with_script_and_quotes_is_escaped_by_the_template():
    """The page is rendered by Jinja2 with autoescaping: markup and quotes in a statement come out as text."""
    a = tiny_analysis()
    texts = dict(TEXTS)
    texts[1] = "Say \"no\" to <script>alert('x')</script> & more"
    html = render_report(a, texts, title='A "quoted" <title>')
    assert "<script>" not in html and "alert('x')" not in html
    assert "Say &#34;no&#34; to &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in html
    assert "<title>A &#34;quoted&#34; &lt;title&gt;</title>" in html
    tree = parse(html)
    assert "Say \"no\" to <script>alert('x')</script> & more" in "".join(tree.text)
    assert not [t for t, _, _ in tree.tags if t == "script"]
