"""Object ids in staff URLs belong to the engagement or organisation in the same URL: no reaching across."""

from __future__ import annotations

from django.urls import reverse

from coproduce.engagements.models import Membership, Phase, Role


def test_a_phase_of_another_engagement_cannot_be_edited_or_deleted(world, as_user):
    client = as_user(world.olly)
    theirs = world.private.phases.get()  # glas's private engagement, which olly cannot see
    mine = world.other_private
    edit = reverse("staff:phase_edit", args=[mine.slug, theirs.pk])
    assert client.get(edit).status_code == 404
    response = client.post(
        edit, {"kind": "review", "starts_on": "2030-01-01", "ends_on": "2030-01-02", "state": "open"}
    )
    assert response.status_code == 404
    assert client.post(reverse("staff:phase_delete", args=[mine.slug, theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.kind == Phase.Kind.LISTEN and theirs.state == Phase.State.SCHEDULED


def test_a_perspective_of_another_engagement_cannot_be_deleted(world, as_user):
    client = as_user(world.fran)  # facilitator of glas's three engagements, not of other_private
    theirs = world.other_private.perspectives.first()
    assert client.post(reverse("staff:perspective_delete", args=[world.public.slug, theirs.pk])).status_code == 404
    assert world.other_private.perspectives.filter(pk=theirs.pk).exists()


def test_a_membership_of_another_engagement_cannot_be_removed(world, as_user):
    # fran manages the public engagement; sam's role in the private one is not reachable through it.
    client = as_user(world.fran)
    sams_private_role = Membership.objects.get(user=world.sam, engagement=world.private)
    response = client.post(reverse("staff:member_remove", args=[world.public.slug, sams_private_role.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=sams_private_role.pk).exists()


def test_an_organisation_wide_role_cannot_be_removed_from_an_engagement_page(world, as_user):
    client = as_user(world.fran)
    alices_admin_role = Membership.objects.get(user=world.alice, role=Role.ORG_ADMIN)
    response = client.post(reverse("staff:member_remove", args=[world.public.slug, alices_admin_role.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=alices_admin_role.pk).exists()


def test_another_organisations_admin_cannot_remove_our_members_through_their_own_organisation(world, as_user):
    client = as_user(world.olly)
    alices_admin_role = Membership.objects.get(user=world.alice, role=Role.ORG_ADMIN)
    response = client.post(
        reverse("staff:organisation_member_remove", args=[world.other_org.slug, alices_admin_role.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=alices_admin_role.pk).exists()


def test_another_organisations_staff_manage_their_own_organisation(world, as_user):
    client = as_user(world.olly)
    assert client.get(reverse("staff:organisation_members", args=[world.other_org.slug])).status_code == 200
    assert client.get(reverse("staff:engagement", args=[world.other_private.slug])).status_code == 200
    assert client.get(reverse("staff:engagement_create", args=[world.other_org.slug])).status_code == 200


def test_the_staff_dashboard_lists_only_what_the_person_manages(world, as_user):
    page = as_user(world.olly).get(reverse("staff:dashboard")).content.decode()
    assert world.other_private.title_en in page
    for glas in (world.public, world.private, world.link):
        assert glas.title_en not in page
    assert world.org.name_en not in page


def test_an_organisation_admin_cannot_remove_their_own_admin_role(world, as_user):
    client = as_user(world.alice)
    own = Membership.objects.get(user=world.alice, role=Role.ORG_ADMIN)
    response = client.post(reverse("staff:organisation_member_remove", args=[world.org.slug, own.pk]), follow=True)
    assert "You cannot remove your own admin role" in response.content.decode()
    assert Membership.objects.filter(pk=own.pk).exists()
