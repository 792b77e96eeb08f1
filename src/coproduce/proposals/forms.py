from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from coproduce.conversations import forms as conversations_forms
from coproduce.conversations.models import Statement
from coproduce.core.bilingual import current_language, has_text, texts
from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.proposals.models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    SUMMARY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    PrioritisationSettings,
    Proposal,
)
from coproduce.translations.reading import shown


def _trimmed(form: forms.Form, name: str, message) -> str:
    value = " ".join(form.cleaned_data.get(name, "").split())
    if not value:
        raise forms.ValidationError(message)
    return value


class StatementChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args, common_ground: frozenset[int] = frozenset(), **kwargs):
        self.common_ground = common_ground
        super().__init__(*args, **kwargs)

    def label_from_instance(self, statement: Statement) -> SafeString:
        # A participant's words, in the reader's language when a confirmed translation exists, else as written:
        # marked with their own language, so that a screen reader reads them right on a page in the other (WCAG 3.1.2).
        text = shown(statement)
        label = format_html('<span lang="{}">{}</span>', text.language, text.text)
        if statement.pk in self.common_ground:
            # The translated words are escaped, the label already is: the result is safe.
            return mark_safe(conditional_escape(_("%(text)s (common ground)")) % {"text": label})
        return label


class ProposalTextForm(forms.Form):
    title = SingleLineCharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("A few words that say what would change."),
        error_messages={
            "required": _("Enter a title"),
            "max_length": _("The title must be %(limit_value)d characters or fewer"),
        },
    )
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences. Please do not include names or personal details."),
        error_messages={
            "required": _("Enter a summary"),
            "max_length": _("The summary must be %(limit_value)d characters or fewer"),
        },
    )
    body = forms.CharField(
        label=_("The proposal in full (optional)"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What would change, for whom, and how. You can use Markdown: *emphasis*, lists with -, and links."),
        error_messages={"max_length": _("The proposal must be %(limit_value)d characters or fewer")},
    )

    def clean_title(self) -> str:
        return _trimmed(self, "title", _("Enter a title"))

    def clean_summary(self) -> str:
        return _trimmed(self, "summary", _("Enter a summary"))

    def clean_body(self) -> str:
        return self.cleaned_data.get("body", "").strip()


class ProposalForm(ProposalTextForm):
    statements = StatementChoiceField(
        label=_("Which statements does your proposal answer?"),
        help_text=_("Choose at least one. Statements most people agree with are marked common ground."),
        queryset=Statement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one statement your proposal answers"),
            "invalid_choice": _("Choose statements from this engagement only"),
            "invalid_pk_value": _("Choose statements from this engagement only"),
        },
    )

    def __init__(self, *args, statements, common_ground: frozenset[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = statements
        field.common_ground = common_ground


class AmendForm(ProposalTextForm):
    note = SingleLineCharField(
        label=_("What changed and why"),
        max_length=300,
        error_messages={
            "required": _("Say what changed and why"),
            "max_length": _("Keep this to %(limit_value)d characters or fewer"),
        },
    )


class ProposalTextsForm(BilingualFormMixin, forms.Form):
    """Staff write a proposal's texts in English and Welsh (a participant's proposal is in the language they wrote
    it in), with the reasons given for its status and boundary check when it has them."""

    bilingual = ("title", "summary", "body", "status_reason", "boundary_note")
    title = ProposalTextForm.base_fields["title"]
    summary = ProposalTextForm.base_fields["summary"]
    body = ProposalTextForm.base_fields["body"]
    status_reason = forms.CharField(
        label=_("Why it is not taken forward"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the proposal is not taken forward")},
    )
    boundary_note = forms.CharField(
        label=_("Boundary check: why"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why")},
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        not_taken = proposal.status == Proposal.Status.NOT_TAKEN_FORWARD
        checked = proposal.boundary != Proposal.Boundary.UNCHECKED
        omit = tuple(
            name
            for name, shown in (("status_reason", not_taken), ("boundary_note", checked))
            if not shown and not any(texts(proposal, name).values())
        )
        super().__init__(*args, omit=omit, **kwargs)
        if "status_reason" in self.bilingual_groups:
            self.require("status_reason", not_taken)
        if "boundary_note" in self.bilingual_groups:
            self.require("boundary_note", checked)


class StaffProposalForm(BilingualFormMixin, forms.Form):
    """Staff write a proposal from the staff area, in English and Welsh side by side, citing the statements it
    answers (when the engagement has any: a new engagement may have none yet)."""

    bilingual = ("title", "summary", "body")
    field_order = ["title", "summary", "body", "statements"]
    title = ProposalTextForm.base_fields["title"]
    summary = ProposalTextForm.base_fields["summary"]
    body = ProposalTextForm.base_fields["body"]
    statements = StatementChoiceField(
        label=_("Which statements does the proposal answer?"),
        help_text=_("Statements most people agree with are marked common ground."),
        queryset=Statement.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=ProposalForm.base_fields["statements"].error_messages,
    )

    def __init__(self, *args, statements, common_ground: frozenset[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["statements"]
        field.queryset = statements
        field.common_ground = common_ground
        field.required = statements.exists()


class SuggestOptionForm(forms.Form):
    title = ProposalTextForm.base_fields["title"]
    summary = ProposalTextForm.base_fields["summary"]

    clean_title = ProposalTextForm.clean_title
    clean_summary = ProposalTextForm.clean_summary


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Please do not include names or personal details."),
        error_messages={
            "required": _("Enter your comment"),
            "max_length": _("Your comment must be %(limit_value)d characters or fewer"),
        },
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_text(self) -> str:
        value = self.cleaned_data.get("text", "").strip()
        if not value:
            raise forms.ValidationError(_("Enter your comment"))
        return value


class ExpertInputForm(BilingualFormMixin, forms.Form):
    bilingual = ("text",)
    text = forms.CharField(
        label=_("Your expert input"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Shown apart from comments, labelled as expert input. You can use Markdown. Write it in English, Welsh "
            "or both: what is written in one language only is marked as missing the other."
        ),
        error_messages={
            "required": _("Enter your expert input"),
            "max_length": _("Your input must be %(limit_value)d characters or fewer"),
        },
    )


class StatusForm(BilingualFormMixin, forms.Form):
    bilingual = ("reason",)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=Proposal.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a status"), "invalid_choice": _("Choose a status")},
    )
    reason = forms.CharField(
        label=_("Reason (needed when it is not taken forward)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Proposal.Status.NOT_TAKEN_FORWARD and not has_text(self.texts("reason")):
            self.add_error(f"reason_{current_language()}", _("Say why the proposal is not taken forward"))
        return data


class BoundaryForm(BilingualFormMixin, forms.Form):
    bilingual = ("note",)

    boundary = forms.ChoiceField(
        label=_("Is this proposal within the engagement’s boundaries?"),
        choices=Proposal.Boundary.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer"), "invalid_choice": _("Choose an answer")},
    )
    note = forms.CharField(
        label=_("Why"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why")},
    )


class ModerationForm(conversations_forms.ModerationForm):
    reason_missing = _("Choose why it is hidden")


class ChoiceForm(forms.Form):
    pair = forms.CharField(widget=forms.HiddenInput)
    choice = forms.CharField()


class DecisionTextsForm(BilingualFormMixin, forms.Form):
    """What a decision says, in English and Welsh: recording one, or writing or correcting its texts later."""

    bilingual = ("title", "decided_by", "reasons", "not_done")
    title = SingleLineCharField(
        label=_("What was decided"), max_length=200, error_messages={"required": _("Say what was decided")}
    )
    decided_by = SingleLineCharField(
        label=_("Who decided"),
        max_length=200,
        help_text=_("For example: the health board, at its public meeting."),
        error_messages={"required": _("Say who decided")},
    )
    reasons = forms.CharField(
        label=_("Why"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use Markdown."),
        error_messages={"required": _("Say why")},
    )
    not_done = forms.CharField(
        label=_("What was not done, and why"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You can use Markdown."),
    )


class DecisionForm(DecisionTextsForm):
    field_order = ["title", "decided_by", "decided_on", "reasons", "proposals", "not_done"]
    decided_on = forms.DateField(
        label=_("When it was decided"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Enter the date of the decision"),
            "invalid": _("Enter a real date, for example 2026-03-31"),
        },
    )
    proposals = forms.ModelMultipleChoiceField(
        label=_("Proposals it takes up"),
        queryset=Proposal.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose proposals of this engagement only"),
            "invalid_pk_value": _("Choose proposals of this engagement only"),
        },
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = proposals


class DotsForm(forms.Form):
    """One whole-number field per option; together they may not exceed the allowance."""

    def __init__(self, *args, options, allowance: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowance = allowance
        self.options = options
        for option in options:
            self.fields[f"option-{option.pk}"] = forms.IntegerField(
                label=option.title,
                min_value=0,
                max_value=allowance,
                required=False,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Enter a whole number of dots"),
                    "min_value": _("Enter 0 or more dots"),
                    "max_value": _("You can put at most %(limit_value)s dots on one option"),
                },
            )

    def clean(self):
        data = super().clean()
        used = sum(data.get(f"option-{o.pk}") or 0 for o in self.options)
        if used > self.allowance:
            raise forms.ValidationError(
                _("You have %(allowance)s dots to spread, and you used %(used)s. Take some away, then send them again.")
                % {"allowance": self.allowance, "used": used}
            )
        if used == 0 and not self.errors:
            raise forms.ValidationError(_("Put at least one dot on an option"))
        return data

    def allocation(self) -> dict:
        return {o: self.cleaned_data.get(f"option-{o.pk}") or 0 for o in self.options}


class PrioritisationSettingsForm(forms.ModelForm):
    class Meta:
        model = PrioritisationSettings
        fields = ["method", "dots"]
        widgets = {"method": forms.RadioSelect}
        error_messages = {
            "method": {
                "required": _("Choose how people prioritise"),
                "invalid_choice": _("Choose how people prioritise"),
            },
            "dots": {"required": _("Enter the number of dots"), "invalid": _("Enter a whole number of dots")},
        }

    def clean_dots(self) -> int:
        dots = self.cleaned_data["dots"]
        if not 1 <= dots <= 100:
            raise forms.ValidationError(_("Enter a number of dots from 1 to 100"))
        return dots
