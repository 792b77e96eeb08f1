from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from coproduce.notifications.models import Frequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the right format, like name@example.org"),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        initial=Frequency.IMMEDIATE,
        error_messages={"required": _("Choose how often"), "invalid_choice": _("Choose one of the answers shown")},
    )
    language = forms.ChoiceField(
        label=_("Language of the emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a language"), "invalid_choice": _("Choose one of the answers shown")},
    )
