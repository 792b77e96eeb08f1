"""The demo loads a realistic engagement, and loading it again duplicates nothing."""

from __future__ import annotations

from io import StringIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from coproduce.engagements.demo import FINISHED_PHASES, MAIN_SLUG, PHASES
from coproduce.engagements.models import Engagement, Role


def row_counts() -> dict[str, int]:
    # Every model of our apps, so a demo step added later is covered too.
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "engagements",
            "accounts",
            "conversations",
            "listening",
            "proposals",
            "delivery",
            "translations",
            "notifications",
        }
    }


def test_the_demo_is_idempotent(demo_loaded, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    first = row_counts()
    assert first["engagements.Engagement"] == 2  # the main engagement and the finished one
    assert first["engagements.Phase"] == len(PHASES) + len(FINISHED_PHASES)
    assert first["engagements.Perspective"] == 6
    call_command("demo", stdout=StringIO())
    assert row_counts() == first


def test_the_demo_engagement_is_public_bilingual_and_has_a_facilitator(demo_loaded, db, settings, client):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command("demo", stdout=out)
    engagement = Engagement.objects.get(slug=MAIN_SLUG)
    assert engagement.question_en == "What matters to you about outpatient appointments?"
    assert engagement.title_cy and engagement.question_cy and engagement.in_scope_cy
    assert len(engagement.boundaries) == 6
    assert engagement.current_phases()
    facilitator = get_user_model().objects.get(email="facilitator@example.org")
    assert facilitator.check_password("coproduce-demo")
    assert facilitator.memberships.filter(role=Role.FACILITATOR, engagement=engagement).exists()
    assert "facilitator@example.org" in out.getvalue()
    assert client.get(engagement.get_absolute_url()).status_code == 200


def test_a_second_run_keeps_the_facilitators_changes_to_phases(demo_loaded, db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    engagement = Engagement.objects.get(slug=MAIN_SLUG)
    engagement.phases.filter(kind="review").delete()
    call_command("demo", stdout=StringIO())
    assert engagement.phases.count() == len(PHASES) - 1


def test_the_demo_accounts_sign_in_with_the_demo_password(demo_loaded, db, settings, client):
    """Signing in by password needs a verified address (ACCOUNT_EMAIL_VERIFICATION is mandatory, issue 13)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    response = client.post("/accounts/login/", {"login": "facilitator@example.org", "password": "coproduce-demo"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(email="facilitator@example.org").pk)


def test_every_text_staff_wrote_in_the_demo_has_its_english_and_welsh(demo_loaded, db, settings):
    """Issue 15: no staff-written text of the demo lacks its Welsh (the compliance page of the demo is empty), and
    the demo shows every kind of it (proposals, expert input, a decision, an iteration, actions and updates, themes)."""
    from coproduce.core.bilingual import LANGUAGES, translated_fields
    from coproduce.engagements.compliance import gaps
    from coproduce.engagements.registry import translated_content

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert gaps(list(Engagement.objects.values_list("pk", flat=True))) == []
    for kind in translated_content:
        rows = kind.model.objects.all()
        assert rows.exists(), kind.model.__name__
        for name in kind.fields or translated_fields(kind.model):
            for code in LANGUAGES:
                # Every text given in one language is given in the other (optional fields may be empty in both).
                assert (
                    not rows.exclude(**{f"{name}_{code}__gt": ""})
                    .filter(**{f"{name}_{'cy' if code == 'en' else 'en'}__gt": ""})
                    .exists()
                ), (kind.model.__name__, name, code)


def test_the_demo_tells_the_whole_story(demo_loaded, db, settings):
    """Issue 16: every phase's page reachable today; one-to-one listening with published themes; prioritisation by
    at least 30 people in pairs and 30 with dots; a decision; actions in every status over two iterations, with
    updates; feedback from at least 5 people; confirmed subscriptions; and a finished engagement's complete cycle."""
    from django.db.models import Count

    from coproduce.delivery.models import Action, ActionUpdate, Feedback, Iteration
    from coproduce.engagements.demo import FINISHED_SLUG
    from coproduce.engagements.models import Feature
    from coproduce.listening.models import Challenge, ListeningConversation, ListeningSettings
    from coproduce.notifications.models import Subscription
    from coproduce.proposals.models import Decision, DotAllocation, ExpertInput, PairwiseChoice

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    main = Engagement.objects.get(slug=MAIN_SLUG)
    assert main.enabled_features() == frozenset(Feature.values)

    assert ListeningConversation.objects.filter(engagement=main).count() >= 3
    assert Challenge.objects.filter(engagement=main, statement__isnull=False).exists()
    assert ListeningSettings.objects.get(engagement=main).themes_published
    assert ExpertInput.objects.filter(proposal__engagement=main).exists()

    assert PairwiseChoice.objects.filter(engagement=main).values("participant").distinct().count() >= 30
    assert DotAllocation.objects.filter(engagement=main).values("participant").distinct().count() >= 30
    decision = Decision.objects.get(engagement=main)
    assert decision.proposals.count() == 2
    assert "prioritisation" in decision.not_done_en and "36" in decision.reasons_en and "36" in decision.reasons_cy

    assert set(Action.objects.filter(engagement=main).values_list("status", flat=True)) == set(Action.Status.values)
    assert Iteration.objects.filter(engagement=main).count() == 2
    assert Iteration.objects.filter(engagement=main, actions__isnull=False).distinct().count() == 2
    assert ActionUpdate.objects.filter(
        action__engagement=main, status=""
    ).exists()  # progress updates, not only statuses
    rated = (
        Feedback.objects.filter(action__engagement=main)
        .values("action")
        .annotate(people=Count("participant", distinct=True))
    )
    assert max(row["people"] for row in rated) >= 5
    subscriptions = Subscription.objects.filter(topic__endswith=f":{main.pk}")
    assert subscriptions.count() >= 3 and not subscriptions.filter(confirmed_at__isnull=True).exists()

    finished = Engagement.objects.get(slug=FINISHED_SLUG)
    today = timezone.localdate()
    assert finished.phases.count() == len(FINISHED_PHASES)
    assert not finished.phases.filter(ends_on__gte=today).exists() and not finished.enabled_features()
    assert finished.title_cy and finished.question_cy and finished.brief_cy
    assert Decision.objects.filter(engagement=finished).exists()
    done = Action.objects.filter(engagement=finished)
    assert done.exists() and set(done.values_list("status", flat=True)) == {Action.Status.DONE}
    assert all(action.feedback.count() >= 5 for action in done)
