"""Who may do what with one-to-one conversations, challenges and themes: every permission of this app, in one place.

Confidential notes are read only by the conversation's author, the engagement's mentors and the organisation's
admins; facilitators, experts and other spokespeople never read them, they work with anonymised challenges.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import Role
from coproduce.engagements.rules import (
    is_engagement_manager,
    is_engagement_org_admin,
    roles_in_engagement,
)

LISTENERS = frozenset({Role.SPOKESPERSON, Role.MENTOR})


@rules.predicate
def is_listener(user, engagement) -> bool:
    return bool(roles_in_engagement(user, engagement) & LISTENERS)


@rules.predicate
def is_mentor(user, engagement) -> bool:
    return Role.MENTOR in roles_in_engagement(user, engagement)


@rules.predicate
def is_author(user, conversation) -> bool:
    return user.is_authenticated and conversation.author_id == user.pk


@rules.predicate
def is_mentor_of_conversation(user, conversation) -> bool:
    return is_mentor(user, conversation.engagement)


@rules.predicate
def is_admin_of_conversation(user, conversation) -> bool:
    return is_engagement_org_admin(user, conversation.engagement)


# The list of conversations: listeners see their own there, mentors and admins every one.
rules.add_perm("listening.list_conversations", is_listener | is_engagement_org_admin)
rules.add_perm("listening.list_all_conversations", is_mentor | is_engagement_org_admin)
rules.add_perm("listening.record_conversation", is_listener)
rules.add_perm("listening.read_notes", is_author | is_mentor_of_conversation | is_admin_of_conversation)
rules.add_perm("listening.change_conversation", is_author)
# Anonymised challenges: facilitators turn them into statements and keep the themes board.
rules.add_perm("listening.manage_challenges", is_engagement_manager)
rules.add_perm("listening.view_themes_board", is_engagement_manager | is_listener)
rules.add_perm("listening.mentor_space", is_mentor | is_engagement_org_admin)
rules.add_perm("listening.read_access_log", is_engagement_org_admin)
rules.add_perm("listening.erase_person", is_engagement_org_admin)
