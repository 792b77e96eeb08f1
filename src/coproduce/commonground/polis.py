"""Read and write Polis open-data exports (the layout of github.com/compdemocracy/openData).

Files in an export folder:

* ``votes.csv`` - the event log: ``timestamp, datetime, comment-id, voter-id, vote``. Re-votes appear; the
  latest (by timestamp, ties in file order) counts.
* ``participants-votes.csv`` - one row per participant: ``participant, [xid,] group-id, n-comments, n-votes,
  n-agree, n-disagree`` and one column per comment with the latest vote (blank = not seen). Polis's own
  opinion groups are in ``group-id`` (blank = not clustered). Used for the votes when ``votes.csv`` is absent.
* ``comments.csv`` - ``comment-id``, ``moderated`` (1 in, 0 unmoderated, -1 out), optionally ``author-id``,
  ``agrees``, ``disagrees``, ``is-meta``, ``is-seed``, ``group-informed-consensus``, ``comment-body``.
* ``summary.csv`` - key, value rows (topic, url, voters, ...).

**Sign convention: in these CSV files +1 = agree, -1 = disagree, 0 = pass** - the same as the engine. (Inside
Polis's own database and maths the sign is the other way round; exports flip it.)

Every format problem raises :class:`PolisFormatError` naming the file and line.
"""

from __future__ import annotations

import csv
import datetime as _dt
import mmap
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from .votes import Votes

__all__ = ["PolisConversation", "PolisFormatError", "StatementMeta", "read_polis", "write_polis"]

csv.field_size_limit(1 << 24)

# CSV formula injection (OWASP): spreadsheets run a cell starting with one of these as a formula. Text cells that
# do get a quote in front when written, and lose it when read. The same rule as coproduce.core.csvsafe, copied
# because the engine stays free of Django (a test checks that the two agree). CRLF line ends, because the csv
# module quotes a cell containing a bare CR only when the line end has one: unquoted, it would start a new row.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_LINE_END = "\r\n"


def csv_text_cell(value: Any) -> Any:
    """A text cell as written: with a quote in front if a spreadsheet would read it as a formula (also when it
    already starts with quotes followed by such a character, so that reading back is exact). Numbers unchanged."""
    if isinstance(value, str) and value.lstrip("'").startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def restore_text_cell(value: str) -> str:
    """The words as given to csv_text_cell."""
    if value.startswith("'") and value.lstrip("'").startswith(_FORMULA_STARTS):
        return value[1:]
    return value


class PolisFormatError(ValueError):
    """A Polis export file is malformed. ``path`` and ``line`` (1-based, None for the whole file) say where."""

    def __init__(self, path: str | os.PathLike[str], line: int | None, message: str):
        self.path, self.line = str(path), line
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


@dataclass
class StatementMeta:
    """What the export says about one statement (comment)."""

    id: Any
    text: str = ""
    moderated: int = 0  # 1 accepted, 0 not moderated, -1 moderated out
    is_meta: bool = False
    is_seed: bool = False
    author: Any = None
    timestamp: int | None = None
    agrees: int | None = None  # as exported (Polis's own count)
    disagrees: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "moderated": self.moderated,
            "is_meta": self.is_meta,
            "is_seed": self.is_seed,
            "author": self.author,
        }


@dataclass
class PolisConversation:
    """A Polis export read into engine inputs.

    votes : latest votes; excluded : ids of statements moderated out (``moderated == -1``);
    statements : metadata per statement (sorted like ``votes.statement_ids``);
    polis_groups : {participant id: Polis's group-id or None} when participants-votes.csv is present;
    polis_gac : {statement id: Polis's group-informed-consensus} when comments.csv has that column;
    summary : key/value pairs of summary.csv; source : which files the votes came from.
    """

    votes: Votes
    excluded: frozenset[Any] = frozenset()
    statements: list[StatementMeta] = field(default_factory=list)
    polis_groups: dict[Any, int | None] = field(default_factory=dict)
    polis_gac: dict[Any, float] = field(default_factory=dict)
    summary: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @property
    def statements_meta(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.statements]

    @property
    def title(self) -> str:
        return self.summary.get("topic", "")


