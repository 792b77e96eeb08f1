"""A person offers their own strength; a facilitator publishes it (never to everyone without the person's consent)
or declines it with a reason the person reads. The offer keeps the language it was written in."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from coproduce.community import actions
from coproduce.community.models import Asset
from coproduce.engagements.models import AuditEvent

OFFER = {
    "name": "Dysgu gwau",
    "kind": "skills",
    "description": "Rwy’n hapus i ddysgu pobl i wau.",
    "holder_name": "Nain Gwen",
    "place_name": "Pentre Glas",
    "postcode_district": "cf 47",
    "consent_public": "yes",
    "open_data": "on",
    "understood": "on",
}


def offer(client, world, **changes):
    client.force_login(world.pat)
    return client.post(reverse("community:offer", args=[world.org.slug]), {**OFFER, **changes})


def test_an_offer_waits_for_a_facilitator_and_keeps_its_language(client, world):
    client.cookies["coproduce_language"] = "cy"
    response = offer(client, world)
    assert response.status_code == 302 and response["Location"] == reverse("community:mine")
    asset = Asset.objects.get()
    assert asset.status == Asset.Status.OFFERED and asset.holder_user == world.pat
    assert (asset.name_cy, asset.name_en) == ("Dysgu gwau", None)
    assert asset.postcode_district == "CF47" and asset.postcode_area == "CF"
    assert asset.consent_public and asset.open_data and asset.visibility == Asset.Visibility.PUBLIC
    assert asset.latitude is None  # a person's offer never has coordinates
    assert AuditEvent.objects.filter(action="community.strength_offered", organisation=world.org).exists()
    # Not on the map until it is published.
    client.logout()
    assert "Dysgu gwau" not in client.get(reverse("community:assets")).content.decode()


def test_an_english_reader_sees_the_welsh_offer_marked_with_its_language(client, world):
    client.cookies["coproduce_language"] = "cy"
    offer(client, world)
    actions.do_publish_asset(world.fran, Asset.objects.get(), Asset.Visibility.PUBLIC)
    client.cookies["coproduce_language"] = "en"
    body = client.get(reverse("community:assets")).content.decode()
    assert '<span lang="cy">Dysgu gwau</span>' in body


def test_without_consent_it_is_for_staff_and_cannot_be_made_public(client, world):
    offer(client, world, consent_public="no", open_data="")
    asset = Asset.objects.get()
    assert asset.visibility == Asset.Visibility.STAFF and not asset.consent_public and not asset.open_data
    client.force_login(world.fran)
    response = client.post(
        reverse("community_staff:asset_review", args=[asset.pk]), {"decision": "publish", "visibility": "public"}
    )
    assert response.status_code == 400
    assert Asset.objects.get().status == Asset.Status.OFFERED
    with pytest.raises(actions.AssetRefused):
        actions.do_publish_asset(world.fran, asset, Asset.Visibility.PUBLIC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Asset.objects.filter(pk=asset.pk).update(visibility=Asset.Visibility.PUBLIC)


def test_open_data_needs_public(client, world):
    response = offer(client, world, consent_public="no", open_data="on")
    assert response.status_code == 400
    assert "Open data is for strengths shown to everyone" in response.content.decode()
    assert not Asset.objects.exists()


def test_a_facilitator_publishes_it_and_it_is_on_the_map(client, world):
    offer(client, world)
    asset = Asset.objects.get()
    client.force_login(world.fran)
    response = client.post(
        reverse("community_staff:asset_review", args=[asset.pk]), {"decision": "publish", "visibility": "public"}
    )
    assert response.status_code == 302
    assert Asset.objects.get().status == Asset.Status.PUBLISHED
    client.logout()
    assert "Dysgu gwau" in client.get(reverse("community:assets")).content.decode()


def test_declined_with_a_reason_the_person_reads(client, world):
    offer(client, world)
    asset = Asset.objects.get()
    client.force_login(world.fran)
    refused = client.post(reverse("community_staff:asset_review", args=[asset.pk]), {"decision": "decline"})
    assert refused.status_code == 400 and Asset.objects.get().status == Asset.Status.OFFERED
    client.post(
        reverse("community_staff:asset_review", args=[asset.pk]),
        {"decision": "decline", "reason_en": "We already list a knitting group nearby."},
    )
    assert Asset.objects.get().status == Asset.Status.DECLINED
    client.force_login(world.pat)
    assert "We already list a knitting group nearby." in client.get(reverse("community:mine")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Say what your strength is"),
        ({"postcode_district": "CF47 1AB"}, "Enter the first part of a UK postcode, like CF10 or SA1"),
        ({"postcode_district": "12AB"}, "Enter the first part of a UK postcode, like CF10 or SA1"),
        ({"understood": ""}, "Confirm that you understand how your offer is used"),
        ({"holder_name": ""}, "Enter a name to show with it (it can be made up)"),
        ({"name": "Two\nlines"}, ""),
    ],
)
def test_bad_offers_are_refused_and_change_nothing(client, world, changes, message):
    response = offer(client, world, **changes)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Asset.objects.exists()
