from __future__ import annotations

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
