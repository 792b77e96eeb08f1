"""The staff side: adding actions from decisions, iterations, the board, and the audit trail for organisation admins."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from coproduce.delivery import actions
from coproduce.delivery.models import Action, Iteration
from coproduce.engagements.models import AuditEvent


def test_an_action_is_added_from_a_decision_and_shown_with_its_thread(delivery, as_user, client):
    world, thing = delivery.world, delivery.things["outpatients"]
    staff = as_user(world.fran)
    url = reverse("delivery_staff:action_new", args=["outpatients"])
    assert staff.get(f"{url}?decision={thing.decision.pk}").status_code == 200
    response = staff.post(
        url,
        {
            "decision": str(thing.decision.pk),
            "title_en": "Evening clinics",
            "owner_en": "Clinic managers",
            "target_date": "2026-12-31",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get(title="Evening clinics")
    assert (action.decision, action.owner, str(action.target_date)) == (thing.decision, "Clinic managers", "2026-12-31")
    assert AuditEvent.objects.filter(action="action.created", details__action_id=action.pk).exists()
    client.logout()
    page = client.get(reverse("delivery:report", args=["outpatients"])).content.decode()
    for text in (
        "Evening clinics",
        "We will send text reminders",
        "Text reminders",
        "outpatients: I never get a reminder",
    ):
        assert text in page


def test_bad_action_input_changes_nothing(delivery, as_user):
    world = delivery.world
    other_decision = delivery.things["staff-wellbeing"].decision
    before = (Action.objects.count(), AuditEvent.objects.count())
    staff = as_user(world.fran)
    url = reverse("delivery_staff:action_new", args=["outpatients"])
    for data, message in (
        (
            {"decision": str(other_decision.pk), "title_en": "X", "owner_en": "Y"},
            "Choose a decision of this engagement",
        ),
        (
            {"decision": str(delivery.things["outpatients"].decision.pk), "title_en": "  ", "owner_en": "Y"},
            "Say what will be done",
        ),
        (
            {
                "decision": str(delivery.things["outpatients"].decision.pk),
                "title_en": "X",
                "owner_en": "Y",
                "target_date": "31/31/2026",
            },
            "Enter a real date",
        ),
    ):
        response = staff.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert (Action.objects.count(), AuditEvent.objects.count()) == before


def test_iterations_board_and_public_view(delivery, as_user, client):
    world, thing = delivery.world, delivery.things["outpatients"]
    staff = as_user(world.fran)
    today = timezone.localdate()
    response = staff.post(
        reverse("delivery_staff:iterations_edit", args=["outpatients"]),
        {"name_en": "Iteration 1", "goal_en": "Reminders live", "starts_on": str(today), "ends_on": str(today)},
    )
    assert response.status_code == 302
    iteration = Iteration.objects.get()
    bad = staff.post(
        reverse("delivery_staff:iterations_edit", args=["outpatients"]),
        {"name_en": "Backwards", "goal_en": "g", "starts_on": str(today), "ends_on": "2000-01-01"},
    )
    assert bad.status_code == 400 and Iteration.objects.count() == 1
    staff.post(
        reverse("delivery_staff:action_iteration", args=["outpatients", thing.action.pk]),
        {"iteration-iteration": str(iteration.pk)},
    )
    staff.post(
        reverse("delivery_staff:action_status", args=["outpatients", thing.action.pk]), {"status-status": "in_progress"}
    )
    other = delivery.action(title="Parking for carers")
    board = staff.get(reverse("delivery_staff:board", args=["outpatients"])).content.decode()
    in_progress = board.split('id="column-in_progress"')[1].split("</section>")[0]
    planned = board.split('id="column-planned"')[1].split("</section>")[0]
    assert "Send a text two days before" in in_progress and "Parking for carers" in planned
    only = staff.get(
        reverse("delivery_staff:board", args=["outpatients"]) + f"?iteration={iteration.pk}"
    ).content.decode()
    assert "Parking for carers" not in only
    client.logout()
    public = client.get(reverse("delivery:iterations", args=["outpatients"])).content.decode()
    assert "Reminders live" in public and "Send a text two days before" in public and other.title not in public


def test_organisation_admins_see_status_changes_and_updates_in_the_audit_trail(delivery, as_user):
    world, action = delivery.world, delivery.things["outpatients"].action
    actions.do_set_action_status(world.fran, action, Action.Status.NOT_POSSIBLE, reason="No supplier.")
    actions.do_add_update(world.fran, action, "We are looking again.")
    page = as_user(world.alice).get(reverse("delivery_staff:audit", args=["outpatients"])).content.decode()
    assert "action.status_changed" in page and "not_possible" in page and "action.updated" in page
    assert page.index("action.updated") < page.index("action.status_changed")  # newest first
    assert as_user(world.fran).get(reverse("delivery_staff:audit", args=["outpatients"])).status_code == 403
