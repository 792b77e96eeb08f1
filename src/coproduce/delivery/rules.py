"""Who may do what with actions, iterations, feedback and the audit trail: every permission of this app.

Leaving feedback and subscribing are checked in the views: they depend on the browser's participant record.
"""

from __future__ import annotations

import rules

from coproduce.engagements.rules import (
    is_engagement_manager,
    is_engagement_org_admin,
    is_engagement_staff,
)

rules.add_perm("delivery.manage", is_engagement_manager)  # actions, status, updates, iterations, next cycle
rules.add_perm("delivery.view_board", is_engagement_staff)
rules.add_perm("delivery.view_audit", is_engagement_org_admin)
