"""Action functions: the only way the asset map changes. Each is transactional and writes its audit event, with
ids and counts only (never names, places or descriptions: the audit log outlives an erasure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from coproduce.community.models import Asset, AssetTheme, EngagementAsset, ProposalAsset, area_of
from coproduce.core.bilingual import Texts, columns_of, update
from coproduce.engagements.actions import audit
from coproduce.engagements.models import Engagement, Organisation
from coproduce.proposals.models import Proposal

#: The asset's texts staff write in English and Welsh (translation.py).
TEXT_FIELDS = ("name", "description", "held_by", "place_name", "how_to_reach", "availability")
#: The rest of what a staff member sets.
PLAIN_FIELDS = ("kind", "postcode_district", "latitude", "longitude", "visibility", "sensitive")


class AssetRefused(Exception):
    """What an action will not do, in words for the person who asked."""


def _plain(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data[name] for name in PLAIN_FIELDS if name in data}
    if "postcode_district" in values:
        values["postcode_area"] = area_of(values["postcode_district"])
    return values


@transaction.atomic
def do_create_asset(
    actor, organisation: Organisation, texts: Mapping[str, str | Texts], data: Mapping[str, Any], themes=()
) -> Asset:
    """A staff member adds an asset: published at once, with the visibility they chose."""
    asset = Asset.objects.create(
        organisation=organisation,
        created_by=actor,
        status=Asset.Status.PUBLISHED,
        **columns_of(**{name: texts.get(name, "") for name in TEXT_FIELDS}),
        **_plain(data),
    )
    asset.themes.set(themes)
    audit(actor, organisation, "community.asset_created", asset=asset.pk, kind=asset.kind)
    return asset


@transaction.atomic
def do_update_asset(actor, asset: Asset, texts: Mapping[str, str | Texts], data: Mapping[str, Any], themes=()) -> None:
    names, languages = update(asset, **{name: texts.get(name, "") for name in TEXT_FIELDS})
    plain = _plain(data)
    if asset.is_persons and plain.get("visibility") == Asset.Visibility.PUBLIC and not asset.consent_public:
        raise AssetRefused("consent")
    for name, value in plain.items():
        setattr(asset, name, value)
    asset.updated_at = timezone.now()
    asset.save(update_fields=[*names, *plain, "updated_at"])
    asset.themes.set(themes)
    audit(actor, asset.organisation, "community.asset_changed", asset=asset.pk, languages=languages)


@transaction.atomic
def do_offer_strength(
    actor, organisation: Organisation, texts: Mapping[str, str], data: Mapping[str, Any], themes=()
) -> Asset:
    """A person offers their own strength. It waits for a facilitator; it is shown to everyone only if they agreed,
    else to the organisation's staff. The texts are in the language they wrote in (a plain string each)."""
    consent = bool(data.get("consent_public"))
    asset = Asset.objects.create(
        organisation=organisation,
        created_by=actor,
        holder_user=actor,
        holder_name=data.get("holder_name", ""),
        status=Asset.Status.OFFERED,
        kind=data["kind"],
        postcode_district=data["postcode_district"],
        postcode_area=area_of(data["postcode_district"]),
        visibility=Asset.Visibility.PUBLIC if consent else Asset.Visibility.STAFF,
        consent_public=consent,
        open_data=consent and bool(data.get("open_data")),
        **columns_of(
            **{
                name: texts.get(name, "")
                for name in ("name", "description", "place_name", "how_to_reach", "availability")
            }
        ),
    )
    asset.themes.set(themes)
    audit(actor, organisation, "community.strength_offered", asset=asset.pk, kind=asset.kind, public=consent)
    return asset


@transaction.atomic
def do_publish_asset(actor, asset: Asset, visibility: str) -> None:
    if asset.status == Asset.Status.PUBLISHED:
        raise AssetRefused("published")
    if asset.is_persons and visibility == Asset.Visibility.PUBLIC and not asset.consent_public:
        raise AssetRefused("consent")
    asset.status, asset.visibility, asset.updated_at = Asset.Status.PUBLISHED, visibility, timezone.now()
    fields = ["status", "visibility", "updated_at", *update(asset, status_reason="")[0]]
    asset.save(update_fields=fields)
    audit(actor, asset.organisation, "community.asset_published", asset=asset.pk, visibility=visibility)


@transaction.atomic
def do_decline_asset(actor, asset: Asset, reason: str | Texts) -> None:
    if asset.status == Asset.Status.DECLINED:
        raise AssetRefused("declined")
    asset.status, asset.updated_at = Asset.Status.DECLINED, timezone.now()
    names, _languages = update(asset, status_reason=reason)
    asset.save(update_fields=["status", "updated_at", *names])
    audit(actor, asset.organisation, "community.asset_declined", asset=asset.pk)


