"""Delivery's part of a person's data: feedback they gave, and the updates they wrote.

Feedback comments are emptied on erasure (free text can name someone) while ratings stay on the participant
record, which engagements' eraser unlinks: the "did it work" counts do not move. Updates a staff member wrote
are the organisation's record and stay, attributed to the anonymised account. Subscriptions to updates are
notifications' (notifications/personal_data.py). Registered in DeliveryConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.delivery.models import ActionUpdate, Feedback


def export(person: Person) -> dict[str, Any]:
    ids = person.participant_ids
    feedback = Feedback.objects.filter(participant_id__in=ids).select_related("action").order_by("created_at", "pk")
    return {
        "feedback": [
            {
                "action": f.action.title,
                "rating": f.rating,
                "comment": f.comment,
                "given_at": iso(f.created_at),
                "changed_at": iso(f.updated_at),
            }
            for f in feedback
        ],
        "updates_written": (
            ActionUpdate.objects.filter(author_id=person.user_id).count() if person.user_id is not None else 0
        ),
    }


def erase(actor, person: Person) -> dict[str, int]:
    comments = Feedback.objects.filter(participant_id__in=person.participant_ids).exclude(comment="").update(comment="")
    return {"feedback_comments_emptied": comments}
