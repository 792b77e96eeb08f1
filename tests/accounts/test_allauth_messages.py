"""allauth's forms say what to do when a required field is left empty ("Enter your email address"), not "This field
is required.", in English and in Welsh; sending them empty changes nothing and signs nobody in.

Each case reaches its form as a person would, sends it empty, and checks that each message is in the error summary
(linking to its field) and beside the field, and that nothing happened."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth as totp
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

GENERIC = ("This field is required.", "Mae angen y maes hwn.")


@dataclass
class Case:
    url: str  # where the empty form is sent
    messages: dict  # field id -> (English, Welsh)
    data: dict | None = None  # what "empty" means for this form (the button name, for some)
    # Prepares the browser (signs in, reaches the page behind another form); returns something `unchanged` checks.
    prepare: Callable | None = None


def verified(user) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def sign_in(client: Client, user) -> None:
    """Sign in through the real form: allauth then counts the password as just confirmed."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, "signing in did not work"


def with_totp(user) -> str:
    verified(user)
    secret = totp.generate_totp_secret()
    totp.TOTP.activate(user, secret)
    return secret


def prepare_login_code(client, world):
    response = client.post(reverse("account_request_login_code"), {"email": world.fran.email})
    assert response.status_code == 302
    mail.outbox.clear()


def prepare_reset_key(client, world):
    key = default_token_generator.make_token(world.fran)
    url = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(world.fran), "key": key})
    # allauth keeps the key in the session and sends the browser to a URL without it.
    response = client.get(url)
    assert response.status_code == 302
    return response.url


def prepare_set_password(client, world):
    world.fran.set_unusable_password()
    world.fran.save()
    client.force_login(world.fran)


def prepare_email(client, world):
    # The page would otherwise record fran's address when it is first shown.
    verified(world.fran)
    client.force_login(world.fran)


def prepare_totp_activate(client, world):
    verified(world.fran)
    client.force_login(world.fran)
    # allauth asks for the password again before two-factor set-up.
    activate = reverse("mfa_activate_totp")
    response = client.post(f"{reverse('account_reauthenticate')}?next={activate}", {"password": PASSWORD})
    assert response.status_code == 302 and response.url == activate


