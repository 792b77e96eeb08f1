"""After signing in, staff land on their dashboard and everyone else on the home page; a `?next=` wins for all."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def verified(world):
    """Sign-in needs a confirmed address (ACCOUNT_EMAIL_VERIFICATION is mandatory)."""
    for user in get_user_model().objects.all():
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def sign_in(name: str, next_url: str = "") -> str:
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = Client().post(url, {"login": f"{name}@example.org", "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


@pytest.mark.parametrize("name", ["fran", "alice", "sam"])
def test_staff_land_on_the_staff_dashboard(world, name):
    assert sign_in(name) == reverse("staff:dashboard")


def test_participants_land_on_the_home_page(world):
    assert sign_in("pat") == reverse("core:home")


def test_next_wins_for_staff_too(world):
    assert sign_in("fran", "/engagements/outpatients/") == "/engagements/outpatients/"
