"""Who gets what from every page of the asset map: one row per (view, asset or engagement), one column per persona.

Cells, as in tests/engagements/test_permission_matrix.py: 200 the page; 302 a redirect and nothing changed; saved a
redirect after a write that changed something; login a redirect to sign in; 403 may see it but not do this; 404 may
not know it exists; 405 wrong method. Refused writes change nothing.

Personas (tests/conftest.py): anon; pat (a participant, who offered the "offered" strength); sam (spokesperson:
staff of glas, not a manager); fran (facilitator of glas's engagements); alice (admin of glas); olly (admin of the
other organisation). The second column names the asset a row is about (tests/community/conftest.py) or, for the
engagement pages, the engagement's visibility.

Besides the status, every answer is searched for what must not leak: the private asset's name outside glas's
managers, the staff asset's name outside glas's staff, and the sensitive asset's place, way in and coordinates
outside glas's staff.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from coproduce.community.models import (
    Asset,
    EngagementAsset,
    ProposalAsset,
    ProposedQuestion,
    QuestionSupport,
)
from coproduce.engagements.models import AuditEvent
from coproduce.proposals.models import Proposal
from tests.community.conftest import SECRET_LATITUDE, SECRET_PLACE
from tests.permission_matrix import Request, Rollback, client_for, outcome, parse_matrix, texts_of, url_names

PERSONAS = ["anon", "pat", "sam", "fran", "alice", "olly"]

MATRIX = """
view                     asset      anon   pat    sam    fran   alice  olly
assets                   -          200    200    200    200    200    200
assets_post              -          405    405    405    405    405    405
map_data                 -          200    200    200    200    200    200
asset                    public     200    200    200    200    200    200
asset                    staff      404    404    200    200    200    404
asset                    private    404    404    404    200    200    404
asset                    sensitive  200    200    200    200    200    200
asset                    offered    404    200    404    200    200    404
asset                    other      200    200    200    200    200    200
mine                     -          login  200    200    200    200    200
offer                    -          login  200    200    200    200    200
offer_post               -          login  saved  saved  saved  saved  saved
organisation_assets      -          login  403    403    200    200    403
asset_new                -          login  403    403    200    200    403
asset_new_post           -          login  403    403    saved  saved  403
asset_edit               public     login  403    403    200    200    403
asset_edit               private    login  404    404    200    200    404
asset_edit               other      login  403    403    403    403    200
asset_edit_post          public     login  403    403    saved  saved  403
asset_edit_post          private    login  404    404    saved  saved  404
asset_review             offered    login  403    404    200    200    404
asset_review             public     login  403    403    302    302    403
asset_review_post        offered    login  403    404    saved  saved  404
engagement_assets        public     login  403    403    200    200    403
engagement_assets        private    login  403    403    200    200    404
engagement_assets_post   public     login  403    403    saved  saved  403
engagement_assets_post   private    login  403    403    saved  saved  404
proposal_assets          public     login  403    403    200    200    403
proposal_assets_post     public     login  403    403    saved  saved  403
questions                -          200    200    200    200    200    200
questions_post           -          405    405    405    405    405    405
propose                  -          login  200    200    200    200    200
propose_post             -          login  saved  saved  saved  saved  saved
support_post             -          login  saved  saved  saved  saved  saved
support_get              -          login  405    405    405    405    405
question_answer          -          login  403    403    200    200    403
question_answer_post     -          login  403    403    saved  saved  403
"""

ROW_URL = {
    "assets": "community:assets",
    "assets_post": "community:assets",
    "map_data": "community:map_data",
    "asset": "community:asset",
    "mine": "community:mine",
    "offer": "community:offer",
    "offer_post": "community:offer",
    "organisation_assets": "community_staff:organisation_assets",
    "asset_new": "community_staff:asset_new",
    "asset_new_post": "community_staff:asset_new",
    "asset_edit": "community_staff:asset_edit",
    "asset_edit_post": "community_staff:asset_edit",
    "asset_review": "community_staff:asset_review",
    "asset_review_post": "community_staff:asset_review",
    "engagement_assets": "community_staff:engagement_assets",
    "engagement_assets_post": "community_staff:engagement_assets",
    "proposal_assets": "community_staff:proposal_assets",
    "proposal_assets_post": "community_staff:proposal_assets",
    "questions": "community:questions",
    "questions_post": "community:questions",
    "propose": "community:propose",
    "propose_post": "community:propose",
    "support_post": "community:support",
    "support_get": "community:support",
    "question_answer": "community_staff:question_answer",
    "question_answer_post": "community_staff:question_answer",
}

ROWS = parse_matrix(MATRIX, PERSONAS)

STAFF_OF_GLAS = {"sam", "fran", "alice"}
MANAGERS_OF_GLAS = {"fran", "alice"}


def build_request(view: str, w, which: str) -> Request:
    """Valid input for every row, so that a refusal is never down to bad data."""
    name = ROW_URL[view]
    asset = w.asset.get(which)
    engagement = {"public": w.public, "private": w.private}.get(which, w.public)
    args = {
        "community:asset": [asset.pk] if asset else [],
        "community:offer": [w.org.slug],
        "community_staff:organisation_assets": [w.org.slug],
        "community_staff:asset_new": [w.org.slug],
        "community_staff:asset_edit": [asset.pk] if asset else [],
        "community_staff:asset_review": [asset.pk] if asset else [],
        "community_staff:engagement_assets": [engagement.slug],
        "community_staff:proposal_assets": [engagement.slug, w.proposal.pk],
        "community:questions": [w.org.slug],
        "community:propose": [w.org.slug],
        "community:support": [w.question.pk],
        "community_staff:question_answer": [w.question.pk],
    }.get(name, [])
    url = reverse(name, args=args)
    asset_fields = {
        "name_en": "Town hall",
        "name_cy": "Neuadd y dref",
        "kind": "places",
        "postcode_district": "cf47",
        "visibility": "public",
    }
    posts = {
        "assets_post": {},
        "offer_post": {
            "name": "Knitting lessons",
            "kind": "skills",
            "holder_name": "Nain",
            "postcode_district": "CF48",
            "consent_public": "yes",
            "understood": "on",
        },
        "asset_new_post": asset_fields,
        "asset_edit_post": {**asset_fields, "visibility": "staff"},
        "asset_review_post": {"decision": "publish", "visibility": "public"},
        "engagement_assets_post": {"assets": [w.asset["public"].pk, w.asset["private"].pk]},
        "proposal_assets_post": {"assets": [w.asset["public"].pk]},
        "questions_post": {},
        "propose_post": {"question": "What matters to you about the bus to the hospital?", "name": "Cylch Cerdded"},
        "support_post": {},
        "question_answer_post": {"decision": "declined", "response_en": "We asked about this last year."},
    }
    if view in posts:
        return Request("post", url, posts[view])
    return Request("get", url)


def snapshot() -> tuple:
    return (
        list(Asset.objects.order_by("pk").values_list("pk", "status", "visibility", "postcode_district")),
        texts_of(Asset),
        list(EngagementAsset.objects.order_by("pk").values_list("engagement_id", "asset_id")),
        list(ProposalAsset.objects.order_by("pk").values_list("proposal_id", "asset_id")),
        list(ProposedQuestion.objects.order_by("pk").values_list("pk", "question", "status", "engagement_id")),
        texts_of(ProposedQuestion),
        list(QuestionSupport.objects.order_by("pk").values_list("question_id", "user_id")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(assets):
    w = assets
    w.proposal = Proposal.objects.create(
        engagement=w.public, title_en="Phone reminders", summary_en="Text people the day before."
    )
    w.question = ProposedQuestion.objects.create(
        organisation=w.org, question="Can we talk about parking?", proposer=w.pat, proposer_name="Pat"
    )
    return w


def leaks(persona: str, body: str) -> list[str]:
    found = []
    if "Private Partner Contact" in body and persona not in MANAGERS_OF_GLAS:
        found.append("the private asset")
    if "Staff Only Meeting Room" in body and persona not in STAFF_OF_GLAS:
        found.append("the staff asset")
    for secret in (SECRET_PLACE, "Ring the bell twice", SECRET_LATITUDE, SECRET_LATITUDE.rstrip("0")):
        if secret in body and persona not in STAFF_OF_GLAS:
            found.append(f"the sensitive asset's {secret!r}")
    return found


@pytest.mark.parametrize(
    ("view", "which", "expected"),
    [pytest.param(view, which, expected, id=f"{view}-{which}") for view, which, expected in ROWS],
)
def test_permission_matrix(view, which, expected, matrix_world):
    w = matrix_world
    request = build_request(view, w, which)
    before = snapshot() if request.method == "post" else None
    got: dict[str, str] = {}
    leaked: list[str] = []
    for persona in PERSONAS:
        try:
            with transaction.atomic():
                client = client_for(persona, w)
                response = getattr(client, request.method)(request.url, request.data or {})
                changed = request.method == "post" and snapshot() != before
                got[persona] = outcome(response, changed)
                if response.status_code == 200:
                    leaked += [f"{persona} saw {what}" for what in leaks(persona, response.content.decode())]
                raise Rollback
        except Rollback:
            pass
    wrong = {p: (expected[p], got[p]) for p in PERSONAS if expected[p] != got[p]}
    assert not wrong, f"{view} ({which}): " + "; ".join(f"{p} expected {e}, got {g}" for p, (e, g) in wrong.items())
    assert not leaked, f"{view} ({which}): " + "; ".join(leaked)


def test_matrix_covers_every_url_name():
    """A new view of the asset map must get a row."""
    ours = url_names("community", "community_staff", qualified=True)
    covered = {ROW_URL[view] for view, _w, _e in ROWS}
    assert ours, "the community URLs are not installed"
    assert ours - covered == set(), "views without a row in the permission matrix"
    assert covered <= ours
