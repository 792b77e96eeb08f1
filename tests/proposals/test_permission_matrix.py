"""Who gets what from every view of the proposals app: one row per (view, engagement), one column per persona.

Cells, personas and method as in tests/engagements/test_permission_matrix.py:

    200    the page
    302    a redirect, and nothing changed (to take part, or back with a message)
    saved  a redirect after a write, and something changed
    login  redirected to sign in, nothing changed
    403    may see it but not do this, nothing changed
    404    may not even know it exists, nothing changed
    405    wrong method, nothing changed

Every engagement of "glas" has a phase open with proposals, comments, expert input, prioritisation and decisions
(tests/proposals/conftest.py). pseudo and pat have agreed to take part in the *public* engagement; pat is invited to
the private one but has not joined it yet. In each engagement: an open proposal (written by pseudo in the public
engagement, by fran elsewhere), two shortlisted options, a comment and a decision. The pair signed for "choose" was
shown to pseudo: anyone else who sends it is refused, which the matrix shows as 302 with nothing saved.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.models import AuditEvent, Engagement, Participant
from coproduce.proposals import scoring
from coproduce.proposals.access import Author
from coproduce.proposals.actions import do_give_expert_input, do_record_decision
from coproduce.proposals.models import (
    Citation,
    Comment,
    Decision,
    DotAllocation,
    ExpertInput,
    PairwiseChoice,
    PrioritisationSettings,
    Proposal,
    ProposalModeration,
    ProposalVersion,
)
from tests import permission_matrix as matrix
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly"]

MATRIX = """
view                    engagement  anon   pseudo pat    sam    mo     erin   fran   alice  olly
list                    public      200    200    200    200    200    200    200    200    200
list                    link        404    404    404    200    200    200    200    200    404
list                    private     404    404    200    200    200    200    200    200    404
detail                  public      200    200    200    200    200    200    200    200    200
detail                  link        404    404    404    200    200    200    200    200    404
detail                  private     404    404    200    200    200    200    200    200    404
history                 public      200    200    200    200    200    200    200    200    200
history                 private     404    404    200    200    200    200    200    200    404
moderation_log          public      200    200    200    200    200    200    200    200    200
moderation_log          private     404    404    200    200    200    200    200    200    404
priorities              public      200    200    200    200    200    200    200    200    200
priorities              link        404    404    404    200    200    200    200    200    404
priorities              private     404    404    200    200    200    200    200    200    404
decisions               public      200    200    200    200    200    200    200    200    200
decisions               private     404    404    200    200    200    200    200    200    404
decision                public      200    200    200    200    200    200    200    200    200
decision                private     404    404    200    200    200    200    200    200    404

write                   public      302    200    200    200    200    200    200    200    302
write                   link        404    404    404    200    200    200    200    200    404
write                   private     404    404    302    200    200    200    200    200    404
write_post              public      302    saved  saved  saved  saved  saved  saved  saved  302
write_post              private     404    404    302    saved  saved  saved  saved  saved  404
comment_post            public      302    saved  saved  saved  saved  saved  saved  saved  302
comment_post            link        404    404    404    saved  saved  saved  saved  saved  404
comment_post            private     404    404    302    saved  saved  saved  saved  saved  404
comment_get             public      405    405    405    405    405    405    405    405    405
expert_input_post       public      403    403    403    403    403    saved  403    403    403
expert_input_post       private     404    404    403    403    403    saved  403    403    404
expert_input_get        public      405    405    405    405    405    405    405    405    405
amend                   public      302    200    403    403    403    403    403    403    302
amend                   private     404    404    302    403    403    403    200    403    404
amend_post              public      302    saved  403    403    403    403    403    403    302
amend_post              private     404    404    302    403    403    403    saved  403    404

prioritise              public      302    200    200    302    302    302    302    302    302
prioritise              link        404    404    404    302    302    302    302    302    404
prioritise              private     404    404    302    302    302    302    302    302    404
choose_post             public      302    saved  302    302    302    302    302    302    302
choose_post             private     404    404    302    302    302    302    302    302    404
choose_get              public      405    405    405    405    405    405    405    405    405
dots_post               public      302    saved  saved  302    302    302    302    302    302
dots_post               private     404    404    302    302    302    302    302    302    404
dots_get                public      405    405    405    405    405    405    405    405    405
suggest                 public      302    200    200    200    200    200    200    200    302
suggest                 private     404    404    302    200    200    200    200    200    404
suggest_post            public      302    saved  saved  saved  saved  saved  saved  saved  302
suggest_post            private     404    404    302    saved  saved  saved  saved  saved  404

