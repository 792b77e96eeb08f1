"""Who gets what from every view of the conversations app: one row per (view, engagement), one column per persona.

Cells, as in tests/engagements/test_permission_matrix.py:

    200    the page (for a write: shown again with an error, and nothing changed)
    302    a redirect, and nothing changed (to take part, or back with a message)
    saved  a redirect after a write, and something changed
    login  redirected to sign in, nothing changed
    403    may see the engagement but not do this, nothing changed
    404    may not even know it exists, nothing changed
    405    wrong method, nothing changed

Personas (tests/conftest.py): anon, pseudo (took part in the *public* engagement without an account, consented),
pat (participant with an account: consented in the public engagement, invited to the private one but not joined),
sam (spokesperson), mo (mentor), erin (expert), fran (facilitator) — those four in all three engagements —, alice
(admin of "glas"), olly (admin of another organisation). Every engagement is in its listening phase (statements
and voting open) and its conversation has published seed statements. Each persona's request runs in its own
rolled-back transaction, so every cell starts from the same state. Staff who have not taken part are sent to the
joining page (302) by the participant's pages, like anyone else who has not; only fran and alice manage the
conversation, and only alice (an organisation admin, who may create engagements) imports from Polis.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Conversation, ModerationDecision, Statement, Vote, VoteEvent
from coproduce.engagements.models import AuditEvent, Engagement, Participant
from tests import permission_matrix as matrix
from tests.conversations.conftest import SEED_TEXTS, add_statements
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]

MATRIX = """
view                     engagement  anon   pseudo pat    sam    mo     erin   fran   alice  olly
vote_page                public      302    200    200    302    302    302    302    302    302
vote_page                link        404    404    404    302    302    302    302    302    404
vote_page                private     404    404    302    302    302    302    302    302    404
vote_page_post           public      405    405    405    405    405    405    405    405    405
vote_post                public      302    saved  saved  302    302    302    302    302    302
vote_post                link        404    404    404    302    302    302    302    302    404
vote_post                private     404    404    302    302    302    302    302    302    404
vote_get                 public      405    405    405    405    405    405    405    405    405
my_votes                 public      302    200    200    302    302    302    302    302    302
my_votes                 link        404    404    404    302    302    302    302    302    404
my_votes                 private     404    404    302    302    302    302    302    302    404
my_votes_post            public      405    405    405    405    405    405    405    405    405
write                    public      302    200    200    302    302    302    302    302    302
write                    link        404    404    404    302    302    302    302    302    404
write                    private     404    404    302    302    302    302    302    302    404
write_post               public      302    saved  saved  302    302    302    302    302    302
write_post               link        404    404    404    302    302    302    302    302    404
write_post               private     404    404    302    302    302    302    302    302    404
results                  public      200    200    200    200    200    200    200    200    200
results                  link        404    404    404    200    200    200    200    200    404
results                  private     404    404    200    200    200    200    200    200    404
results_post             public      405    405    405    405    405    405    405    405    405
results_list             public      200    200    200    200    200    200    200    200    200
results_list             link        404    404    404    200    200    200    200    200    404
results_list             private     404    404    200    200    200    200    200    200    404
results_list_post        public      405    405    405    405    405    405    405    405    405
moderation_log           public      200    200    200    200    200    200    200    200    200
moderation_log           link        404    404    404    200    200    200    200    200    404
moderation_log           private     404    404    200    200    200    200    200    200    404
moderation_log_post      public      405    405    405    405    405    405    405    405    405
statement                public      200    200    200    200    200    200    200    200    200
statement                link        404    404    404    200    200    200    200    200    404
statement                private     404    404    200    200    200    200    200    200    404
statement_post           public      405    405    405    405    405    405    405    405    405

statements               public      login  login  403    403    403    403    200    200    403
statements               link        login  login  404    403    403    403    200    200    404
statements               private     login  login  403    403    403    403    200    200    404
statements_seed_post     public      login  login  403    403    403    403    saved  saved  403
statements_seed_post     link        login  login  404    403    403    403    saved  saved  404
statements_seed_post     private     login  login  403    403    403    403    saved  saved  404
statements_settings_post public      login  login  403    403    403    403    saved  saved  403
statements_settings_post link        login  login  404    403    403    403    saved  saved  404
statements_settings_post private     login  login  403    403    403    403    saved  saved  404
moderate_post            public      login  login  403    403    403    403    saved  saved  403
moderate_post            link        login  login  404    403    403    403    saved  saved  404
moderate_post            private     login  login  403    403    403    403    saved  saved  404
moderate_get             public      login  login  405    405    405    405    405    405    405
live                     public      login  login  403    403    403    403    200    200    403
live                     link        login  login  404    403    403    403    200    200    404
live                     private     login  login  403    403    403    403    200    200    404
live_post                public      login  login  405    405    405    405    405    405    405
assisted                 public      login  login  403    403    403    403    200    200    403
assisted                 link        login  login  404    403    403    403    200    200    404
assisted                 private     login  login  403    403    403    403    200    200    404
assisted_post            public      login  login  403    403    403    403    saved  saved  403
assisted_post            link        login  login  404    403    403    403    saved  saved  404
assisted_post            private     login  login  403    403    403    403    saved  saved  404

