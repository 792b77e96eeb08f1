"""The language switch: remembered in a cookie and, when signed in, in the account; only ever redirects on-site."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coproduce.accounts.actions import UnknownLanguage, do_set_preferred_language

LANGUAGE_COOKIE = "coproduce_language"


def switch(client, language: str, next_url: str = "/"):
    return client.post(reverse("core:set_language"), {"language": language, "next": next_url})


def test_the_choice_is_remembered_in_a_cookie(world, client):
    response = switch(client, "cy", world.public.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"] == world.public.get_absolute_url()
    cookie = response.cookies[LANGUAGE_COOKIE]
    assert cookie.value == "cy"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60 - 1
    page = client.get(world.public.get_absolute_url())
    assert page["Content-Language"] == "cy"
    html = page.content.decode()
    assert '<html lang="cy">' in html
    assert world.public.title_cy in html  # the organisation's own Welsh text, not only the interface


def test_the_choice_is_saved_in_the_account_and_follows_it_to_another_browser(world, as_user, client):
    switch(as_user(world.pat), "cy")
    world.pat.refresh_from_db()
    assert world.pat.preferred_language == "cy"

    from django.test import Client

    elsewhere = Client()  # no language cookie
    elsewhere.force_login(world.pat)
    assert elsewhere.get(reverse("core:home"))["Content-Language"] == "cy"


def test_the_accounts_preference_wins_over_an_old_cookie(world):
    from django.test import Client

    world.pat.preferred_language = "cy"
    world.pat.save()
    client = Client()
    client.cookies[LANGUAGE_COOKIE] = "en"
    client.force_login(world.pat)
    assert client.get(reverse("core:home"))["Content-Language"] == "cy"


def test_switching_back_to_english(world, as_user):
    client = as_user(world.pat)
    switch(client, "cy")
    switch(client, "en")
    world.pat.refresh_from_db()
    assert world.pat.preferred_language == "en"
    assert client.get(reverse("core:home"))["Content-Language"] == "en"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "\\\\evil.example",
    ],
)
def test_an_off_site_next_is_refused(world, client, next_url):
    response = switch(client, "cy", next_url)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[LANGUAGE_COOKIE].value == "cy"  # the switch itself still works


def test_an_unknown_language_changes_nothing(world, as_user):
    client = as_user(world.pat)
    response = switch(client, "fr")
    assert response.status_code == 302
    assert LANGUAGE_COOKIE not in response.cookies
    world.pat.refresh_from_db()
    assert world.pat.preferred_language == ""


def test_the_switch_is_a_form_that_works_without_javascript(world, client):
    html = client.get(world.public.get_absolute_url()).content.decode()
    assert f'action="{reverse("core:set_language")}"' in html
    assert 'name="language" value="cy"' in html
    assert f'name="next" value="{world.public.get_absolute_url()}"' in html


def test_the_action_refuses_an_unknown_language(world):
    # The view checks first; the action refuses on its own too, for any other caller.
    with pytest.raises(UnknownLanguage):
        do_set_preferred_language(world.pat, "fr")
    world.pat.refresh_from_db()
    assert world.pat.preferred_language == ""
    assert do_set_preferred_language(world.pat, "cy") is True
    assert do_set_preferred_language(world.pat, "cy") is False  # no write when nothing changes
    world.pat.refresh_from_db()
    assert world.pat.preferred_language == "cy"
