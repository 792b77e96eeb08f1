"""Who gets what from the translation queue of an engagement's statements (namespace statement_translations).

Cells as in tests/conversations/test_permission_matrix.py. Personas as there, plus tina, the engagement's
translator in all three engagements. Facilitators (fran), organisation admins (alice) and translators (tina) use
the queue; nobody else, whatever other role they hold. The review row confirms a translation tina proposed: tina
is refused (a second person must confirm, 302 and nothing changed), fran and alice confirm it.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.conversations.access import conversation_of
from coproduce.engagements.models import AuditEvent, Engagement, Membership, Role
from coproduce.translations.actions import do_propose_translation
from coproduce.translations.models import Translation
from tests import permission_matrix as matrix
from tests.conversations.conftest import SEED_TEXTS, add_statements
from tests.permission_matrix import Request, parse_matrix

PERSONAS = ["anon", "pseudo", "pat", "sam", "mo", "erin", "fran", "alice", "olly", "tina"]

MATRIX = """
view            engagement  anon   pseudo pat    sam    mo     erin   fran   alice  olly   tina
queue           public      login  login  403    403    403    403    200    200    403    200
queue           link        login  login  404    403    403    403    200    200    404    200
queue           private     login  login  403    403    403    403    200    200    404    200
queue_post      public      login  login  405    405    405    405    405    405    405    405
translate       public      login  login  403    403    403    403    200    200    403    200
translate       link        login  login  404    403    403    403    200    200    404    200
translate       private     login  login  403    403    403    403    200    200    404    200
translate_post  public      login  login  403    403    403    403    saved  saved  403    saved
translate_post  link        login  login  404    403    403    403    saved  saved  404    saved
translate_post  private     login  login  403    403    403    403    saved  saved  404    saved
review_post     public      login  login  403    403    403    403    saved  saved  403    302
review_post     link        login  login  404    403    403    403    saved  saved  404    302
review_post     private     login  login  403    403    403    403    saved  saved  404    302
review_get      public      login  login  405    405    405    405    405    405    405    405
"""

ROW_URL = {
    "queue": "statement_translations:queue",
    "queue_post": "statement_translations:queue",
    "translate": "statement_translations:translate",
    "translate_post": "statement_translations:translate",
    "review_post": "statement_translations:review",
    "review_get": "statement_translations:review",
}
NAMESPACES = ("statement_translations",)

ROWS = parse_matrix(MATRIX, PERSONAS)
COVERS = {ROW_URL[view] for view, _visibility, _expected in ROWS}


def build_request(view: str, world, engagement: Engagement) -> Request:
    name = ROW_URL[view]
    to_translate, proposed = world.statements[engagement.slug]
    if name == "statement_translations:queue":
        url = reverse(name, args=[engagement.slug])
    else:
        url = reverse(name, args=[engagement.slug, (proposed if view.startswith("review") else to_translate).pk])
    if not view.endswith("_post"):
        return Request("get", url)
    data = {
        "translate_post": {"text": "Dylai llythyrau apwyntiad ddweud pa mor hir y byddaf yn y clinig."},
        "review_post": {"decision": "confirm"},
    }.get(view, {})
    return Request("post", url, data)


def snapshot() -> tuple:
    return (
        list(
            Translation.objects.order_by("pk").values_list("pk", "text", "status", "proposed_by_id", "reviewed_by_id")
        ),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def matrix_world(world, django_user_model):
    from django.utils import timezone

    from coproduce.engagements.models import Participant

    now = timezone.now()
    world.pseudonymous_participant = Participant.objects.create(engagement=world.public, consented_at=now)
    world.tina = django_user_model.objects.create_user("tina@example.org", "a-long-test-password", display_name="Tina")
    world.statements = {}
    for engagement in (world.public, world.link, world.private):
        Membership.objects.create(user=world.tina, organisation=world.org, engagement=engagement, role=Role.TRANSLATOR)
        to_translate, proposed = add_statements(conversation_of(engagement), SEED_TEXTS[:2])
        do_propose_translation(world.tina, proposed, "text", "Rydw i eisiau aildrefnu apwyntiad drwy neges destun.")
        world.statements[engagement.slug] = (to_translate, proposed)
    return world


@pytest.mark.parametrize(
    ("view", "visibility", "expected"),
    [pytest.param(view, visibility, expected, id=f"{view}-{visibility}") for view, visibility, expected in ROWS],
)
def test_translation_matrix(view, visibility, expected, matrix_world):
    world = matrix_world
    engagement = {"public": world.public, "link": world.link, "private": world.private}[visibility]
    got = matrix.run_row(PERSONAS, build_request(view, world, engagement), world, snapshot)
    matrix.assert_row(view, visibility, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    ours = matrix.url_names(*NAMESPACES, qualified=True)
    assert ours, "the translation queue's URLs are not installed"
    assert ours - COVERS == set(), f"views without a row in the permission matrix: {sorted(ours - COVERS)}"
    assert COVERS <= ours, f"rows for URLs that do not exist: {sorted(COVERS - ours)}"
