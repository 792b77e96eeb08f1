"""Study clubs: joining while there is a place, leaving (which ends the announcements), the meetings as iCal
through core/ical.py, and announcements emailed through the shared notifications to members who asked."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from coproduce.learning import actions
from coproduce.learning.models import ClubMember
from coproduce.learning.notify import club_topic
from coproduce.notifications.actions import NotAllowed, do_confirm, do_subscribe
from coproduce.notifications.models import Subscription
from coproduce.notifications.topics import Subscriber

pytestmark = pytest.mark.django_db


def test_join_until_full_then_refused(learning):
    actions.do_join_club(learning.pat, learning.club)  # the second of two places
    assert actions.do_join_club(learning.pat, learning.club)  # twice changes nothing
    with pytest.raises(actions.ClubFull):
        actions.do_join_club(learning.sam, learning.club)
    assert ClubMember.objects.filter(club=learning.club).count() == 2


def test_full_club_page_says_so_and_join_changes_nothing(client, learning):
    actions.do_join_club(learning.pat, learning.club)
    client.force_login(learning.sam)
    html = client.get(learning.club.get_absolute_url()).content.decode()
    assert "Every place is taken." in html and "Join the study club" not in html
    client.post(reverse("learning:club_join", args=[learning.club.pk]))
    assert not ClubMember.objects.filter(user=learning.sam).exists()


def test_calendar_has_every_meeting_in_london_time(client, learning):
    response = client.get(reverse("learning:club_calendar", args=[learning.club.pk]))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert body.count("BEGIN:VEVENT") == 6 and "TZID=Europe/London" in body and "\r\n" in body
    assert "LOCATION:Library" in body


def test_announcements_go_to_members_who_confirmed(learning, django_capture_on_commit_callbacks):
    topic = club_topic(learning.club)
    with pytest.raises(NotAllowed):  # not a member
        do_subscribe(
            topic, Subscriber.user(learning.sam.pk), email="s@example.org", language="en", frequency="immediate"
        )
    with django_capture_on_commit_callbacks(execute=True):
        subscription = do_subscribe(
            topic, Subscriber.user(learning.mo.pk), email="mo@example.org", language="en", frequency="immediate"
        )
    do_confirm(subscription.pk, subscription.email)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_announce(learning.erin, learning.club, {"en": "Bring a pen.", "cy": "Dewch â beiro."})
    assert "Bring a pen." in mail.outbox[-1].body and mail.outbox[-1].to == ["mo@example.org"]
    # Leaving ends the announcements.
    actions.do_leave_club(learning.mo, learning.club)
    assert not Subscription.objects.filter(topic=topic).exists()


def test_members_see_announcements_others_do_not(client, learning):
    actions.do_announce(learning.erin, learning.club, {"en": "Room change.", "cy": "Newid ystafell."})
    assert "Room change." not in client.get(learning.club.get_absolute_url()).content.decode()
    client.force_login(learning.mo)
    assert "Room change." in client.get(learning.club.get_absolute_url()).content.decode()
