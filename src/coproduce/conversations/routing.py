"""Which statement a participant sees next: weighted at random among the ones they have not seen yet.

The weight is the engine's routing priority from the latest snapshot (docs/decisions/0007-routing.md). Statements
newer than the snapshot get the priority the engine gives a statement nobody has voted on yet — high, so new
statements get seen.
"""

from __future__ import annotations

import random

from coproduce.conversations.models import Statement, Vote

# Before the first snapshot every statement is new and equally weighted; any positive number does.
PRIORITY_OF_UNSEEN = 1.0


def priorities_from_snapshot(data: dict | None) -> tuple[dict[int, float], float]:
    """{statement id: priority} and the priority of a statement newer than the snapshot."""
    if not data:
        return {}, PRIORITY_OF_UNSEEN
    priorities = {
        int(s["id"]): float(s.get("priority") or 0.0) for s in data.get("statements", []) if not s.get("excluded")
    }
    return priorities, float(data.get("summaries", {}).get("priority_of_new_statement") or PRIORITY_OF_UNSEEN)


def next_statement(conversation, participant, snapshot_data: dict | None, rng: random.Random | None = None) -> Statement | None:
    seen = Vote.objects.filter(participant=participant).values("statement_id")
    candidates = list(
        conversation.statements.filter(status=Statement.Status.PUBLISHED).exclude(pk__in=seen).only("pk", "text", "origin")
    )
    if not candidates:
        return None
    priorities, of_new = priorities_from_snapshot(snapshot_data)
    weights = [max(priorities.get(s.pk, of_new), 1e-12) for s in candidates]
    return (rng or random.SystemRandom()).choices(candidates, weights=weights, k=1)[0]
