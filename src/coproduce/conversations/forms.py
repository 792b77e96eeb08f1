from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.conversations.models import STATEMENT_MAX_LENGTH, Conversation, ModerationDecision, Vote


class StatementForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"),
        help_text=_("One short point that others can agree or disagree with. Up to 280 characters. Please do not include names or personal details."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": STATEMENT_MAX_LENGTH}),
        # Checked after trimming (below), so the browser's maxlength is a convenience, not the rule.
        max_length=10_000,
        error_messages={"required": _("Enter your statement")},
    )

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Enter your statement"))
        if len(text) > STATEMENT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Your statement must be %(max)d characters or fewer. It has %(count)d.")
                % {"max": STATEMENT_MAX_LENGTH, "count": len(text)}
            )
        return text


class VoteForm(forms.Form):
    statement = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.TypedChoiceField(
        choices=[(str(v), label) for v, label in Vote.VALUES], coerce=int,
        error_messages={"required": _("Choose agree, disagree or pass"), "invalid_choice": _("Choose agree, disagree or pass")},
    )


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=ModerationDecision.Action.choices)
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[("", _("Choose a reason"))] + list(ModerationDecision.Reason.choices), required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("action") == ModerationDecision.Action.HIDE and not data.get("reason"):
            self.add_error("reason", _("Choose why the statement is hidden"))
        return data


class ConversationSettingsForm(forms.ModelForm):
    class Meta:
        model = Conversation
        fields = ["moderation", "participants_can_write", "require_account"]
        widgets = {"moderation": forms.RadioSelect}
