"""Recording a conversation and taking challenges from it: real validation, bad input changes nothing, and what is
saved is exactly what was given. Turning a challenge into a statement: marked as listening, linked to the
challenge and its themes, never to the person."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent
from coproduce.listening.models import Challenge, ListeningConversation, NotesAccess, Theme


def valid(**changes) -> dict:
    data = {
        "held_on": (timezone.localdate() - dt.timedelta(days=2)).isoformat(),
        "who": "named",
        "person_name": "Ann Hughes",
        "account_email": "",
        "perspective": "",
        "team": "Ward 3",
        "prompt": "What matters to you?",
        "notes": "She talked about transport.",
        "sharing": "themes",
        "quote": "without_name",
    }
    data.update(changes)
    return data


BAD = [
    ({"held_on": ""}, "held_on", "Enter the date of the conversation"),
    ({"held_on": "31 2 2026"}, "held_on", "Enter a real date"),
    ({"held_on": "2999-01-01"}, "held_on", "The date of the conversation must be today or in the past"),
    ({"who": ""}, "who", "Choose anonymous or a named person"),
    ({"person_name": ""}, "person_name", "Enter their name, or choose anonymous"),
    (
        {"account_email": "nobody@example.org"},
        "account_email",
        "No one with this email address takes part in this engagement",
    ),
    ({"account_email": "not-an-email"}, "account_email", "Enter an email address like name@example.org"),
    ({"prompt": "   "}, "prompt", "Enter the question you asked"),
    ({"sharing": ""}, "sharing", "Choose what the person agreed to"),
    ({"sharing": "everything"}, "sharing", None),
    (
        {"sharing": "confidential", "quote": "with_name"},
        "quote",
        "A person who keeps their notes confidential cannot be quoted",
    ),
    ({"perspective": "999999"}, "perspective", None),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
@pytest.mark.parametrize("language", ["en", "cy"])
def test_bad_input_changes_nothing(listening, as_user, client, settings, changes, field, message, language):
    w = listening
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    before = (ListeningConversation.objects.count(), AuditEvent.objects.count())
    response = as_user(w.sam).post(reverse("listening_staff:conversation_new", args=[w.public.slug]), valid(**changes))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert f'id="id_{field}-error"' in body or f'id="id_{field}_0-error"' in body or f"id_{field}" in body
    if message:
        with translation.override(language):
            assert translation.gettext(message) in body
    assert (ListeningConversation.objects.count(), AuditEvent.objects.count()) == before
    # What was typed is kept.
    if field != "person_name":
        assert "Ann Hughes" in body


def test_recording_saves_what_was_given(listening, as_user):
    w = listening
    perspective = w.public.perspectives.last()
    response = as_user(w.sam).post(
        reverse("listening_staff:conversation_new", args=[w.public.slug]),
        valid(account_email="PAT@example.org", perspective=perspective.pk, prompt="  What   matters most? "),
    )
    conversation = ListeningConversation.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("listening_staff:conversation", args=[w.public.slug, conversation.pk])
    assert conversation.author == w.sam
    assert conversation.participant == w.pat_participant
    assert conversation.person_name == "Ann Hughes"
    assert conversation.perspective == perspective
    assert conversation.prompt == "What matters most?"
    assert (conversation.sharing, conversation.quote) == ("themes", "without_name")
    event = AuditEvent.objects.get(action="listening.conversation_recorded")
    assert "transport" not in str(event.details) and "Ann" not in str(event.details)


def test_anonymous_conversation_keeps_no_name(listening, as_user):
    w = listening
    as_user(w.mo).post(
        reverse("listening_staff:conversation_new", args=[w.public.slug]),
        valid(who="anonymous", person_name="Typed by mistake", account_email="pat@example.org"),
    )
    conversation = ListeningConversation.objects.latest("pk")
    assert conversation.is_anonymous
    assert conversation.person_name == "" and conversation.participant is None


def test_prompt_defaults_to_what_matters_to_you(listening, as_user):
    body = as_user(listening.sam).get(reverse("listening_staff:conversation_new", args=[listening.public.slug]))
    assert 'value="What matters to you?"' in body.content.decode()


def test_each_reading_of_the_notes_is_logged(listening, as_user):
    w = listening
    conversation = w.conversations["public"]
    url = reverse("listening_staff:conversation", args=[w.public.slug, conversation.pk])
    for person in (w.sam, w.mo, w.alice, w.sam):
        as_user(person).get(url)
    rows = list(NotesAccess.objects.filter(conversation=conversation).order_by("pk").values_list("user", "reason"))
    assert rows == [(w.sam.pk, "author"), (w.mo.pk, "mentor"), (w.alice.pk, "org_admin"), (w.sam.pk, "author")]
    log = as_user(w.alice).get(reverse("listening_staff:access_log", args=[w.public.slug])).content.decode()
    assert log.count("mo@example.org") == 1 and log.count("sam@example.org") == 2


def challenge_data(theme, **changes) -> dict:
    data = {
        "text": "Phone lines are busy all morning.",
        "themes": [theme.pk],
        "new_theme": "",
        "no_names": "on",
        "no_details": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"no_names": None}, "Confirm that the challenge names nobody"),
        ({"no_details": None}, "Confirm that the challenge has no identifying details"),
        ({"text": " "}, "Enter the challenge"),
        ({"text": "x" * 281}, "The challenge must be 280 characters or fewer. It has 281."),
        ({"themes": []}, "Choose at least one theme, or name a new one"),
        ({"themes": ["999999"]}, None),
    ],
)
def test_challenge_needs_the_checklist_and_a_theme(listening, as_user, changes, message):
    w = listening
    conversation = w.conversations["public"]
    before = (Challenge.objects.count(), Theme.objects.count())
    response = as_user(w.sam).post(
        reverse("listening_staff:challenge_new", args=[w.public.slug, conversation.pk]),
        challenge_data(w.themes["public"], **changes),
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    if message:
        assert message in response.content.decode()
    assert (Challenge.objects.count(), Theme.objects.count()) == before


def test_two_challenges_with_a_new_theme(listening, as_user):
    w = listening
    conversation = w.conversations["public"]
    url = reverse("listening_staff:challenge_new", args=[w.public.slug, conversation.pk])
    response = as_user(w.sam).post(url, challenge_data(w.themes["public"], then="another", raised_to_mentor="on"))
    assert response["Location"] == url
    as_user(w.sam).post(
        url,
        challenge_data(w.themes["public"], text="Parking costs too much.", themes=[], new_theme="  Getting   there "),
    )
    first, second = conversation.challenges.order_by("pk")[1:]
    assert first.raised_to_mentor and not second.raised_to_mentor
    assert [t.name for t in second.themes.all()] == ["Getting there"]
    assert first.anonymised_at is not None


def test_challenge_becomes_a_listening_statement(listening, as_user):
    w = listening
    challenge = w.challenges["public"]
    url = reverse("listening_staff:challenge_statement", args=[w.public.slug, challenge.pk])
    response = as_user(w.fran).post(url, {"text": "Appointment letters often arrive too late."})
    assert response.status_code == 302
    challenge.refresh_from_db()
    statement = challenge.statement
    assert statement.origin == Statement.Origin.LISTENING
    assert statement.author is None  # never linked to the person
    assert statement.status == Statement.Status.PUBLISHED
    assert list(statement.themes.all()) == [w.themes["public"]]
    assert AuditEvent.objects.filter(
        action="listening.challenge_to_statement", details__statement=statement.pk
    ).exists()
    # Shown on the themes board under its theme, and on the vote card as coming from listening.
    board = as_user(w.fran).get(reverse("listening_staff:themes", args=[w.public.slug])).content.decode()
    assert "Appointment letters often arrive too late." in board
    # A second time: already a statement, nothing more is made.
    count = Statement.objects.count()
    as_user(w.fran).post(url, {"text": "Another wording."})
    assert Statement.objects.count() == count


def test_duplicate_statement_is_refused(listening, as_user):
    w = listening
    from coproduce.conversations.access import conversation_of
    from coproduce.conversations.actions import do_write_statement

    do_write_statement(conversation_of(w.public), "Letters come late.", author=None, origin="seed", actor=w.fran)
    challenge = w.challenges["public"]
    response = as_user(w.fran).post(
        reverse("listening_staff:challenge_statement", args=[w.public.slug, challenge.pk]),
        {"text": "letters, come LATE"},
    )
    assert response.status_code == 200
    assert "This statement is already in the conversation." in response.content.decode()
    challenge.refresh_from_db()
    assert challenge.statement is None


def test_publishing_the_themes_board(listening, as_user, client):
    w = listening
    public_url = reverse("listening:themes", args=[w.public.slug])
    assert client.get(public_url).status_code == 302
    as_user(w.fran).post(
        reverse("listening_staff:themes", args=[w.public.slug]), {"form": "publish", "published": "yes"}
    )
    client.logout()
    page = client.get(public_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Letters" in body
    # Anonymised challenges are counted, never shown word for word, and no name is there.
    assert "Appointment letters arrive after the appointment." not in body
    assert "Pat Jones" not in body
    detail = client.get(reverse("engagements:detail", args=[w.public.slug])).content.decode()
    assert public_url in detail


def test_mentor_summary_is_published(listening, as_user, client):
    w = listening
    url = reverse("listening_staff:mentor", args=[w.public.slug])
    response = as_user(w.mo).post(url, {"text": "People raised **letters**."})
    assert response.status_code == 200  # the anonymisation box was not ticked
    assert "Confirm that the summary is anonymised" in response.content.decode()
    as_user(w.mo).post(url, {"text": "People raised **letters**. <script>alert(1)</script>", "anonymised": "on"})
    as_user(w.fran).post(
        reverse("listening_staff:themes", args=[w.public.slug]), {"form": "publish", "published": "yes"}
    )
    client.logout()
    body = client.get(reverse("listening:themes", args=[w.public.slug])).content.decode()
    assert "<strong>letters</strong>" in body
    assert "<script>alert(1)</script>" not in body


def test_writes_are_rate_limited(listening, as_user, settings):
    settings.RATELIMIT_ENABLED = True
    w = listening
    url = reverse("listening_staff:themes", args=[w.public.slug])
    client = as_user(w.fran)
    statuses = [client.post(url, {"form": "theme", "name_en": f"Theme {n}"}).status_code for n in range(32)]
    assert statuses[:30] == [302] * 30
    assert statuses[30:] == [429, 429]
    assert Theme.objects.filter(engagement=w.public).count() == 31  # "Letters" and 30 new ones


def test_linking_a_statement_to_a_theme(listening, as_user):
    """The golden thread: a facilitator links any published statement of the engagement to a theme."""
    w = listening
    from coproduce.conversations.access import conversation_of
    from coproduce.conversations.actions import do_write_statement

    statement = do_write_statement(
        conversation_of(w.public), "Reminders by text help.", author=None, origin="seed", actor=w.fran
    )
    elsewhere = do_write_statement(
        conversation_of(w.private), "Not of this engagement.", author=None, origin="seed", actor=w.fran
    )
    theme = w.themes["public"]
    url = reverse("listening_staff:themes", args=[w.public.slug])
    refused = as_user(w.fran).post(url, {"form": "link", "theme": theme.pk, "statement": elsewhere.pk})
    assert refused.status_code == 200
    assert "Choose a statement" in refused.content.decode()
    assert list(theme.statements.all()) == []
    response = as_user(w.fran).post(url, {"form": "link", "theme": theme.pk, "statement": statement.pk})
    assert response.status_code == 302
    assert list(theme.statements.all()) == [statement]
    assert AuditEvent.objects.filter(action="listening.theme_linked", details__statement=statement.pk).exists()
    assert as_user(w.sam).post(url, {"form": "link", "theme": theme.pk, "statement": statement.pk}).status_code == 403


def test_public_board_hides_small_numbers(listening, as_user, client):
    """Staff see exact counts; the public board says "fewer than 3" for 1 and 2, so that nobody can be recognised."""
    from tests.listening.conftest import make_challenge, make_conversation

    w = listening
    theme = w.themes["public"]
    patient = w.public.perspectives.first()
    for n in range(2):
        make_challenge(make_conversation(w.public, w.sam, perspective=patient), f"Letters problem {n}.", theme)
    as_user(w.fran).post(
        reverse("listening_staff:themes", args=[w.public.slug]), {"form": "publish", "published": "yes"}
    )
    staff = as_user(w.fran).get(reverse("listening_staff:themes", args=[w.public.slug])).content.decode()
    assert '<td class="num">3</td>' in staff  # three patients raised "Letters"
    assert "fewer than" not in staff
    client.logout()
    public = client.get(reverse("listening:themes", args=[w.public.slug])).content.decode()
    assert '<td class="num">3</td>' in public  # three is shown
    assert public.count("fewer than 3") == 0
    # A carer's single challenge under a new theme: shown to the public as "fewer than 3".
    carers = w.public.perspectives.all()[1]
    other = Theme.objects.create(engagement=w.public, name="Parking")
    make_challenge(make_conversation(w.public, w.sam, perspective=carers), "Parking is hard.", other)
    public = client.get(reverse("listening:themes", args=[w.public.slug])).content.decode()
    row = public[public.index("Parking") :]
    row = row[: row.index("</tr>")]
    assert row.count("fewer than 3") == 2  # the carers' count and the total
    assert '<td class="num">1</td>' not in row


def test_statement_page_shows_its_themes(listening, as_user, client):
    """The golden thread both ways: from a statement back to the themes of listening it takes on."""
    w = listening
    challenge = w.challenges["public"]
    as_user(w.fran).post(
        reverse("listening_staff:challenge_statement", args=[w.public.slug, challenge.pk]),
        {"text": "Letters arrive too late."},
    )
    challenge.refresh_from_db()
    client.logout()
    url = reverse("conversations:statement", args=[w.public.slug, challenge.statement_id])
    page = client.get(url).content.decode()
    assert "Themes from one-to-one listening:" in page and ">Letters<" in page
    assert reverse("listening:themes", args=[w.public.slug]) not in page  # not published yet
    as_user(w.fran).post(
        reverse("listening_staff:themes", args=[w.public.slug]), {"form": "publish", "published": "yes"}
    )
    client.logout()
    assert reverse("listening:themes", args=[w.public.slug]) in client.get(url).content.decode()


def test_consent_and_theme_forms_refuse_bad_input(listening, as_user):
    w = listening
    conversation = w.conversations["public"]
    url = reverse("listening_staff:consent", args=[w.public.slug, conversation.pk])
    before = AuditEvent.objects.count()
    for data, message in [
        (
            {"form": "consent", "consent-sharing": "confidential", "consent-quote": "with_name"},
            "A person who keeps their notes confidential cannot be quoted",
        ),
        ({"form": "consent", "consent-quote": "no"}, "Choose what the person agreed to"),
        ({"form": "consent", "consent-sharing": "themes"}, "Choose whether they may be quoted"),
    ]:
        response = as_user(w.sam).post(url, data)
        assert response.status_code == 200 and message in response.content.decode()
    conversation.refresh_from_db()
    assert (conversation.sharing, conversation.quote) == ("themes", "no")
    themes_url = reverse("listening_staff:themes", args=[w.public.slug])
    response = as_user(w.fran).post(themes_url, {"form": "theme", "name_en": "  letters "})
    assert "There is already a theme with this name" in response.content.decode()
    response = as_user(w.fran).post(themes_url, {"form": "theme", "name_en": ""})
    assert "Enter the name of the theme" in response.content.decode()
    assert Theme.objects.filter(engagement=w.public).count() == 1
    assert AuditEvent.objects.count() == before


def test_a_withdrawn_challenge_cannot_become_a_statement(listening, as_user):
    w = listening
    from coproduce.listening import actions

    actions.do_withdraw_consent(w.sam, w.conversations["public"])
    url = reverse("listening_staff:challenge_statement", args=[w.public.slug, w.challenges["public"].pk])
    assert as_user(w.fran).get(url).status_code == 404
    count = Statement.objects.count()
    assert as_user(w.fran).post(url, {"text": "Letters arrive too late."}).status_code == 404
    assert Statement.objects.count() == count


def test_the_words_written_keep_their_language_on_welsh_pages(listening, as_user):
    """WCAG 3.1.2: challenges and notes are kept in the words written (English here) and not translated, so on a
    Welsh page they are marked lang="en", for a screen reader to read them in an English voice."""
    w = listening
    slug = w.public.slug
    conversation, challenge = w.conversations["public"], w.challenges["public"]
    client = as_user(w.fran)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(reverse("listening_staff:challenges", args=[slug])).content.decode()
    assert f'<p lang="en">{challenge.text}</p>' in page
    page = client.get(reverse("listening_staff:challenge_statement", args=[slug, challenge.pk])).content.decode()
    assert f'<p lang="en">{challenge.text}</p>' in page
    assert re.search(r'<textarea[^>]* lang="en"[^>]*>\s*' + re.escape(challenge.text), page)
    client = as_user(w.sam)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    page = client.get(reverse("listening_staff:conversation", args=[slug, conversation.pk])).content.decode()
    assert '<div class="inset notes" lang="en"><p>Pat told me' in page
    assert '<dd class="summary-list__value" lang="en">What matters to you?</dd>' in page
    assert f'<span lang="en">{challenge.text}</span>' in page
