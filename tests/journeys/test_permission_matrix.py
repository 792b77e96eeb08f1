"""Who gets what from every page of journeys: one row per view, one column per persona.

Cells as in tests/permission_matrix.py (200, saved, login, 403, 404, 405). Personas: the shared ones (tests/conftest):
anon, pat (a participant, no staff role), fran (facilitator of glas's engagements: staff who may read), alice
(glas's admin: manages) and olly (the other organisation's admin: glas's journeys do not exist for him). Answering
needs only the link: everyone with it may answer once (each persona's answer is rolled back before the next).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.delivery.models import Action
from coproduce.engagements.models import AuditEvent
from coproduce.journeys import actions, frameworkjson
from coproduce.journeys.models import (
    Answer,
    Dimension,
    Framework,
    Invitation,
    Invitee,
    Level,
    OrganisationSettings,
    Rating,
    Round,
    Statement,
)
from coproduce.networks.actions import do_create_network
from tests.journeys.conftest import answer
from tests.permission_matrix import Request, assert_row, parse_matrix, run_row, texts_of, url_names

PERSONAS = ["anon", "pat", "fran", "alice", "olly"]

MATRIX = """
view                 scope  anon   pat    fran   alice  olly
answer               -      200    200    200    200    200
answer_post          -      302    302    302    302    302
answer_used          -      404    404    404    404    404
thanks               -      200    200    200    200    200
take_link            -      login  200    200    200    200
take_link_post       -      login  200    saved  200    200
round_people_post    -      login  404    403    saved  404
published            -      200    200    200    200    200
published_private    -      404    404    404    404    404
home                 -      login  404    200    200    404
round_new            -      login  404    403    200    404
round_new_post       -      login  404    403    saved  404
frameworks           -      login  404    200    200    404
frameworks_post      -      login  404    403    saved  404
framework_export     -      login  404    200    200    404
journey              -      login  404    200    200    404
benchmark            -      login  404    200    200    404
programme            -      login  404    200    200    404
own_actions          -      login  404    200    200    404
settings             -      login  404    403    200    404
settings_post        -      login  404    403    saved  404
round                -      login  404    200    200    404
round_post           -      login  404    403    saved  404
results              -      login  404    200    200    404
results_post         -      login  404    403    saved  404
report               -      login  404    200    200    404
framework_edit       -      login  404    403    200    404
framework_edit_post  -      login  404    403    saved  404
framework_part       -      login  404    403    200    404
framework_part_post  -      login  404    403    saved  404
framework_new        -      login  404    403    200    404
framework_new_post   -      login  404    403    saved  404
network_home         -      login  403    403    200    403
network_round_new    -      login  403    403    200    403
network_round_post   -      login  403    403    saved  403
network_own_actions  -      login  403    403    200    403
network_journey      -      login  403    403    200    403
network_round        -      login  404    404    200    404
network_results_post -      login  404    404    saved  404
"""

ROW_URL = {
    "answer": "journeys:answer",
    "answer_post": "journeys:answer",
    "answer_used": "journeys:answer",
    "thanks": "journeys:thanks",
    "take_link": "journeys:take_link",
    "take_link_post": "journeys:take_link",
    "round_people_post": "journeys_staff:round",
    "published": "journeys:published",
    "published_private": "journeys:published",
    "home": "journeys_staff:home",
    "round_new": "journeys_staff:round_new",
    "round_new_post": "journeys_staff:round_new",
    "frameworks": "journeys_staff:frameworks",
    "frameworks_post": "journeys_staff:frameworks",
    "framework_export": "journeys_staff:framework_export",
    "journey": "journeys_staff:journey",
    "benchmark": "journeys_staff:benchmark",
    "programme": "journeys_staff:programme",
    "own_actions": "journeys_staff:own_actions",
    "settings": "journeys_staff:settings",
    "settings_post": "journeys_staff:settings",
    "round": "journeys_staff:round",
    "round_post": "journeys_staff:round",
    "results": "journeys_staff:results",
    "results_post": "journeys_staff:results",
    "report": "journeys_staff:report",
    "framework_edit": "journeys_staff:framework_edit",
    "framework_edit_post": "journeys_staff:framework_edit",
    "framework_part": "journeys_staff:framework_part",
    "framework_part_post": "journeys_staff:framework_part",
    "framework_new": "journeys_staff:framework_part_new",
    "framework_new_post": "journeys_staff:framework_part_new",
    "network_home": "journeys_staff:network_home",
    "network_round_new": "journeys_staff:network_round_new",
    "network_round_post": "journeys_staff:network_round_new",
    "network_own_actions": "journeys_staff:network_own_actions",
    "network_journey": "journeys_staff:network_journey",
    "network_round": "journeys_staff:round",
    "network_results_post": "journeys_staff:results",
}

ROWS = parse_matrix(MATRIX, PERSONAS)

FRAMEWORK_JSON = """{"format": "coproduce-framework/1", "slug": "ours", "name": {"en": "Ours", "cy": "Ein un ni"},
"levels": ["Start", "Middle", "Far"], "dimensions": [{"key": "listening", "name": "Listening"}]}"""


@pytest.fixture
def matrix_world(world, coproduction):
    w = world
    w.closed = actions.do_start_round(w.alice, w.org, coproduction, title={"en": "Closed", "cy": "Ar gau"})
    for level in (4, 4, 5):
        answer(w.closed, "staff", {"strengths": level})
    actions.do_close_round(w.alice, w.closed)
    w.published = actions.do_start_round(w.alice, w.org, coproduction, title="Published")
    actions.do_close_round(w.alice, w.published)
    actions.do_publish_round(w.alice, w.published, True)
    w.open = actions.do_start_round(w.alice, w.org, coproduction, title="Open")
    ((_p, w.token),) = actions.do_invite(w.alice, w.open, {"people": 1})
    ((_p, w.used),) = actions.do_invite(w.alice, w.open, {"people": 1})
    actions.do_answer(w.used, [actions.Given(coproduction.dimensions.first().pk, 2)], "en")
    w.strengths = coproduction.dimensions.get(key="strengths")
    # fran was invited to the open round by email: she (alone) may take her own link there.
    actions.do_invite_people(w.alice, w.open, [w.fran], "staff")
    # glas's own framework, used by no round: it may still grow.
    w.ours = actions.do_import_framework(
        w.alice, w.org, frameworkjson.parse(FRAMEWORK_JSON.replace('"ours"', '"ours-too"'))
    )
    w.listening = w.ours.dimensions.get()
    # A network alice coordinates (fran and olly do not), with a closed round of its own.
    w.network = do_create_network(w.alice, {"en": "Valleys network", "cy": "Rhwydwaith y cymoedd"})
    w.network_round = actions.do_start_round(w.alice, None, coproduction, title="Network", network=w.network)
    actions.do_close_round(w.alice, w.network_round)
    return w


def build_request(view: str, w) -> Request:
    name = ROW_URL[view]
    args = {
        "journeys:answer": [w.token],
        "journeys:published": [w.published.pk],
        "journeys_staff:framework_export": ["glas", "co-production"],
        "journeys_staff:journey": ["glas", "co-production"],
        "journeys_staff:benchmark": ["glas", "co-production"],
        "journeys_staff:round": [w.open.pk],
        "journeys:take_link": [w.open.pk],
        "journeys_staff:results": [w.closed.pk],
        "journeys_staff:report": [w.closed.pk],
    }.get(name, ["glas"] if name.startswith("journeys_staff:") else [])
    if view.startswith("network_") and name.startswith("journeys_staff:network_"):
        args = [w.network.slug]
    if view == "network_journey":
        args = [w.network.slug, "co-production"]
    if view in ("network_round", "network_results_post"):
        args = [w.network_round.pk]
    if view.startswith("framework_") and view != "framework_export":
        args = ["glas", "ours-too"]
        if name == "journeys_staff:framework_part":
            args += ["dimension", w.listening.pk]
        if name == "journeys_staff:framework_part_new":
            args += ["statement"]
    if view == "answer_used":
        args = [w.used]
    if view == "published_private":
        args = [w.closed.pk]
    url = reverse(name, args=args)
    posts = {
        "answer_post": {f"d{w.strengths.pk}_level": "3"},
        "round_new_post": {
            "title_en": "Autumn",
            "title_cy": "Hydref",
            "framework": Framework.objects.get(slug="co-production").pk,
        },
        "frameworks_post": {"text": FRAMEWORK_JSON},
        "settings_post": {"share_benchmarks": "on", "stalled_after_weeks": "8"},
        "round_post": {"form": "close"},
        "take_link_post": {},
        "round_people_post": {"form": "people", "people": [w.alice.pk], "perspective": "staff"},
        "framework_edit_post": {"name_en": "Ours, renamed", "name_cy": "Ein un ni"},
        "framework_part_post": {"name_en": "Listening well", "name_cy": "Gwrando'n dda"},
        "framework_new_post": {
            "dimension": w.listening.pk,
            "text_en": "We listen first",
            "text_cy": "Gwrandawn yn gyntaf",
        },
        "network_round_post": {
            "title_en": "Network autumn",
            "framework": Framework.objects.get(slug="co-production").pk,
        },
        "network_results_post": {"title_en": "Share what works", "owner_en": "The coordinators"},
        "results_post": {"title_en": "Pay people for their time", "owner_en": "Patient experience"},
    }
    if view in posts:
        return Request("post", url, posts[view])
    return Request("get", url)


def snapshot() -> tuple:
    return (
        texts_of(Round, Framework, Dimension, Statement, Level),
        list(Round.objects.order_by("pk").values_list("pk", "status", "published")),
        list(Invitation.objects.order_by("pk").values_list("pk", "used")),
        list(Invitee.objects.order_by("pk").values_list("pk", "user_id", "link_taken")),
        Answer.objects.count(),
        Rating.objects.count(),
        Action.objects.count(),
        list(OrganisationSettings.objects.values_list("organisation_id", "share_benchmarks", "stalled_after_weeks")),
        AuditEvent.objects.count(),
    )


def outcome(response, changed: bool) -> str:
    from tests.permission_matrix import outcome as shared

    named = shared(response, changed)
    # An answer is a write anyone with the link may make: "302" here means it was saved and went to the thanks page.
    return "302" if named == "saved" and response["Location"] == reverse("journeys:thanks") else named


@pytest.mark.parametrize(("view", "scope", "expected"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_permission_matrix(view, scope, expected, matrix_world):
    w = matrix_world
    got = run_row(PERSONAS, build_request(view, w), w, snapshot, outcome)
    assert_row(view, scope, PERSONAS, expected, got)


def test_an_answer_through_the_link_is_saved(matrix_world, client):
    w = matrix_world
    client.post(reverse("journeys:answer", args=[w.token]), {f"d{w.strengths.pk}_level": "3"})
    assert Answer.objects.filter(round=w.open, perspective="people").count() == 2
    assert client.get(reverse("journeys:answer", args=[w.token])).status_code == 404  # once only


def test_matrix_covers_every_url_name():
    ours = url_names("journeys", "journeys_staff", qualified=True)
    covered = {ROW_URL[view] for view, _s, _e in ROWS}
    assert ours and ours - covered == set(), "views without a row in the permission matrix"
