"""The pieces of an actions board, shared by every board: an engagement's (delivery/staff.py) and the boards of
actions that belong to an organisation or a network alone (coproduce.journeys), so that all show the same columns
in the same way (template: delivery/_board.html)."""

from __future__ import annotations

from collections.abc import Iterable

from coproduce.delivery.models import Action

BOARD_COLUMNS = [Action.Status.PLANNED, Action.Status.IN_PROGRESS, Action.Status.DONE]


def board_columns(rows: Iterable[Action]) -> tuple[list[tuple[str, str, list[Action]]], list[Action]]:
    """(status, label, actions) for each column of the board, and the actions that were not possible."""
    rows = list(rows)
    labels = dict(Action.Status.choices)
    columns = [(status, labels[status], [a for a in rows if a.status == status]) for status in BOARD_COLUMNS]
    return columns, [a for a in rows if a.status == Action.Status.NOT_POSSIBLE]
