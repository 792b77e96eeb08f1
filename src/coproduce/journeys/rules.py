"""Who may do what with journeys: every permission of this app, in one place.

An organisation's managers (its admins and organisation-wide facilitators) start rounds, hand out links, close and
publish them, agree next steps, import frameworks and choose the settings. Every staff member of the organisation
(any staff role, organisation-wide or for one engagement) reads the results, the journey, the programme view and
the benchmarks. A network's coordinators start its rounds, read their results and keep its own actions board.
Answering needs only an invitation link: no account, no role.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import STAFF_ROLES, Membership, Organisation
from coproduce.engagements.rules import may_create_engagements
from coproduce.networks.rules import is_coordinator


@rules.predicate
def is_organisation_staff(user, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__.setdefault("_coproduce_journeys_staff", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = Membership.objects.filter(
            user=user, organisation=organisation, role__in=STAFF_ROLES
        ).exists()
    return cache[organisation.pk]


rules.add_perm("journeys.view_journeys", is_organisation_staff)
rules.add_perm("journeys.manage_journeys", may_create_engagements)
# A network's rounds and its own actions board: the network's coordinators (its managers).
rules.add_perm("journeys.manage_network_journeys", is_coordinator)
