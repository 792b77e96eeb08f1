"""The golden thread both ways, and the edges: closed feedback, hidden statements, accounts, tasks run twice."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from coproduce.conversations.models import Statement
from coproduce.delivery import actions
from coproduce.delivery.models import Action, ActionUpdate, Feedback
from coproduce.delivery.notify import topic_of
from coproduce.engagements.models import Phase
from coproduce.notifications import tasks
from coproduce.notifications.models import Notice
from tests.delivery.conftest import subscribe


def test_the_decision_page_leads_forward_to_its_actions(delivery, client):
    thing = delivery.things["outpatients"]
    page = client.get(reverse("proposals:decision", args=["outpatients", thing.decision.pk])).content.decode()
    assert reverse("delivery:action", args=["outpatients", thing.action.pk]) in page
    assert "Planned" in page


def test_the_engagement_page_links_to_we_did(delivery, client):
    page = client.get(reverse("engagements:detail", args=["outpatients"])).content.decode()
    assert reverse("delivery:report", args=["outpatients"]) in page


def test_a_statement_hidden_since_does_not_reappear_in_the_thread(delivery, client):
    thing = delivery.things["outpatients"]
    Statement.objects.filter(pk=thing.statement.pk).update(status=Statement.Status.HIDDEN)
    page = client.get(reverse("delivery:report", args=["outpatients"])).content.decode()
    assert thing.statement.text not in page
    assert thing.proposal.title in page


def test_no_feedback_when_no_phase_has_the_feedback_feature_open(delivery):
    thing = delivery.things["outpatients"]
    actions.do_set_action_status(delivery.world.fran, thing.action, Action.Status.DONE)
    Phase.objects.filter(engagement=delivery.world.public, kind=Phase.Kind.REVIEW).update(state=Phase.State.CLOSED)
    browser = delivery.browser(thing.author)
    response = browser.post(reverse("delivery:feedback", args=["outpatients", thing.action.pk]), {"rating": "5"})
    assert response.status_code == 302 and not Feedback.objects.exists()
    assert (
        'action="/engagements/outpatients/actions/' not in browser.get(thing.action.get_absolute_url()).content.decode()
    )


def test_an_account_holder_gets_their_address_and_language_suggested(delivery, as_user):
    world = delivery.world
    world.pat.preferred_language = "cy"
    world.pat.save()
    world.pat.participations.filter(engagement=world.public).update(consented_at=world.public.created_at)
    page = as_user(world.pat).get(reverse("delivery:notifications", args=["outpatients"])).content.decode()
    assert 'value="pat@example.org"' in page
    assert 'value="cy" checked' in page


def test_a_task_run_twice_sends_each_notice_once(delivery, django_capture_on_commit_callbacks):
    thing = delivery.things["outpatients"]
    subscribe(thing.author)
    with django_capture_on_commit_callbacks(execute=True):
        update = actions.do_set_action_status(delivery.world.fran, thing.action, Action.Status.DONE)
    assert len(mail.outbox) == 1
    assert tasks.send_immediate.apply(args=[topic_of(delivery.world.public), str(update.pk)]).get() == 0
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(item=str(update.pk), sent_at__isnull=False).count() == 1
    assert ActionUpdate.objects.count() == 1
