"""Listening's part of a person's data: the one-to-one conversations held with them.

Erasure goes through listening's own ``do_erase_person`` (notes and name removed, participant link cut, and an
audit event in the organisation's log so its admins see that it happened), once per participant record: it
erases every conversation of that record in the engagement. The export lists the conversations and what the
person agreed to, not the notes: notes may name other people, so they are released on a subject access request
that staff handle, as their erasure is today. Conversations a staff member recorded about others are not
theirs to export; they stay, attributed to the anonymised account. Registered in ListeningConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from coproduce.accounts.personal_data import Person, iso
from coproduce.listening.actions import do_erase_person
from coproduce.listening.models import ListeningConversation


def export(person: Person) -> dict[str, Any]:
    conversations = (
        ListeningConversation.objects.filter(participant_id__in=person.participant_ids, erased_at__isnull=True)
        .select_related("engagement")
        .annotate(challenge_count=Count("challenges"))
        .order_by("held_on", "pk")
    )
    return {
        "one_to_one_conversations": [
            {
                "engagement": c.engagement.slug,
                "held_on": iso(c.held_on),
                "prompt": c.prompt,
                "what_may_be_shared": c.sharing,
                "quoting": c.quote,
                "consent_withdrawn_at": iso(c.consent_withdrawn_at),
                "challenges_drawn_from_it": c.challenge_count,
            }
            for c in conversations
        ],
    }


def erase(actor, person: Person) -> dict[str, int]:
    one_per_record = {
        c.participant_id: c
        for c in ListeningConversation.objects.filter(
            participant_id__in=person.participant_ids, erased_at__isnull=True
        ).select_related("engagement__organisation")
    }
    erased = sum(do_erase_person(actor, conversation) for conversation in one_per_record.values())
    return {"one_to_one_conversations_erased": erased}
