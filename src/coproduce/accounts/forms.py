from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.mfa.base import forms as mfa_base_forms
from allauth.mfa.totp import forms as mfa_totp_forms
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coproduce.accounts.models import User


class ProfileForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(
        label=_("Language for pages and emails"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        labels = {"display_name": _("Your name")}
        help_texts = {"display_name": _("Shown to staff of organisations you work with. You can leave it blank.")}


# --- django-allauth forms with specific error messages ---
# allauth's fields say "This field is required."; GOV.UK says what to do ("Enter your email address"). These
# subclasses change only the messages: ACCOUNT_FORMS and MFA_FORMS in settings.py point allauth's views at them.

ENTER_YOUR_EMAIL = _("Enter your email address")
ENTER_YOUR_PASSWORD = _("Enter your password")
ENTER_A_PASSWORD = _("Enter a password")
ENTER_THE_PASSWORD_AGAIN = _("Enter the password again")
ENTER_A_NEW_PASSWORD = _("Enter a new password")
ENTER_THE_NEW_PASSWORD_AGAIN = _("Enter the new password again")
ENTER_THE_AUTHENTICATOR_CODE = _("Enter the code from your authenticator app")
ENTER_A_TWO_FACTOR_CODE = _("Enter the code from your authenticator app or a recovery code")


class RequiredMessages:
    """Give each named field its own "required" message; fields the form does not have are left alone."""

    required_messages: dict = {}
    fields: dict[str, Any]  # the form's, which this is mixed into

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            if name in self.fields:
                field = self.fields[name]
                # A fresh dict: the field's messages may be shared with the class's field.
                field.error_messages = {**field.error_messages, "required": message}


class LoginForm(RequiredMessages, account_forms.LoginForm):
    required_messages = {"login": ENTER_YOUR_EMAIL, "password": ENTER_YOUR_PASSWORD}


class SignupForm(RequiredMessages, account_forms.SignupForm):
    required_messages = {
        "email": ENTER_YOUR_EMAIL,
        "password1": ENTER_A_PASSWORD,
        "password2": ENTER_THE_PASSWORD_AGAIN,
    }


class RequestLoginCodeForm(RequiredMessages, account_forms.RequestLoginCodeForm):
    required_messages = {"email": ENTER_YOUR_EMAIL}


class ConfirmLoginCodeForm(RequiredMessages, account_forms.ConfirmLoginCodeForm):
    required_messages = {"code": _("Enter the code we sent you")}


class ResetPasswordForm(RequiredMessages, account_forms.ResetPasswordForm):
    required_messages = {"email": ENTER_YOUR_EMAIL}


class ResetPasswordKeyForm(RequiredMessages, account_forms.ResetPasswordKeyForm):
    required_messages = {"password1": ENTER_A_NEW_PASSWORD, "password2": ENTER_THE_NEW_PASSWORD_AGAIN}


class ChangePasswordForm(RequiredMessages, account_forms.ChangePasswordForm):
    required_messages = {
        "oldpassword": _("Enter your current password"),
        "password1": ENTER_A_NEW_PASSWORD,
        "password2": ENTER_THE_NEW_PASSWORD_AGAIN,
    }


class SetPasswordForm(RequiredMessages, account_forms.SetPasswordForm):
    required_messages = {"password1": ENTER_A_PASSWORD, "password2": ENTER_THE_PASSWORD_AGAIN}


class ReauthenticateForm(RequiredMessages, account_forms.ReauthenticateForm):
    required_messages = {"password": ENTER_YOUR_PASSWORD}


class AddEmailForm(RequiredMessages, account_forms.AddEmailForm):
    required_messages = {"email": _("Enter the email address you want to add")}


class ActivateTOTPForm(RequiredMessages, mfa_totp_forms.ActivateTOTPForm):
    required_messages = {"code": ENTER_THE_AUTHENTICATOR_CODE}


# Signing in and confirming it is you with two-factor authentication take a recovery code as well.
class MFAAuthenticateForm(RequiredMessages, mfa_base_forms.AuthenticateForm):
    required_messages = {"code": ENTER_A_TWO_FACTOR_CODE}


class MFAReauthenticateForm(RequiredMessages, mfa_base_forms.ReauthenticateForm):
    required_messages = {"code": ENTER_A_TWO_FACTOR_CODE}
