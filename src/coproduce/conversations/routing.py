"""Which statement a participant sees next: weighted at random among the ones they have not seen yet.

The weight is the engine's routing priority from the latest snapshot (docs/decisions/0007-routing.md). Statements
newer than the snapshot get the priority the engine gives a statement nobody has voted on yet — high, so new
statements get seen.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from coproduce.conversations.models import AnalysisSnapshot, Statement, Vote
from coproduce.translations.reading import with_translations

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


def routing_priorities(conversation) -> tuple[dict[int, float], float]:
    """The priorities of the conversation's latest snapshot, reading only its id when they are already known."""
    latest = conversation.snapshots.values_list("pk", "created_at").first()
    return _priorities_of_snapshot(*latest) if latest is not None else priorities_from_snapshot(None)


# A snapshot never changes once stored, so its priorities can be kept: the vote page, loaded after every vote, then
# reads one id instead of the whole analysis (which grows with the number of participants). The time is part of the
# key so that an id reused after a rolled-back transaction (tests, SQLite) cannot find another snapshot's priorities.
# Callers must not change the result.
@lru_cache(maxsize=256)
def _priorities_of_snapshot(snapshot_id: int, created_at) -> tuple[dict[int, float], float]:
    return priorities_from_snapshot(
        AnalysisSnapshot.objects.filter(pk=snapshot_id).values_list("data", flat=True).first()
    )


@dataclass(frozen=True)
class Turn:
    statement: Statement | None  # the statement to show next; None when every published one has a vote
    voted: int  # published statements of others the participant has voted on
    remaining: int  # published statements of others still without their vote


def next_turn(
    conversation, participant, priorities: tuple[dict[int, float], float] | None, rng: random.Random | None = None
) -> Turn:
    """The statement to show next, and how far the participant has come.

    `priorities` as routing_priorities() gives them; None weighs every statement alike. Only ids are read for the
    choice, then the one statement chosen: the page is loaded after every vote, and conversations can have
    thousands of statements.
    """
    # A participant is never asked to vote on their own statement: what they wrote is what they think.
    # In id order, sorted here: the statements' own order (by time) made the database sort them on every page.
    published = sorted(
        conversation.statements.filter(status=Statement.Status.PUBLISHED)
        .exclude(author_id=participant.pk)
        .order_by()
        .values_list("pk", flat=True)
    )
    seen = set(Vote.objects.filter(participant=participant).values_list("statement_id", flat=True))
    candidates = [pk for pk in published if pk not in seen]
    voted = len(published) - len(candidates)
    priorities, of_new = priorities or priorities_from_snapshot(None)
    rng = rng or random.SystemRandom()
    while candidates:
        weights = [max(priorities.get(pk, of_new), 1e-12) for pk in candidates]
        chosen = rng.choices(candidates, weights=weights, k=1)[0]
        # With its confirmed translations, in the same query: the page shows it in the reader's language.
        statement = with_translations(
            Statement.objects.filter(pk=chosen, status=Statement.Status.PUBLISHED).only(
                "pk", "text", "language", "origin"
            )
        ).first()
        if statement is not None:
            return Turn(statement, voted, len(candidates))
        candidates.remove(chosen)  # hidden a moment ago: choose among the others
    return Turn(None, voted, 0)
