"""Who may do what with the directory and signposting: every permission of this app, in one place.

Signposting starts from a one-to-one conversation, by the person who held it or the engagement's mentors (those
who may read it anyway: listening's rules). A signposting record, which says who was pointed where, is seen only by
those the person agreed to: the signposter, and, if they said so, the people who may read their conversation
(mentors and the organisation's admins). Everyone else on the engagement's staff sees counts only.
"""

from __future__ import annotations

import rules

from coproduce.engagements.rules import is_engagement_org_admin, is_engagement_staff, is_organisation_admin
from coproduce.listening.rules import is_author, is_mentor, is_mentor_of_conversation


@rules.predicate
def is_signposter(user, record) -> bool:
    return user.is_authenticated and record.author_id == user.pk


@rules.predicate
def is_consented_reader(user, record) -> bool:
    if record.shared_with != "readers":
        return False
    return is_mentor(user, record.engagement) or is_engagement_org_admin(user, record.engagement)


rules.add_perm("signposting.signpost", is_author | is_mentor_of_conversation)
rules.add_perm("signposting.view_record", is_signposter | is_consented_reader)
rules.add_perm("signposting.record_outcome", is_signposter | is_consented_reader)
rules.add_perm("signposting.view_figures", is_engagement_staff)
rules.add_perm("signposting.manage_directory", is_organisation_admin)