import_polis             -           login  login  403    403    403    403    403    200    403
import_polis_post        -           login  login  403    403    403    403    403    saved  403
import_polis_progress    -           login  login  403    403    403    403    403    200    403
"""

# The URL name each row is about; COVERS, below, is what the global guard (tests/test_conventions.py) reads.
ROW_URL = {
    "vote_page": "conversations:vote_page",
    "vote_page_post": "conversations:vote_page",
    "vote_post": "conversations:vote",
    "vote_get": "conversations:vote",
    "my_votes": "conversations:my_votes",
    "my_votes_post": "conversations:my_votes",
    "write": "conversations:write",
    "write_post": "conversations:write",
    "results": "conversations:results",
    "results_post": "conversations:results",
    "results_list": "conversations:results_list",
    "results_list_post": "conversations:results_list",
    "moderation_log": "conversations:moderation_log",
    "moderation_log_post": "conversations:moderation_log",
    "statement": "conversations:statement",
    "statement_post": "conversations:statement",
    "statements": "conversations_staff:statements",
    "statements_seed_post": "conversations_staff:statements",
    "statements_settings_post": "conversations_staff:statements",
    "moderate_post": "conversations_staff:moderate",
    "moderate_get": "conversations_staff:moderate",
    "live": "conversations_staff:live",
    "live_post": "conversations_staff:live",
    "assisted": "conversations_staff:assisted",
    "assisted_post": "conversations_staff:assisted",
    "import_polis": "conversations_staff:import_polis",
    "import_polis_post": "conversations_staff:import_polis",
    "import_polis_progress": "conversations_staff:import_polis_progress",
}
NAMESPACES = ("conversations", "conversations_staff")

ROWS = parse_matrix(MATRIX, PERSONAS)
COVERS = {ROW_URL[view] for view, _visibility, _expected in ROWS}  # the URL names with rows

POLIS_COMMENTS = (
    "timestamp,comment-id,author-id,agrees,disagrees,moderated,is-meta,is-seed,comment-body\n"
    "1,0,0,1,0,1,false,true,First statement\n"
    "2,1,0,0,1,1,false,false,Second statement\n"
)
POLIS_VOTES = "timestamp,datetime,comment-id,voter-id,vote\n1,x,0,0,1\n2,x,1,0,-1\n3,x,0,1,-1\n"


def polis_upload() -> dict:
    # Fresh files for every persona: an uploaded file is read once.
    return {
        "title": "Uploaded conversation",
        "comments": SimpleUploadedFile("comments.csv", POLIS_COMMENTS.encode()),
        "votes": SimpleUploadedFile("votes.csv", POLIS_VOTES.encode()),
    }


def build_request(view: str, world, engagement: Engagement | None) -> Request:
    """The request a persona sends for a row: valid input, so that a refusal is never down to bad data."""
    name = ROW_URL[view]
    if engagement is None:
        url = reverse(name, args=[world.org.slug])
    else:
        statement = world.statements[engagement.slug]
        args = (
            [engagement.slug, statement.pk]
            if name in ("conversations:statement", "conversations_staff:moderate")
            else [engagement.slug]
        )
        url = reverse(name, args=args)
    method = "post" if view.endswith("_post") else "get"
    if method == "get":
        return Request("get", url)
    posts: dict[str, Callable[[], dict]] = {
        "vote_post": lambda: {"statement": str(world.statements[engagement.slug].pk), "value": "-1"},
        "write_post": lambda: {"text": "Hospital transport should wait for late clinics."},
        "statements_seed_post": lambda: {"form": "seed", "seed-text": "Letters should come in Welsh first."},
        "statements_settings_post": lambda: {
            "form": "settings",
            "settings-moderation": Conversation.Moderation.BEFORE,
            "settings-participants_can_write": "on",
            "settings-min_statement_length": "10",
        },
        "moderate_post": lambda: {
            "action": ModerationDecision.Action.HIDE,
            "reason": ModerationDecision.Reason.values[0],
        },
        "assisted_post": lambda: {f"s{world.statements[engagement.slug].pk}": "1", "consent": "yes"},
    }
    if view == "import_polis_post":
        return Request("post", url, polis_upload)
    return Request("post", url, posts.get(view, dict)())


def snapshot() -> tuple:
    """Everything a view of this app could change, in a comparable form."""
    return (
        list(Statement.objects.order_by("pk").values_list("pk", "text", "status")),
        list(Vote.objects.order_by("pk").values_list("participant_id", "statement_id", "value")),
        VoteEvent.objects.count(),
        ModerationDecision.objects.count(),
        list(
            Conversation.objects.order_by("pk").values_list("moderation", "participants_can_write", "require_account")
        ),
        list(Participant.objects.order_by("pk").values_list("pk", "consented_at", "user_id")),
        AuditEvent.objects.count(),
        Engagement.objects.count(),
    )


@pytest.fixture
def matrix_world(world):
    now = timezone.now()
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=now)
    Participant.objects.filter(user=world.pat).update(consented_at=now)
    world.statements = {}
    for engagement in (world.public, world.link, world.private):
        world.statements[engagement.slug] = add_statements(conversation_of(engagement), SEED_TEXTS[:3])[0]
    return world


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_permission_matrix(view, visibility, expected, matrix_world):
    world = matrix_world
    engagement = {"public": world.public, "link": world.link, "private": world.private, "-": None}[visibility]
    request = build_request(view, world, engagement)
    got = matrix.run_row(PERSONAS, request, world, snapshot)
    matrix.assert_row(view, visibility, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    """A new view of this app must get a row: every named URL of conversations and conversations_staff appears."""
    ours = matrix.url_names(*NAMESPACES, qualified=True)
    assert ours, "the conversations URLs are not installed"
    assert ours - COVERS == set(), f"views without a row in the permission matrix: {sorted(ours - COVERS)}"
    assert COVERS <= ours, f"rows for URLs that do not exist: {sorted(COVERS - ours)}"
