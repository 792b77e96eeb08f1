from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.bilingual import current_language, has_text, texts
from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.delivery.models import TEXT_MAX_LENGTH, Action, Feedback, Iteration
from coproduce.proposals.models import Decision

DATE_ERRORS = {"invalid": _("Enter a real date, for example 2026-03-31")}


class ActionTextsForm(BilingualFormMixin, forms.Form):
    """What an action says, in English and Welsh: adding one, or writing or correcting its texts later (with the
    reason it is not possible, when it is not)."""

    bilingual = ("title", "description", "owner", "status_reason")
    title = SingleLineCharField(
        label=_("What will be done"), max_length=200, error_messages={"required": _("Say what will be done")}
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("You can use Markdown."),
    )
    owner = SingleLineCharField(
        label=_("Who owns it"),
        max_length=200,
        help_text=_("A role or team, for example: the outpatients booking team."),
        error_messages={"required": _("Say which role or team owns it")},
    )
    status_reason = forms.CharField(
        label=_("Why it is not possible"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the action is not possible")},
    )

    def __init__(self, *args, action: Action | None = None, **kwargs):
        not_possible = action is not None and action.status == Action.Status.NOT_POSSIBLE
        super().__init__(*args, omit=() if not_possible else ("status_reason",), **kwargs)


class ActionForm(ActionTextsForm):
    field_order = ["decision", "title", "description", "owner", "target_date", "iteration"]
    decision = forms.ModelChoiceField(
        label=_("The decision it delivers"),
        queryset=Decision.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose the decision this action delivers"),
            "invalid_choice": _("Choose a decision of this engagement"),
        },
    )
    target_date = forms.DateField(
        label=_("Target date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=DATE_ERRORS,
    )
    iteration = forms.ModelChoiceField(
        label=_("Iteration (optional)"),
        queryset=Iteration.objects.none(),
        required=False,
        empty_label=_("No iteration"),
        error_messages={"invalid_choice": _("Choose an iteration of this engagement")},
    )

    def __init__(self, *args, decisions, iterations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = decisions
        self.fields["iteration"].queryset = iterations


class ActionStatusForm(BilingualFormMixin, forms.Form):
    bilingual = ("reason", "text")
    status = forms.ChoiceField(
        label=_("New status"),
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the new status"),
            "invalid_choice": _("Choose one of the statuses shown"),
        },
    )
    reason = forms.CharField(
        label=_("Why it is not possible"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the action is not possible: everyone will read it."),
    )
    text = forms.CharField(
        label=_("What happened (optional)"),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("status") == Action.Status.NOT_POSSIBLE and not has_text(self.texts("reason")):
            self.add_error(f"reason_{current_language()}", _("Say why the action is not possible"))
        elif data.get("status") and data.get("status") != Action.Status.NOT_POSSIBLE:
            for name in self.texts("reason"):
                data[f"reason_{name}"] = ""
        return data


class UpdateForm(BilingualFormMixin, forms.Form):
    bilingual = ("text",)
    text = forms.CharField(
        label=_("Progress update"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the update")},
    )

    def __init__(self, *args, update=None, **kwargs):
        super().__init__(*args, **kwargs)
        # An update made by a change of status may have no text of its own.
        if update is not None and update.status and not any(texts(update, "text").values()):
            self.require("text", False)


class IterationForm(BilingualFormMixin, forms.Form):
    bilingual = ("name", "goal")
    name = SingleLineCharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example: Iteration 1."),
        error_messages={"required": _("Give the iteration a name")},
    )
    goal = SingleLineCharField(
        label=_("Goal"), max_length=300, error_messages={"required": _("Say what the iteration is for")}
    )
    starts_on = forms.DateField(
        label=_("Start date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the start date"), **DATE_ERRORS},
    )
    ends_on = forms.DateField(
        label=_("End date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Enter the end date"), **DATE_ERRORS},
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must be the same as or after the start date."))
        return data


class AssignIterationForm(forms.Form):
    iteration = forms.ModelChoiceField(
        label=_("Iteration"),
        queryset=Iteration.objects.none(),
        required=False,
        empty_label=_("No iteration"),
        error_messages={"invalid_choice": _("Choose an iteration of this engagement")},
    )

    def __init__(self, *args, iterations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["iteration"].queryset = iterations


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Did this change work for you?"),
        choices=Feedback.RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how well the change worked for you"),
            "invalid_choice": _("Choose one of the answers shown"),
        },
    )
    comment = forms.CharField(
        label=_("Anything you would like to add (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        # Who reads comments: whoever has delivery.manage (tests/delivery/test_feedback_privacy.py checks this text).
        help_text=_(
            "Your comment is not published. Only the engagement’s facilitators and the organisation’s admins read "
            "it. Please do not include your name or health details."
        ),
    )


class NextCycleForm(BilingualFormMixin, forms.Form):
    """The next cycle: its title in each language, and the statements its conversation opens with (one a line)."""

    bilingual = ("title",)
    title = SingleLineCharField(
        label=_("Title"),
        max_length=200,
        error_messages={"required": _("Give the next cycle a title in English or Welsh")},
    )
    seeds = forms.CharField(
        label=_("Statements to start the conversation with, one a line"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Suggested from the actions and their feedback. Edit, add or remove lines: each is at most 280 characters."
        ),
        error_messages={"required": _("Write at least one statement")},
    )

    def clean_seeds(self) -> list[str]:
        from coproduce.conversations.models import STATEMENT_MAX_LENGTH, normalise_statement

        lines, seen = [], set()
        for raw in self.cleaned_data["seeds"].splitlines():
            text = " ".join(raw.split())
            if not text or normalise_statement(text) in seen:
                continue
            if len(text) > STATEMENT_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Each statement can be at most %(limit)s characters: shorten “%(start)s…”")
                    % {"limit": STATEMENT_MAX_LENGTH, "start": text[:40]}
                )
            seen.add(normalise_statement(text))
            lines.append(text)
        if not lines:
            raise forms.ValidationError(_("Write at least one statement"))
        return lines
