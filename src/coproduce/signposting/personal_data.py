"""Signposting's part of a person's data: where they were signposted from their one-to-one conversations, and what
came of it (found through the participant record copied onto each record). Erasure cuts every link to the person
(actions.do_erase_person): the counts of where people were signposted stay, naming nobody. Records a staff member
made about others are not theirs to export. Registered in SignpostingConfig.ready()."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.signposting.actions import do_erase_person
from coproduce.signposting.models import Signposting


def export(person: Person) -> dict[str, Any]:
    rows = (
        Signposting.objects.filter(participant_id__in=person.participant_ids, erased_at__isnull=True)
        .select_related("engagement", "service", "asset")
        .order_by("created_at", "pk")
    )
    return {
        "signposted_to": [
            {
                "engagement": r.engagement.slug,
                "service": r.service.name if r.service else None,
                "service_id": str(r.service_id) if r.service_id else None,
                "asset": r.asset.name if r.asset else None,
                "asset_id": r.asset_id,
                "consent_given_at": iso(r.consent_given_at),
                "who_may_see_it": r.shared_with,
                "outcome": r.outcome,
                "outcome_recorded_at": iso(r.outcome_recorded_at),
            }
            for r in rows
        ]
    }


def erase(actor, person: Person) -> dict[str, int]:
    return {"signposting_records_unlinked": do_erase_person(actor, person.participant_ids)}