proposals               public      login  login  403    403    403    403    200    200    403
proposals               link        login  login  404    403    403    403    200    200    404
proposals               private     login  login  403    403    403    403    200    200    404
status_post             public      login  login  403    403    403    403    saved  saved  403
status_post             private     login  login  403    403    403    403    saved  saved  404
status_get              public      login  login  405    405    405    405    405    405    405
boundary_post           public      login  login  403    403    403    403    saved  saved  403
boundary_post           private     login  login  403    403    403    403    saved  saved  404
moderate_proposal_post  public      login  login  403    403    403    403    saved  saved  403
moderate_proposal_post  private     login  login  403    403    403    403    saved  saved  404
moderate_comment_post   public      login  login  403    403    403    403    saved  saved  403
moderate_comment_post   link        login  login  404    403    403    403    saved  saved  404
moderate_comment_post   private     login  login  403    403    403    403    saved  saved  404
moderate_comment_get    public      login  login  405    405    405    405    405    405    405
prioritisation          public      login  login  403    403    403    403    200    200    403
prioritisation          private     login  login  403    403    403    403    200    200    404
prioritisation_post     public      login  login  403    403    403    403    saved  saved  403
prioritisation_post     link        login  login  404    403    403    403    saved  saved  404
proposal_new            public      login  login  403    200    200    200    200    200    403
proposal_new            link        login  login  404    200    200    200    200    200    404
proposal_new            private     login  login  403    200    200    200    200    200    404
proposal_new_post       public      login  login  403    saved  saved  saved  saved  saved  403
proposal_new_post       link        login  login  404    saved  saved  saved  saved  saved  404
proposal_new_post       private     login  login  403    saved  saved  saved  saved  saved  404
decision_new            public      login  login  403    403    403    403    200    200    403
decision_new            private     login  login  403    403    403    403    200    200    404
decision_new_post       public      login  login  403    403    403    403    saved  saved  403
decision_new_post       link        login  login  404    403    403    403    saved  saved  404
decision_new_post       private     login  login  403    403    403    403    saved  saved  404
proposal_texts          public      login  login  403    403    403    403    200    200    403
proposal_texts          link        login  login  404    403    403    403    200    200    404
proposal_texts          private     login  login  403    403    403    403    200    200    404
proposal_texts_post     public      login  login  403    403    403    403    saved  saved  403
proposal_texts_post     private     login  login  403    403    403    403    saved  saved  404
expert_input_texts      public      login  login  403    403    403    403    200    200    403
expert_input_texts      private     login  login  403    403    403    403    200    200    404
expert_input_texts_post public      login  login  403    403    403    403    saved  saved  403
expert_input_texts_post link        login  login  404    403    403    403    saved  saved  404
decision_texts          public      login  login  403    403    403    403    200    200    403
decision_texts          private     login  login  403    403    403    403    200    200    404
decision_texts_post     public      login  login  403    403    403    403    saved  saved  403
decision_texts_post     private     login  login  403    403    403    403    saved  saved  404
"""


ROWS = parse_matrix(MATRIX, PERSONAS)


def build_request(view: str, world, engagement: Engagement) -> Request:
    """The request a persona sends for a row: valid input, so that a refusal is never down to bad data."""
    slug = engagement.slug
    things = world.things[slug]
    proposal, option_a, comment, decision = things["proposal"], things["a"], things["comment"], things["decision"]
    statement = world.codesign.statements[slug][1]
    phase = world.codesign.phases[slug]
    requests: dict[str, Callable[[], Request]] = {
        "list": lambda: Request("get", reverse("proposals:list", args=[slug])),
        "detail": lambda: Request("get", reverse("proposals:detail", args=[slug, proposal.pk])),
        "history": lambda: Request("get", reverse("proposals:history", args=[slug, proposal.pk])),
        "moderation_log": lambda: Request("get", reverse("proposals:moderation_log", args=[slug])),
        "priorities": lambda: Request("get", reverse("proposals:priorities", args=[slug])),
        "decisions": lambda: Request("get", reverse("proposals:decisions", args=[slug])),
        "decision": lambda: Request("get", reverse("proposals:decision", args=[slug, decision.pk])),
        "write": lambda: Request("get", reverse("proposals:write", args=[slug])),
        "write_post": lambda: Request(
            "post",
            reverse("proposals:write", args=[slug]),
            {"title": "Evening clinics", "summary": "Clinics after work.", "statements": [str(statement.pk)]},
        ),
        "comment_post": lambda: Request(
            "post", reverse("proposals:comment", args=[slug, proposal.pk]), {"text": "Yes please"}
        ),
        "comment_get": lambda: Request("get", reverse("proposals:comment", args=[slug, proposal.pk])),
        "expert_input_post": lambda: Request(
            "post", reverse("proposals:expert_input", args=[slug, proposal.pk]), {"expert-text_en": "Texts cost 3p."}
        ),
        "expert_input_get": lambda: Request("get", reverse("proposals:expert_input", args=[slug, proposal.pk])),
        "amend": lambda: Request("get", reverse("proposals:amend", args=[slug, proposal.pk])),
        "amend_post": lambda: Request(
            "post",
            reverse("proposals:amend", args=[slug, proposal.pk]),
            {"title": "Text and email reminders", "summary": proposal.summary, "body": "", "note": "Email too"},
        ),
        "prioritise": lambda: Request("get", reverse("proposals:prioritise", args=[slug])),
        "choose_post": lambda: Request(
            "post", reverse("proposals:choose", args=[slug]), {"pair": things["token"], "choice": str(option_a.pk)}
        ),
        "choose_get": lambda: Request("get", reverse("proposals:choose", args=[slug])),
        "dots_post": lambda: dots_request(world, engagement, option_a),
        "dots_get": lambda: Request("get", reverse("proposals:dots", args=[slug])),
        "suggest": lambda: Request("get", reverse("proposals:suggest", args=[slug])),
        "suggest_post": lambda: Request(
            "post", reverse("proposals:suggest", args=[slug]), {"title": "Free parking", "summary": "For carers."}
        ),
        "proposals": lambda: Request("get", reverse("proposals_staff:proposals", args=[slug])),
        "status_post": lambda: Request(
            "post", reverse("proposals_staff:status", args=[slug, proposal.pk]), {"status-status": "shortlisted"}
        ),
        "status_get": lambda: Request("get", reverse("proposals_staff:status", args=[slug, proposal.pk])),
        "boundary_post": lambda: Request(
            "post",
            reverse("proposals_staff:boundary", args=[slug, proposal.pk]),
            {"boundary-boundary": "within", "boundary-note_en": "Reminders are in scope."},
        ),
        "moderate_proposal_post": lambda: Request(
            "post",
            reverse("proposals_staff:moderate_proposal", args=[slug, proposal.pk]),
            {"action": "hide", "reason": "off_topic"},
        ),
        "moderate_comment_post": lambda: Request(
            "post",
            reverse("proposals_staff:moderate_comment", args=[slug, comment.pk]),
            {"action": "hide", "reason": "abusive"},
        ),
        "moderate_comment_get": lambda: Request(
            "get", reverse("proposals_staff:moderate_comment", args=[slug, comment.pk])
        ),
        "prioritisation": lambda: Request("get", reverse("proposals_staff:prioritisation", args=[slug])),
        "prioritisation_post": lambda: Request(
            "post",
            reverse("proposals_staff:prioritisation", args=[slug]),
            {"phase": phase.pk, f"phase-{phase.pk}-method": "dots", f"phase-{phase.pk}-dots": "7"},
        ),
        "proposal_new": lambda: Request("get", reverse("proposals_staff:proposal_new", args=[slug])),
        "proposal_new_post": lambda: Request(
            "post",
            reverse("proposals_staff:proposal_new", args=[slug]),
            {
                "title_en": "Evening clinics",
                "title_cy": "Clinigau gyda’r nos",
                "summary_en": "Clinics after work.",
                "statements": [str(statement.pk)],
            },
        ),
        "decision_new": lambda: Request("get", reverse("proposals_staff:decision_new", args=[slug])),
        "decision_new_post": lambda: Request(
            "post",
            reverse("proposals_staff:decision_new", args=[slug]),
            {
                "title_en": "We will send reminders",
                "decided_by_en": "The board",
                "decided_on": "2026-11-20",
                "reasons_en": "People agreed.",
                "proposals": [str(option_a.pk)],
            },
        ),
        "proposal_texts": lambda: Request("get", reverse("proposals_staff:proposal_texts", args=[slug, proposal.pk])),
        "proposal_texts_post": lambda: Request(
            "post",
            reverse("proposals_staff:proposal_texts", args=[slug, proposal.pk]),
            {"title_en": "Text reminders", "title_cy": "Nodiadau atgoffa", "summary_en": proposal.summary_en},
        ),
        "expert_input_texts": lambda: Request(
            "get", reverse("proposals_staff:expert_input_texts", args=[slug, things["expert_input"].pk])
        ),
        "expert_input_texts_post": lambda: Request(
            "post",
            reverse("proposals_staff:expert_input_texts", args=[slug, things["expert_input"].pk]),
            {"text_en": "Texts cost 3p.", "text_cy": "Mae negeseuon testun yn costio 3c."},
        ),
        "decision_texts": lambda: Request("get", reverse("proposals_staff:decision_texts", args=[slug, decision.pk])),
        "decision_texts_post": lambda: Request(
            "post",
            reverse("proposals_staff:decision_texts", args=[slug, decision.pk]),
            {
                "title_en": "Decided",
                "title_cy": "Penderfynwyd",
                "decided_by_en": "Board",
                "decided_by_cy": "Bwrdd",
                "reasons_en": "Why",
            },
        ),
    }
    return requests[view]()


def dots_request(world, engagement: Engagement, option: Proposal) -> Request:
    """This engagement's phase asks for dots (set before any persona's request, for the whole row)."""
    PrioritisationSettings.objects.update_or_create(
        phase=world.codesign.phases[engagement.slug], defaults={"method": "dots", "dots": 5}
    )
    return Request("post", reverse("proposals:dots", args=[engagement.slug]), {f"option-{option.pk}": "3"})


def snapshot() -> tuple:
    """Everything a view of this app could change, in a comparable form."""
    return (
        list(Proposal.objects.order_by("pk").values_list("pk", "title", "status", "is_hidden", "boundary")),
        Citation.objects.count(),
        ProposalVersion.objects.count(),
        list(Comment.objects.order_by("pk").values_list("pk", "status")),
        ExpertInput.objects.count(),
        PairwiseChoice.objects.count(),
        ProposalModeration.objects.count(),
        list(DotAllocation.objects.values_list("participant_id", "proposal_id", "dots")),
        list(PrioritisationSettings.objects.values_list("phase_id", "method", "dots")),
        Decision.objects.count(),
        Participant.objects.count(),
        AuditEvent.objects.count(),
        matrix.texts_of(Proposal, ExpertInput, Decision),
    )


@pytest.fixture
def matrix_world(codesign):
    world = codesign.world
    now = timezone.now()
    world.codesign = codesign
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=now)
    Participant.objects.filter(user=world.pat).update(consented_at=now)
    world.things = {}
    for engagement in (world.public, world.link, world.private):
        author = (
            Author(participant=world.pseudonymous_participant)
            if engagement == world.public
            else Author(user=world.fran)
        )
        proposal = codesign.proposal(engagement=engagement, author=author, title="Text reminders")
        a = codesign.proposal(engagement=engagement, status=Proposal.Status.SHORTLISTED, title="Option A")
        b = codesign.proposal(engagement=engagement, status=Proposal.Status.SHORTLISTED, title="Option B")
        comment = Comment.objects.create(proposal=proposal, text="A comment")
        decision = do_record_decision(
            world.fran,
            engagement,
            title="Decided",
            decided_by="Board",
            decided_on="2026-11-20",
            reasons="Why",
            not_done="",
            proposals=[],
        )
        token = scoring.sign_pair(engagement, world.pseudonymous_participant, a, b)
        world.things[engagement.slug] = {
            "proposal": proposal,
            "a": a,
            "b": b,
            "comment": comment,
            "decision": decision,
            "expert_input": do_give_expert_input(world.erin, proposal, "Texts cost 3p."),
            "token": token,
        }
    return world


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_permission_matrix(view, visibility, expected, matrix_world):
    world = matrix_world
    engagement = {"public": world.public, "link": world.link, "private": world.private}[visibility]
    request = build_request(view, world, engagement)
    got = matrix.run_row(PERSONAS, request, world, snapshot)
    matrix.assert_row(view, visibility, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    """A new view of this app must get a row: every named URL of proposals and proposals_staff appears."""
    missing = matrix.url_names("proposals", "proposals_staff") - matrix.views_of(ROWS)
    assert not missing, f"views without a row in the permission matrix: {sorted(missing)}"
