"""The community app's part of a person's data: the strengths they offered (their words, where, who may see them,
and what a facilitator decided), the questions they proposed and those they supported. Erasure deletes the offers,
with their links to engagements and proposals (the organisations' logs say how many), and the supports; a question
they proposed stays for those who supported it, unlinked from them and without their name. Registered in
CommunityConfig.ready()."""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.community.actions import TEXT_FIELDS, do_erase_offers, do_erase_questions
from coproduce.community.models import Asset, ProposedQuestion, QuestionSupport
from coproduce.core.bilingual import LANGUAGES


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {}
    offers = (
        Asset.objects.filter(holder_user_id=person.user_id)
        .select_related("organisation")
        .prefetch_related("themes")
        .order_by("created_at", "pk")
    )
    return {
        "offered_strengths": [
            {
                "organisation": asset.organisation.slug,
                "kind": asset.kind,
                **{
                    f"{name}_{code}": getattr(asset, f"{name}_{code}") or ""
                    for name in TEXT_FIELDS
                    if name != "held_by"
                    for code in LANGUAGES
                },
                "shown_as": asset.holder_name,
                "postcode_district": asset.postcode_district,
                "themes": [theme.slug for theme in asset.themes.all()],
                "status": asset.status,
                "who_can_see_it": asset.visibility,
                "may_be_shown_to_everyone": asset.consent_public,
                "may_be_open_data": asset.open_data,
                "offered_at": iso(asset.created_at),
            }
            for asset in offers
        ],
        "proposed_questions": [
            {
                "organisation": q.organisation.slug,
                "question": q.question,
                "why": q.why,
                "shown_as": q.proposer_name,
                "status": q.status,
                "proposed_at": iso(q.created_at),
            }
            for q in ProposedQuestion.objects.filter(proposer_id=person.user_id)
            .select_related("organisation")
            .order_by("created_at", "pk")
        ],
        "supported_questions": list(
            QuestionSupport.objects.filter(user_id=person.user_id).order_by("pk").values_list("question_id", flat=True)
        ),
    }


def erase(actor, person: Person) -> dict[str, int]:
    if person.user_id is None:
        return {"offered_strengths_erased": 0}
    return {
        "offered_strengths_erased": do_erase_offers(actor, person.user_id),
        **do_erase_questions(actor, person.user_id),
    }
