"""What signposting adds to the lower apps' pages (coproduce.engagements.registry), registered in apps.py: a
"signpost this person" part on a one-to-one conversation's page, and the figures on a network's page."""

from __future__ import annotations

from typing import Any

from coproduce.engagements.models import Engagement
from coproduce.signposting.access import records_visible_to
from coproduce.signposting.figures import figures
from coproduce.signposting.models import Signposting


def conversation_section(conversation: Any, request: Any) -> dict[str, Any] | None:
    """The conversation's signposting: its records the reader may see, and the link to signpost (one query)."""
    user = request.user
    may_signpost = user.has_perm("signposting.signpost", conversation) and not conversation.notes_hidden
    records = list(
        records_visible_to(user, conversation.engagement)
        .filter(conversation=conversation)
        .select_related("service", "asset")
    )
    if not may_signpost and not records:
        return None
    return {"conversation": conversation, "records": records, "may_signpost": may_signpost}


def network_section(network: Any, organisation_ids: set[int], request: Any) -> dict[str, Any]:
    """Anonymous figures of signposting in the engagements of the network's organisations (at any depth)."""
    records = Signposting.objects.filter(engagement__in=Engagement.objects.filter(organisation_id__in=organisation_ids))
    return {"network": network, "figures": figures(records)}
