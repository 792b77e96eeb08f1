"""CSV cells that a spreadsheet will not run: the one helper for every CSV the platform writes.

A participant's words are published in the open data, and people open those files in Excel or LibreOffice, which
treat a cell starting with =, +, -, @ (or a tab or carriage return, which they skip before one of those) as a
formula: "=HYPERLINK(…)" becomes a live link, and worse formulas can run commands or leak the sheet (OWASP, "CSV
Injection"). So, as OWASP advises, a text cell starting with one of those characters gets a single quote in front,
which spreadsheets show as text. Only text (str) is changed: a number written as a number (a -1 vote, a count)
stays a number, so the vote files still read +1 / -1 / 0.

To stay reversible, a cell that already starts with quotes followed by one of those characters gets one more quote:
a reader wanting the exact words removes one leading quote whenever what follows the quotes starts with one of them
(`restore_cell`). Rows are written with CRLF line ends (RFC 4180) by `writer`, because Python's csv module quotes a
cell containing a carriage return only when the line end contains one; otherwise a bare CR inside a cell would
start a new row (and that row's first cell could be a formula).

The engine (coproduce.commonground) must not import Django or this package: it has its own copy of the rule,
commonground.polis.csv_text_cell, and a test checks the two agree.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
LINE_END = "\r\n"


def safe_cell(value: Any) -> Any:
    """The value, with a quote in front if it is text a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.lstrip("'").startswith(TRIGGERS):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


def restore_cell(value: str) -> str:
    """The words as written, from a cell written by safe_cell."""
    if value.startswith("'") and value.lstrip("'").startswith(TRIGGERS):
        return value[1:]
    return value


class SafeWriter:
    """csv.writer whose writerow/writerows neutralise every text cell."""

    def __init__(self, stream: SupportsWrite[str], **kwargs: Any) -> None:
        self._writer = csv.writer(stream, lineterminator=LINE_END, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: SupportsWrite[str], **kwargs: Any) -> SafeWriter:
    return SafeWriter(stream, **kwargs)
