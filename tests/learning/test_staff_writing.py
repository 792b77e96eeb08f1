"""The staff pages that write: learning items and paths (the order changed with buttons, no JavaScript), changing
and deleting notices and clubs, a network's and an engagement's boards, and the Welsh-language compliance pages.
Bad input is refused in the reader's language and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.engagements.compliance import organisation_gaps
from coproduce.engagements.models import AuditEvent
from coproduce.learning.models import Board, LearningItem, LearningPath, Notice, PathStep, StudyClub
from coproduce.notifications.models import Subscription

pytestmark = pytest.mark.django_db


def texts_snapshot():
    return (
        list(LearningItem.objects.order_by("pk").values_list("title_en", "title_cy", "minutes", "link")),
        list(LearningPath.objects.order_by("pk").values_list("title_en", "title_cy", "topic")),
        list(PathStep.objects.order_by("pk").values_list("path_id", "item_id", "position")),
        list(Notice.objects.order_by("pk").values_list("title_en", "title_cy", "expires_on")),
        list(StudyClub.objects.order_by("pk").values_list("name_en", "capacity")),
        list(Board.objects.order_by("pk").values_list("slug", "name_en", "name_cy")),
        AuditEvent.objects.count(),
    )


def bad_cases(w):
    return [
        (
            reverse("learning_staff:item_new"),
            {"title_en": "", "title_cy": "", "minutes": "-3", "link": "not a link", "level": "expert"},
            "Give the learning item a title",
            "Rhowch deitl i’r eitem ddysgu",
        ),
        (
            reverse("learning_staff:item_edit", args=[w.item.slug]),
            {
                "title_en": "Basics",
                "minutes": "ten",
                "level": "introduction",
                "topic": "coproduction",
                "language": "en",
            },
            "Enter the length as a whole number of minutes",
            "Rhowch yr hyd fel nifer cyfan o funudau",
        ),
        (
            reverse("learning_staff:path_new"),
            {"title_en": "", "title_cy": "", "topic": "coproduction"},
            "Give the learning path a title",
            "Rhowch deitl i’r llwybr dysgu",
        ),
        (
            reverse("learning_staff:path_steps", args=[w.path.slug]),
            {"do": "add", "item": "no-such-item"},
            "Choose a learning item from the list",
            "Dewiswch eitem ddysgu o’r rhestr",
        ),
        (
            reverse("learning_staff:path_steps", args=[w.path.slug]),
            {"do": "up", "step": "999999"},
            "That step is not on this path",
            "Nid yw’r cam hwnnw ar y llwybr hwn",
        ),
        (
            reverse("learning_staff:notice_edit", args=[w.pinned.pk]),
            {"title_en": "", "title_cy": "", "category": "news", "expires_on": "31/02/2027"},
            "Enter a real date, for example 2027-03-31",
            "Rhowch ddyddiad go iawn, er enghraifft 2027-03-31",
        ),
        (
            reverse("learning_staff:club_edit", args=[w.club.pk]),
            {"name_en": "Club", "language": "both", "first_meeting": "soon", "meetings": 99, "capacity": 0},
            "Enter a number of meetings from 1 to 52",
            "Rhowch nifer o gyfarfodydd o 1 i 52",
        ),
        (
            reverse("learning_staff:board_edit", args=[w.board.slug]),
            {"name_en": "", "name_cy": ""},
            "Give the noticeboard a name",
            "Rhowch enw i’r hysbysfwrdd",
        ),
        (
            reverse("learning_staff:engagement", args=[w.private.slug]),
            {"name_en": "", "name_cy": ""},
            "Give the noticeboard a name",
            "Rhowch enw i’r hysbysfwrdd",
        ),
    ]


@pytest.mark.parametrize("language", ["en", "cy"])
def test_bad_input_is_refused_in_the_readers_language(client, learning, settings, language):
    client.force_login(learning.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url, data, english, welsh in bad_cases(learning):
        before = texts_snapshot()
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert (english if language == "en" else welsh) in response.content.decode(), url
        assert texts_snapshot() == before, url


def test_an_item_is_written_in_both_languages_and_its_markdown_sanitised(client, learning):
    client.force_login(learning.alice)
    response = client.post(
        reverse("learning_staff:item_new"),
        {
            "title_en": "Listening well",
            "title_cy": "Gwrando’n dda",
            "body_en": "Read **this** <script>alert(1)</script>",
            "provider": "Glas",
            "link": "https://example.org/course",
            "minutes": 20,
            "level": "introduction",
            "topic": "coproduction",
            "language": "both",
            "offline_friendly": "on",
        },
    )
    item = LearningItem.objects.get(title_en="Listening well")
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.title_cy == "Gwrando’n dda" and item.offline_friendly and not item.phone_friendly
    page = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>this</strong>" in page and "<script>alert" not in page
    assert AuditEvent.objects.filter(action="learning.item_added").exists()

    client.post(
        reverse("learning_staff:item_edit", args=[item.slug]),
        {"title_en": "Listening", "title_cy": "", "minutes": 25, "level": "advanced", "topic": "engagements"}
        | {"language": "en"},
    )
    item.refresh_from_db()
    assert (item.title_en, item.title_cy, item.minutes, item.level) == ("Listening", None, 25, "advanced")


def test_a_path_is_built_and_reordered_with_buttons(client, learning):
    client.force_login(learning.olly)
    response = client.post(
        reverse("learning_staff:path_new"), {"title_en": "Data", "title_cy": "Data", "topic": "data_maturity"}
    )
    path = LearningPath.objects.get(title_en="Data")
    assert response.url == reverse("learning_staff:path_edit", args=[path.slug])
    second = LearningItem.objects.create(slug="second", title_en="Second", title_cy="Ail")
    steps_url = reverse("learning_staff:path_steps", args=[path.slug])
    for slug in ("basics", "second"):
        client.post(steps_url, {"do": "add", "item": slug})
    client.post(steps_url, {"do": "add", "item": "basics"})  # already on it: nothing changes

    def order():
        return list(path.steps.order_by("position").values_list("item__slug", "position"))

    assert order() == [("basics", 1), ("second", 2)]
    page = client.get(reverse("learning_staff:path_edit", args=[path.slug])).content.decode()
    assert 'name="do" value="down"' in page and "<form" in page
    client.post(steps_url, {"do": "up", "step": path.steps.get(item=second).pk})
    assert order() == [("second", 1), ("basics", 2)]
    client.post(steps_url, {"do": "up", "step": path.steps.get(item=second).pk})  # already first
    assert order() == [("second", 1), ("basics", 2)]
    client.post(steps_url, {"do": "remove", "step": path.steps.get(item=second).pk})
    assert order() == [("basics", 1)]
    assert AuditEvent.objects.filter(action="learning.path_step_moved").count() == 1


def test_a_notice_is_changed_then_withdrawn_after_a_confirmation(client, learning):
    client.force_login(learning.alice)
    url = reverse("learning_staff:notice_edit", args=[learning.pinned.pk])
    assert "Pinned news (cy)" in client.get(url).content.decode()
    client.post(url, {"title_en": "Fixed", "title_cy": "Wedi trwsio", "category": "event"})
    notice = Notice.objects.get(pk=learning.pinned.pk)
    assert (notice.title_cy, notice.category, notice.pinned) == ("Wedi trwsio", "event", False)
    delete = reverse("learning_staff:notice_delete", args=[notice.pk])
    assert "Yes, delete it" in client.get(delete).content.decode()
    assert Notice.objects.filter(pk=notice.pk).exists()  # asking is not deleting
    client.post(delete)
    assert not Notice.objects.filter(pk=notice.pk).exists()
    assert AuditEvent.objects.filter(action="learning.notice_deleted").exists()


def test_deleting_a_club_ends_its_subscriptions(client, learning):
    from coproduce.learning import notify

    Subscription.objects.create(
        topic=notify.club_topic(learning.club),
        subscriber=f"user:{learning.mo.pk}",
        email="mo@example.org",
        language="en",
    )
    client.force_login(learning.alice)
    client.post(reverse("learning_staff:club_delete", args=[learning.club.pk]))
    assert not StudyClub.objects.filter(pk=learning.club.pk).exists()
    assert not Subscription.objects.filter(topic=notify.club_topic(learning.club)).exists()


def test_network_and_engagement_boards_are_started_by_their_managers(client, learning):
    client.force_login(learning.erin)
    client.post(
        reverse("learning_staff:network", args=[learning.network.slug]), {"name_en": "Carers", "name_cy": "Gofalwyr"}
    )
    assert Board.objects.get(network=learning.network).name_cy == "Gofalwyr"
    client.force_login(learning.fran)
    client.post(reverse("learning_staff:engagement", args=[learning.private.slug]), {"name_en": "Wellbeing"})
    assert Board.objects.filter(engagement=learning.private, name_en="Wellbeing").exists()


def test_compliance_pages_list_what_is_missing_welsh(learning):
    Notice.objects.filter(pk=learning.pinned.pk).update(title_cy="")
    learning.item.title_cy = ""
    learning.item.save()
    kinds = {str(kind.label): kind for kind in organisation_gaps(learning.org)}
    notices = {gap.item.pk: gap for gap in kinds["Notices"].gaps}
    # The fixture's notices have an English text and no Welsh one: each is listed, with the page that fixes it.
    assert learning.pinned.pk in notices and learning.secret.pk in notices
    assert notices[learning.pinned.pk].url == reverse("learning_staff:notice_edit", args=[learning.pinned.pk])
    # A guest post keeps the one language it was written in and is never listed.
    assert learning.guest.pk not in notices
    assert [gap.item for gap in kinds["Learning items: its own and those its study clubs use"].gaps] == [learning.item]
    # An engagement's page: only its own boards' notices.
    on_engagement = {str(kind.label): kind for kind in organisation_gaps(learning.org, learning.private)}
    assert {gap.item.pk for gap in on_engagement["Notices"].gaps} == {learning.secret.pk}


def test_compliance_lists_network_boards_and_an_organisations_own_learning(learning):
    """A network's board (erin, staff of glas, coordinates it), its notices and clubs; glas's own item and path;
    each missing its Welsh, on glas's page only."""
    board = Board.objects.create(slug="carers", name_en="Carers", network=learning.network)
    notice = Notice.objects.create(board=board, title_en="Meeting", published_at=timezone.now())
    club = StudyClub.objects.create(
        board=board, name_en="Carers club", language="en", first_meeting=timezone.now(), host=learning.erin
    )
    own_item, own_path = learning.own_item, learning.own_path
    LearningItem.objects.filter(pk=own_item.pk).update(title_cy="")
    LearningPath.objects.filter(pk=own_path.pk).update(title_cy="")
    kinds = {str(kind.label): {gap.item for gap in kind.gaps} for kind in organisation_gaps(learning.org)}
    assert board in kinds["Noticeboards"]
    assert notice in kinds["Notices"]
    assert club in kinds["Study clubs"]
    assert own_item in kinds["Learning items: its own and those its study clubs use"]
    assert kinds["Its learning paths"] == {own_path}
    others = {str(kind.label): {gap.item for gap in kind.gaps} for kind in organisation_gaps(learning.other_org)}
    assert board not in others.get("Noticeboards", set()) and "Its learning paths" not in others
    assert own_item not in others.get("Learning items: its own and those its study clubs use", set())


def test_the_network_page_lists_its_boards_and_links_its_coordinators(client, learning):
    board = Board.objects.create(slug="carers", name_en="Carers", name_cy="Gofalwyr", network=learning.network)
    url = learning.network.get_absolute_url()
    manage = reverse("learning_staff:network", args=[learning.network.slug])
    page = client.get(url).content.decode()
    assert board.get_absolute_url() in page and manage not in page
    client.force_login(learning.erin)
    assert manage in client.get(url).content.decode()
