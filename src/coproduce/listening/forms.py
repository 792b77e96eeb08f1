from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.forms import StatementLanguageField, StatementTextField
from coproduce.core.bilingual import LANGUAGES, resolve
from coproduce.core.forms import BilingualFormMixin, SelectMarkingLanguage, SingleLineCharField, refuse_names_taken
from coproduce.listening.models import ListeningConversation, Theme
from coproduce.translations.reading import shown, with_translations


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ConversationForm(forms.Form):
    held_on = forms.DateField(
        label=_("Date of the conversation"),
        help_text=_("For example, 27 3 2026 or 2026-03-27"),
        error_messages={"required": _("Enter the date of the conversation"), "invalid": _("Enter a real date")},
        input_formats=["%Y-%m-%d", "%d %m %Y", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"autocomplete": "off"}),
    )
    who = forms.ChoiceField(
        label=_("Who did you talk with?"),
        widget=forms.RadioSelect,
        choices=[("anonymous", _("Anonymous: do not record who")), ("named", _("A named person or group"))],
        error_messages={"required": _("Choose anonymous or a named person")},
    )
    person_name = SingleLineCharField(
        label=_("Name of the person or group (if named)"),
        max_length=200,
        required=False,
        help_text=_("Only you, the engagement’s mentors and the organisation’s admins can see it."),
    )
    account_email = forms.EmailField(
        label=_("Email of their coproduce account (optional)"),
        required=False,
        help_text=_(
            "Links the conversation to what they did in the engagement, so that a request to erase their data finds it."
        ),
        error_messages={"invalid": _("Enter an email address like name@example.org")},
    )
    perspective = forms.ModelChoiceField(
        label=_("Their perspective (optional)"),
        queryset=None,
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("Not given"),
        blank=True,
    )
    team = SingleLineCharField(label=_("Your team (optional)"), max_length=120, required=False)
    prompt = SingleLineCharField(
        label=_("The question you asked"),
        max_length=300,
        error_messages={"required": _("Enter the question you asked")},
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Confidential. Never published, exported or shown to facilitators."),
    )
    sharing = forms.ChoiceField(
        label=_("What did the person agree to?"),
        widget=forms.RadioSelect,
        choices=ListeningConversation.Sharing.choices,
        error_messages={"required": _("Choose what the person agreed to")},
    )
    quote = forms.ChoiceField(
        label=_("May they be quoted?"),
        widget=forms.RadioSelect,
        choices=ListeningConversation.Quote.choices,
        error_messages={"required": _("Choose whether they may be quoted")},
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.fields["perspective"].queryset = engagement.perspectives.all()
        self.fields["prompt"].initial = _("What matters to you?")
        self.fields["quote"].initial = ListeningConversation.Quote.NO

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("The date of the conversation must be today or in the past"))
        return held_on

    def clean_prompt(self) -> str:
        prompt = _one_line(self.cleaned_data["prompt"])
        if not prompt:
            raise forms.ValidationError(_("Enter the question you asked"))
        return prompt

    def clean(self):
        data = super().clean()
        self.participant = None
        if data.get("who") == "named":
            if not _one_line(data.get("person_name", "")) and not data.get("account_email"):
                self.add_error("person_name", _("Enter their name, or choose anonymous"))
            email = data.get("account_email")
            if email:
                user = get_user_model().objects.filter(email__iexact=email).first()
                participant = self.engagement.participants.filter(user=user).first() if user else None
                if participant is None:
                    self.add_error("account_email", _("No one with this email address takes part in this engagement"))
                self.participant = participant
        _no_quote_if_confidential(self, data)
        return data

    def conversation_data(self) -> dict:
        data = self.cleaned_data
        named = data["who"] == "named"
        return {
            "held_on": data["held_on"],
            "person_name": _one_line(data["person_name"]) if named else "",
            "participant": self.participant if named else None,
            "perspective": data.get("perspective"),
            "team": _one_line(data["team"]),
            "prompt": data["prompt"],
            "notes": data["notes"].strip(),
            "sharing": data["sharing"],
            "quote": data["quote"],
        }


def _no_quote_if_confidential(form: forms.Form, data: dict) -> None:
    if data.get("sharing") == ListeningConversation.Sharing.CONFIDENTIAL and data.get("quote") not in (None, "no"):
        form.add_error("quote", _("A person who keeps their notes confidential cannot be quoted"))


