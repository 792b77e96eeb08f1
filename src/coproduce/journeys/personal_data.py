"""Journeys' part of a person's data: the rounds they started. Answers are anonymous from the moment they are
sent (nothing ties an answer to a person or a link), so there is nothing of anyone's answers to export or erase.
On erasure the rounds stay (the organisation's record) and lose the link to who started them. Registered in
JourneysConfig.ready()."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.journeys.models import Round


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {"rounds_started": []}
    rounds = Round.objects.filter(created_by_id=person.user_id).select_related("organisation").order_by("created_at")
    return {
        "rounds_started": [
            {"organisation": r.organisation.slug, "title": r.title, "started_at": iso(r.created_at)} for r in rounds
        ]
    }


def erase(actor, person: Person) -> dict[str, int]:
    from coproduce.journeys.actions import do_forget_creator

    return do_forget_creator(actor, person.user_id) if person.user_id is not None else {}
