"""Issue 13: the sign-up, password reset and sign-in-by-code pages answer the same whether or not an email address
has an account, so nobody can use them to find out who uses the service. The owner of a known address is told by
email instead ("you already have an account"), which only they can read."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

KNOWN = "fran@example.org"  # a persona of the shared world
UNKNOWN = "nobody-here@example.org"
NEW_PASSWORD = "another-long-password-9"

FORMS = {
    "sign-up": ("account_signup", lambda email: {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}),
    "password reset": ("account_reset_password", lambda email: {"email": email}),
    "sign-in by code": ("account_request_login_code", lambda email: {"email": email}),
}
# What differs between two visits of the same page whatever the address: the CSRF token.
VARYING = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def answer(name: str, email: str) -> tuple:
    """What a person sees after sending the form: each response's status, where it leads, and the page at its end."""
    url_name, data = FORMS[name]
    client = Client()
    response = client.post(reverse(url_name), data(email), follow=True)
    steps = [(status, url) for url, status in response.redirect_chain]
    page = VARYING.sub(r"\1…", response.content.decode())
    return response.status_code, steps, page.replace(email, "EMAIL")


@pytest.mark.parametrize("name", FORMS)
def test_the_answer_is_the_same_for_known_and_unknown_addresses(world, name):
    known = answer(name, KNOWN)
    unknown = answer(name, UNKNOWN)
    assert known[0] == unknown[0] == 200
    assert known[1] == unknown[1], f"{name}: the pages lead to different places: {known[1]} and {unknown[1]}"
    assert known[2] == unknown[2], f"{name}: the pages differ for a known and an unknown address"
    # Each address gets an email: the known one about its account, the unknown one that it has none (or its
    # confirmation link, for a new sign-up). The page alone never says which.
    assert {tuple(message.to) for message in mail.outbox} == {(KNOWN,), (UNKNOWN,)}


def test_signing_up_with_a_known_address_makes_no_second_account(world):
    before = get_user_model().objects.count()
    answer("sign-up", KNOWN)
    assert get_user_model().objects.count() == before
    (message,) = mail.outbox
    assert message.to == [KNOWN]
    world.fran.refresh_from_db()
    assert world.fran.check_password("a-long-test-password"), "the existing account's password was changed"
