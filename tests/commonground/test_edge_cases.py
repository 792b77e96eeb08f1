"""Acceptance 6: edge cases give clear results, bad input gives errors naming the file and line."""

from __future__ import annotations

import json

import numpy as np
import pytest

from coproduce.commonground import PolisFormatError, Votes, analyse, read_polis, write_polis

NaN = np.nan


def _ok(a):
    json.loads(a.to_json())  # always serialisable, no NaN
    return a


def test_no_votes():
    a = _ok(analyse(Votes.from_events([], [], [], participants=["a", "b"], statements=[1, 2])))
    assert a.diagnostics["k"] == 0 and a.groups == []
    assert (a.participant_group == -1).all()
    assert (a.common_ground == -1).all() and np.isnan(a.bridging).all()
    assert any("no votes" in m for m in a.diagnostics["messages"])


def test_one_participant():
    a = _ok(analyse(Votes.from_dense([[1, -1, 0, 1]])))
    assert a.diagnostics["k"] == 1 and a.participant_group.tolist() == [0]
    assert (a.common_ground == -1).all()  # one person is never common ground


def test_one_statement():
    a = _ok(analyse(Votes.from_dense([[1], [-1], [1], [0]])))
    assert a.counts.tolist() == [[2, 1, 1]]
    assert a.diagnostics["k"] >= 1


def test_everyone_agrees_with_everything():
    a = _ok(analyse(Votes.from_dense(np.ones((30, 10)))))
    assert a.diagnostics["k"] == 1 and len(a.groups) == 1
    assert any("one group" in m for m in a.diagnostics["messages"])
    assert (a.common_ground == 1).all()


def test_statements_nobody_voted_on():
    m = np.where(np.arange(40)[:, None] % 2 == 0, 1.0, -1.0) * np.ones((40, 12))
    m[:, 5] = NaN
    a = _ok(analyse(Votes.from_dense(m)))
    assert a.counts[5].tolist() == [0, 0, 0]
    assert a.common_ground[5] == -1 and np.isnan(a.bridging[5]) and np.isnan(a.statement_xy[5]).all()
    assert a.priority[5] > a.priority[0]  # unseen statements are routed first
    assert any("no votes yet" in msg for msg in a.diagnostics["messages"])


def test_participants_who_only_pass():
    m = np.where(np.arange(30)[:, None] % 2 == 0, 1.0, -1.0) * np.ones((30, 8))
    m[:4] = 0.0
    a = _ok(analyse(Votes.from_dense(m)))
    assert any("only passed" in msg for msg in a.diagnostics["messages"])
    assert np.isfinite(a.participant_xy[:4]).all()


def test_small_groups_never_show_as_agreement():
    # 3 agreeing votes in a group are not enough evidence, however unanimous.
    from coproduce.commonground.stats import common_ground_label

    counts = np.array([[[40, 2, 1]], [[3, 0, 0]]])
    label, lower, _ = common_ground_label(counts, level=0.8, min_votes=5)
    assert label.tolist() == [-1]
    counts[1, 0] = [9, 0, 0]
    assert common_ground_label(counts, level=0.8, min_votes=5)[0].tolist() == [1]
    counts[1, 0] = [1, 12, 0]
    assert common_ground_label(counts, level=0.8, min_votes=5)[0].tolist() == [0]


@pytest.mark.parametrize("bad", [2, -2, 0.5, "yes", float("nan")])
def test_vote_outside_range_names_the_value(bad):
    with pytest.raises(ValueError, match=r"vote value .* at event 1 \(participant 'b', statement 's'\)"):
        Votes.from_events(["a", "b"], ["s", "s"], [1, bad])


def test_unknown_id_and_length_mismatch():
    with pytest.raises(ValueError, match="participant id 'z'"):
        Votes.from_events(["z"], [1], [1], participants=["a"])
    with pytest.raises(ValueError, match="same length"):
        Votes.from_events(["a"], [1, 2], [1])


def _export(tmp_path):
    v = Votes.from_dense([[1, -1, 0], [1, 1, NaN], [-1, NaN, 1]])
    write_polis(tmp_path, v)
    return tmp_path


def test_bad_vote_in_csv_names_file_and_line(tmp_path):
    d = _export(tmp_path)
    lines = (d / "votes.csv").read_text().splitlines()
    lines[3] = lines[3].rsplit(",", 1)[0] + ",2"
    (d / "votes.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(PolisFormatError, match=r"votes\.csv, line 4: vote value '2' is not -1, 0 or 1"):
        read_polis(d)


def test_malformed_line_names_file_and_line(tmp_path):
    d = _export(tmp_path)
    lines = (d / "votes.csv").read_text().splitlines()
    lines[2] = "1700000000000,oops"
    (d / "votes.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(PolisFormatError, match=r"votes\.csv, line 3: malformed line: expected 5 fields, got 2"):
        read_polis(d)


def test_missing_column_names_file_and_line(tmp_path):
    d = _export(tmp_path)
    text = (d / "comments.csv").read_text().replace("moderated", "modded", 1)
    (d / "comments.csv").write_text(text)
    with pytest.raises(PolisFormatError, match=r"comments\.csv, line 1: missing column 'moderated'"):
        read_polis(d)


def test_no_vote_file(tmp_path):
    with pytest.raises(PolisFormatError, match="neither votes.csv nor participants-votes.csv"):
        read_polis(tmp_path)
