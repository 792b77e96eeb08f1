"""The demo's asset map: 30 or more assets of every kind, most on the map, in English and Welsh; the engagement
draws on some and its proposals cite some; running the demo again adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from coproduce.community.models import Asset, EngagementAsset, ProposalAsset, ProposedQuestion

pytestmark = pytest.mark.django_db


def counts() -> tuple:
    return (
        Asset.objects.count(),
        EngagementAsset.objects.count(),
        ProposalAsset.objects.count(),
        ProposedQuestion.objects.count(),
    )


def test_the_demo_asset_map(demo_loaded):
    assets = Asset.objects.all()
    assert assets.count() >= 30
    assert set(assets.values_list("kind", flat=True)) == set(Asset.Kind.values)
    assert assets.filter(latitude__isnull=False).count() > assets.count() / 2
    staff_written = assets.filter(holder_user__isnull=True)
    assert not staff_written.filter(name_cy__isnull=True).exists() and not staff_written.filter(name_en=None).exists()
    assert assets.filter(holder_user__isnull=False, status=Asset.Status.OFFERED).exists()
    assert EngagementAsset.objects.exists() and ProposalAsset.objects.exists()
    # Communities set agendas too: the demo engagement began as a question people proposed; another waits.
    assert set(ProposedQuestion.objects.values_list("status", flat=True)) == {"taken_up", "open"}
    before = counts()
    call_command("demo", verbosity=0)
    assert counts() == before
