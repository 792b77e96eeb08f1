"""Who may do what with proposals, expert input, prioritisation and decisions: every permission of this app.

Taking part (writing, commenting, choosing between pairs) is checked in access.py: it depends on the browser's
participant token, the phase's features and consent, not only on the account.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import Role
from coproduce.engagements.rules import is_engagement_manager, is_engagement_staff, roles_in_engagement


@rules.predicate
def is_engagement_expert(user, engagement) -> bool:
    return Role.EXPERT in roles_in_engagement(user, engagement)


rules.add_perm("proposals.manage", is_engagement_manager)  # status, boundary check, moderation, decisions
rules.add_perm("proposals.give_expert_input", is_engagement_expert)
rules.add_perm("proposals.write_as_staff", is_engagement_staff)
