"""A facilitator starts the next cycle: a new engagement whose conversation is seeded from feedback and open actions."""

from __future__ import annotations

from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.delivery import actions
from coproduce.delivery.models import Action
from coproduce.engagements.models import AuditEvent, Engagement, Membership


def test_the_next_cycle_is_seeded_from_delivered_and_open_actions(delivery, as_user):
    world, thing = delivery.world, delivery.things["outpatients"]
    actions.do_set_action_status(world.fran, thing.action, Action.Status.DONE)
    actions.do_give_feedback(delivery.participant(world.public), thing.action, 2, "Texts arrive too late")
    delivery.action(title="Evening clinics")
    staff = as_user(world.fran)
    url = reverse("delivery_staff:next_cycle", args=["outpatients"])
    form = staff.get(url).content.decode()
    assert "“Send a text two days before” has worked for me." in form
    assert "“Evening clinics” still matters to me." in form
    assert "Texts arrive too late" not in form  # comments were given to staff, not for publishing
    seeds = (
        "“Send a text two days before” has worked for me.\n\n“Evening clinics” still matters to me.\n"
        "“Evening clinics” still matters to me!\nParking is still hard."
    )
    response = staff.post(url, {"title_en": "Outpatients: next cycle", "title_cy": "", "seeds": seeds})
    following = Engagement.objects.exclude(
        pk__in=[world.public.pk, world.link.pk, world.private.pk, world.other_private.pk]
    ).get()
    assert response["Location"] == reverse("staff:engagement", args=[following.slug])
    assert following.visibility == Engagement.Visibility.PRIVATE
    assert following.question_en == world.public.question_en
    assert [p.name_en for p in following.perspectives.all()] == ["Patient", "Carer", "Staff"]
    texts = list(Statement.objects.filter(conversation__engagement=following).values_list("text", flat=True))
    assert texts == [
        "“Send a text two days before” has worked for me.",
        "“Evening clinics” still matters to me.",
        "Parking is still hard.",
    ]  # the near-duplicate line is dropped
    assert Membership.objects.filter(engagement=following, user=world.fran).exists()
    assert AuditEvent.objects.filter(action="engagement.next_cycle_started", engagement=world.public).exists()
    assert staff.get(reverse("staff:engagement", args=[following.slug])).status_code == 200


def test_bad_next_cycle_input_creates_nothing(delivery, as_user):
    staff = as_user(delivery.world.fran)
    url = reverse("delivery_staff:next_cycle", args=["outpatients"])
    count = Engagement.objects.count()
    for data, message in (
        ({"title_en": "", "title_cy": "", "seeds": "A"}, "Give the next cycle a title"),
        ({"title_en": "Next", "seeds": "  \n "}, "Write at least one statement"),
        ({"title_en": "Next", "seeds": "x" * 281}, "at most 280 characters"),
    ):
        response = staff.post(url, data)
        assert response.status_code == 400 and message in response.content.decode()
    assert Engagement.objects.count() == count


def test_a_facilitator_starting_the_next_cycle_does_not_carry_confidential_roles(delivery):
    # Only organisation admins grant roles that open one-to-one notes (docs/security.md): a facilitator's next cycle
    # carries the team over without them; an admin's carries them, as the admin could grant them anyway.
    world = delivery.world
    by_facilitator = actions.do_start_next_cycle(
        world.fran, world.public, title_en="Next (facilitator)", title_cy="", seeds=[]
    )
    by_admin = actions.do_start_next_cycle(world.alice, world.public, title_en="Next (admin)", title_cy="", seeds=[])
    assert not Membership.objects.filter(engagement=by_facilitator, role="mentor").exists()
    assert Membership.objects.filter(engagement=by_facilitator, user=world.fran).exists()
    assert Membership.objects.filter(engagement=by_admin, user=world.mo, role="mentor").exists()
