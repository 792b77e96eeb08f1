"""Forms of journeys: every label, help text and error message translatable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.core.forms import BilingualFormMixin, SingleLineCharField
from coproduce.journeys.actions import MAX_INVITATIONS, Given
from coproduce.journeys.frameworkjson import MAX_BYTES
from coproduce.journeys.models import Dimension, Framework, Level, Perspective
from coproduce.proposals.models import Decision


class RoundForm(BilingualFormMixin, forms.Form):
    bilingual = ("title", "team")
    title = SingleLineCharField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: “Co-production self-assessment, spring 2027”."),
        error_messages={"required": _("Give the round a title")},
    )
    framework = forms.ModelChoiceField(
        label=_("Framework"),
        queryset=Framework.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a framework"), "invalid_choice": _("Choose a framework")},
    )
    engagement = forms.ModelChoiceField(
        label=_("Engagement (optional)"),
        help_text=_("Leave empty to assess the whole organisation: next steps then go on its own actions board."),
        queryset=None,
        required=False,
        empty_label=_("The whole organisation"),
        error_messages={"invalid_choice": _("Choose one of your organisation’s engagements")},
    )
    team = SingleLineCharField(
        label=_("Team (optional)"),
        max_length=120,
        required=False,
        help_text=_("A team of the organisation that assesses itself, for example “Adult social care, north”."),
    )

    def __init__(self, *args: Any, frameworks, engagements=None, **kwargs: Any) -> None:
        # A network's round (engagements None) is of the whole network: no engagement, no team.
        if engagements is None:
            kwargs["omit"] = ("team",)
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = frameworks
        if engagements is None:
            del self.fields["engagement"]
        else:
            self.fields["engagement"].queryset = engagements

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("engagement") is not None and any(data.get(f"team_{code}") for code in ("en", "cy")):
            self.add_error("engagement", _("Choose an engagement or a team, not both"))
        return data


class InvitePeopleForm(forms.Form):
    """Invite people with an account by email (coproduce.notifications): each takes their own link, once."""

    people = forms.ModelMultipleChoiceField(
        label=_("People to invite by email"),
        help_text=_("Staff of the organisation and people taking part in its engagement who have an account."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one person"),
            "invalid_choice": _("Choose people from the list"),
            "invalid_pk_value": _("Choose people from the list"),
        },
    )
    perspective = forms.ChoiceField(
        label=_("Their perspective"),
        choices=Perspective.choices,
        error_messages={"required": _("Choose a perspective"), "invalid_choice": _("Choose a perspective")},
    )

    def __init__(self, *args: Any, people, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # each shown by its name (or its address when it has none)


class InviteForm(forms.Form):
    staff = forms.IntegerField(label=_("Links for staff"), min_value=0, max_value=MAX_INVITATIONS, initial=0)
    people = forms.IntegerField(
        label=_("Links for people who use services"), min_value=0, max_value=MAX_INVITATIONS, initial=0
    )
    partners = forms.IntegerField(label=_("Links for partners"), min_value=0, max_value=MAX_INVITATIONS, initial=0)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        total = sum(data.get(name) or 0 for name in ("staff", "people", "partners"))
        if not self.errors and not 0 < total <= MAX_INVITATIONS:
            raise forms.ValidationError(
                _("Ask for between 1 and %(n)s links in all.") % {"n": MAX_INVITATIONS}, code="count"
            )
        return data


class AnswerForm(forms.Form):
    """One rating (or "not sure"), a comment and evidence for each dimension of the round's framework."""

    def __init__(
        self,
        *args: Any,
        dimensions: list[Dimension],
        levels: list[Level],
        evidence: dict[tuple[str, int], tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = dimensions
        self.top = len(levels)
        from coproduce.core.bilingual import resolve

        level_choices = [(str(level.number), f"{level.number}. {resolve(level, 'name')[0]}") for level in levels]
        evidence_choices = [(f"{kind}:{pk}", f"{label}: {title}") for (kind, pk), (label, title) in evidence.items()]
        self.groups = []
        for dimension in dimensions:
            prefix = f"d{dimension.pk}"
            self.fields[f"{prefix}_level"] = forms.TypedChoiceField(
                label=resolve(dimension, "name")[0],
                choices=[*level_choices, ("", _("Not sure"))],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Choose a level from 1 to %(top)s, or “Not sure”") % {"top": self.top}
                },
            )
            self.fields[f"{prefix}_comment"] = forms.CharField(
                label=_("Anything you would like to add (optional)"),
                help_text=_("Please do not name anyone."),
                max_length=2000,
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            if evidence_choices:
                self.fields[f"{prefix}_evidence"] = forms.MultipleChoiceField(
                    label=_("Work that shows it (optional)"),
                    choices=evidence_choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    error_messages={"invalid_choice": _("Choose evidence from the list")},
                )
            self.groups.append((dimension, [self[name] for name in self.fields if name.startswith(prefix + "_")]))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for dimension in self.dimensions:
            prefix = f"d{dimension.pk}"
            if (data.get(f"{prefix}_comment") or "").strip() and data.get(f"{prefix}_level") is None:
                self.add_error(
                    f"{prefix}_level",
                    _("Choose a level for the comment you wrote, from 1 to %(top)s") % {"top": self.top},
                )
        if not self.errors and all(data.get(f"d{d.pk}_level") is None for d in self.dimensions):
            raise forms.ValidationError(_("Rate at least one of the practices or themes"), code="empty")
        return data

    def given(self) -> list[Given]:
        data = self.cleaned_data
        result = []
        for dimension in self.dimensions:
            prefix = f"d{dimension.pk}"
            evidence = tuple(
                (kind, int(pk)) for kind, pk in (value.split(":") for value in data.get(f"{prefix}_evidence") or [])
            )
            result.append(
                Given(dimension.pk, data.get(f"{prefix}_level"), data.get(f"{prefix}_comment") or "", evidence)
            )
        return result


class NextStepForm(BilingualFormMixin, forms.Form):
    bilingual = ("title", "owner")
    title = SingleLineCharField(
        label=_("Next step"), max_length=200, error_messages={"required": _("Say what the next step is")}
    )
    owner = SingleLineCharField(
        label=_("Who owns it (a role or team)"),
        max_length=200,
        error_messages={"required": _("Say which role or team owns it")},
    )
    target_date = forms.DateField(
        label=_("Target date (optional)"),
        help_text=_("For example, 31/3/2027"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        error_messages={"invalid": _("Enter a real date, for example 31/3/2027")},
    )
    dimension = forms.ModelChoiceField(
        label=_("Practice or theme (optional)"),
        queryset=Dimension.objects.none(),
        required=False,
        empty_label=_("None in particular"),
        error_messages={"invalid_choice": _("Choose one of the framework’s practices or themes")},
    )
    decision = forms.ModelChoiceField(
        label=_("Under a decision of the engagement (optional)"),
        help_text=_("Leave empty to put it on the organisation’s own actions board."),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("The organisation’s own actions board"),
        error_messages={"invalid_choice": _("Choose one of the engagement’s decisions")},
    )

    def __init__(self, *args: Any, round_, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].queryset = Dimension.objects.filter(framework_id=round_.framework_id)
        if round_.engagement_id is None:
            del self.fields["decision"]
        else:
            self.fields["decision"].queryset = Decision.objects.filter(engagement_id=round_.engagement_id)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("A framework file (JSON)"), required=False)
    text = forms.CharField(
        label=_("Or paste the framework’s JSON"),
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise forms.ValidationError(_("The file is too big for a framework."), code="size")
            data["json"] = upload.read()
        elif (data.get("text") or "").strip():
            data["json"] = data["text"]
        elif not self.errors:
            raise forms.ValidationError(_("Choose a framework file, or paste its JSON"), code="empty")
        return data


class SettingsForm(forms.Form):
    share_benchmarks = forms.BooleanField(
        label=_("Share our results anonymously with other organisations, and see how we compare"),
        help_text=_("Benchmarks show only when at least 5 organisations share; no organisation is named."),
        required=False,
    )
    stalled_after_weeks = forms.IntegerField(
        label=_("Call an engagement stalled after this many weeks without activity"),
        min_value=1,
        max_value=104,
        error_messages={
            "required": _("Enter a number of weeks from 1 to 104"),
            "min_value": _("Enter a number of weeks from 1 to 104"),
            "max_value": _("Enter a number of weeks from 1 to 104"),
            "invalid": _("Enter a number of weeks from 1 to 104"),
        },
    )


class PublishForm(forms.Form):
    published = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes", error_messages={"required": _("Choose")}
    )


# The labels of the texts staff edit in an organisation's own framework (actions.PART_TEXTS says which are required).
PART_LABELS = {
    "name": _("Name"),
    "description": _("Description (optional)"),
    "source": _("Where the ideas come from (optional)"),
    "text": _("Statement"),
}
PART_REQUIRED = {
    "name": _("Give it a name"),
    "text": _("Write the statement"),
}


def part_form(model, *, with_dimension=None) -> type[forms.Form]:
    """A form for the texts of a framework or one of its parts (a level, a practice or theme, a statement), each in
    English and Welsh side by side; `with_dimension` (a queryset) adds the choice of practice or theme for a new
    statement."""
    from coproduce.journeys.actions import PART_TEXTS

    attrs: dict[str, Any] = {"bilingual": tuple(name for name, _required in PART_TEXTS[model])}
    for name, required in PART_TEXTS[model]:
        max_length = model._meta.get_field(name).max_length
        kind = SingleLineCharField if max_length <= 400 and name != "description" else forms.CharField
        attrs[name] = kind(
            label=PART_LABELS[name],
            max_length=max_length,
            required=required,
            widget=forms.Textarea(attrs={"rows": 3}) if kind is forms.CharField else None,
            error_messages={
                "required": PART_REQUIRED.get(name, _("Write a text")),
                "max_length": _("Make it at most %(limit_value)d characters"),
            },
        )
    if with_dimension is not None:
        attrs["dimension"] = forms.ModelChoiceField(
            label=_("Practice or theme"),
            queryset=with_dimension,
            empty_label=None,
            error_messages={
                "required": _("Choose a practice or theme"),
                "invalid_choice": _("Choose one of the framework’s practices or themes"),
            },
        )
    return type(f"{model.__name__}TextsForm", (BilingualFormMixin, forms.Form), attrs)
