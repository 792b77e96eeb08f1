"""Who gets what from every page of the listening app: one row per (view, engagement), one column per persona.

Cells, as in tests/engagements/test_permission_matrix.py:

    200    the page
    302    a redirect, and nothing changed
    saved  a redirect after a write, and something changed
    login  redirected to sign in, nothing changed
    403    may see the engagement but not this, nothing changed
    404    may not even know it exists, nothing changed
    405    wrong method, nothing changed

Personas (tests/conftest.py): anon, pseudo (took part in the public engagement without an account), pat
(participant), sam (spokesperson, the AUTHOR of the conversation each row is about), mo (mentor), erin (expert),
fran (facilitator) — those four in all three engagements —, alice (organisation admin), olly (admin of another
organisation), and two more made here: sia (another spokesperson of all three engagements: not the author) and
max (mentor of the public engagement only).

Besides the status, every response is searched for the conversation's confidential notes and the person's name:
the notes may appear only on the conversation page to its author, the engagement's mentors and the organisation
admin — and each of those readings must be in the notes access log — and the name only to them as well.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.models import Statement
from coproduce.engagements.models import AuditEvent, Membership, Participant, Role
from coproduce.listening.access import settings_of
from coproduce.listening.models import (
    Challenge,
    ListeningConversation,
    ListeningSettings,
    MentorSummary,
    NotesAccess,
    Theme,
)
from tests.listening.conftest import NOTES
from tests.permission_matrix import Request, Rollback, client_for, outcome, parse_matrix, url_names

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly", "sia", "max"]
# Who may read sam's confidential notes, and the person's name, in each engagement.
MAY_READ = {"public": {"sam", "mo", "alice", "max"}, "link": {"sam", "mo", "alice"}, "private": {"sam", "mo", "alice"}}
PERSON_NAME = "Pat Jones"

MATRIX = """
view                       engagement anon   pseudo pat    sam    mo     erin   fran   alice  olly   sia    max
themes_public              public     200    200    200    200    200    200    200    200    200    200    200
themes_public              link       404    404    404    200    200    200    200    200    404    200    404
themes_public              private    404    404    200    200    200    200    200    200    404    200    404
themes_public_unpublished  public     302    302    302    302    302    302    302    302    302    302    302
themes_public_post         public     405    405    405    405    405    405    405    405    405    405    405

conversations              public     login  login  403    200    200    403    403    200    403    200    200
conversations              link       login  login  404    200    200    403    403    200    404    200    404
conversations              private    login  login  403    200    200    403    403    200    404    200    404
conversations_post         private    login  login  405    405    405    405    405    405    405    405    405
conversation_new           public     login  login  403    200    200    403    403    403    403    200    200
conversation_new           link       login  login  404    200    200    403    403    403    404    200    404
conversation_new           private    login  login  403    200    200    403    403    403    404    200    404
conversation_new_post      public     login  login  403    saved  saved  403    403    403    403    saved  saved
conversation_new_post      link       login  login  404    saved  saved  403    403    403    404    saved  404
conversation_new_post      private    login  login  403    saved  saved  403    403    403    404    saved  404
conversation               public     login  login  403    200    200    403    403    200    403    403    200
conversation               link       login  login  404    200    200    403    403    200    404    403    404
conversation               private    login  login  403    200    200    403    403    200    404    403    404
conversation_post          private    login  login  405    405    405    405    405    405    405    405    405
consent                    public     login  login  403    200    403    403    403    403    403    403    403
consent                    link       login  login  404    200    403    403    403    403    404    403    404
consent                    private    login  login  403    200    403    403    403    403    404    403    404
consent_post               public     login  login  403    saved  403    403    403    403    403    403    403
consent_post               link       login  login  404    saved  403    403    403    403    404    403    404
consent_post               private    login  login  403    saved  403    403    403    403    404    403    404
withdraw_post              private    login  login  403    saved  403    403    403    403    404    403    404
challenge_new              public     login  login  403    200    403    403    403    403    403    403    403
challenge_new              link       login  login  404    200    403    403    403    403    404    403    404
challenge_new              private    login  login  403    200    403    403    403    403    404    403    404
challenge_new_post         public     login  login  403    saved  403    403    403    403    403    403    403
challenge_new_post         link       login  login  404    saved  403    403    403    403    404    403    404
challenge_new_post         private    login  login  403    saved  403    403    403    403    404    403    404

