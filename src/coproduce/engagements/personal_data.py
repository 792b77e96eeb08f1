"""Engagements' part of a person's data: their participant records and the roles their account holds.

Registered in EngagementsConfig.ready(); see coproduce.accounts.personal_data for the contract.
"""

from __future__ import annotations

import uuid
from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.engagements.models import Membership, Participant


def export(person: Person) -> dict[str, Any]:
    participants = (
        Participant.objects.filter(pk__in=person.participant_ids)
        .select_related("engagement", "perspective")
        .order_by("created_at", "pk")
    )
    memberships = (
        Membership.objects.filter(user_id=person.user_id).select_related("organisation", "engagement")
        if person.user_id is not None
        else Membership.objects.none()
    )
    return {
        "participant_records": [
            {
                "id": str(p.public_id),
                "engagement": p.engagement.slug,
                "engagement_title": p.engagement.title,
                "perspective": p.perspective.name if p.perspective_id else None,
                "agreed_to_privacy_notice": iso(p.consented_at),
                "entered_by_a_facilitator": p.is_assisted,
                "created_at": iso(p.created_at),
            }
            for p in participants
        ],
        "roles": [
            {
                "organisation": m.organisation.slug,
                "engagement": m.engagement.slug if m.engagement_id else None,
                "role": m.role,
                "since": iso(m.created_at),
            }
            for m in memberships
        ],
    }


def erase(actor, person: Person) -> dict[str, int]:
    """Roles go; participant records stay (their votes and choices count) but no longer name the account, and each
    gets a new random public id, so that a participant token kept anywhere (a browser's cookie, a copy of it) no
    longer leads to the record: the token's link to the person is gone."""
    roles = 0
    if person.user_id is not None:
        _, deleted = Membership.objects.filter(user_id=person.user_id).delete()
        roles = deleted.get(Membership._meta.label, 0)
    unlinked = Participant.objects.filter(pk__in=person.participant_ids, user__isnull=False).update(user=None)
    records = list(Participant.objects.filter(pk__in=person.participant_ids).only("pk", "public_id"))
    for record in records:
        record.public_id = uuid.uuid4()
    Participant.objects.bulk_update(records, ["public_id"])
    return {"roles": roles, "participant_records_unlinked": unlinked, "participant_tokens_cut": len(records)}
