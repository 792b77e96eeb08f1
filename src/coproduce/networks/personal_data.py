"""Networks' part of a person's data: the knowledge notes they wrote and the networks they coordinate.

Notes are written for a network as a member organisation's staff; on erasure their author link is cut (the note
stays, the network's shared knowledge, attributed to the organisation), as staff-written records are kept
elsewhere. Coordinating a network ends with the account. Registered in NetworksConfig.ready().
"""

from __future__ import annotations

from typing import Any

from coproduce.accounts.personal_data import Person, iso
from coproduce.networks.models import KnowledgeNote, NetworkCoordinator


def export(person: Person) -> dict[str, Any]:
    if person.user_id is None:
        return {"knowledge_notes": [], "networks_coordinated": []}
    notes = KnowledgeNote.objects.filter(author_id=person.user_id).select_related("network").order_by("created_at")
    return {
        "knowledge_notes": [
            {
                "network": n.network.slug,
                "title": n.title,
                "what_worked": n.what_worked,
                "what_we_would_do_differently": n.what_differently,
                "language": n.language,
                "written_at": iso(n.created_at),
            }
            for n in notes
        ],
        "networks_coordinated": sorted(
            NetworkCoordinator.objects.filter(user_id=person.user_id).values_list("network__slug", flat=True)
        ),
    }


def erase(actor, person: Person) -> dict[str, int]:
    from coproduce.networks.actions import do_forget_author

    return do_forget_author(actor, person.user_id) if person.user_id is not None else {}
