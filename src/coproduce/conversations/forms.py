from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Conversation, ModerationDecision, Vote
from coproduce.translations.detect import detect_language
from coproduce.translations.models import LANGUAGE_CHOICES


def statement_text(text: str, *, missing: str, too_long: str) -> str:
    """A statement's words as they are kept: on one line, white space folded. Refused with `missing` when nothing
    is left, and with `too_long` (given %(max)d and %(count)d) when longer than STATEMENT_MAX_LENGTH, counted after
    folding: a textarea's maxlength is a convenience, not the rule."""
    text = " ".join(text.split())
    if not text:
        raise forms.ValidationError(missing)
    if len(text) > STATEMENT_MAX_LENGTH:
        raise forms.ValidationError(too_long % {"max": STATEMENT_MAX_LENGTH, "count": len(text)})
    return text


class StatementTextField(forms.CharField):
    """A statement's words (statement_text): `missing` when nothing is written, `too_long` (given %(max)d and
    %(count)d) when longer than a statement may be. The hint says the limit, not the textarea's maxlength, which
    would cut a pasted text short without a word (GOV.UK's character count advice): the words come back with the
    message instead. max_length (the browser's maxlength too) only bounds what a request may carry; the rule is
    statement_text's, counted after folding."""

    def __init__(self, *, missing: str, too_long: str, rows: int, **kwargs) -> None:
        super().__init__(
            max_length=10_000,
            widget=forms.Textarea(attrs={"rows": rows}),
            error_messages={"required": missing},
            **kwargs,
        )
        self.missing = missing
        self.too_long = too_long

    def clean(self, value):
        return statement_text(super().clean(value), missing=self.missing, too_long=self.too_long)


class StatementLanguageField(forms.ChoiceField):
    """Which language a statement is in, English or Welsh: optional radios, None when not chosen (the words then
    say, language_of)."""

    def __init__(self, **kwargs) -> None:
        super().__init__(
            choices=LANGUAGE_CHOICES,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Choose English or Welsh")},
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value) or None


def statement_too_short(minimum: int, length: int) -> str:
    """The message for a statement shorter than the conversation's shortest (actions.StatementTooShort), on the
    write page and in the API."""
    return ngettext(
        "Your statement must be at least %(min)d character long. It has %(count)d.",
        "Your statement must be at least %(min)d characters long. It has %(count)d.",
        minimum,
    ) % {"min": minimum, "count": length}


class StatementForm(forms.Form):
    text = StatementTextField(
        label=_("Your statement"),
        help_text=_(
            "One short point that others can agree or disagree with. Up to 280 characters. Please do not include names or personal details."
        ),
        rows=4,
        missing=_("Enter your statement"),
        too_long=_("Your statement must be %(max)d characters or fewer. It has %(count)d."),
    )

    def __init__(self, *args, min_length: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if min_length is not None:  # a participant's statement: the conversation's shortest, said up front
            self.fields["text"].help_text = _(
                "One short point that others can agree or disagree with, from %(min)d to %(max)d characters. "
                "Please do not include names or personal details."
            ) % {"min": min_length, "max": STATEMENT_MAX_LENGTH}

    # Participants write in either language. Not chosen for them (GOV.UK: radios are not preselected, a preselected
    # answer goes unnoticed): left unanswered, and from the API, it is detected from the words, the page's language
    # when the words do not say clearly (the view's `language_of`).
    language = StatementLanguageField(
        label=_("Which language is your statement in?"),
        help_text=_("If you do not choose, we work it out from your words."),
    )

    def language_of(self, default: str) -> str:
        """The language chosen, else the one detected from the words (`default` when they do not say clearly)."""
        return self.cleaned_data["language"] or detect_language(self.cleaned_data["text"], default=default)


class SeedStatementForm(StatementForm):
    """A facilitators' statement: in one language, or in both (the other then shows as a confirmed translation)."""

    translation = forms.CharField(
        label=_("The same statement in the other language (optional)"),
        help_text=_("If you write it in both English and Welsh, readers of each language see their own."),
        widget=forms.Textarea(attrs={"rows": 3}),  # no maxlength: StatementTextField says why
        max_length=10_000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Statement")
        self.fields["language"].label = _("Which language is the statement in?")

    def clean_translation(self) -> str:
        text = " ".join(self.cleaned_data["translation"].split())
        if len(text) > STATEMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("The translation must be %(max)d characters or fewer. It has %(count)d.")
                % {"max": STATEMENT_MAX_LENGTH, "count": len(text)}
            )
        return text


class TranslationForm(forms.Form):
    """A translation of a statement, proposed for a second person to confirm."""

    text = forms.CharField(
        label=_("Translation"),
        widget=forms.Textarea(attrs={"rows": 4}),  # no maxlength: StatementTextField says why
        # Checked after trimming, by the action (the source field's length), so that the message is the same from
        # every path.
        max_length=10_000,
        error_messages={"required": _("Enter the translation")},
    )

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Enter the translation"))
        return text


class VoteForm(forms.Form):
    # Bounded like the statement's id column: the vote's SQL takes the number as it is.
    statement = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**63 - 1)
    value = forms.TypedChoiceField(
        choices=[(str(v), label) for v, label in Vote.VALUES],
        coerce=int,
        error_messages={
            "required": _("Choose agree, disagree or pass"),
            "invalid_choice": _("Choose agree, disagree or pass"),
        },
    )


class ModerationForm(forms.Form):
    """Hide (with a reason category) or publish; proposals and comments are moderated with the same form."""

    action = forms.ChoiceField(choices=ModerationDecision.Action.choices)
    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason"))] + list(ModerationDecision.Reason.choices),
        required=False,
    )
    reason_missing = _("Choose why the statement is hidden")

    def clean(self):
        data = super().clean()
        if data.get("action") == ModerationDecision.Action.HIDE and not data.get("reason"):
            self.add_error("reason", self.reason_missing)
        return data


class ConversationSettingsForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["moderation", "participants_can_write", "require_account", "min_statement_length"]
        widgets = {
            "moderation": forms.RadioSelect,
            # GOV.UK: a text box with a numeric keyboard rather than type=number (no spinner, no silent rounding).
            "min_statement_length": forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wrong = _("Enter a whole number of characters from 1 to %(max)d") % {"max": STATEMENT_MAX_LENGTH}
        self.fields["min_statement_length"].error_messages.update(
            {"required": wrong, "invalid": wrong, "min_value": wrong, "max_value": wrong}
        )


MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024


class PolisImportForm(forms.Form):
    title = forms.CharField(label=_("Title of the new engagement (optional)"), max_length=200, required=False)
    comments = forms.FileField(label=_("comments.csv"), help_text=_("The statements and their moderation."))
    votes = forms.FileField(
        label=_("votes.csv (optional)"),
        required=False,
        help_text=_("The vote log. Give this or participants-votes.csv."),
    )
    participants_votes = forms.FileField(label=_("participants-votes.csv (optional)"), required=False)
    summary = forms.FileField(label=_("summary.csv (optional)"), required=False)

    def clean(self):
        data = super().clean()
        for name in ("comments", "votes", "participants_votes", "summary"):
            upload = data.get(name)
            if upload and upload.size > MAX_IMPORT_FILE_BYTES:
                self.add_error(name, _("This file is larger than 50 MB."))
        if not data.get("votes") and not data.get("participants_votes") and "votes" not in self.errors:
            self.add_error("votes", _("Choose votes.csv or participants-votes.csv"))
        return data