class ConsentForm(forms.Form):
    """The consent choices of ConversationForm, changed on their own later."""

    sharing = ConversationForm.base_fields["sharing"]
    quote = ConversationForm.base_fields["quote"]

    def clean(self):
        data = super().clean()
        _no_quote_if_confidential(self, data)
        return data


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("The person has withdrawn their consent"),
        error_messages={"required": _("Tick the box to confirm that the person withdrew their consent")},
    )


class ChallengeForm(forms.Form):
    # A challenge may become a statement: the statement's rule, with the challenge's own words.
    text = StatementTextField(
        label=_("The challenge, in one sentence"),
        help_text=_("A dilemma or problem, in words others could agree or disagree with. Up to 280 characters."),
        rows=3,
        missing=_("Enter the challenge"),
        too_long=_("The challenge must be %(max)d characters or fewer. It has %(count)d."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_theme = SingleLineCharField(label=_("New theme (optional)"), max_length=80, required=False)
    raised_to_mentor = forms.BooleanField(label=_("Raise it with the independent mentor"), required=False)
    no_names = forms.BooleanField(
        label=_("It names nobody"),
        error_messages={"required": _("Confirm that the challenge names nobody")},
    )
    no_details = forms.BooleanField(
        label=_("It has no details that could identify someone (places, dates, conditions, roles)"),
        error_messages={"required": _("Confirm that the challenge has no identifying details")},
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = Theme.objects.filter(engagement=engagement)

    def clean_new_theme(self) -> str:
        return _one_line(self.cleaned_data["new_theme"])

    def clean(self):
        data = super().clean()
        if "themes" in data and not data.get("themes") and not data.get("new_theme"):
            self.add_error("themes", _("Choose at least one theme, or name a new one"))
        return data


class StatementFromChallengeForm(forms.Form):
    text = StatementTextField(
        label=_("Statement"),
        help_text=_("You may reword it so that people can agree or disagree with it. Up to 280 characters."),
        rows=3,
        missing=_("Enter the statement"),
        too_long=_("The statement must be %(max)d characters or fewer. It has %(count)d."),
    )
    # Offered as detected from the challenge's words (the view sets it), for the facilitator to correct; left out,
    # it is detected from the statement's words.
    language = StatementLanguageField(label=_("Which language is the statement in?"))


class ThemeForm(BilingualFormMixin, forms.Form):
    """A theme's name in English and Welsh: adding a theme, or renaming one (`theme`)."""

    bilingual = ("name",)
    name = SingleLineCharField(
        label=_("Name of the theme"), max_length=80, error_messages={"required": _("Enter the name of the theme")}
    )

    def __init__(self, *args, engagement, theme: Theme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        self.theme = theme

    def clean(self):
        data = super().clean()
        others = Theme.objects.filter(engagement=self.engagement)
        if self.theme is not None:
            others = others.exclude(pk=self.theme.pk)
        for code in LANGUAGES:
            data[f"name_{code}"] = _one_line(data.get(f"name_{code}") or "")
        refuse_names_taken(self, others, _("There is already a theme with this name"))
        return data


class MentorSummaryForm(forms.Form):
    text = forms.CharField(
        label=_("Summary"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What was raised with you, in general terms. You can use Markdown."),
        error_messages={"required": _("Enter the summary")},
    )
    anonymised = forms.BooleanField(
        label=_("It names nobody and has no details that could identify someone"),
        error_messages={"required": _("Confirm that the summary is anonymised")},
    )


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked this request and want to erase this person’s details now"),
        error_messages={"required": _("Tick the box to confirm the erasure")},
    )


class LinkStatementForm(forms.Form):
    """The golden thread: a theme points to the statements that take it on."""

    # Options in the language they are shown in, marked where it is not the page's.
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=None,
        error_messages={"required": _("Choose a theme"), "invalid_choice": _("Choose a theme")},
        widget=SelectMarkingLanguage(lambda theme: resolve(theme, "name")[1]),
    )
    statement = forms.ModelChoiceField(
        label=_("Statement"),
        queryset=None,
        error_messages={"required": _("Choose a statement"), "invalid_choice": _("Choose a statement")},
        widget=SelectMarkingLanguage(lambda statement: shown(statement).language),
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        from coproduce.conversations.models import Statement

        self.fields["theme"].queryset = Theme.objects.filter(engagement=engagement)
        # Each statement in the reader's language where a translation is confirmed (in the same query).
        self.fields["statement"].queryset = with_translations(
            Statement.objects.filter(conversation__engagement=engagement, status=Statement.Status.PUBLISHED)
        )
        self.fields["statement"].label_from_instance = lambda statement: shown(statement).text
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["statement"].empty_label = _("Choose a statement")
