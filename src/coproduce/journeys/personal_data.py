"""Journeys' part of a person's data: the rounds they started, and the rounds they were invited to by email (the
perspective, and whether they took their link: never which link, nor their answer). Answers are anonymous from the moment they are
sent (nothing ties an answer to a person or a link), so there is nothing of anyone's answers to export or erase.
On erasure the rounds stay (the organisation's record) and lose the link to who started them. Registered in
JourneysConfig.ready()."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.journeys.models import Invitee, Round


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {"rounds_started": [], "invited_to": []}
    rounds = (
        Round.objects.filter(created_by_id=person.user_id)
        .select_related("organisation", "network")
        .order_by("created_at")
    )
    invited = Invitee.objects.filter(user_id=person.user_id).select_related("round").order_by("pk")
    return {
        "rounds_started": [
            {
                "organisation": r.organisation.slug if r.organisation_id else None,
                "network": r.network.slug if r.network_id else None,
                "title": r.title,
                "started_at": iso(r.created_at),
            }
            for r in rounds
        ],
        "invited_to": [
            {"round": i.round.title, "perspective": i.perspective, "link_taken": i.link_taken} for i in invited
        ],
    }


def erase(actor, person: Person) -> dict[str, int]:
    from coproduce.journeys.actions import do_forget_creator

    return do_forget_creator(actor, person.user_id) if person.user_id is not None else {}
