"""The vectorised votes.csv reader: the same votes as the line-by-line reader, the same errors."""

from __future__ import annotations

import numpy as np
import pytest

from coproduce.commonground import PolisFormatError, planted_conversation, polis, read_polis

from .conftest import CONVERSATIONS, polis_dir


def _slow(path, monkeypatch):
    monkeypatch.setattr(polis, "_FAST", False)
    try:
        return read_polis(path)
    finally:
        monkeypatch.setattr(polis, "_FAST", True)


def _same(a, b):
    va, vb = a.votes, b.votes
    assert (va.participant_ids == vb.participant_ids).all() and (va.statement_ids == vb.statement_ids).all()
    assert (va.rows == vb.rows).all() and (va.cols == vb.cols).all() and (va.values == vb.values).all()
    assert a.excluded == b.excluded and a.polis_groups == b.polis_groups and a.source == b.source


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_same_matrix_as_the_line_by_line_reader_on_every_shared_export(name, monkeypatch):
    d = polis_dir(name)
    assert polis._read_votes_fast(d / "votes.csv") is not None  # the fast path really is taken
    _same(read_polis(d), _slow(d, monkeypatch))


def test_same_on_a_written_export_with_revotes(tmp_path, monkeypatch):
    planted = planted_conversation(200, 40, 3, seed=4, revote_share=0.05)
    planted.write_polis(tmp_path)
    lines = (tmp_path / "votes.csv").read_text().splitlines()
    # a re-vote later in time but earlier in the file: the later timestamp must win, as before
    head, rows = lines[0], lines[1:]
    ts, dt, c, v, val = rows[0].split(",")
    rows.insert(0, ",".join([str(int(ts) + 10**9), dt, c, v, "-1" if val != "-1" else "1"]))
    (tmp_path / "votes.csv").write_text("\r\n".join([head, *rows]) + "\r\n")
    fast = read_polis(tmp_path)
    _same(fast, _slow(tmp_path, monkeypatch))


@pytest.mark.parametrize(
    "change,message",
    [
        (lambda r: r.rsplit(",", 1)[0] + ",7", "vote value '7'"),
        (lambda r: r + ",extra", "expected 5 fields, got 6"),
        (lambda r: r.replace(",", ",x", 1).split(",", 1)[0] + ",," + r.split(",", 2)[2], "timestamp"),
        (lambda r: ",".join(r.split(",")[:3] + ["p1"] + r.split(",")[4:]), "voter-id 'p1' is not an integer"),
    ],
)
def test_bad_files_still_name_file_and_line(tmp_path, change, message):
    planted_conversation(30, 10, 2, seed=0, min_votes=5, mean_votes=6).write_polis(tmp_path)
    text = (tmp_path / "votes.csv").read_text().splitlines()
    text[5] = change(text[5])
    (tmp_path / "votes.csv").write_text("\n".join(text) + "\n")
    if message == "timestamp":  # a blank timestamp is allowed (read as 0), as before
        read_polis(tmp_path)
        return
    with pytest.raises(PolisFormatError) as err:
        read_polis(tmp_path)
    assert "votes.csv, line 6" in str(err.value) and message in str(err.value)


def test_parse_ints():
    buf = np.frombuffer(b"12,-3,+4,x1,", dtype=np.uint8)
    assert polis._parse_ints(buf, np.array([0, 3, 6]), np.array([2, 5, 8])).tolist() == [12, -3, 4]
    assert polis._parse_ints(buf, np.array([9]), np.array([11])) is None
