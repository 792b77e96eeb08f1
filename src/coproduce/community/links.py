"""What the asset map adds to the lower apps' pages (coproduce.engagements.registry), registered in apps.py: the
strengths an engagement draws on (its page), the assets a proposal would use (its page), and both along the golden
thread ("we asked, you said, we did"), and a network's shared strengths (its page). Each section makes a fixed number of queries, and shows only the assets the
reader may see, a sensitive one without its place."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from coproduce.community.models import Asset, ProposalAsset
from coproduce.community.visibility import place_visible, visible_q
from coproduce.engagements.registry import EngagementPage


def drawable_assets(user, engagement) -> QuerySet[Asset]:
    """The assets an engagement's facilitators may choose from: its organisation's own (any visibility)."""
    return (
        Asset.objects.filter(organisation_id=engagement.organisation_id)
        .prefetch_related("themes")
        .order_by("kind", "name", "pk")
    )


def _shown(user, assets: QuerySet[Asset], limit: int | None = None) -> list[Asset]:
    found = (
        assets.filter(visible_q(user)).select_related("organisation").prefetch_related("themes").order_by("name", "pk")
    )
    rows = list(found[:limit] if limit else found)
    for asset in rows:
        asset.place_shown = place_visible(user, asset)
    return rows


def engagement_section(page: EngagementPage) -> dict[str, Any] | None:
    """The engagement page: the strengths it draws on, and for its facilitators the page that chooses them."""
    user = page.request.user
    engagement = page.engagement
    assets = _shown(user, Asset.objects.filter(engagement_links__engagement=engagement))
    can_choose = user.has_perm("community.choose_engagement_assets", engagement)
    return {"engagement": engagement, "assets": assets, "can_choose": can_choose}


def proposal_section(proposal: Any, engagement: Any, request: Any) -> dict[str, Any] | None:
    """A proposal's page: the assets it would use."""
    user = request.user
    assets = _shown(user, Asset.objects.filter(proposal_links__proposal=proposal))
    can_choose = user.has_perm("community.choose_engagement_assets", engagement)
    if not assets and not can_choose:
        return None
    return {"engagement": engagement, "proposal": proposal, "assets": assets, "can_choose": can_choose}


def report_section(engagement: Any, request: Any) -> dict[str, Any] | None:
    """The golden thread: "you said, we did, with these strengths": the assets the engagement drew on, and those
    the proposals its decisions took up would use (each proposal's titles beside them)."""
    user = request.user
    drawn = _shown(user, Asset.objects.filter(engagement_links__engagement=engagement))
    cited_links = list(
        ProposalAsset.objects.filter(
            proposal__engagement=engagement, proposal__decisions__isnull=False, proposal__is_hidden=False
        )
        .select_related("proposal")
        .order_by("proposal_id")
        .distinct()
    )
    cited = {
        asset.pk: asset for asset in _shown(user, Asset.objects.filter(pk__in={link.asset_id for link in cited_links}))
    }
    proposals_of: dict[int, list[Any]] = {}
    for link in cited_links:
        if link.asset_id in cited and link.proposal not in proposals_of.setdefault(link.asset_id, []):
            proposals_of[link.asset_id].append(link.proposal)
    used = [(cited[pk], proposals_of[pk]) for pk in sorted(cited, key=lambda pk: (cited[pk].name, pk))]
    if not drawn and not used:
        return None
    return {"engagement": engagement, "drawn": drawn, "used": used}


#: How many of a network's shared strengths its page lists (the asset map has them all).
NETWORK_ASSETS_SHOWN = 12


def network_section(network: Any, organisation_ids: set[int], request: Any) -> dict[str, Any] | None:
    """A network's page: the strengths its organisations (at any depth) share, those the reader may see. Three
    queries, whatever the number."""
    assets = Asset.objects.filter(organisation_id__in=organisation_ids)
    shown = _shown(request.user, assets, NETWORK_ASSETS_SHOWN) if organisation_ids else []
    total = assets.filter(visible_q(request.user)).count() if shown else 0
    return {"network": network, "assets": shown, "total": total, "more": max(total - len(shown), 0)}
