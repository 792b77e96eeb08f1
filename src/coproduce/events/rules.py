"""Who may do what with events: organisers are the organisation's admins and the linked engagement's managers (its
facilitators), who may also create events linked to it. Organisers may cancel and delete an event."""

from __future__ import annotations

import rules

from coproduce.engagements.rules import is_engagement_manager, is_organisation_admin


@rules.predicate
def is_event_organiser(user, event) -> bool:
    if is_organisation_admin(user, event.organisation):
        return True
    return event.engagement is not None and is_engagement_manager(user, event.engagement)


rules.add_perm("events.organise", is_event_organiser)
# Creating an event, and the organisation's list of its events: the organisation's admins (checked on the organisation).
rules.add_perm("events.create_event", is_organisation_admin)
# An engagement's managers (its facilitators, and the organisation's admins) create events linked to it, from the
# engagement's staff area; they then organise them (is_event_organiser). Checked on the engagement.
rules.add_perm("events.create_engagement_event", is_engagement_manager)
