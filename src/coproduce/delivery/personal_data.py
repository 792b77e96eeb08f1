"""Delivery's part of a person's data: feedback they gave, their subscription to updates, and their address.

On erasure subscriptions go (with the notices waiting for them), and so does their address on the do-not-mail
list: with no subscription left nothing can be mailed to it, and keeping the address would keep what they asked
us to forget. Feedback comments are emptied (free text can name someone) while ratings stay on the participant
record, which engagements' eraser unlinks: the "did it work" counts do not move. Updates a staff member wrote
are the organisation's record and stay, attributed to the anonymised account. Registered in
DeliveryConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.models import User
from coproduce.accounts.personal_data import Person, iso
from coproduce.delivery.models import ActionUpdate, Feedback, Subscription, Unsubscribed


def _addresses(person: Person) -> set[str]:
    subscribed = Subscription.objects.filter(participant_id__in=person.participant_ids)
    addresses = set(subscribed.values_list("email", flat=True))
    if person.user_id is not None:
        addresses |= {e.lower() for e in User.objects.filter(pk=person.user_id).values_list("email", flat=True)}
    return addresses


def export(person: Person) -> dict[str, Any]:
    ids = person.participant_ids
    feedback = Feedback.objects.filter(participant_id__in=ids).select_related("action").order_by("created_at", "pk")
    subscriptions = Subscription.objects.filter(participant_id__in=ids).select_related("engagement").order_by("pk")
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
        "subscriptions": [
            {
                "engagement": s.engagement.slug,
                "email": s.email,
                "language": s.language,
                "how_often": s.frequency,
                "since": iso(s.created_at),
            }
            for s in subscriptions
        ],
        "no_more_mail_to": sorted(
            Unsubscribed.objects.filter(email__in=_addresses(person)).values_list("email", flat=True)
        ),
        "updates_written": (
            ActionUpdate.objects.filter(author_id=person.user_id).count() if person.user_id is not None else 0
        ),
    }


def erase(actor, person: Person) -> dict[str, int]:
    ids = person.participant_ids
    addresses = _addresses(person)
    _, deleted = Subscription.objects.filter(participant_id__in=ids).delete()
    subscriptions = deleted.get(Subscription._meta.label, 0)
    stopped, _ = Unsubscribed.objects.filter(email__in=addresses).delete()
    comments = Feedback.objects.filter(participant_id__in=ids).exclude(comment="").update(comment="")
    return {"subscriptions": subscriptions, "do_not_mail_entries": stopped, "feedback_comments_emptied": comments}
