from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.api.models import ApiKey
from coproduce.engagements.models import Licence


class ApiKeyForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the key is for, for example “Research dashboard”."),
        error_messages={
            "required": _("Enter a name for the key"),
            "max_length": _("The name must be 100 characters or fewer"),
        },
    )
    scope = forms.ChoiceField(
        label=_("What it may do"),
        choices=ApiKey.Scope.choices,
        initial=ApiKey.Scope.READ,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the key may do"), "invalid_choice": _("Choose what the key may do")},
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter a name for the key"))
        return name


class LicenceForm(forms.Form):
    licence = forms.ChoiceField(
        label=_("Open data licence"),
        choices=Licence.choices,
        widget=forms.RadioSelect,
        help_text=_("Everything your engagements publish as open data, and through the API, is under this licence."),
        error_messages={"required": _("Choose a licence"), "invalid_choice": _("Choose a licence")},
    )