# --------------------------------------------------------------------------------------------- reading
def _rows(
    path: Path, required: Iterable[str], *, only: Iterable[str] | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row dict) from a CSV file with a header, checking columns and field counts. With
    ``only``, each row dict holds just those columns (a participants-votes.csv has one per statement)."""
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as err:
        raise PolisFormatError(path, None, f"cannot open: {err.strerror}") from None
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            raise PolisFormatError(path, 1, "empty file (expected a header line)") from None
        except (csv.Error, UnicodeDecodeError) as err:
            raise PolisFormatError(path, 1, f"unreadable header: {err}") from None
        header = [h.strip() for h in header]
        missing = [c for c in required if c not in header]
        if missing:
            raise PolisFormatError(path, 1, f"missing column {missing[0]!r} (header has: {', '.join(header)})")
        n = len(header)
        line = reader.line_num
        pick = None if only is None else [(c, header.index(c)) for c in only if c in header]
        while True:
            start = line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except (csv.Error, UnicodeDecodeError) as err:
                raise PolisFormatError(path, start, f"malformed CSV: {err}") from None
            line = reader.line_num
            if not row:
                continue
            if len(row) != n:
                raise PolisFormatError(path, start, f"malformed line: expected {n} fields, got {len(row)}")
            yield start, (dict(zip(header, row)) if pick is None else {c: row[j] for c, j in pick})


# Ids and timestamps are held as 64-bit integers (numpy arrays); a larger number would raise OverflowError there.
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _in_range(path: Path, line: int, col: str, raw: str, n: int) -> int:
    if not _INT64_MIN <= n <= _INT64_MAX:
        raise PolisFormatError(path, line, f"{col} {raw!r} is out of range (the largest allowed is {_INT64_MAX})")
    return n


def _int(path: Path, line: int, row: dict[str, str], col: str, *, blank: Any = ...) -> Any:
    v = row[col].strip()
    if v == "" and blank is not ...:
        return blank
    try:
        return _in_range(path, line, col, v, int(v))
    except ValueError:
        try:
            f = float(v)
        except ValueError:
            f = None
        if f is not None and f.is_integer():
            return _in_range(path, line, col, v, int(f))
        raise PolisFormatError(path, line, f"{col} {v!r} is not an integer") from None


def _vote(path: Path, line: int, raw: str, col: str) -> int:
    v = raw.strip()
    if v in ("1", "-1", "0", "1.0", "-1.0", "0.0", "+1"):
        return int(float(v))
    raise PolisFormatError(path, line, f"{col} value {v!r} is not -1, 0 or 1 (+1 = agree, -1 = disagree, 0 = pass)")


#: Read votes.csv with the vectorised reader (tests switch it off to compare with the line-by-line one).
_FAST = True
_VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


def _read_votes_fast(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """votes.csv parsed with NumPy: (timestamp, comment-id, voter-id, vote) as int64 arrays in file order.

    Handles the plain layout every Polis export uses (no quotes, one line per vote, every needed cell a plain
    integer). Anything else - quotes, blank cells, "1.0", a wrong number of fields, a vote outside
    {-1, 0, 1} - returns None, and the line-by-line reader (:func:`_rows`) reads the file instead: it
    accepts the same variants as always and names the file and line of any error.
    """
    got = _read_int_columns(path, _VOTE_COLUMNS)
    if got is None:
        return None
    (ts, sid, pid, vote), _ = got
    if not np.all((vote >= -1) & (vote <= 1)):
        return None
    return ts, sid, pid, vote


def _mapped(fh: BinaryIO) -> bytes | mmap.mmap:
    """The open file's bytes, mapped rather than read: the parser works on the pages the system already holds,
    instead of a copy faulted into this process (110 MB at 2 M votes; decision 0025). A file that cannot be
    mapped (empty; on a file system without mapping) is read. The file must not shrink while it is read (the
    command's and the import's exports are files of their own, written before)."""
    if os.fstat(fh.fileno()).st_size == 0:
        return b""
    try:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return fh.read()


def _read_int_columns(
    path: Path, names: tuple[str, ...], *, blanks: tuple[str, ...] = ()
) -> tuple[list[np.ndarray], dict[str, np.ndarray]] | None:
    """The integer columns ``names`` of a plain CSV file (no quotes, one line per row, a header) as int64
    arrays in file order, with NumPy; None when the file is anything else (see :func:`_read_votes_fast`).
    Columns in ``blanks`` may have empty cells: they read as 0 and are flagged in the returned
    {name: (rows,) bool} masks.

    The body is worked through in blocks of whole lines (``_BLOCK`` bytes), so that every temporary array
    stays small: over the whole 110 MB votes.csv of 2 M votes at once, allocating (and first touching) the
    full-size masks and index arrays cost more than the parsing itself.
    """
    try:
        with open(path, "rb") as fh:
            data = _mapped(fh)
    except OSError:
        return None
    if data.find(b'"') >= 0:
        return None
    if data.find(b"\r") >= 0:
        data = bytes(data).replace(b"\r\n", b"\n")
        if b"\r" in data:
            return None
    head_end = data.find(b"\n")
    if head_end < 0:
        return None
    try:
        header = [h.strip() for h in data[:head_end].decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if any(c not in header for c in names):
        return None
    n_f = len(header)
    if n_f < 2:
        return None
    if data[-1:] != b"\n":
        data = bytes(data) + b"\n"
    if len(data) <= head_end + 2:
        return None  # no rows: the line-by-line reader decides
    cols = [header.index(name) for name in names]
    buf = np.frombuffer(data, dtype=np.uint8)
    bounds: list[tuple[int, int]] = []
    a, total = head_end + 1, len(data)
    while a < total:
        b = data.rfind(b"\n", a, a + _BLOCK) + 1
        if b <= a:  # a line longer than a block
            b = data.find(b"\n", a) + 1
        bounds.append((a, b))
        a = b

    def block(ab: tuple[int, int]) -> tuple[list[np.ndarray], dict[str, np.ndarray]] | None:
        return _read_block(buf, ab[0], ab[1], n_f, names, cols, blanks)

    workers = _reader_threads(len(bounds))
    if workers > 1:
        # NumPy releases the GIL inside each step of a block, so two blocks are parsed at once on two cores;
        # the blocks are joined in file order, so the result is the same as one after the other.
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="polis-reader") as pool:
            done = list(pool.map(block, bounds))
    else:
        done = [block(ab) for ab in bounds]
    if any(x is None for x in done):
        return None
    parts = [x for x in done if x is not None]
    columns = [np.concatenate([p[0][i] for p in parts]) for i in range(len(names))]
    return columns, {name: np.concatenate([p[1][name] for p in parts]) for name in blanks}


def _reader_threads(n_blocks: int) -> int:
    if n_blocks < 4:  # a small file: the threads would cost more than they save
        return 1
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(n, _MAX_READER_THREADS, n_blocks))


def _read_block(
    buf: np.ndarray, a: int, b: int, n_f: int, names: tuple[str, ...], cols: list[int], blanks: tuple[str, ...]
) -> tuple[list[np.ndarray], dict[str, np.ndarray]] | None:
    """The columns of the whole lines in buf[a:b] (see :func:`_read_int_columns`); None if any line is not
    plain."""
    chunk = buf[a:b]
    is_nl = chunk == _NEWLINE
    delim = chunk == _COMMA
    delim |= is_nl
    flat = np.flatnonzero(delim)
    n_rows = int(np.count_nonzero(is_nl))
    if flat.size != n_rows * n_f:
        return None
    found: np.ndarray = flat.reshape(n_rows, n_f)
    # Every line's n_f-th separator must be its newline. With n_f separators a line in all, that makes every
    # newline the last of its group, so each line has exactly n_f - 1 commas (a line with too few or too
    # many would shift a newline out of the last column).
    if not (chunk[found[:, -1]] == _NEWLINE).all():
        return None
    found += a
    out: list[np.ndarray] = []
    empty: dict[str, np.ndarray] = {}
    for name, j in zip(names, cols):
        start = found[:, j - 1] + 1 if j else np.r_[a, found[:-1, -1] + 1]
        end = found[:, j]
        if name in blanks:
            blank = start == end
            empty[name] = blank
            filled = _parse_ints(buf, start[~blank], end[~blank])
            if filled is None:
                return None
            col = np.zeros(start.size, dtype=np.int64)
            col[~blank] = filled
            out.append(col)
        else:
            parsed = _parse_ints(buf, start, end)
            if parsed is None:
                return None
            out.append(parsed)
    return out, empty


#: Bytes per block of whole lines in the votes.csv reader (its temporaries stay in the processor's caches).
_BLOCK = 1 << 22
#: Blocks parsed at once (threads) when the file has several.
_MAX_READER_THREADS = 2
_COMMA, _NEWLINE = np.uint8(ord(",")), np.uint8(ord("\n"))


def _parse_ints(buf: np.ndarray, start: np.ndarray, end: np.ndarray) -> np.ndarray | None:
    """Decimal integers (optional sign) in buf[start:end] for each row, vectorised; None if any is not one.

    Eight bytes at a time: the eight bytes that end at a cell's end are loaded as one little-endian 64-bit
    word (its first byte is the most significant digit), the bytes before the cell's first digit are set to
    "0", every byte is checked to be a digit, and the word is turned into its value by three multiply-and-add
    steps on pairs, then quads, then octets of digits (the usual "SWAR" digit parse). Cells of 9 to 16 digits
    take two words. A few operations per cell instead of a few per byte."""
    if start.size == 0:
        return np.zeros(0, dtype=np.int64)
    if int(end.min()) < 16:  # the words are read from 16 bytes before a cell's end: pad in front
        pad = np.zeros(16 + buf.size, dtype=np.uint8)
        pad[16:] = buf
        return _parse_ints(pad, start + 16, end + 16)
    first_byte = buf[np.minimum(start, buf.size - 1)]
    neg = first_byte == ord("-")
    first = start + (neg | (first_byte == ord("+")))
    length = end - first
    lo_len, hi_len = int(length.min()), int(length.max())
    if lo_len < 1 or hi_len > 18:
        return None
    if hi_len == 1:  # one digit each (a vote column): the digit itself
        digit = buf[end - 1] - np.uint8(ord("0"))  # uint8: anything not a digit wraps above 9
        if digit.max() > 9:
            return None
        one: np.ndarray = digit.astype(np.int64)
        signed: np.ndarray = np.where(neg, -one, one) if neg.any() else one
        return signed
    if hi_len > 16:
        return _parse_ints_wide(buf, first, end, neg, hi_len)
    words = np.ndarray(shape=(buf.size - 7,), dtype="<u8", buffer=buf, strides=(1,))  # every 8-byte window
    val = _swar8(words[end - 8], np.minimum(length, 8))
    if val is None:
        return None
    if hi_len > 8:
        long = length > 8
        hi = _swar8(words[end[long] - 16], length[long] - 8)
        if hi is None:
            return None
        val[long] += hi * 100_000_000
    return np.where(neg, -val, val) if neg.any() else val


_U8 = np.uint64
#: For n = 0..8 digits at the end of a word: the mask of those bytes, and "0" in each byte before them.
_KEEP = np.array([0] + [0xFFFFFFFFFFFFFFFF << (8 * (8 - n)) & 0xFFFFFFFFFFFFFFFF for n in range(1, 9)], dtype=_U8)
_FILL = (~_KEEP) & _U8(0x3030303030303030)


def _swar8(w: np.ndarray, n: np.ndarray) -> np.ndarray | None:
    """Values of the last ``n`` (1..8) bytes of each little-endian word ``w`` read as decimal digits (the
    word's lowest byte first); None if any of those bytes is not a digit."""
    w &= _KEEP[n]
    w |= _FILL[n]
    d = w - _U8(0x3030303030303030)
    # A byte below "0" sets its high bit in d, a byte above "9" in w + 0x46 (a borrow or carry between bytes
    # only ever starts at a byte that already failed).
    if ((d | (w + _U8(0x4646464646464646))) & _U8(0x8080808080808080)).any():
        return None
    d = (d * _U8(2561)) >> _U8(8)  # pairs: 10 x first + second (every byte of d is a digit, 0..9)
    d = ((d & _U8(0x00FF00FF00FF00FF)) * _U8(6553601)) >> _U8(16)  # quads: 100 x first pair + second
    d = ((d & _U8(0x0000FFFF0000FFFF)) * _U8(42949672960001)) >> _U8(32)  # octets: 10000 x first quad + second
    return d.astype(np.int64)


def _parse_ints_wide(
    buf: np.ndarray, first: np.ndarray, end: np.ndarray, neg: np.ndarray, width: int
) -> np.ndarray | None:
    """:func:`_parse_ints` for cells of up to 18 digits: the digits gathered right-aligned into a
    (rows, width) block, positions before a cell's first digit reading as "0", times the powers of ten."""
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    offsets = np.arange(-width, 0, dtype=np.int64)
    pos = end.astype(np.int64)[:, None] + offsets[None, :]
    inside = pos >= first[:, None]
    zero = np.uint8(ord("0"))
    digits = np.where(inside, buf[np.maximum(pos, 0)], zero) - zero  # uint8: anything not a digit wraps > 9
    if digits.max() > 9:
        return None
    val = digits @ powers
    return np.where(neg, -val, val)


def _union(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``np.union1d`` of two int64 id arrays (sorted unique ids); by a presence table when the ids are small and
    non-negative, as Polis's are (NumPy 2's hash-based unique took 0.1 s per 2 M ids)."""
    both = np.concatenate([a, b])
    if both.size and both.min() >= 0 and both.max() < 4 * both.size + 1_000_000:
        present = np.zeros(int(both.max()) + 1, dtype=bool)
        present[both] = True
        return np.flatnonzero(present).astype(np.int64)
    both = np.sort(both)
    return both[np.r_[True, both[1:] != both[:-1]]] if both.size else both


def _bool(v: str) -> bool:
    return v.strip().lower() in ("true", "1", "t", "yes")


def read_polis(dir_path: str | os.PathLike[str]) -> PolisConversation:
    """Read a Polis export folder. Needs ``votes.csv`` or ``participants-votes.csv``; ``comments.csv`` and
    ``summary.csv`` are optional. Raises :class:`PolisFormatError` naming the file and line of any problem."""
    d = Path(dir_path)
    if not d.is_dir():
        raise PolisFormatError(d, None, "not a folder")
    statements: dict[Any, StatementMeta] = {}
    polis_gac: dict[Any, float] = {}
    comments = d / "comments.csv"
    if comments.exists():
        for line, row in _rows(comments, ["comment-id", "moderated"]):
            sid = _int(comments, line, row, "comment-id")
            mod = _int(comments, line, row, "moderated", blank=0)
            if mod not in (-1, 0, 1):
                raise PolisFormatError(comments, line, f"moderated {mod!r} is not -1, 0 or 1")
            meta = StatementMeta(
                id=sid,
                text=restore_text_cell(row.get("comment-body", "")),
                moderated=mod,
                is_meta=_bool(row.get("is-meta", "")),
                is_seed=_bool(row.get("is-seed", "")),
                author=_int(comments, line, row, "author-id", blank=None) if "author-id" in row else None,
                timestamp=_int(comments, line, row, "timestamp", blank=None) if "timestamp" in row else None,
                agrees=_int(comments, line, row, "agrees", blank=None) if "agrees" in row else None,
                disagrees=_int(comments, line, row, "disagrees", blank=None) if "disagrees" in row else None,
            )
            statements[sid] = meta
            g = row.get("group-informed-consensus", "").strip()
            if g:
                try:
                    polis_gac[sid] = float(g)
                except ValueError:
                    raise PolisFormatError(comments, line, f"group-informed-consensus {g!r} is not a number") from None

    polis_groups: dict[Any, int | None] = {}
    pv_path = d / "participants-votes.csv"
    pv_votes: tuple[list[Any], list[Any], list[Any]] | None = None
    if pv_path.exists():
        pv_votes = ([], [], [])
        base = ["participant", "group-id"]
        votes_too = not (d / "votes.csv").exists()  # the votes come from votes.csv when there is one
        # Only the two columns are needed then: read with NumPy (a real export has a column per comment, so
        # parsing every cell line by line took seconds); anything unusual goes to the line-by-line reader.
        pv_fast = (
            None
            if votes_too or not _FAST
            else _read_int_columns(pv_path, ("participant", "group-id"), blanks=("group-id",))
        )
        if pv_fast is not None:
            (pids, gids), blank = pv_fast
            group_list: list[int | None] = gids.tolist()
            for i in np.flatnonzero(blank["group-id"]).tolist():
                group_list[i] = None
            polis_groups = dict(zip(pids.tolist(), group_list))
        for line, row in () if pv_fast is not None else _rows(pv_path, base, only=None if votes_too else base):
            pid = _int(pv_path, line, row, "participant")
            polis_groups[pid] = _int(pv_path, line, row, "group-id", blank=None)
            if not votes_too:
                continue
            for col, raw in row.items():
                if raw.strip() == "" or not col.lstrip("-").isdigit():
                    continue
                pv_votes[0].append(pid)
                pv_votes[1].append(_in_range(pv_path, 1, "comment-id", col, int(col)))
                pv_votes[2].append(_vote(pv_path, line, raw, f"comment {col}"))

    votes_path = d / "votes.csv"
    fast = _read_votes_fast(votes_path) if (votes_path.exists() and _FAST) else None
    if fast is not None:
        ts_a, s_a, p_a, v_a = fast
        if ts_a.size and bool((ts_a[1:] >= ts_a[:-1]).all()):
            p_arr, s_arr, v_arr = p_a, s_a, v_a  # already in time order (the stable sort would keep it)
        else:
            order = np.argsort(ts_a, kind="stable")
            p_arr, s_arr, v_arr = p_a[order], s_a[order], v_a[order]
        source = "votes.csv"
    elif votes_path.exists():
        ts, p, s, v = [], [], [], []
        for line, row in _rows(votes_path, ["timestamp", "comment-id", "voter-id", "vote"]):
            ts.append(_int(votes_path, line, row, "timestamp", blank=0))
            s.append(_int(votes_path, line, row, "comment-id"))
            p.append(_int(votes_path, line, row, "voter-id"))
            v.append(_vote(votes_path, line, row["vote"], "vote"))
        # The log is not in time order (it is grouped by comment); a stable sort by timestamp puts each
        # re-vote after the vote it replaces (ties keep file order).
        order = np.argsort(np.asarray(ts, dtype=np.int64), kind="stable")
        p_arr, s_arr, v_arr = (np.asarray(x, dtype=np.int64)[order] for x in (p, s, v))
        source = "votes.csv"
    elif pv_votes is not None:
        p_arr, s_arr, v_arr = (np.asarray(x, dtype=np.int64) for x in pv_votes)
        source = "participants-votes.csv"
    else:
        raise PolisFormatError(d, None, "neither votes.csv nor participants-votes.csv is present")

    all_p = _union(p_arr, np.asarray(list(polis_groups), dtype=np.int64))
    all_s = _union(s_arr, np.asarray(list(statements), dtype=np.int64))
    votes = Votes.from_events(p_arr, s_arr, v_arr, participants=all_p, statements=all_s)
    metas = [statements.get(int(sid)) or StatementMeta(id=int(sid)) for sid in votes.statement_ids.tolist()]
    excluded = frozenset(m.id for m in metas if m.moderated == -1)
    summary: dict[str, str] = {}
    summary_path = d / "summary.csv"
    if summary_path.exists():
        with open(summary_path, newline="", encoding="utf-8") as fh:
            for cells in csv.reader(fh):
                if len(cells) >= 2:
                    summary[cells[0]] = restore_text_cell(cells[1])
    return PolisConversation(votes, excluded, metas, polis_groups, polis_gac, summary, source)


# --------------------------------------------------------------------------------------------- writing
def write_polis(
    dir_path: str | os.PathLike[str],
    votes: Votes,
    statements_meta: Iterable[StatementMeta | Mapping[str, Any]] | None = None,
    *,
    excluded: Iterable[Any] = (),
    groups: Mapping[Any, int | None] | None = None,
    gac: Mapping[Any, float] | None = None,
    summary: Mapping[str, Any] | None = None,
    start_timestamp: int = 1_700_000_000_000,
) -> Path:
    """Write ``comments.csv``, ``votes.csv``, ``participants-votes.csv`` and ``summary.csv`` in the layout
    of the shared Polis exports (bg2050-volunteers: with ``xid``, ``is-meta``, ``is-seed``).

    statements_meta : per statement id, text / moderated / is_meta / is_seed / author (StatementMeta or dicts);
    excluded : statement ids written as ``moderated = -1`` (overrides the metadata);
    groups : {participant id: group or None} written as ``group-id``; gac : {statement id: value} adds the
    ``group-informed-consensus`` column. One vote event per latest vote is written, one millisecond apart.
    Text a spreadsheet would run as a formula gets a quote in front (``csv_text_cell``; read_polis removes it).
    """
    d = Path(dir_path)
    d.mkdir(parents=True, exist_ok=True)
    meta: dict[Any, dict[str, Any]] = {}
    for m in statements_meta or ():
        m = m.to_dict() if isinstance(m, StatementMeta) else dict(m)
        meta[m["id"]] = m
    excluded = set(excluded)
    sids = votes.statement_ids.tolist()
    pids = votes.participant_ids.tolist()
    rows, cols, vals = votes.rows, votes.cols, votes.values
    agrees = np.bincount(cols[vals == 1], minlength=len(sids))
    disagrees = np.bincount(cols[vals == -1], minlength=len(sids))

    with open(d / "comments.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator=_LINE_END)
        head = ["timestamp", "comment-id", "author-id", "agrees", "disagrees", "moderated", "is-meta", "is-seed"]
        w.writerow(head + (["group-informed-consensus"] if gac is not None else []) + ["comment-body"])
        for j, sid in enumerate(sids):
            m = meta.get(sid, {})
            mod = -1 if sid in excluded else int(m.get("moderated", 1))
            author = m.get("author")
            row = [
                start_timestamp + j,
                sid,
                "" if author is None else author,
                int(agrees[j]),
                int(disagrees[j]),
                mod,
                str(bool(m.get("is_meta", False))).lower(),
                str(bool(m.get("is_seed", False))).lower(),
            ]
            if gac is not None:
                g = gac.get(sid)
                row.append("" if g is None else repr(float(g)))
            w.writerow(row + [csv_text_cell(m.get("text", ""))])

    t0 = start_timestamp + len(sids) + 1000
    with open(d / "votes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator=_LINE_END)
        w.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        p_list, s_list, v_list = (rows).tolist(), cols.tolist(), vals.tolist()
        for e in range(len(v_list)):
            ts = t0 + e
            when = _dt.datetime.fromtimestamp(ts / 1000, _dt.UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
            w.writerow([ts, when, sids[s_list[e]], pids[p_list[e]], v_list[e]])

    n_agree = np.bincount(rows[vals == 1], minlength=len(pids))
    n_disagree = np.bincount(rows[vals == -1], minlength=len(pids))
    n_votes = np.bincount(rows, minlength=len(pids))
    authored: dict[Any, int] = {}
    for m in meta.values():
        if m.get("author") is not None:
            authored[m["author"]] = authored.get(m["author"], 0) + 1
    indptr = np.concatenate([[0], np.cumsum(n_votes)])
    with open(d / "participants-votes.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator=_LINE_END)
        w.writerow(["participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree", *sids])
        for i, pid in enumerate(pids):
            cells = [""] * len(sids)
            for c, v in zip(cols[indptr[i] : indptr[i + 1]].tolist(), vals[indptr[i] : indptr[i + 1]].tolist()):
                cells[c] = str(v)
            g = None if groups is None else groups.get(pid)
            w.writerow(
                [
                    pid,
                    "",
                    "" if g is None else g,
                    authored.get(pid, 0),
                    int(n_votes[i]),
                    int(n_agree[i]),
                    int(n_disagree[i]),
                    *cells,
                ]
            )

    with open(d / "summary.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator=_LINE_END)
        info = {
            "topic": "",
            "url": "",
            "views": len(pids),
            "voters": int((n_votes > 0).sum()),
            "voters-in-conv": int((n_votes > 0).sum()),
            "commenters": len(authored),
            "comments": len(sids),
            "groups": len({g for g in (groups or {}).values() if g is not None}),
            "conversation-description": "",
        }
        info.update(summary or {})
        for key, value in info.items():
            w.writerow([key, csv_text_cell(value)])
    return d
