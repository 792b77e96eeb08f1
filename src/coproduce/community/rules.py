"""Who may do what with the asset map: every permission of this app, in one place.

An organisation's *staff* are the people with a staff role there (organisation-wide, or for one of its
engagements); its *managers* are its admins and facilitators. Managers add, edit and publish its assets and decide
on the strengths people offer; staff see the assets kept for staff and every sensitive asset's place; a person sees
their own offers. Who sees which asset is `visibility.visible_assets` (the same rule as a queryset).
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import MANAGER_ROLES, STAFF_ROLES, Membership, Organisation
from coproduce.engagements.rules import is_engagement_manager


def organisation_roles(user) -> dict[int, frozenset[str]]:
    """Every organisation the person has a role in (organisation-wide or for an engagement) -> the roles: one query
    per request, cached on the user object."""
    if not user.is_authenticated:
        return {}
    cache = user.__dict__
    if "_coproduce_community_roles" not in cache:
        roles: dict[int, set[str]] = {}
        for organisation_id, role in Membership.objects.filter(user=user).values_list("organisation_id", "role"):
            roles.setdefault(organisation_id, set()).add(role)
        cache["_coproduce_community_roles"] = {pk: frozenset(r) for pk, r in roles.items()}
    return cache["_coproduce_community_roles"]


def staff_organisations(user) -> frozenset[int]:
    return frozenset(pk for pk, roles in organisation_roles(user).items() if roles & STAFF_ROLES)


def managed_organisations(user) -> frozenset[int]:
    return frozenset(pk for pk, roles in organisation_roles(user).items() if roles & MANAGER_ROLES)


@rules.predicate
def manages_organisation(user, organisation: Organisation) -> bool:
    return organisation.pk in managed_organisations(user)


@rules.predicate
def manages_asset_organisation(user, asset) -> bool:
    return asset.organisation_id in managed_organisations(user)


@rules.predicate
def is_staff_of_asset_organisation(user, asset) -> bool:
    return asset.organisation_id in staff_organisations(user)


@rules.predicate
def is_holder(user, asset) -> bool:
    return user.is_authenticated and asset.holder_user_id == user.pk


@rules.predicate
def is_signed_in(user, _organisation=None) -> bool:
    return user.is_authenticated


rules.add_perm("community.manage_assets", manages_organisation)
rules.add_perm("community.change_asset", manages_asset_organisation)
rules.add_perm("community.review_asset", manages_asset_organisation)
# A sensitive asset's place name, way in and coordinates.
rules.add_perm("community.see_sensitive_place", is_staff_of_asset_organisation | is_holder)
rules.add_perm("community.offer_strength", is_signed_in)
# Choosing the assets an engagement draws on, and those its proposals would use.
rules.add_perm("community.choose_engagement_assets", is_engagement_manager)
