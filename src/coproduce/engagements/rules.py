"""Who may do what with organisations and engagements: every permission of this app, in one place.

Predicates take (user, object). Roles come from Membership rows (organisation-wide or for one engagement) and,
for "participant", from a participant record claimed by the account. They are looked up once per request and
object and cached on the user object, so checking several permissions in one page costs one query.
"""

from __future__ import annotations

import rules

from coproduce.engagements.models import (
    MANAGER_ROLES,
    STAFF_AREA_ROLES,
    STAFF_ROLES,
    Engagement,
    Membership,
    Organisation,
    Role,
)


def roles_in_organisation(user, organisation: Organisation) -> frozenset[str]:
    """Organisation-wide roles only."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_coproduce_org_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = frozenset(
            Membership.objects.filter(user=user, organisation=organisation, engagement__isnull=True).values_list(
                "role", flat=True
            )
        )
    return cache[organisation.pk]


def roles_in_engagement(user, engagement: Engagement) -> frozenset[str]:
    """Organisation-wide roles plus the roles held for this engagement, plus "participant" if the account takes part."""
    if not user.is_authenticated:
        return frozenset()
    cache = user.__dict__.setdefault("_coproduce_engagement_roles", {})
    if engagement.pk not in cache:
        rows = Membership.objects.filter(user=user, organisation_id=engagement.organisation_id).filter(
            engagement__isnull=True
        ) | Membership.objects.filter(user=user, engagement=engagement)
        found = list(rows.values_list("role", "engagement_id"))
        roles = {role for role, _engagement in found}
        # The organisation-wide ones come with them: the staff navigation asks for those too, at no extra query.
        user.__dict__.setdefault("_coproduce_org_roles", {}).setdefault(
            engagement.organisation_id, frozenset(role for role, engagement_id in found if engagement_id is None)
        )
        if engagement.participants.filter(user=user).exists():
            roles.add(Role.PARTICIPANT)
        cache[engagement.pk] = frozenset(roles)
    return cache[engagement.pk]


@rules.predicate
def is_public(user, engagement: Engagement) -> bool:
    return engagement.visibility == Engagement.Visibility.PUBLIC


@rules.predicate
def is_engagement_member(user, engagement: Engagement) -> bool:
    return bool(roles_in_engagement(user, engagement))


@rules.predicate
def is_engagement_manager(user, engagement: Engagement) -> bool:
    return bool(roles_in_engagement(user, engagement) & MANAGER_ROLES)


@rules.predicate
def is_engagement_staff(user, engagement: Engagement) -> bool:
    return bool(roles_in_engagement(user, engagement) & STAFF_ROLES)


@rules.predicate
def is_engagement_translator(user, engagement: Engagement) -> bool:
    return Role.TRANSLATOR in roles_in_engagement(user, engagement)


@rules.predicate
def is_engagement_org_admin(user, engagement: Engagement) -> bool:
    """An admin of the organisation running the engagement (the engagement's side of is_organisation_admin)."""
    return Role.ORG_ADMIN in roles_in_engagement(user, engagement)


@rules.predicate
def is_organisation_admin(user, organisation: Organisation) -> bool:
    return Role.ORG_ADMIN in roles_in_organisation(user, organisation)


@rules.predicate
def may_create_engagements(user, organisation: Organisation) -> bool:
    return bool(roles_in_organisation(user, organisation) & MANAGER_ROLES)


@rules.predicate
def has_any_staff_role(user) -> bool:
    if not user.is_authenticated:
        return False
    cache = user.__dict__
    if "_coproduce_is_staff_anywhere" not in cache:
        cache["_coproduce_is_staff_anywhere"] = Membership.objects.filter(user=user, role__in=STAFF_AREA_ROLES).exists()
    return cache["_coproduce_is_staff_anywhere"]


@rules.predicate
def is_platform_admin(user) -> bool:
    """Who runs the platform: an active superuser (platform roles are not Membership rows yet)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


# Link-only engagements are also visible to whoever holds their link: the accessor in access.py checks that.
rules.add_perm("engagements.view_engagement", is_public | is_engagement_member)
rules.add_perm("engagements.manage_engagement", is_engagement_manager)
rules.add_perm("engagements.view_staff_area", has_any_staff_role)
rules.add_perm("engagements.create_engagement", may_create_engagements)
rules.add_perm("engagements.create_organisation", is_platform_admin)
rules.add_perm("engagements.manage_organisation_members", is_organisation_admin)
# The Welsh-language compliance page of the whole organisation (each engagement's is for its managers).
rules.add_perm("engagements.view_language_compliance", is_organisation_admin)
# Roles that open confidential material (the table of roles, models.ROLES): a facilitator who could give them could
# make themselves the mentor and read every one-to-one note.
rules.add_perm("engagements.give_confidential_roles", is_organisation_admin)
