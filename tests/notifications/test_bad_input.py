"""Bad input to the subscription page gets a clear message, in English and in Welsh, keeps every answer as given
and saves nothing; a confirmation link that is not ours is a 404 that says what to do."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from coproduce.notifications.models import Subscription
from coproduce.notifications.topics import Subscriber

GOOD = {"email": "pat@example.org", "frequency": "daily", "language": "en"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": ""}, "Enter an email address"),
        ({"email": "pat at example"}, "Enter an email address in the right format, like name@example.org"),
        ({"frequency": ""}, "Choose how often"),
        ({"frequency": "hourly"}, "Choose one of the answers shown"),
        ({"language": "fr"}, "Choose one of the answers shown"),
        ({"language": ""}, "Choose a language"),
    ],
)
@pytest.mark.parametrize("language", ["en", "cy"])
def test_bad_input_says_why_keeps_the_answers_and_saves_nothing(news, world, client, change, message, language):
    news.allowed.add(Subscriber.user(world.pat.pk).key)
    client.force_login(world.pat)
    client.cookies["coproduce_language"] = language
    data = {**GOOD, **change}
    response = client.post(reverse("news_subscription", args=["1"]), data)
    assert response.status_code == 400
    page = response.content.decode()
    with translation.override(language):
        expected = translation.gettext(message)
    if language == "cy":
        assert expected != message, f"no Welsh for {message!r}"
    assert 'class="error-summary"' in page and expected in page
    if data["email"]:
        assert f'value="{data["email"]}"' in page
    assert not Subscription.objects.exists() and mail.outbox == []


def test_a_topic_the_page_cannot_find_is_a_404(news, world, client):
    client.force_login(world.pat)
    assert client.get(reverse("news_subscription", args=["2"])).status_code == 404


@pytest.mark.parametrize("token", ["nonsense", "WzEsImFAZXhhbXBsZS5vcmciXQ:1abc:forged", "x" * 300])
def test_a_confirmation_link_that_is_not_ours_confirms_nothing(news, db, client, token):
    response = client.post(reverse("notifications:confirm", args=[token]))
    assert response.status_code == 404
    assert "Check that you copied the whole link" in response.content.decode()
