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


def test_a_mapped_file_without_a_final_newline_is_completed(tmp_path, monkeypatch):
    """votes.csv is mapped, not read (decision 0025); a file without a final newline is copied and completed."""
    planted_conversation(60, 12, 2, seed=5).write_polis(tmp_path)
    (tmp_path / "votes.csv").write_text((tmp_path / "votes.csv").read_text().rstrip("\n"))
    assert polis._read_votes_fast(tmp_path / "votes.csv") is not None  # still the fast path
    _same(read_polis(tmp_path), _slow(tmp_path, monkeypatch))


def test_a_votes_file_with_no_rows_goes_to_the_line_by_line_reader(tmp_path):
    planted_conversation(60, 12, 2, seed=5).write_polis(tmp_path)
    votes = tmp_path / "votes.csv"
    votes.write_text(votes.read_text().split("\n")[0] + "\n")  # the header only
    assert polis._read_votes_fast(votes) is None
    conv = read_polis(tmp_path)
    assert conv.source == "votes.csv" and conv.votes.rows.size == 0 and conv.votes.n_participants == 60
    votes.write_text("")  # nothing at all: not mapped (a file of no bytes cannot be)
    assert polis._read_votes_fast(votes) is None
    with pytest.raises(PolisFormatError, match=r"votes\.csv, line 1: empty file \(expected a header line\)"):
        read_polis(tmp_path)


def test_a_file_that_cannot_be_mapped_is_read(tmp_path, monkeypatch):
    planted_conversation(60, 12, 2, seed=5).write_polis(tmp_path)
    expected = read_polis(tmp_path)

    def refuse(*args, **kwargs):
        raise OSError(19, "No such device")  # ENODEV: a file system without mapping

    monkeypatch.setattr(polis.mmap, "mmap", refuse)
    assert polis._read_votes_fast(tmp_path / "votes.csv") is not None  # read into memory, still the fast path
    _same(read_polis(tmp_path), expected)


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


@pytest.mark.parametrize("name", CONVERSATIONS)
def test_participants_votes_groups_read_with_numpy_on_every_shared_export(name):
    # votes.csv is there, so only participant and group-id are read from participants-votes.csv: the NumPy
    # reader must take them (and agree with the line-by-line one, checked above through polis_groups).
    got = polis._read_int_columns(
        polis_dir(name) / "participants-votes.csv", ("participant", "group-id"), blanks=("group-id",)
    )
    assert got is not None
    (pids, _), blank = got
    assert pids.size == len(read_polis(polis_dir(name)).polis_groups) and blank["group-id"].any()


def test_a_participants_votes_cell_the_numpy_reader_cannot_take_goes_line_by_line(tmp_path, monkeypatch):
    planted_conversation(30, 10, 2, seed=0, min_votes=5, mean_votes=6).write_polis(tmp_path)
    path = tmp_path / "participants-votes.csv"
    lines = path.read_text().splitlines()
    cells = lines[3].split(",")
    cells[2] = "1.0"  # a group-id written as a float: the line-by-line reader accepts it, NumPy's does not
    lines[3] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    assert polis._read_int_columns(path, ("participant", "group-id"), blanks=("group-id",)) is None
    _same(read_polis(tmp_path), _slow(tmp_path, monkeypatch))
    assert read_polis(tmp_path).polis_groups[int(cells[0])] == 1


def test_parse_ints_long_cells_and_every_non_digit_byte():
    vals = [0, 7, -7, 12345678, 123456789, -(10**16 - 1), 10**17 + 3, -(10**18 - 1)]
    text = ",".join(str(v) for v in vals) + ","
    buf = np.frombuffer(text.encode(), dtype=np.uint8)
    ends = np.flatnonzero(buf == ord(","))
    assert polis._parse_ints(buf, np.r_[0, ends[:-1] + 1], ends).tolist() == vals
    for byte in set(range(256)) - set(range(ord("0"), ord("9") + 1)):
        for at in (0, 5, 11):
            cell = bytearray(b"0000000000000000,123456789012,")
            cell[17 + at] = byte
            if at == 0 and byte in (ord("-"), ord("+")):
                continue
            assert polis._parse_ints(np.frombuffer(bytes(cell), dtype=np.uint8), np.array([17]), np.array([29])) is None
