"""Who gets what from every page of the noticeboard and learning: one row per view, one column per persona.

Cells as in tests/permission_matrix.py (200, saved, 302, login, 403, 404, 405). Personas: the shared ones (anon; pat,
invited to the private engagement; fran, facilitator of glas's engagements but not organisation-wide; alice, glas's
admin, who manages glas's board; olly, another organisation's admin) and, from tests/learning/conftest, mo (a member
of the study club) and erin (its host). "board_private" is the private engagement's board.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from coproduce.engagements.models import AuditEvent
from coproduce.learning.models import (
    ActionPath,
    Board,
    ClubAnnouncement,
    ClubMember,
    LearningItem,
    LearningPath,
    Notice,
    PathStep,
    Progress,
    StudyClub,
)
from coproduce.notifications.models import Subscription
from tests.permission_matrix import Request, assert_row, parse_matrix, run_row, texts_of, url_names

PERSONAS = ["anon", "pat", "fran", "alice", "olly", "mo", "erin"]

MATRIX = """
view                  scope  anon   pat    fran   alice  olly   mo     erin
home                  -      200    200    200    200    200    200    200
home_post             -      405    405    405    405    405    405    405
mine                  -      login  200    200    200    200    200    200
offline               -      200    200    200    200    200    200    200
service_worker        -      200    200    200    200    200    200    200
manifest              -      200    200    200    200    200    200    200
board                 -      200    200    200    200    200    200    200
board_private         -      404    200    200    200    404    200    200
board_missing         -      404    404    404    404    404    404    404
board_feed            -      200    200    200    200    200    200    200
board_feed_private    -      404    200    200    200    404    200    200
board_follow          -      login  200    200    200    200    200    200
board_follow_post     -      login  saved  saved  saved  saved  saved  saved
board_follow_private  -      login  200    200    200    404    200    200
suggest               -      login  200    200    200    200    200    200
suggest_post          -      login  saved  saved  saved  saved  saved  saved
suggest_private_post  -      login  saved  saved  saved  404    saved  saved
notice                -      200    200    200    200    200    200    200
notice_private        -      404    200    200    200    404    200    200
club                  -      200    200    200    200    200    200    200
club_join_post        -      login  saved  saved  saved  saved  302    saved
club_join_get         -      login  405    405    405    405    405    405
club_leave_post       -      login  302    302    302    302    saved  302
club_calendar         -      200    200    200    200    200    200    200
club_follow           -      login  403    403    403    403    200    403
club_follow_post      -      login  403    403    403    403    saved  403
item                  -      200    200    200    200    200    200    200
item_progress_post    -      login  saved  saved  saved  saved  saved  saved
path                  -      200    200    200    200    200    200    200
staff_board           -      login  403    403    200    403    403    403
staff_board_private   -      login  403    200    200    404    403    403
notice_new            -      login  403    403    200    403    403    403
notice_new_post       -      login  403    403    saved  403    403    403
notice_moderate_post  -      login  403    403    saved  403    403    403
club_new              -      login  403    403    200    403    403    403
club_new_post         -      login  403    403    saved  403    403    403
staff_club            -      login  403    403    200    403    403    200
staff_club_post       -      login  403    403    saved  403    403    saved
organisation          -      login  403    403    200    403    403    403
organisation_post     -      login  403    403    saved  403    403    403
board_edit            -      login  403    403    200    403    403    403
board_edit_post       -      login  403    403    saved  403    403    403
network               -      login  403    403    403    403    403    200
network_post          -      login  403    403    403    403    403    saved
engagement            -      login  403    200    200    403    403    403
engagement_post       -      login  403    saved  saved  403    403    403
notice_edit           -      login  403    403    200    403    403    403
notice_edit_post      -      login  403    403    saved  403    403    403
notice_edit_private   -      login  403    200    200    404    403    403
notice_delete         -      login  403    403    200    403    403    403
notice_delete_post    -      login  403    403    saved  403    403    403
notice_delete_private_post - login  403    saved  saved  404    403    403
club_edit             -      login  403    403    200    403    403    403
club_edit_post        -      login  403    403    saved  403    403    403
club_delete           -      login  403    403    200    403    403    403
club_delete_post      -      login  403    403    saved  403    403    403
catalogue             -      login  403    403    200    200    403    403
item_new              -      login  403    403    200    200    403    403
item_new_post         -      login  403    403    saved  saved  403    403
item_edit             -      login  403    403    200    200    403    403
item_edit_post        -      login  403    403    saved  saved  403    403
path_new              -      login  403    403    200    200    403    403
path_new_post         -      login  403    403    saved  saved  403    403
path_edit             -      login  403    403    200    200    403    403
path_edit_post        -      login  403    403    saved  saved  403    403
path_steps_post       -      login  403    403    saved  saved  403    403
path_steps_get        -      login  405    405    405    405    405    405
org_page              -      200    200    200    200    200    200    200
org_page_missing      -      404    404    404    404    404    404    404
item_edit_owned       -      login  403    403    200    403    403    403
item_edit_owned_post  -      login  403    403    saved  403    403    403
path_edit_owned       -      login  403    403    200    403    403    403
path_edit_owned_post  -      login  403    403    saved  403    403    403
path_steps_owned_post -      login  403    403    saved  403    403    403
action_path_post      -      login  403    403    saved  403    403    403
action_path_get       -      login  405    405    405    405    405    405
"""

ROW_URL = {
    "home": "learning:home",
    "home_post": "learning:home",
    "mine": "learning:mine",
    "offline": "learning:offline",
    "service_worker": "learning:service_worker",
    "manifest": "learning:manifest",
    "board": "learning:board",
    "board_private": "learning:board",
    "board_missing": "learning:board",
    "board_feed": "learning:board_feed",
    "board_feed_private": "learning:board_feed",
    "board_follow": "learning:board_follow",
    "board_follow_post": "learning:board_follow",
    "board_follow_private": "learning:board_follow",
    "suggest": "learning:suggest",
    "suggest_post": "learning:suggest",
    "suggest_private_post": "learning:suggest",
    "notice": "learning:notice",
    "notice_private": "learning:notice",
    "club": "learning:club",
    "club_join_post": "learning:club_join",
    "club_join_get": "learning:club_join",
    "club_leave_post": "learning:club_leave",
    "club_calendar": "learning:club_calendar",
    "club_follow": "learning:club_follow",
    "club_follow_post": "learning:club_follow",
    "item": "learning:item",
    "item_progress_post": "learning:item_progress",
    "path": "learning:path",
    "staff_board": "learning_staff:board",
    "staff_board_private": "learning_staff:board",
    "notice_new": "learning_staff:notice_new",
    "notice_new_post": "learning_staff:notice_new",
    "notice_moderate_post": "learning_staff:notice_moderate",
    "club_new": "learning_staff:club_new",
    "club_new_post": "learning_staff:club_new",
    "staff_club": "learning_staff:club",
    "staff_club_post": "learning_staff:club",
    "organisation": "learning_staff:organisation",
    "organisation_post": "learning_staff:organisation",
    "board_edit": "learning_staff:board_edit",
    "board_edit_post": "learning_staff:board_edit",
    "network": "learning_staff:network",
    "network_post": "learning_staff:network",
    "engagement": "learning_staff:engagement",
    "engagement_post": "learning_staff:engagement",
    "notice_edit": "learning_staff:notice_edit",
    "notice_edit_post": "learning_staff:notice_edit",
    "notice_edit_private": "learning_staff:notice_edit",
    "notice_delete": "learning_staff:notice_delete",
    "notice_delete_post": "learning_staff:notice_delete",
    "notice_delete_private_post": "learning_staff:notice_delete",
    "club_edit": "learning_staff:club_edit",
    "club_edit_post": "learning_staff:club_edit",
    "club_delete": "learning_staff:club_delete",
    "club_delete_post": "learning_staff:club_delete",
    "catalogue": "learning_staff:catalogue",
    "item_new": "learning_staff:item_new",
    "item_new_post": "learning_staff:item_new",
    "item_edit": "learning_staff:item_edit",
    "item_edit_post": "learning_staff:item_edit",
    "path_new": "learning_staff:path_new",
    "path_new_post": "learning_staff:path_new",
    "path_edit": "learning_staff:path_edit",
    "path_edit_post": "learning_staff:path_edit",
    "path_steps_post": "learning_staff:path_steps",
    "path_steps_get": "learning_staff:path_steps",
    "org_page": "learning:organisation",
    "org_page_missing": "learning:organisation",
    "item_edit_owned": "learning_staff:item_edit",
    "item_edit_owned_post": "learning_staff:item_edit",
    "path_edit_owned": "learning_staff:path_edit",
    "path_edit_owned_post": "learning_staff:path_edit",
    "path_steps_owned_post": "learning_staff:path_steps",
    "action_path_post": "learning_staff:action_path",
    "action_path_get": "learning_staff:action_path",
}

ROWS = parse_matrix(MATRIX, PERSONAS)

SUBSCRIBE = {"email": "someone@example.org", "frequency": "immediate", "language": "en"}
ITEM = {
    "title_en": "Listening well",
    "title_cy": "Gwrando'n dda",
    "body_en": "Read **this**.",
    "minutes": 20,
    "level": "introduction",
    "topic": "coproduction",
    "language": "both",
    "phone_friendly": "on",
}
GUEST = {"name": "A neighbour", "title": "Bake sale", "body": "Saturday.", "language": "en", "category": "event"}


def build_request(view: str, w) -> Request:
    private = view.endswith(("_private", "_private_post"))
    board = "wellbeing-news" if private else "glas-news"
    notice = w.secret.pk if private else w.pinned.pk
    args = {
        "learning:board": [board],
        "learning:board_feed": [board],
        "learning:board_follow": [board],
        "learning:suggest": [board],
        "learning:notice": [board, notice],
        "learning:club": [w.club.pk],
        "learning:club_join": [w.club.pk],
        "learning:club_leave": [w.club.pk],
        "learning:club_calendar": [w.club.pk],
        "learning:club_follow": [w.club.pk],
        "learning:item": [w.item.slug],
        "learning:item_progress": [w.item.slug],
        "learning:path": [w.path.slug],
        "learning_staff:board": [board],
        "learning_staff:notice_new": [board],
        "learning_staff:club_new": [board],
        "learning_staff:notice_moderate": [w.guest.pk],
        "learning_staff:club": [w.club.pk],
        "learning_staff:organisation": ["glas"],
        "learning_staff:board_edit": [board],
        "learning_staff:network": [w.network.slug],
        "learning_staff:engagement": [w.private.slug],
        "learning_staff:notice_edit": [notice],
        "learning_staff:notice_delete": [notice],
        "learning_staff:club_edit": [w.club.pk],
        "learning_staff:club_delete": [w.club.pk],
        "learning_staff:item_edit": [w.own_item.slug if "_owned" in view else w.item.slug],
        "learning_staff:path_edit": [w.own_path.slug if "_owned" in view else w.path.slug],
        "learning_staff:path_steps": [w.own_path.slug if "_owned" in view else w.path.slug],
        "learning:organisation": ["nowhere" if view == "org_page_missing" else "glas"],
        "learning_staff:action_path": [w.own_action.pk],
    }
    name = ROW_URL[view]
    url = reverse(name, args=args.get(name, []))
    if view == "board_missing":
        url = reverse(name, args=["nowhere"])
    first = (dt.date.today() + dt.timedelta(days=10)).isoformat() + "T18:30"
    posts = {
        "home_post": {},
        "board_follow_post": SUBSCRIBE,
        "suggest_post": GUEST,
        "suggest_private_post": GUEST,
        "club_join_post": {},
        "club_leave_post": {},
        "club_follow_post": SUBSCRIBE,
        "item_progress_post": {"do": "save"},
        "notice_new_post": {"title_en": "Drop-in", "title_cy": "Galw heibio", "category": "event"},
        "notice_moderate_post": {"answer": "approve"},
        "club_new_post": {
            "name_en": "Evening club",
            "name_cy": "Clwb nos",
            "language": "both",
            "first_meeting": first,
            "repeat": "weekly",
            "meetings": 4,
            "duration_minutes": 60,
            "capacity": 10,
        },
        "staff_club_post": {"text_en": "Bring a pen.", "text_cy": "Dewch â beiro."},
        "organisation_post": {"name_en": "Carers' news", "name_cy": "Newyddion gofalwyr"},
        "board_edit_post": {"name_en": "Glas valley news", "name_cy": "Newyddion cwm Glas"},
        "network_post": {"name_en": "Network news", "name_cy": "Newyddion y rhwydwaith"},
        "engagement_post": {"name_en": "Wellbeing updates", "name_cy": "Diweddariadau lles"},
        "notice_edit_post": {"title_en": "Changed", "title_cy": "Wedi newid", "category": "news"},
        "notice_delete_post": {},
        "notice_delete_private_post": {},
        "club_edit_post": {
            "name_en": "Evening club",
            "name_cy": "Clwb nos",
            "language": "both",
            "first_meeting": first,
            "repeat": "weekly",
            "meetings": 4,
            "duration_minutes": 60,
            "capacity": 10,
        },
        "club_delete_post": {},
        "item_new_post": ITEM,
        "item_edit_post": ITEM,
        "path_new_post": {"title_en": "Next steps", "title_cy": "Camau nesaf", "topic": "engagements"},
        "path_edit_post": {"title_en": "Begin", "title_cy": "Dechreuwch", "topic": "engagements"},
        "path_steps_post": {"do": "remove", "step": w.path.steps.get().pk},
        "item_edit_owned_post": {**ITEM, "organisation": w.org.pk},
        "path_edit_owned_post": {
            "title_en": "Glas road",
            "title_cy": "Heol Glas",
            "topic": "engagements",
            "organisation": w.org.pk,
        },
        "path_steps_owned_post": {"do": "remove", "step": w.own_path.steps.get().pk},
        "action_path_post": {"path": w.own_path.slug, "next": "/"},
    }
    if view in posts:
        return Request("post", url, posts[view])
    return Request("get", url)


def snapshot() -> tuple:
    return (
        texts_of(Board, Notice, StudyClub, ClubAnnouncement, LearningItem, LearningPath),
        list(PathStep.objects.order_by("pk").values_list("path_id", "item_id", "position")),
        list(ActionPath.objects.order_by("pk").values_list("action_id", "path_id")),
        list(LearningItem.objects.order_by("pk").values_list("organisation_id")),
        list(LearningPath.objects.order_by("pk").values_list("organisation_id")),
        list(Notice.objects.order_by("pk").values_list("pk", "status", "pinned")),
        list(ClubMember.objects.order_by("pk").values_list("club_id", "user_id")),
        list(Progress.objects.order_by("pk").values_list("user_id", "item_id", "saved", "status")),
        list(Subscription.objects.order_by("pk").values_list("topic", "subscriber", "email")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(("view", "scope", "expected"), [pytest.param(*row, id=row[0]) for row in ROWS])
def test_permission_matrix(view, scope, expected, learning):
    got = run_row(PERSONAS, build_request(view, learning), learning, snapshot)
    assert_row(view, scope, PERSONAS, expected, got)


def test_matrix_covers_every_url_name():
    ours = url_names("learning", "learning_staff", qualified=True)
    covered = {ROW_URL[view] for view, _s, _e in ROWS}
    assert ours and ours - covered == set(), "views without a row in the permission matrix"
