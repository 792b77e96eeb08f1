"""Conversations' part of a person's data: the statements they wrote and their votes.

On erasure statements stay, unlinked from the person (others voted on them and the analysis rests on them;
participants' words are never edited), and votes stay on the participant record, which engagements' eraser
unlinks from the account: the counts are unchanged and name nobody. Registered in ConversationsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.conversations.models import Statement, Vote, VoteEvent


def export(person: Person) -> dict[str, Any]:
    ids = person.participant_ids
    statements = (
        Statement.objects.filter(author_id__in=ids)
        .select_related("conversation__engagement")
        .order_by("created_at", "pk")
    )
    votes = Vote.objects.filter(participant_id__in=ids).select_related("conversation__engagement").order_by("pk")
    return {
        "statements": [
            {
                "engagement": s.conversation.engagement.slug,
                "text": s.text,
                "status": s.status,
                "written_at": iso(s.created_at),
            }
            for s in statements
        ],
        "votes": [
            {
                "engagement": v.conversation.engagement.slug,
                "statement": v.statement_id,
                "vote": v.value,
                "at": iso(v.updated_at),
            }
            for v in votes
        ],
        "vote_changes": VoteEvent.objects.filter(participant_id__in=ids).count(),
    }


def erase(actor, person: Person) -> dict[str, int]:
    unlinked = Statement.objects.filter(author_id__in=person.participant_ids).update(author=None)
    return {"statements_unlinked": unlinked}
