"""Strengths first in the cycle: the assets an engagement draws on (its page), those a proposal would use (its
page), and both along "we asked, you said, we did" — each shown only to whoever may see the asset, through the
registry (engagements, proposals and delivery never import community)."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from coproduce.community import actions
from coproduce.community.models import EngagementAsset, ProposalAsset
from coproduce.engagements.models import AuditEvent
from coproduce.proposals.models import Decision, Proposal
from tests.community.conftest import SECRET_PLACE, make_asset


def test_facilitators_choose_what_an_engagement_draws_on_and_its_page_shows_it(client, assets):
    w = assets
    client.force_login(w.fran)
    page = client.get(reverse("community_staff:engagement_assets", args=[w.public.slug]))
    assert page.status_code == 200
    # Only the organisation's own assets are offered (not the other organisation's).
    assert "Other Council Library" not in page.content.decode()
    response = client.post(
        reverse("community_staff:engagement_assets", args=[w.public.slug]),
        {"assets": [w.asset["public"].pk, w.asset["private"].pk, w.asset["sensitive"].pk]},
    )
    assert response.status_code == 302
    assert set(EngagementAsset.objects.values_list("asset_id", flat=True)) == {
        w.asset["public"].pk,
        w.asset["private"].pk,
        w.asset["sensitive"].pk,
    }
    event = AuditEvent.objects.get(action="community.engagement_assets_chosen")
    assert event.details == {"added": 3, "removed": 0} and event.engagement == w.public

    client.logout()
    body = client.get(w.public.get_absolute_url()).content.decode()
    assert "Strengths this engagement draws on" in body
    assert "Riverside Park" in body and "Safe Space Group" in body
    assert "Private Partner Contact" not in body and SECRET_PLACE not in body
    client.force_login(w.alice)
    assert "Private Partner Contact" in client.get(w.public.get_absolute_url()).content.decode()


def test_choosing_again_replaces_the_choice(assets):
    w = assets
    actions.do_set_engagement_assets(w.fran, w.public, [w.asset["public"], w.asset["staff"]])
    actions.do_set_engagement_assets(w.fran, w.public, [w.asset["staff"]])
    assert list(EngagementAsset.objects.values_list("asset_id", flat=True)) == [w.asset["staff"].pk]


def test_a_proposal_cites_the_assets_it_would_use_and_the_golden_thread_shows_them(client, assets):
    w = assets
    proposal = Proposal.objects.create(
        engagement=w.public, title_en="Walk to the clinic", summary_en="Walking groups meet at the clinic."
    )
    client.force_login(w.fran)
    client.post(
        reverse("community_staff:proposal_assets", args=[w.public.slug, proposal.pk]),
        {"assets": [w.asset["public"].pk, w.asset["private"].pk]},
    )
    assert ProposalAsset.objects.filter(proposal=proposal).count() == 2
    client.logout()
    detail = client.get(reverse("proposals:detail", args=[w.public.slug, proposal.pk])).content.decode()
    assert "Strengths it would use" in detail and "Riverside Park" in detail
    assert "Private Partner Contact" not in detail

    # Not yet on "we asked, you said, we did": no decision took the proposal up.
    report = reverse("delivery:report", args=[w.public.slug])
    assert "With these strengths" not in client.get(report).content.decode()
    decision = Decision.objects.create(
        engagement=w.public, title_en="Walking to clinics", decided_by_en="The board", decided_on=timezone.localdate()
    )
    decision.proposals.add(proposal)
    body = client.get(report).content.decode()
    assert "With these strengths" in body and "Riverside Park" in body and "Walk to the clinic" in body
    assert "Private Partner Contact" not in body


def test_the_sections_make_the_same_queries_with_one_asset_or_many(client, assets):
    w = assets
    proposal = Proposal.objects.create(engagement=w.public, title_en="P", summary_en="S")
    decision = Decision.objects.create(
        engagement=w.public, title_en="D", decided_by_en="B", decided_on=timezone.localdate() - dt.timedelta(days=1)
    )
    decision.proposals.add(proposal)
    pages = [
        w.public.get_absolute_url(),
        reverse("proposals:detail", args=[w.public.slug, proposal.pk]),
        reverse("delivery:report", args=[w.public.slug]),
    ]
    counts = []
    for n in (1, 12):
        many = [make_asset(w.org, f"Asset {n}-{i}") for i in range(n)]
        actions.do_set_engagement_assets(w.fran, w.public, many)
        actions.do_set_proposal_assets(w.fran, proposal, many)
        seen = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                body = client.get(url).content.decode()
            assert f"Asset {n}-{n - 1}" in body, url
            seen.append(len(queries))
        counts.append(seen)
    assert counts[0] == counts[1], counts
