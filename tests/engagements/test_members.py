"""Adding people: an account is made for a newcomer (no usable password), and adding twice changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from coproduce.engagements import actions
from coproduce.engagements.models import AuditEvent, Membership, Role


def test_adding_a_newcomer_creates_an_account_with_an_unusable_password(world, as_user):
    client = as_user(world.fran)
    response = client.post(
        reverse("staff:members", args=[world.public.slug]), {"email": "  New.Person@Example.ORG ", "role": "expert"}
    )
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert not user.check_password("!")
    assert not user.check_password("")
    membership = Membership.objects.get(user=user)
    assert (membership.engagement, membership.role, membership.organisation) == (world.public, Role.EXPERT, world.org)


def test_adding_the_same_role_twice_is_idempotent(world, as_user):
    client = as_user(world.fran)
    url = reverse("staff:members", args=[world.public.slug])
    client.post(url, {"email": "new@example.org", "role": "expert"})
    counts = (get_user_model().objects.count(), Membership.objects.count(), AuditEvent.objects.count())
    response = client.post(url, {"email": "NEW@example.org", "role": "expert"}, follow=True)
    assert "That person already has this role." in response.content.decode()
    assert (get_user_model().objects.count(), Membership.objects.count(), AuditEvent.objects.count()) == counts


def test_adding_an_existing_account_keeps_its_password(world, as_user):
    client = as_user(world.fran)
    client.post(
        reverse("staff:members", args=[world.public.slug]), {"email": "pat@example.org", "role": "spokesperson"}
    )
    world.pat.refresh_from_db()
    assert world.pat.check_password("a-long-test-password")
    assert Membership.objects.filter(user=world.pat, engagement=world.public, role=Role.SPOKESPERSON).exists()


def test_a_second_role_for_the_same_person_is_a_second_membership(world):
    actions.do_add_member(world.alice, world.org, "new@example.org", Role.MENTOR, world.public)
    _m, created = actions.do_add_member(world.alice, world.org, "new@example.org", Role.EXPERT, world.public)
    assert created
    assert Membership.objects.filter(user__email="new@example.org").count() == 2


def test_organisation_wide_and_engagement_roles_are_separate(world):
    _m, created = actions.do_add_member(world.alice, world.org, "sam@example.org", Role.SPOKESPERSON)
    assert created  # sam was spokesperson of three engagements, now of the whole organisation too
    _m, created = actions.do_add_member(world.alice, world.org, "sam@example.org", Role.SPOKESPERSON)
    assert not created


def test_only_an_organisation_admin_may_give_organisation_wide_roles(world, as_user):
    url = reverse("staff:organisation_members", args=[world.org.slug])
    assert as_user(world.fran).post(url, {"email": "fran@example.org", "role": "org_admin"}).status_code == 403
    assert not Membership.objects.filter(user=world.fran, role=Role.ORG_ADMIN).exists()
    assert as_user(world.alice).post(url, {"email": "fran@example.org", "role": "org_admin"}).status_code == 302
    assert Membership.objects.filter(user=world.fran, role=Role.ORG_ADMIN, engagement=None).exists()
