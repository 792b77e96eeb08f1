"""Bad input gets a clear message in the reader's language and changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.learning.models import Notice, Progress, StudyClub

pytestmark = pytest.mark.django_db

CASES = [
    (
        "learning:suggest",
        {"name": "", "title": "", "body": "", "language": "fr"},
        "Enter the name to show with your notice",
        "Rhowch yr enw i’w ddangos gyda’ch hysbysiad",
    ),
    (
        "learning_staff:notice_new",
        {"title_en": "", "title_cy": "", "category": "news", "expires_on": "31/02/2027"},
        "Enter a real date, for example 2027-03-31",
        "Rhowch ddyddiad go iawn, er enghraifft 2027-03-31",
    ),
    (
        "learning_staff:club_new",
        {
            "name_en": "Club",
            "language": "both",
            "first_meeting": "soon",
            "repeat": "daily",
            "meetings": 99,
            "duration_minutes": 60,
            "capacity": 0,
        },
        "Enter a number of meetings from 1 to 52",
        "Rhowch nifer o gyfarfodydd o 1 i 52",
    ),
    ("learning_staff:notice_new", {"title_en": "A\nB", "category": "news"}, "", ""),
]


def snapshot():
    return (Notice.objects.count(), StudyClub.objects.count(), Progress.objects.count())


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize(("name", "data", "english", "welsh"), CASES)
def test_bad_input_is_refused_clearly(client, learning, settings, language, name, data, english, welsh):
    client.force_login(learning.alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    before = snapshot()
    response = client.post(reverse(name, args=["glas-news"]), data)
    assert response.status_code == 400
    message = english if language == "en" else welsh
    assert message in response.content.decode()
    assert snapshot() == before


def test_bad_progress_changes_nothing(client, learning):
    client.force_login(learning.pat)
    client.post(reverse("learning:item_progress", args=["basics"]), {"do": "everything"})
    assert not Progress.objects.exists()


def test_bad_moderation_changes_nothing(client, learning):
    client.force_login(learning.alice)
    client.post(reverse("learning_staff:notice_moderate", args=[learning.guest.pk]), {"answer": "maybe"})
    assert Notice.objects.get(pk=learning.guest.pk).status == Notice.Status.PENDING
