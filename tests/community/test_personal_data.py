"""A person's offered strengths are in their data download, and go when they erase their data."""

from __future__ import annotations

from coproduce.accounts.personal_data import Person
from coproduce.community import actions
from coproduce.community.models import Asset, EngagementAsset
from coproduce.engagements.actions import do_erase_personal_data, do_export_personal_data
from coproduce.engagements.models import AuditEvent


def offer(world, name: str, organisation=None) -> Asset:
    return actions.do_offer_strength(
        world.pat,
        organisation or world.org,
        {"name": name},
        {"kind": "skills", "postcode_district": "CF47", "holder_name": "P", "consent_public": True},
    )


def test_export_lists_the_offers(world):
    offer(world, "Bike repairs")
    exported = do_export_personal_data(Person.of_user(world.pat))
    (item,) = exported["community"]["offered_strengths"]
    assert item["name_en"] == "Bike repairs" and item["status"] == "offered" and item["organisation"] == "glas"
    assert item["may_be_shown_to_everyone"] is True and item["shown_as"] == "P"
    assert do_export_personal_data(Person.of_user(world.sam))["community"] == {
        "offered_strengths": [],
        "proposed_questions": [],
        "supported_questions": [],
    }


def test_erasure_deletes_the_offers_and_their_links_and_logs_counts(world):
    mine = offer(world, "Bike repairs")
    offer(world, "Choir", world.other_org)
    actions.do_publish_asset(world.fran, mine, Asset.Visibility.PUBLIC)
    actions.do_set_engagement_assets(world.fran, world.public, [mine])
    kept = actions.do_create_asset(
        world.fran,
        world.org,
        {"name": "Library"},
        {"kind": "places", "postcode_district": "CF47", "visibility": "public"},
    )
    do_erase_personal_data(world.pat, Person.of_user(world.pat))
    assert list(Asset.objects.all()) == [kept]
    assert not EngagementAsset.objects.exists()
    events = AuditEvent.objects.filter(action="community.offers_erased")
    assert sorted((e.organisation_id, e.details["assets"]) for e in events) == sorted(
        [(world.org.pk, 1), (world.other_org.pk, 1)]
    )
