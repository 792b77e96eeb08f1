"""Forms of the networks app: every label, help text and error message translatable."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.engagements.models import Organisation
from coproduce.networks.models import KnowledgeNote, Network


class NetworkForm(BilingualFormMixin, forms.Form):
    bilingual = ("name", "description")
    name = SingleLineCharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Give the network a name")}
    )
    description = forms.CharField(
        label=_("What the network is for"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class OrganisationChoiceForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose an organisation"), "invalid_choice": _("Choose an organisation")},
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class NetworkChoiceForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"),
        queryset=Network.objects.none(),
        error_messages={"required": _("Choose a network"), "invalid_choice": _("Choose a network")},
        empty_label=_("Choose a network"),
    )

    def __init__(self, *args, networks, label=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        if label is not None:
            self.fields["network"].label = label


class CoordinatorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of their account"),
        error_messages={"required": _("Enter an email address"), "invalid": _("Enter a valid email address")},
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No account uses this email address: ask them to create one first."))
        self.user = user
        return email


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
        error_messages={"required": _("Choose an answer"), "invalid_choice": _("Choose an answer")},
    )


class NoteForm(forms.Form):
    title = SingleLineCharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the note a title")}
    )
    what_worked = forms.CharField(
        label=_("What worked"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what worked")},
    )
    what_differently = forms.CharField(
        label=_("What we would do differently"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    language = forms.ChoiceField(
        label=_("Language of the note"),
        choices=KnowledgeNote.Language.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the language you wrote in")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Written for"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("The network (as its coordinator)"),
        error_messages={"invalid_choice": _("Choose one of your organisations in the network")},
    )

    def __init__(self, *args, organisations, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["what_worked"].help_text = _("Everyone can read the network's notes: do not name people.")