challenges                 public     login  login  403    403    403    403    200    200    403    403    403
challenges                 link       login  login  404    403    403    403    200    200    404    403    404
challenges                 private    login  login  403    403    403    403    200    200    404    403    404
challenge_statement        public     login  login  403    403    403    403    200    200    403    403    403
challenge_statement        link       login  login  404    403    403    403    200    200    404    403    404
challenge_statement        private    login  login  403    403    403    403    200    200    404    403    404
challenge_statement_post   public     login  login  403    403    403    403    saved  saved  403    403    403
challenge_statement_post   link       login  login  404    403    403    403    saved  saved  404    403    404
challenge_statement_post   private    login  login  403    403    403    403    saved  saved  404    403    404
themes_staff               public     login  login  403    200    200    403    200    200    403    200    200
themes_staff               link       login  login  404    200    200    403    200    200    404    200    404
themes_staff               private    login  login  403    200    200    403    200    200    404    200    404
themes_staff_post          public     login  login  403    403    403    403    saved  saved  403    403    403
themes_staff_post          link       login  login  404    403    403    403    saved  saved  404    403    404
themes_staff_post          private    login  login  403    403    403    403    saved  saved  404    403    404
theme_edit                 public     login  login  403    403    403    403    200    200    403    403    403
theme_edit                 link       login  login  404    403    403    403    200    200    404    403    404
theme_edit                 private    login  login  403    403    403    403    200    200    404    403    404
theme_edit_post            public     login  login  403    403    403    403    saved  saved  403    403    403
theme_edit_post            link       login  login  404    403    403    403    saved  saved  404    403    404
theme_edit_post            private    login  login  403    403    403    403    saved  saved  404    403    404
themes_publish_post        private    login  login  403    403    403    403    saved  saved  404    403    404

