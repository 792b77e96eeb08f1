"""Which statement a participant sees next: weighted at random among the ones they have not seen yet.

The weight is the engine's routing priority from the latest snapshot (Polis form, engine.md). Statements newer
than the snapshot get the priority of a statement nobody has voted on yet — high, so new statements get seen.
"""

from __future__ import annotations

import random

from coproduce.conversations.models import Statement, Vote

# [a·(1−p)·(1+E)·(1 + 8·2^(−S/5))]² with no votes yet: a = 1/2, p = 1/2, E = 0, S = 0.
PRIORITY_OF_UNSEEN = (0.5 * 0.5 * 1.0 * 9.0) ** 2


def priorities_from_snapshot(data: dict | None) -> dict[int, float]:
    if not data:
        return {}
    return {int(s["id"]): float(s.get("priority") or 0.0) for s in data.get("statements", []) if not s.get("excluded")}


def next_statement(conversation, participant, snapshot_data: dict | None, rng: random.Random | None = None) -> Statement | None:
    seen = Vote.objects.filter(participant=participant).values("statement_id")
    candidates = list(
        conversation.statements.filter(status=Statement.Status.PUBLISHED).exclude(pk__in=seen).only("pk", "text", "origin")
    )
    if not candidates:
        return None
    priorities = priorities_from_snapshot(snapshot_data)
    weights = [max(priorities.get(s.pk, PRIORITY_OF_UNSEEN), 1e-6) for s in candidates]
    return (rng or random.SystemRandom()).choices(candidates, weights=weights, k=1)[0]
