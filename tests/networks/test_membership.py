"""An organisation joins a network only when its admin accepts (or, when it asked, when a coordinator accepts);
the network's page then shows it, also on the page of every network that contains that network."""

from __future__ import annotations

from coproduce.engagements.models import AuditEvent
from coproduce.networks import actions, graph
from coproduce.networks.models import NetworkMember


def test_an_invited_organisation_joins_only_when_its_admin_accepts(networks, as_user, client):
    w = networks
    client = as_user(w.nia)
    response = client.post(
        "/staff/networks/north/", {"form": "invite_organisation", "org-organisation": w.other_org.pk}
    )
    assert response.status_code == 302
    member = NetworkMember.objects.get(network=w.north, organisation=w.other_org)
    assert member.status == NetworkMember.Status.INVITED
    assert w.other_org.pk not in graph.member_organisation_ids(w.wales)
    # The coordinator cannot accept on the organisation's behalf.
    assert client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "accept"}).status_code == 403
    member.refresh_from_db()
    assert member.status == NetworkMember.Status.INVITED
    # olly, the organisation's admin, accepts.
    client.force_login(w.olly)
    page = client.get("/staff/organisations/other/networks/")
    assert "North Wales Network" in page.content.decode()
    response = client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "accept"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == NetworkMember.Status.ACTIVE
    # Reachable from the network that contains north.
    assert graph.member_organisation_ids(w.wales)[w.other_org.pk] == w.north.pk
    assert "Other Council" in client.get("/networks/wales/").content.decode()
    events = AuditEvent.objects.filter(scope="network", network=w.north).values_list("action", flat=True)
    assert set(events) >= {"networks.organisation_invited", "networks.member_joined"}


def test_a_request_to_join_waits_for_a_coordinator(networks, as_user):
    w = networks
    client = as_user(w.olly)
    assert client.post("/staff/organisations/other/networks/", {"network": w.wales.pk}).status_code == 302
    member = NetworkMember.objects.get(network=w.wales, organisation=w.other_org)
    assert member.status == NetworkMember.Status.REQUESTED
    # The organisation cannot accept its own request.
    assert client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "accept"}).status_code == 403
    client.force_login(w.cora)
    client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "decline"})
    assert not NetworkMember.objects.filter(pk=member.pk).exists()


def test_a_network_invitation_is_answered_by_the_invited_networks_coordinator(networks):
    w = networks
    from tests.networks.conftest import make_network

    south = make_network("south", "South", "De", w.cora)
    member = actions.do_add_network(w.cora, w.wales, south, requested=False)
    from django.test import Client

    client = Client()
    client.force_login(w.nia)  # not south's coordinator
    assert client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "accept"}).status_code == 403
    client.force_login(w.cora)
    assert client.post(f"/staff/network-members/{member.pk}/answer/", {"answer": "accept"}).status_code == 302
    member.refresh_from_db()
    assert member.status == NetworkMember.Status.ACTIVE


def test_the_network_page_shows_members_through_member_networks_and_their_engagements(networks, client):
    page = client.get("/networks/wales/").content.decode()
    assert "Glas Valley Health Board" in page  # through north
    assert "Engagement outpatients" in page  # glas's public engagement
    assert "Engagement staff-wellbeing" not in page  # private
    assert "Engagement carers-link" not in page  # link only


def test_the_network_page_shows_the_strengths_its_organisations_share(networks, client, django_assert_max_num_queries):
    """Shared assets (issue 17): the assets of the network's organisations at any depth, as the reader may see
    them (a sensitive place never; assets kept for staff only to their staff); a fixed number of queries."""
    from coproduce.community.models import Asset
    from tests.community.conftest import SECRET_PLACE, make_asset

    w = networks
    make_asset(w.org, "Riverside Park")
    make_asset(w.org, "Safe Space Group", sensitive=True, place_name_en=SECRET_PLACE)
    make_asset(w.org, "Staff Only Meeting Room", visibility=Asset.Visibility.STAFF)
    make_asset(w.other_org, "Other Council Library")  # not in the network
    page = client.get("/networks/wales/").content.decode()
    assert "Shared strengths" in page and "Riverside Park" in page and "Safe Space Group" in page
    for absent in (SECRET_PLACE, "Staff Only Meeting Room", "Other Council Library"):
        assert absent not in page, absent
    client.force_login(w.fran)
    assert "Staff Only Meeting Room" in client.get("/networks/wales/").content.decode()
    client.logout()
    with django_assert_max_num_queries(40) as before:
        client.get("/networks/wales/")
    for i in range(20):
        make_asset(w.org, f"More {i:02d}")
    with django_assert_max_num_queries(len(before.captured_queries)):
        page = client.get("/networks/wales/").content.decode()
    assert "And 10 more on the asset map." in page  # 22 public, 12 shown
