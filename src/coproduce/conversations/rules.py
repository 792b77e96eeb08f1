"""Who may do what in a conversation: every permission of this app, in one place."""

from __future__ import annotations

import rules

from coproduce.engagements.rules import is_engagement_manager, is_engagement_translator

# Taking part (voting, writing) is checked in access.py: it depends on the browser's participant token, the
# phase's features and consent, not only on the account.
rules.add_perm("conversations.moderate", is_engagement_manager)
rules.add_perm("conversations.view_live", is_engagement_manager)
rules.add_perm("conversations.enter_assisted", is_engagement_manager)
rules.add_perm("conversations.see_results_early", is_engagement_manager)
# Propose, confirm or reject translations of statements (the translation queue); the proposer never confirms their
# own (coproduce.translations.actions).
rules.add_perm("conversations.translate", is_engagement_manager | is_engagement_translator)
