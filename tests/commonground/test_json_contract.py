"""The analysis.json contract other tools rely on, and the to_dict / from_dict round trip."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from coproduce.commonground import SCHEMA_VERSION, Analysis, analyse, planted_conversation


def _analysis():
    planted = planted_conversation(120, 30, 3, seed=4, min_votes=12, mean_votes=20)
    ids = planted.votes.participant_ids.tolist()
    perspectives = {p: ("patient" if p % 3 else "staff") for p in ids[:100]}
    perspectives[ids[100]] = "carer"  # a perspective of one person: always suppressed
    return analyse(planted.votes, excluded={0, 1}, perspectives=perspectives, seed=0)


def test_contract_fields():
    d = json.loads(_analysis().to_json())
    assert d["schema_version"] == SCHEMA_VERSION
    assert {"schema_version", "participants", "statements", "groups"} <= set(d)
    for p in d["participants"]:
        assert {"id", "group", "x", "y"} <= set(p)
        assert isinstance(p["id"], int) and (p["group"] is None or isinstance(p["group"], int))
    for s in d["statements"]:
        assert {
            "id",
            "group_aware_consensus",
            "bridging",
            "common_ground",
            "agree",
            "disagree",
            "pass",
            "excluded",
        } <= set(s)
        assert s["common_ground"] in (True, False, None)
        assert isinstance(s["agree"], int) and isinstance(s["excluded"], bool)
    assert [s["excluded"] for s in d["statements"][:3]] == [True, True, False]
    assert d["statements"][0]["group_aware_consensus"] is None
    groups = {g["id"] for g in d["groups"]}
    assert groups == {p["group"] for p in d["participants"] if p["group"] is not None}
    diag = d["diagnostics"]
    assert {"timings", "k", "silhouettes", "seed", "schema_version", "messages"} <= set(diag)
    assert {"map", "clustering", "bridging", "total"} <= set(diag["timings"])
    summaries = d["summaries"]
    assert {"common_ground", "common_disagreement", "divisive", "representative", "majority", "perspectives"} <= set(
        summaries
    )
    assert len(summaries["representative"]) == len(d["groups"])


def test_perspective_cells_under_five_are_suppressed():
    d = _analysis().to_dict()
    persp = {q["id"]: q for q in d["perspectives"]}
    assert persp["carer"]["size"] is None
    for s in d["statements"]:
        cells = {c["perspective"]: c for c in s["perspectives"]}
        assert cells["carer"]["agree"] is None
        for c in cells.values():
            if c["agree"] is not None:
                assert c["agree"] + c["disagree"] + c["pass"] >= 5


def test_round_trip():
    a = _analysis()
    d = a.to_dict()
    b = Analysis.from_dict(json.loads(json.dumps(d)))
    assert b.to_dict() == d
    assert np.array_equal(a.participant_group, b.participant_group)


def test_string_ids_are_kept():
    from coproduce.commonground import Votes

    v = Votes.from_events(["ann", "bob", "cat", "ann"], ["q1", "q1", "q2", "q2"], [1, -1, 0, 1])
    d = analyse(v).to_dict()
    assert [p["id"] for p in d["participants"]] == ["ann", "bob", "cat"]
    assert [s["id"] for s in d["statements"]] == ["q1", "q2"]


def test_engine_imports_nothing_from_django():
    code = (
        "import sys, coproduce.commonground, coproduce.commonground.cli, coproduce.commonground.evaluation;"
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