def prepare_mfa_authenticate(client, world):
    with_totp(world.fran)
    response = client.post(reverse("account_login"), {"login": world.fran.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")


def prepare_mfa_reauthenticate(client, world):
    with_totp(world.fran)
    client.force_login(world.fran)


TWO_FACTOR_CODE = (
    "Enter the code from your authenticator app or a recovery code",
    "Rhowch y cod o’ch ap dilysu neu god adfer",
)

CASES = {
    "sign in": Case(
        "/accounts/login/",
        {
            "id_login": ("Enter your email address", "Rhowch eich cyfeiriad e-bost"),
            "id_password": ("Enter your password", "Rhowch eich cyfrinair"),
        },
    ),
    "sign up": Case(
        "/accounts/signup/",
        {
            "id_email": ("Enter your email address", "Rhowch eich cyfeiriad e-bost"),
            "id_password1": ("Enter a password", "Rhowch gyfrinair"),
            "id_password2": ("Enter the password again", "Rhowch y cyfrinair eto"),
        },
    ),
    "sign in by code": Case(
        "/accounts/login/code/", {"id_email": ("Enter your email address", "Rhowch eich cyfeiriad e-bost")}
    ),
    "sign in by code, confirm": Case(
        "/accounts/login/code/confirm/",
        {"id_code": ("Enter the code we sent you", "Rhowch y cod a anfonon ni atoch chi")},
        prepare=prepare_login_code,
    ),
    "password reset": Case(
        "/accounts/password/reset/", {"id_email": ("Enter your email address", "Rhowch eich cyfeiriad e-bost")}
    ),
    "password reset, new password": Case(
        "",  # the URL comes from prepare
        {
            "id_password1": ("Enter a new password", "Rhowch gyfrinair newydd"),
            "id_password2": ("Enter the new password again", "Rhowch y cyfrinair newydd eto"),
        },
        prepare=prepare_reset_key,
    ),
    "password change": Case(
        "/accounts/password/change/",
        {
            "id_oldpassword": ("Enter your current password", "Rhowch eich cyfrinair presennol"),
            "id_password1": ("Enter a new password", "Rhowch gyfrinair newydd"),
            "id_password2": ("Enter the new password again", "Rhowch y cyfrinair newydd eto"),
        },
        prepare=lambda client, world: client.force_login(world.fran),
    ),
    "password set": Case(
        "/accounts/password/set/",
        {
            "id_password1": ("Enter a password", "Rhowch gyfrinair"),
            "id_password2": ("Enter the password again", "Rhowch y cyfrinair eto"),
        },
        prepare=prepare_set_password,
    ),
    "reauthenticate": Case(
        "/accounts/reauthenticate/",
        {"id_password": ("Enter your password", "Rhowch eich cyfrinair")},
        prepare=lambda client, world: client.force_login(world.fran),
    ),
    "add an email address": Case(
        "/accounts/email/",
        {
            "id_email": (
                "Enter the email address you want to add",
                "Rhowch y cyfeiriad e-bost rydych chi am ei ychwanegu",
            )
        },
        data={"action_add": ""},
        prepare=prepare_email,
    ),
    "two-factor set-up": Case(
        "/accounts/2fa/totp/activate/",
        {"id_code": ("Enter the code from your authenticator app", "Rhowch y cod o’ch ap dilysu")},
        prepare=prepare_totp_activate,
    ),
    # A browser sends the empty field; without it allauth takes the form for a security key's.
    "two-factor sign in": Case(
        "/accounts/2fa/authenticate/", {"id_code": TWO_FACTOR_CODE}, data={"code": ""}, prepare=prepare_mfa_authenticate
    ),
    "two-factor reauthenticate": Case(
        "/accounts/2fa/reauthenticate/", {"id_code": TWO_FACTOR_CODE}, prepare=prepare_mfa_reauthenticate
    ),
}


def state(world) -> tuple:
    """Everything an empty form might wrongly change."""
    User = get_user_model()
    fran = User.objects.get(pk=world.fran.pk)
    return (
        User.objects.count(),
        EmailAddress.objects.count(),
        Authenticator.objects.count(),
        fran.password,
        len(mail.outbox),
    )


@pytest.mark.parametrize("language", ["en", "cy"])
@pytest.mark.parametrize("name", CASES)
def test_an_empty_form_says_what_to_enter(world, name, language):
    case = CASES[name]
    client = Client()
    if language == "cy":
        client.cookies["coproduce_language"] = "cy"
    url = case.url
    if case.prepare:
        url = case.prepare(client, world) or url
    signed_in_as = client.session.get("_auth_user_id")
    before = state(world)

    response = client.post(url, case.data or {})

    assert response.status_code == 200, f"{name}: answered {response.status_code}"
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert summary, f"{name}: no error summary"
    links = {target: unescape(text) for target, text in re.findall(r'<a href="#([^"]+)">(.*?)</a>', summary.group(0))}
    beside = [unescape(text.strip()) for text in re.findall(r'class="error-message">.*?</span>(.*?)</p>', html, re.S)]
    for field_id, (english, welsh) in case.messages.items():
        message = english if language == "en" else welsh
        assert links.get(field_id) == message, f"{name}: the summary should link {message!r} to #{field_id}"
        assert message in beside, f"{name}: {message!r} is not shown beside its field"
    for generic in GENERIC:
        assert generic not in html
    assert html.count('aria-invalid="true"') >= len(case.messages)
    # Nothing saved, nobody signed in (or signed in further).
    assert state(world) == before
    assert client.session.get("_auth_user_id") == signed_in_as


def test_every_allauth_form_with_a_required_field_is_covered(settings):
    """A form left out of ACCOUNT_FORMS or MFA_FORMS would still say "This field is required."."""
    assert set(settings.ACCOUNT_FORMS) >= {
        "login",
        "signup",
        "request_login_code",
        "confirm_login_code",
        "reset_password",
        "reset_password_from_key",
        "change_password",
        "set_password",
        "reauthenticate",
        "add_email",
    }
    assert set(settings.MFA_FORMS) >= {"activate_totp", "authenticate", "reauthenticate"}


def test_filled_in_forms_still_work(world):
    """The subclasses only change messages: signing in, and wrong details, behave as before."""
    client = Client()
    wrong = client.post(reverse("account_login"), {"login": world.fran.email, "password": "not-the-password"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    verified(world.fran)  # signing in by password needs a verified address (ACCOUNT_EMAIL_VERIFICATION)
    sign_in(client, world.fran)
    assert client.session["_auth_user_id"] == str(world.fran.pk)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "another-long-password-9", "password2": "another-long-password-9"},
    )
    assert response.status_code == 302
    world.fran.refresh_from_db()
    assert world.fran.check_password("another-long-password-9")
