"""Feedback on delivered changes: only from people taking part, only once done, aggregated with small cells hidden."""

from __future__ import annotations

from django.urls import reverse

from coproduce.delivery import actions
from coproduce.delivery.models import Action, Feedback
from coproduce.delivery.thread import feedback_summaries


def deliver(delivery, slug="outpatients"):
    action = delivery.things[slug].action
    actions.do_set_action_status(delivery.world.fran, action, Action.Status.DONE)
    return action


def test_feedback_opens_when_the_change_is_done(delivery):
    action = delivery.things["outpatients"].action
    browser = delivery.browser(delivery.things["outpatients"].author)
    url = reverse("delivery:feedback", args=["outpatients", action.pk])
    assert browser.post(url, {"rating": "4"}).status_code == 302
    assert not Feedback.objects.exists()
    deliver(delivery)
    assert browser.post(url, {"rating": "4", "comment": "Good"}).status_code == 302
    assert Feedback.objects.get().rating == 4


def test_giving_feedback_again_replaces_it(delivery):
    action = deliver(delivery)
    browser = delivery.browser(delivery.things["outpatients"].author)
    url = reverse("delivery:feedback", args=["outpatients", action.pk])
    browser.post(url, {"rating": "2"})
    browser.post(url, {"rating": "5", "comment": "Better now"})
    assert list(Feedback.objects.values_list("rating", "comment")) == [(5, "Better now")]


def test_bad_feedback_changes_nothing_and_says_why(delivery):
    action = deliver(delivery)
    browser = delivery.browser(delivery.things["outpatients"].author)
    url = reverse("delivery:feedback", args=["outpatients", action.pk])
    for data, message in (
        ({"rating": "9"}, "Choose one of the answers shown"),
        ({"comment": "no rating"}, "Choose how well the change worked for you"),
    ):
        response = browser.post(url, data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Feedback.objects.exists()


def test_people_not_taking_part_are_sent_to_take_part(delivery, client):
    action = deliver(delivery)
    response = client.post(reverse("delivery:feedback", args=["outpatients", action.pk]), {"rating": "3"})
    assert response["Location"] == reverse("engagements:take_part", args=["outpatients"])
    assert not Feedback.objects.exists()


def test_aggregates_per_action_and_perspective_hide_cells_under_five(delivery, client):
    world = delivery.world
    action = deliver(delivery)
    patient, carer = list(world.public.perspectives.all())[:2]
    for rating in (5, 4, 4, 5, 2):
        actions.do_give_feedback(delivery.participant(world.public, perspective=patient), action, rating, "")
    for rating in (1, 2):
        actions.do_give_feedback(delivery.participant(world.public, perspective=carer), action, rating, "")
    summary = feedback_summaries(world.public, list(world.public.perspectives.all()), "none")[action.pk]
    assert (summary.overall.n, summary.overall.total, summary.overall.shown) == (7, 23, True)
    cells = {cell.label: cell for cell in summary.perspectives}
    assert (cells["Patient"].n, cells["Patient"].mean, cells["Patient"].shown) == (5, 4.0, True)
    assert (cells["Carer"].n, cells["Carer"].shown) == (2, False)
    page = client.get(reverse("delivery:report", args=["outpatients"])).content.decode()
    assert "7 people rated this change: 3.3 out of 5 on average." in page
    assert "fewer than 5" in page
    assert ">1.5<" not in page  # the carers' mean is never shown


def test_fewer_than_five_answers_show_only_how_many(delivery, client):
    action = deliver(delivery)
    actions.do_give_feedback(delivery.participant(delivery.world.public), action, 1, "")
    page = client.get(reverse("delivery:report", args=["outpatients"])).content.decode()
    assert "1 person has given feedback." in page
    assert "out of 5 on average" not in page
