"""Role changes never open confidential material to someone who is not an organisation admin (issue 13).

The permission matrices give every persona a fixed role, so they cannot catch a facilitator who makes themselves
(or a new email address) the engagement's mentor on the members page and then reads every one-to-one note. Here
every signed-in persona who is not an admin of "glas" tries every role of the table of roles
(coproduce.engagements.models.ROLES), for themselves and for a new email address, on the members page of each
engagement and on the organisation's members page. A role added to the table later is tried the day it exists.

After each attempt (rolled back before the next one) nobody may open anything confidential they could not open
before: the notes of a conversation, the list of everyone's conversations, the mentor space, the notes access log,
the erasure search. A role the table says opens confidential material is refused outright: nothing is saved.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from coproduce.engagements import actions
from coproduce.engagements.models import ROLES, AuditEvent, Membership, Role
from coproduce.listening.models import ListeningConversation
from tests.listening.conftest import NOTES
from tests.permission_matrix import Rollback

# Everyone signed in who is not an admin of "glas": flo is a facilitator of the whole organisation (made below), olly
# an admin of another organisation.
NON_ADMINS = ["pat", "sam", "mo", "erin", "fran", "flo", "olly"]
NEWCOMER = "newcomer@example.org"

# What opens confidential listening material: for an engagement, and for one conversation.
CONFIDENTIAL_IN_ENGAGEMENT = [
    "listening.list_all_conversations",
    "listening.mentor_space",
    "listening.read_access_log",
    "listening.erase_person",
]
CONFIDENTIAL_IN_CONVERSATION = ["listening.read_notes"]

REFUSED = "Only an organisation admin can give this role"


@pytest.fixture
def roles_world(listening, django_user_model):
    world = listening
    world.flo = django_user_model.objects.create_user("flo@example.org", "a-long-test-password")
    Membership.objects.create(user=world.flo, organisation=world.org, role=Role.FACILITATOR)
    return world


def confidential_access(world) -> frozenset[tuple[str, str, str]]:
    """(email, permission, object) for everything confidential every account may open, read fresh from the database
    (roles are cached on the user object)."""
    engagements = [world.public, world.link, world.private]
    conversations = list(ListeningConversation.objects.select_related("engagement"))
    access = set()
    for user in get_user_model().objects.all():
        for engagement in engagements:
            access |= {
                (user.email, p, engagement.slug) for p in CONFIDENTIAL_IN_ENGAGEMENT if user.has_perm(p, engagement)
            }
        for conversation in conversations:
            access |= {
                (user.email, p, f"conversation {conversation.pk}")
                for p in CONFIDENTIAL_IN_CONVERSATION
                if user.has_perm(p, conversation)
            }
    return frozenset(access)


def stored() -> tuple:
    User = get_user_model()
    return (
        list(Membership.objects.order_by("pk").values_list("pk", "user_id", "engagement_id", "role")),
        list(User.objects.order_by("pk").values_list("pk", "email")),
        AuditEvent.objects.count(),
    )


def pages(world) -> dict[str, str]:
    """Where roles are given: each engagement's members page and the organisation's."""
    return {
        **{
            f"members of {e.slug}": reverse("staff:members", args=[e.slug])
            for e in (world.public, world.link, world.private)
        },
        "organisation members": reverse("staff:organisation_members", args=[world.org.slug]),
    }


@pytest.mark.parametrize("role", list(ROLES), ids=str)
def test_no_role_change_by_a_non_admin_opens_confidential_material(role, roles_world, client):
    world = roles_world
    before = confidential_access(world)
    saved_before = stored()
    wrong = []
    for persona in NON_ADMINS:
        account = getattr(world, persona)
        for target in ("self", "newcomer"):
            email = account.email if target == "self" else NEWCOMER
            for where, url in pages(world).items():
                attempt = f"{persona} gives {target} {role} on {where}"
                try:
                    with transaction.atomic():
                        client.force_login(account)
                        response = client.post(url, {"email": email, "role": role})
                        after = confidential_access(world)
                        if after != before:
                            wrong.append(f"{attempt}: opens {sorted(after - before)}")
                        if ROLES[role].opens_confidential and stored() != saved_before:
                            wrong.append(f"{attempt}: saved ({response.status_code})")
                        # And through the page itself: the grantee opens each of sam's conversations.
                        grantee = get_user_model().objects.filter(email=email).first()
                        if grantee is not None:
                            client.force_login(grantee)
                            for conversation in world.conversations.values():
                                could = (email, "listening.read_notes", f"conversation {conversation.pk}") in before
                                page = client.get(
                                    reverse(
                                        "listening_staff:conversation",
                                        args=[conversation.engagement.slug, conversation.pk],
                                    )
                                )
                                if not could and NOTES in page.content.decode():
                                    wrong.append(f"{attempt}: reads the notes of {conversation.engagement.slug}")
                        raise Rollback
                except Rollback:
                    pass
    assert not wrong, "\n".join(wrong)


def test_the_table_has_a_row_for_every_role():
    assert set(ROLES) == set(Role), "a role without a row in coproduce.engagements.models.ROLES"


@pytest.mark.parametrize("role", list(ROLES), ids=str)
def test_the_table_says_which_roles_open_confidential_material(role, roles_world):
    """A fresh account holding only this role opens something confidential exactly when the table says so, so the
    grant check (and the email to the admins) can rely on the table."""
    world = roles_world
    engagement = None if role == Role.ORG_ADMIN else world.public
    actions.do_add_member(world.alice, world.org, NEWCOMER, role, engagement)
    opened = {row for row in confidential_access(world) if row[0] == NEWCOMER}
    assert bool(opened) == ROLES[role].opens_confidential, opened


def test_a_facilitator_is_not_offered_roles_that_open_confidential_material(roles_world, as_user):
    world = roles_world
    html = as_user(world.fran).get(reverse("staff:members", args=[world.public.slug])).content.decode()
    for role, row in ROLES.items():
        if role != Role.ORG_ADMIN:
            assert (f'value="{role}"' in html) != row.opens_confidential, role
    html = as_user(world.alice).get(reverse("staff:members", args=[world.public.slug])).content.decode()
    assert 'value="mentor"' in html


def test_a_facilitator_asking_for_the_mentor_role_is_told_why_and_nothing_is_saved(roles_world, as_user):
    world = roles_world
    before = stored()
    response = as_user(world.fran).post(
        reverse("staff:members", args=[world.public.slug]), {"email": world.fran.email, "role": "mentor"}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert stored() == before


def test_the_action_refuses_a_non_admin_whatever_calls_it(roles_world):
    world = roles_world
    before = stored()
    with pytest.raises(actions.RoleNeedsOrganisationAdmin):
        actions.do_add_member(world.fran, world.org, world.fran.email, Role.MENTOR, world.public)
    with pytest.raises(actions.RoleNeedsOrganisationAdmin):
        actions.do_add_member(world.flo, world.org, NEWCOMER, Role.ORG_ADMIN)
    assert stored() == before


def test_an_admin_giving_a_confidential_role_is_audited_and_every_admin_is_told(
    roles_world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    world = roles_world
    ceri = get_user_model().objects.create_user("ceri@example.org", "a-long-test-password", preferred_language="cy")
    Membership.objects.create(user=ceri, organisation=world.org, role=Role.ORG_ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.alice).post(
            reverse("staff:members", args=[world.public.slug]), {"email": NEWCOMER, "role": "mentor"}
        )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="member.added").latest("pk")
    newcomer = get_user_model().objects.get(email=NEWCOMER)
    assert (event.actor, event.engagement, event.details) == (
        world.alice,
        world.public,
        {"user": newcomer.pk, "role": "mentor"},
    )
    by_recipient = {tuple(message.to): message for message in mailoutbox}
    assert set(by_recipient) == {("alice@example.org",), ("ceri@example.org",)}
    english, welsh = by_recipient[("alice@example.org",)], by_recipient[("ceri@example.org",)]
    members_url = reverse("staff:members", args=[world.public.slug])
    for message in (english, welsh):
        assert NEWCOMER in message.body and members_url in message.body and "alice@example.org" in message.body
    assert "Mentor" in english.subject and "confidential" in english.body
    assert "cyfrinachol" in welsh.body and welsh.extra_headers["Content-Language"] == "cy"


def test_giving_a_role_that_opens_nothing_confidential_sends_no_email(
    roles_world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    world = roles_world
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.fran).post(
            reverse("staff:members", args=[world.public.slug]), {"email": NEWCOMER, "role": "expert"}
        )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email=NEWCOMER, role=Role.EXPERT).exists()
    assert mailoutbox == []


def test_an_organisation_wide_grant_tells_the_admins_with_a_link_to_the_organisation_members(
    roles_world, as_user, mailoutbox, django_capture_on_commit_callbacks
):
    world = roles_world
    url = reverse("staff:organisation_members", args=[world.org.slug])
    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(world.alice).post(url, {"email": NEWCOMER, "role": "org_admin"}).status_code == 302
    # The new admin is an admin now, so is told as well.
    assert sorted(m.to[0] for m in mailoutbox) == ["alice@example.org", NEWCOMER]
    assert all(url in m.body and "Organisation admin" in m.subject for m in mailoutbox)


def test_a_mail_outage_does_not_undo_or_break_the_grant(
    roles_world, as_user, monkeypatch, django_capture_on_commit_callbacks
):
    world = roles_world

    def refuse(message, fail_silently=False):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.alice).post(
            reverse("staff:members", args=[world.public.slug]), {"email": NEWCOMER, "role": "mentor"}
        )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email=NEWCOMER, role=Role.MENTOR, engagement=world.public).exists()
