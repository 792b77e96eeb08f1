from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from coproduce.core.bilingual import LANGUAGES
from coproduce.core.forms import BilingualFormMixin, refuse_names_taken, single_line
from coproduce.engagements.models import Engagement, Feature, Organisation, Perspective, Phase, Role


def _in_language(template: str, label: str) -> str:
    return gettext(template) % {"label": label}


# Labels are built when a form is shown, in the language of that request, not once when the module loads.
_in_language_lazy = lazy(_in_language, str)


def bilingual_labels(field: str, label: str) -> dict[str, str]:
    """Both inputs of a translated field carry the field's label: the side-by-side form (core.forms
    BilingualFormMixin) shows it once, as their legend, and names each input by its language."""
    return {f"{field}_{code}": label for code in LANGUAGES}


class EngagementForm(BilingualFormMixin, forms.ModelForm):
    bilingual = ("title", "question", "brief")

    class Meta:
        model = Engagement
        fields = [
            "title_en",
            "title_cy",
            "question_en",
            "question_cy",
            "brief_en",
            "brief_cy",
            "languages",
            "visibility",
        ]
        labels = {
            **bilingual_labels("title", _("Title")),
            **bilingual_labels("question", _("Question")),
            **bilingual_labels("brief", _("Brief")),
        }
        help_texts = {
            "question_en": _("Start from what matters to people, for example “What matters to you about …?”"),
            "brief_en": _("Why this engagement, and what will happen with what people say. You can use Markdown."),
            "brief_cy": _("You can use Markdown."),
        }
        widgets = {
            "brief_en": forms.Textarea(attrs={"rows": 6}),
            "brief_cy": forms.Textarea(attrs={"rows": 6}),
            "languages": forms.RadioSelect,
            "visibility": forms.RadioSelect,
        }

    MISSING = {
        "title_en": _("Enter the title in English"),
        "title_cy": _("Enter the title in Welsh"),
        "question_en": _("Enter the question in English"),
        "question_cy": _("Enter the question in Welsh"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        single_line(self, "title_en", "title_cy", "question_en", "question_cy")

    def clean(self):
        data = super().clean()
        languages = data.get("languages") or ""
        # Welsh Language Standards: every language offered has its own text, not a fallback.
        for name, message in self.MISSING.items():
            if name[-2:] in languages and not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        return data


#: Short names that would read as a page of the staff area rather than an organisation's.
RESERVED_SLUGS = frozenset({"new", "staff", "admin", "api"})


class OrganisationForm(BilingualFormMixin, forms.ModelForm):
    """A platform admin creates an organisation: its name in English and Welsh, the short name in its web
    addresses (kept for good: links and API clients use it), and its website."""

    bilingual = ("name",)
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional. For example https://www.example.org"),
        error_messages={"invalid": _("Enter a web address starting with https://")},
    )

    class Meta:
        model = Organisation
        fields = ["name_en", "name_cy", "slug", "website"]
        labels = {**bilingual_labels("name", _("Name")), "slug": _("Short name for web addresses")}
        help_texts = {
            "slug": _("Lower-case letters, numbers and hyphens, for example glas-valley. It cannot be changed later."),
        }
        error_messages = {
            "name_en": {"required": _("Enter the organisation’s name")},
            "name_cy": {"required": _("Enter the organisation’s name")},
            "slug": {
                "required": _("Enter a short name for web addresses"),
                "invalid": _("Use only lower-case letters, numbers and hyphens in the short name"),
                "unique": _("Another organisation already has this short name: choose another"),
                "max_length": _("The short name must be %(limit_value)d characters or fewer"),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.require("name")
        single_line(self, "name_en", "name_cy", "slug")

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if slug != slug.lower() or slug.startswith("-") or slug.endswith("-") or "--" in slug or "_" in slug:
            raise forms.ValidationError(self.fields["slug"].error_messages["invalid"])
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This short name is kept for the service’s own pages: choose another"))
        return slug


BOUNDARIES = ("in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline")


class BoundariesForm(BilingualFormMixin, forms.ModelForm):
    bilingual = BOUNDARIES

    class Meta:
        model = Engagement
        fields = [f"{name}_{code}" for name in BOUNDARIES for code in LANGUAGES]
        labels = {
            **bilingual_labels("in_scope", _("In scope")),
            **bilingual_labels("out_of_scope", _("Out of scope")),
            **bilingual_labels("fixed", _("What is fixed")),
            **bilingual_labels("budget", _("Budget")),
            **bilingual_labels("who_decides", _("Who decides")),
            **bilingual_labels("timeline", _("Timeline")),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class PhaseForm(BilingualFormMixin, forms.ModelForm):
    bilingual = ("description",)
    features = forms.MultipleChoiceField(
        label=_("Features switched on"),
        choices=Feature.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to use the usual features for this kind of phase."),
    )

    class Meta:
        model = Phase
        fields = ["kind", "description_en", "description_cy", "starts_on", "ends_on", "state", "features"]
        labels = bilingual_labels("description", _("What happens in this phase"))
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
            "description_cy": forms.Textarea(attrs={"rows": 3}),
            "state": forms.RadioSelect,
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "state": _("Phases can run at the same time, and you can open an earlier phase again to loop back."),
            "starts_on": _("For example 2026-03-31."),
            "ends_on": _("For example 2026-04-30."),
        }
        error_messages = {
            "starts_on": {
                "required": _("Enter the start date"),
                "invalid": _("Enter a real start date, for example 2026-03-31"),
            },
            "ends_on": {
                "required": _("Enter the end date"),
                "invalid": _("Enter a real end date, for example 2026-04-30"),
            },
            "kind": {"required": _("Choose which phase this is")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every phase is of some kind: no empty choice ("---------") among the kinds.
        self.fields["kind"].choices = Phase.Kind.choices

    def clean(self):
        data = super().clean()
        if not data.get("features") and data.get("kind"):
            data["features"] = [str(f) for f in Phase.DEFAULT_FEATURES[data["kind"]]]
        return data


class PerspectiveForm(BilingualFormMixin, forms.ModelForm):
    bilingual = ("name",)

    class Meta:
        model = Perspective
        fields = ["name_en", "name_cy"]
        labels = bilingual_labels("name", _("Perspective"))
        help_texts = {"name_en": _("For example: patient, carer, staff.")}

    def __init__(self, *args, engagement: Engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.engagement = engagement
        single_line(self, "name_en", "name_cy")
        for code in LANGUAGES:
            self.fields[f"name_{code}"].error_messages["required"] = _("Enter the perspective")
        self.require("name")

    def clean(self):
        data = super().clean()
        others = self.engagement.perspectives.exclude(pk=self.instance.pk)
        refuse_names_taken(self, others, _("This engagement already has that perspective"))
        return data


class MemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        error_messages={
            "required": _("Enter an email address"),
            "invalid": _("Enter an email address in the right format, like name@example.org"),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role")},
    )

    def __init__(self, *args, roles: list[Role], offered: list[Role] | None = None, **kwargs):
        """`offered`: the roles this person may give, shown as choices. The others of `roles` are still accepted by
        the form, so that asking for one (an old page, a crafted request) gets the action's refusal and its reason
        rather than a puzzling "not a valid choice"."""
        super().__init__(*args, **kwargs)
        offered = roles if offered is None else offered
        self.fields["role"].choices = [(r.value, r.label) for r in roles]
        self.fields["role"].widget.choices = [(r.value, r.label) for r in offered]
        withheld = [r for r in roles if r not in offered]
        if withheld:
            self.fields["role"].help_text = _in_language_lazy(
                gettext_noop(
                    "Only an organisation admin can give a role that can read confidential notes (%(label)s)."
                ),
                ", ".join(str(r.label) for r in withheld),
            )


class TakePartForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I have read how my answers are used and I agree to take part"),
        error_messages={
            "required": _("Tick the box to say you agree, or leave this page if you do not want to take part")
        },
    )
    perspective = forms.ModelChoiceField(
        label=_("Which of these best describes you? (optional)"),
        queryset=Perspective.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=_("I would rather not say"),
        help_text=_(
            "This is only used to show where people with different perspectives agree. It never changes how much your views count."
        ),
    )

    def __init__(self, *args, engagement: Engagement, **kwargs):
        super().__init__(*args, **kwargs)
        perspectives = engagement.perspectives.all()
        if perspectives:
            self.fields["perspective"].queryset = perspectives
        else:
            del self.fields["perspective"]