def _replace_links(link_model, owner: dict, assets: Iterable[Asset]) -> tuple[int, int]:
    """Make the owner's links to assets exactly `assets`: (added, removed)."""
    chosen = {asset.pk for asset in assets}
    current = set(link_model.objects.filter(**owner).values_list("asset_id", flat=True))
    link_model.objects.filter(**owner, asset_id__in=current - chosen).delete()
    link_model.objects.bulk_create([link_model(**owner, asset_id=pk) for pk in sorted(chosen - current)])
    return len(chosen - current), len(current - chosen)


@transaction.atomic
def do_set_engagement_assets(actor, engagement: Engagement, assets: Iterable[Asset]) -> None:
    """The assets an engagement draws on, as its facilitators chose them (replacing the earlier choice)."""
    added, removed = _replace_links(EngagementAsset, {"engagement": engagement}, assets)
    audit(
        actor,
        engagement.organisation,
        "community.engagement_assets_chosen",
        engagement,
        added=added,
        removed=removed,
    )


@transaction.atomic
def do_set_proposal_assets(actor, proposal: Proposal, assets: Iterable[Asset]) -> None:
    """The assets a proposal would use (replacing the earlier choice)."""
    added, removed = _replace_links(ProposalAsset, {"proposal": proposal}, assets)
    audit(
        actor,
        proposal.engagement.organisation,
        "community.proposal_assets_cited",
        proposal.engagement,
        proposal=proposal.pk,
        added=added,
        removed=removed,
    )


@transaction.atomic
def do_erase_offers(actor, user_id: int) -> int:
    """A person erases their data: the strengths they offered go (with the links to engagements and proposals),
    each organisation's log saying how many."""
    counts: dict[int, int] = {}
    for organisation_id in Asset.objects.filter(holder_user_id=user_id).values_list("organisation_id", flat=True):
        counts[organisation_id] = counts.get(organisation_id, 0) + 1
    if not counts:
        return 0
    Asset.objects.filter(holder_user_id=user_id).delete()
    for organisation in Organisation.objects.filter(pk__in=counts):
        audit(actor, organisation, "community.offers_erased", assets=counts[organisation.pk])
    return sum(counts.values())


def themes_by_slug(slugs: Iterable[str]) -> list[AssetTheme]:
    return list(AssetTheme.objects.filter(slug__in=list(slugs)))


# --- Communities set agendas too: questions proposed to an organisation ---


@transaction.atomic
def do_propose_question(actor, organisation: Organisation, question: str, why: str, name: str, language: str):
    from coproduce.community.models import ProposedQuestion

    proposed = ProposedQuestion.objects.create(
        organisation=organisation, question=question, why=why, proposer=actor, proposer_name=name, language=language
    )
    audit(actor, organisation, "community.question_proposed", question=proposed.pk)
    return proposed


@transaction.atomic
def do_support_question(actor, proposed) -> bool:
    """Support a question (once: supporting again changes nothing). True if this added a support."""
    from coproduce.community.models import QuestionSupport

    if proposed.status != proposed.Status.OPEN:
        raise AssetRefused("answered")
    _support, created = QuestionSupport.objects.get_or_create(question=proposed, user=actor)
    if created:
        audit(actor, proposed.organisation, "community.question_supported", question=proposed.pk)
    return created


@transaction.atomic
def do_answer_question(actor, proposed, status: str, response: str | Texts, engagement: Engagement | None) -> None:
    """The organisation's public answer: taken up (with the engagement it started) or declined with its reason."""
    if proposed.status != proposed.Status.OPEN:
        raise AssetRefused("answered")
    if status == proposed.Status.TAKEN_UP and (
        engagement is None or engagement.organisation_id != proposed.organisation_id
    ):
        raise AssetRefused("engagement")
    proposed.status, proposed.engagement, proposed.answered_at = status, engagement, timezone.now()
    names, _languages = update(proposed, response=response)
    proposed.save(update_fields=["status", "engagement", "answered_at", *names])
    audit(actor, proposed.organisation, "community.question_answered", engagement, question=proposed.pk, status=status)


@transaction.atomic
def do_erase_questions(actor, user_id: int) -> dict[str, int]:
    """A person erases their data: their supports go; questions they proposed stay (others supported them), with
    the person unlinked and their shown name cleared."""
    from coproduce.community.models import ProposedQuestion, QuestionSupport

    supports, _ = QuestionSupport.objects.filter(user_id=user_id).delete()
    unlinked = ProposedQuestion.objects.filter(proposer_id=user_id).update(proposer=None, proposer_name="")
    if supports or unlinked:
        audit(actor, None, "community.questions_erased", supports=supports, questions=unlinked)
    return {"question_supports_erased": supports, "proposed_questions_unlinked": unlinked}