mentor                     public     login  login  403    403    200    403    403    200    403    403    200
mentor                     link       login  login  404    403    200    403    403    200    404    403    404
mentor                     private    login  login  403    403    200    403    403    200    404    403    404
mentor_post                public     login  login  403    403    saved  403    403    saved  403    403    saved
mentor_post                link       login  login  404    403    saved  403    403    saved  404    403    404
mentor_post                private    login  login  403    403    saved  403    403    saved  404    403    404
access_log                 public     login  login  403    403    403    403    403    200    403    403    403
access_log                 link       login  login  404    403    403    403    403    200    404    403    404
access_log                 private    login  login  403    403    403    403    403    200    404    403    404
erase                      public     login  login  403    403    403    403    403    200    403    403    403
erase                      link       login  login  404    403    403    403    403    200    404    403    404
erase                      private    login  login  403    403    403    403    403    200    404    403    404
erase_person               public     login  login  403    403    403    403    403    200    403    403    403
erase_person               link       login  login  404    403    403    403    403    200    404    403    404
erase_person               private    login  login  403    403    403    403    403    200    404    403    404
erase_person_post          public     login  login  403    403    403    403    403    saved  403    403    403
erase_person_post          link       login  login  404    403    403    403    403    saved  404    403    404
erase_person_post          private    login  login  403    403    403    403    403    saved  404    403    404
"""

# The URL name each row is about: the guard test below fails when a URL name of the app has no row.
ROW_URL = {
    "themes_public": "listening:themes",
    "themes_public_unpublished": "listening:themes",
    "themes_public_post": "listening:themes",
    "conversations": "listening_staff:conversations",
    "conversations_post": "listening_staff:conversations",
    "conversation_new": "listening_staff:conversation_new",
    "conversation_new_post": "listening_staff:conversation_new",
    "conversation": "listening_staff:conversation",
    "conversation_post": "listening_staff:conversation",
    "consent": "listening_staff:consent",
    "consent_post": "listening_staff:consent",
    "withdraw_post": "listening_staff:consent",
    "challenge_new": "listening_staff:challenge_new",
    "challenge_new_post": "listening_staff:challenge_new",
    "challenges": "listening_staff:challenges",
    "challenge_statement": "listening_staff:challenge_statement",
    "challenge_statement_post": "listening_staff:challenge_statement",
    "themes_staff": "listening_staff:themes",
    "themes_staff_post": "listening_staff:themes",
    "theme_edit": "listening_staff:theme_edit",
    "theme_edit_post": "listening_staff:theme_edit",
    "themes_publish_post": "listening_staff:themes",
    "mentor": "listening_staff:mentor",
    "mentor_post": "listening_staff:mentor",
    "access_log": "listening_staff:access_log",
    "erase": "listening_staff:erase",
    "erase_person": "listening_staff:erase_person",
    "erase_person_post": "listening_staff:erase_person",
}


ROWS = parse_matrix(MATRIX, PERSONAS)


def build_request(view: str, w, visibility: str) -> Request:
    """Valid input for every row, so that a refusal is never down to bad data."""
    engagement = {"public": w.public, "link": w.link, "private": w.private}[visibility]
    slug = engagement.slug
    conversation = w.conversations[visibility]
    challenge = w.challenges[visibility]
    url_args = {
        "listening:themes": [slug],
        "listening_staff:conversation": [slug, conversation.pk],
        "listening_staff:consent": [slug, conversation.pk],
        "listening_staff:challenge_new": [slug, conversation.pk],
        "listening_staff:challenge_statement": [slug, challenge.pk],
        "listening_staff:erase_person": [slug, conversation.pk],
        "listening_staff:theme_edit": [slug, w.themes[visibility].pk],
    }
    name = ROW_URL[view]
    url = reverse(name, args=url_args.get(name, [slug]))
    yesterday = (timezone.localdate() - timezone.timedelta(days=1)).isoformat()
    posts = {
        "themes_public_post": {},
        "conversations_post": {},
        "conversation_post": {},
        "conversation_new_post": {
            "held_on": yesterday,
            "who": "named",
            "person_name": "Ann",
            "prompt": "What matters to you?",
            "notes": "Some notes",
            "sharing": "themes",
            "quote": "no",
        },
        "consent_post": {"form": "consent", "consent-sharing": "confidential", "consent-quote": "no"},
        "withdraw_post": {"form": "withdraw", "withdraw-confirm": "on"},
        "challenge_new_post": {
            "text": "Phone lines are busy all morning.",
            "themes": [w.themes[visibility].pk],
            "no_names": "on",
            "no_details": "on",
        },
        "challenge_statement_post": {"text": "Appointment letters often arrive too late."},
        "themes_staff_post": {"form": "theme", "name_en": "Phones"},
        "theme_edit_post": {"name_en": w.themes[visibility].name_en, "name_cy": "Llythyrau"},
        "themes_publish_post": {"form": "publish", "published": "no"},
        "mentor_post": {"text": "People raised letters and phones.", "anonymised": "on"},
        "erase_person_post": {"confirm": "on"},
    }
    if view in posts:
        return Request("post", url, posts[view])
    if view == "erase":
        return Request("get", url + "?q=pat")
    return Request("get", url)


def snapshot() -> tuple:
    """Everything a listening view could change."""
    return (
        list(
            ListeningConversation.objects.order_by("pk").values_list(
                "pk", "notes", "person_name", "participant_id", "sharing", "quote", "consent_withdrawn_at", "erased_at"
            )
        ),
        list(Challenge.objects.order_by("pk").values_list("pk", "text", "statement_id")),
        list(Theme.objects.order_by("pk").values_list("pk", "name_en", "name_cy")),
        list(Statement.objects.order_by("pk").values_list("pk", "text", "origin")),
        list(MentorSummary.objects.order_by("pk").values_list("pk", "text")),
        list(Participant.objects.order_by("pk").values_list("pk", "user_id")),
        [s.themes_published for s in ListeningSettings.objects.order_by("pk")],
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(listening, django_user_model):
    w = listening
    w.pseudonymous_participant = Participant.objects.create(engagement=w.public, consented_at=timezone.now())
    w.sia = django_user_model.objects.create_user("sia@example.org", "a-long-test-password")
    w.max = django_user_model.objects.create_user("max@example.org", "a-long-test-password")
    for engagement in (w.public, w.link, w.private):
        Membership.objects.create(user=w.sia, organisation=w.org, engagement=engagement, role=Role.SPOKESPERSON)
        settings_of(engagement)
    Membership.objects.create(user=w.max, organisation=w.org, engagement=w.public, role=Role.MENTOR)
    ListeningSettings.objects.update(themes_published=True)
    return w


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_permission_matrix(view, visibility, expected, matrix_world):
    w = matrix_world
    if view == "themes_public_unpublished":
        ListeningSettings.objects.update(themes_published=False)
    request = build_request(view, w, visibility)
    conversation = w.conversations[visibility]
    before = snapshot() if request.method == "post" else None
    got: dict[str, str] = {}
    leaks: list[str] = []
    for persona in PERSONAS:
        try:
            with transaction.atomic():
                client = client_for(persona, w)
                logged_before = NotesAccess.objects.count()
                response = getattr(client, request.method)(request.url, request.data or {})
                changed = request.method == "post" and snapshot() != before
                got[persona] = outcome(response, changed)
                body = response.content.decode() if response.status_code == 200 else ""
                logged = NotesAccess.objects.count() - logged_before
                if NOTES in body:
                    if not (view == "conversation" and persona in MAY_READ[visibility]):
                        leaks.append(f"{persona} saw the notes")
                    elif not NotesAccess.objects.filter(user=getattr(w, persona), conversation=conversation).exists():
                        leaks.append(f"{persona} read the notes and it was not logged")
                elif view == "conversation" and response.status_code == 200:
                    leaks.append(f"{persona} got the conversation page without its notes")
                if logged and NOTES not in body:
                    leaks.append(f"{persona}: notes access logged without reading them")
                if PERSON_NAME in body and persona not in MAY_READ[visibility]:
                    leaks.append(f"{persona} saw the person's name")
                raise Rollback
        except Rollback:
            pass
    wrong = {p: (expected[p], got[p]) for p in PERSONAS if expected[p] != got[p]}
    assert not wrong, f"{view} ({visibility}): " + "; ".join(
        f"{p} expected {e}, got {g}" for p, (e, g) in wrong.items()
    )
    assert not leaks, f"{view} ({visibility}): " + "; ".join(leaks)


def test_matrix_covers_every_url_name():
    """A new view of the listening app must get a row."""
    ours = url_names("listening", "listening_staff", qualified=True)
    covered = {ROW_URL[view] for view, _v, _e in ROWS}
    assert ours, "the listening URLs are not installed"
    assert ours - covered == set(), "views without a row in the permission matrix"
    assert covered <= ours
