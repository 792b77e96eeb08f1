"""A readable word-by-word diff between two texts of a proposal (difflib), for the history page.

Pages show removed words struck through inside <del> and added words underlined inside <ins>, each with a hidden
"removed:" / "added:" label for screen readers, so the change never depends on colour alone.
"""

from __future__ import annotations

import difflib
import re

TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op "equal", "delete" or "insert", in reading order; adjacent text of one op joined."""
    a, b = TOKENS.findall(old or ""), TOKENS.findall(new or "")
    segments: list[tuple[str, str]] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def changed(old: str, new: str) -> bool:
    return (old or "") != (new or "")
