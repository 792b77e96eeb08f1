"""Who sees which asset, as a queryset filter (the same rule as rules.py, asked of many rows in one query).

- Everyone: published assets shown to everyone.
- The organisation's staff: also its published assets kept for staff.
- Its managers (admins, facilitators): also its private ones.
- The person who offered an asset: it, whatever its state (on their own pages; the map shows published ones only).

A sensitive asset's place, way in and coordinates are for its organisation's staff and its holder
(`place_visible`); everyone else who may see it gets its postcode district only.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coproduce.community.models import Asset
from coproduce.community.rules import managed_organisations, staff_organisations


def visible_q(user) -> Q:
    """Published assets this person may see."""
    shown = Q(visibility=Asset.Visibility.PUBLIC)
    if staff := staff_organisations(user):
        shown |= Q(visibility=Asset.Visibility.STAFF, organisation_id__in=staff)
    if managed := managed_organisations(user):
        shown |= Q(organisation_id__in=managed)
    if user.is_authenticated:
        shown |= Q(holder_user_id=user.pk)
    return Q(status=Asset.Status.PUBLISHED) & shown


def visible_assets(user, assets: QuerySet[Asset] | None = None) -> QuerySet[Asset]:
    return (assets if assets is not None else Asset.objects.all()).filter(visible_q(user))


def may_read(user, asset: Asset) -> bool:
    """One asset's page: visible as above, and also any state of it to its managers and its holder."""
    if asset.organisation_id in managed_organisations(user):
        return True
    if user.is_authenticated and asset.holder_user_id == user.pk:
        return True
    if asset.status != Asset.Status.PUBLISHED:
        return False
    if asset.visibility == Asset.Visibility.PUBLIC:
        return True
    if asset.visibility == Asset.Visibility.STAFF:
        return asset.organisation_id in staff_organisations(user)
    return False


def place_visible(user, asset: Asset) -> bool:
    """Whether this person may see the asset's place name, way in and coordinates."""
    if not asset.sensitive:
        return True
    return asset.organisation_id in staff_organisations(user) or (
        user.is_authenticated and asset.holder_user_id == user.pk
    )


def place_visible_q(user) -> Q:
    """`place_visible` as a filter: the assets whose coordinates this person may see on the map."""
    shown = Q(sensitive=False)
    if staff := staff_organisations(user):
        shown |= Q(organisation_id__in=staff)
    if user.is_authenticated:
        shown |= Q(holder_user_id=user.pk)
    return shown
