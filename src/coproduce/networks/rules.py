"""Who may do what with networks: every permission of this app, in one place.

Networks are public. Coordinators manage their network as admins manage their organisation; an organisation's
admins answer for the organisation (accept an invitation, ask to join, leave); a member network's coordinators
answer for it. Knowledge notes are written by the staff of any organisation in the network, directly or through a
member network, and by its coordinators.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import STAFF_ROLES, Membership, Role
from coproduce.engagements.rules import is_organisation_admin
from coproduce.networks import graph
from coproduce.networks.models import Network, NetworkCoordinator, NetworkMember


def coordinated_network_ids(user) -> frozenset[int]:
    """The networks this person coordinates: read once per request and cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__
    if "_coproduce_coordinates" not in cache:
        cache["_coproduce_coordinates"] = frozenset(
            NetworkCoordinator.objects.filter(user=user).values_list("network_id", flat=True)
        )
    return cache["_coproduce_coordinates"]


@rules.predicate
def is_coordinator(user, network: Network) -> bool:
    return network.pk in coordinated_network_ids(user)


@rules.predicate
def is_admin_of_any_organisation(user) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, role=Role.ORG_ADMIN).exists()


@rules.predicate
def is_member_staff(user, network: Network) -> bool:
    """Staff (any staff role, organisation-wide or for one engagement) of an organisation in the network."""
    if not user.is_authenticated:
        return False
    organisations = graph.member_organisation_ids(network)
    return Membership.objects.filter(user=user, organisation_id__in=organisations, role__in=STAFF_ROLES).exists()


@rules.predicate
def may_answer(user, member: NetworkMember) -> bool:
    """The other side answers: an invitation by the invited organisation's admins or network's coordinators, a
    request by the coordinators of the network asked."""
    if member.status == NetworkMember.Status.REQUESTED:
        return is_coordinator(user, member.network)
    if member.status == NetworkMember.Status.INVITED:
        if member.organisation_id is not None:
            return is_organisation_admin(user, member.organisation)
        return is_coordinator(user, member.member_network)
    return False


@rules.predicate
def may_remove(user, member: NetworkMember) -> bool:
    """The network's coordinators remove a member; the member's own side may leave (or withdraw its request)."""
    if is_coordinator(user, member.network):
        return True
    if member.organisation_id is not None:
        return is_organisation_admin(user, member.organisation)
    return is_coordinator(user, member.member_network)


rules.add_perm("networks.create_network", is_admin_of_any_organisation)
rules.add_perm("networks.manage_network", is_coordinator)
rules.add_perm("networks.read_audit", is_coordinator)
rules.add_perm("networks.write_note", is_coordinator | is_member_staff)
rules.add_perm("networks.answer", may_answer)
rules.add_perm("networks.remove_member", may_remove)
# An organisation's networks page (its invitations, its requests to join): its admins.
rules.add_perm("networks.manage_organisation_networks", is_organisation_admin)
