"""Forms of the asset map: staff's asset (English and Welsh side by side), a person's offer, a facilitator's
review, the map's search and filters, and the choice of assets an engagement or a proposal draws on."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.community.models import Asset, AssetTheme, normalise_district, validate_postcode_district
from coproduce.core.bilingual import current_language
from coproduce.core.forms import BilingualFormMixin, SingleLineCharField


class PostcodeDistrictField(forms.CharField):
    """The first part of a UK postcode (its outward code, the district): "cf10" and "CF 10" are CF10."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("label", _("Postcode district"))
        kwargs.setdefault("help_text", _("The first part of the postcode only, like CF10 or SA1"))
        kwargs.setdefault("error_messages", {"required": _("Enter the first part of the postcode, like CF10 or SA1")})
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocomplete": "postal-code", "spellcheck": "false"})

    def clean(self, value: Any) -> str:
        district = normalise_district(super().clean(value))
        if district:
            validate_postcode_district(district)
        return district


def _themes_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Themes (optional)"),
        queryset=AssetTheme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


KIND = {
    "label": _("What kind of strength is it?"),
    "widget": forms.RadioSelect,
    "choices": Asset.Kind.choices,
    "error_messages": {"required": _("Choose the kind of strength")},
}


class AssetForm(BilingualFormMixin, forms.Form):
    """Staff add or edit an asset."""

    bilingual = ("name", "description", "held_by", "place_name", "how_to_reach", "availability")

    name = SingleLineCharField(
        label=_("Name"), max_length=200, error_messages={"required": _("Enter the asset’s name")}
    )
    kind = forms.ChoiceField(**KIND)
    description = forms.CharField(
        label=_("Description (optional)"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    held_by = SingleLineCharField(
        label=_("Who holds or offers it (optional)"),
        max_length=200,
        required=False,
        help_text=_("A group or an organisation. For a person’s own skill, ask them to offer it themselves."),
    )
    place_name = SingleLineCharField(label=_("Place (optional)"), max_length=200, required=False)
    postcode_district = PostcodeDistrictField()
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=Decimal(-90),
        max_value=Decimal(90),
        help_text=_("For the map, in decimal degrees, like 51.66"),
        error_messages={
            "invalid": _("Enter the latitude as a number, like 51.66"),
            "min_value": _("Latitude is between -90 and 90"),
            "max_value": _("Latitude is between -90 and 90"),
            "max_decimal_places": _("Give the latitude to at most 5 decimal places"),
        },
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=Decimal(-180),
        max_value=Decimal(180),
        help_text=_("In decimal degrees, like -3.40 (west of Greenwich is negative)"),
        error_messages={
            "invalid": _("Enter the longitude as a number, like -3.40"),
            "min_value": _("Longitude is between -180 and 180"),
            "max_value": _("Longitude is between -180 and 180"),
            "max_decimal_places": _("Give the longitude to at most 5 decimal places"),
        },
    )
    how_to_reach = SingleLineCharField(label=_("How to reach it (optional)"), max_length=500, required=False)
    availability = SingleLineCharField(label=_("When it is available (optional)"), max_length=300, required=False)
    themes = _themes_field()
    visibility = forms.ChoiceField(
        label=_("Who can see it?"),
        widget=forms.RadioSelect,
        choices=Asset.Visibility.choices,
        error_messages={"required": _("Choose who can see it")},
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive: show only the postcode district to people outside the organisation’s staff"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            "latitude" in self.errors or "longitude" in self.errors
        ):
            missing = "longitude" if data.get("longitude") is None else "latitude"
            self.add_error(missing, _("Give both the latitude and the longitude, or neither"))
        return data


class OfferForm(forms.Form):
    """A person offers their own strength, in their own words and language."""

    name = SingleLineCharField(
        label=_("What is your strength?"),
        max_length=200,
        help_text=_("In a few words: “Bike repairs”, “I speak Polish”, “A choir that welcomes beginners”"),
        error_messages={"required": _("Say what your strength is")},
    )
    kind = forms.ChoiceField(**KIND)
    description = forms.CharField(
        label=_("Tell people more (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    holder_name = SingleLineCharField(
        label=_("The name to show with it"),
        max_length=80,
        help_text=_("Your first name, or any name you like: it need not be your real name."),
        error_messages={"required": _("Enter a name to show with it (it can be made up)")},
    )
    place_name = SingleLineCharField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("A village, a town or a venue. Never your home address."),
    )
    postcode_district = PostcodeDistrictField()
    how_to_reach = SingleLineCharField(
        label=_("How people can reach you through the organisation (optional)"),
        max_length=500,
        required=False,
        help_text=_("For example: “Ask at the community centre”. Facilitators see your account’s email address."),
    )
    availability = SingleLineCharField(label=_("When you are available (optional)"), max_length=300, required=False)
    themes = _themes_field()
    consent_public = forms.TypedChoiceField(
        label=_("Who may see your strength once it is published?"),
        widget=forms.RadioSelect,
        coerce=lambda value: value == "yes",
        choices=[
            ("yes", _("Everyone: it may be shown on the public asset map")),
            ("no", _("Only the organisation’s staff")),
        ],
        error_messages={"required": _("Choose who may see your strength")},
    )
    open_data = forms.BooleanField(
        label=_("It may also be published as open data (only if shown to everyone)"),
        required=False,
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that a facilitator reads my offer before it is published, and that I can delete it "
            "with my data at any time"
        ),
        error_messages={"required": _("Confirm that you understand how your offer is used")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("open_data") and data.get("consent_public") is False:
            self.add_error(
                "open_data", _("Open data is for strengths shown to everyone: choose “Everyone” or untick this")
            )
        return data


class ReviewForm(BilingualFormMixin, forms.Form):
    """A facilitator publishes an offered strength (choosing who sees it), or declines it with a reason."""

    bilingual = ("reason",)

    decision = forms.ChoiceField(
        label=_("Your decision"),
        widget=forms.RadioSelect,
        choices=[("publish", _("Publish it")), ("decline", _("Decline it"))],
        error_messages={"required": _("Choose to publish or decline it")},
    )
    visibility = forms.ChoiceField(
        label=_("If published, who can see it?"),
        widget=forms.RadioSelect,
        choices=Asset.Visibility.choices,
        required=False,
    )
    reason = SingleLineCharField(
        label=_("If declined, the reason (the person reads it)"), max_length=500, required=False
    )

    def __init__(self, *args: Any, asset: Asset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asset = asset
        if asset.is_persons and not asset.consent_public:
            self.fields["visibility"].choices = [
                (value, label) for value, label in Asset.Visibility.choices if value != Asset.Visibility.PUBLIC
            ]
            self.fields["visibility"].help_text = _(
                "The person did not agree to their strength being shown to everyone."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "publish" and not data.get("visibility"):
            self.add_error("visibility", _("Choose who can see it"))
        if data.get("decision") == "decline" and not any(data.get(f"reason_{code}") for code in ("en", "cy")):
            self.add_error(f"reason_{current_language()}", _("Give the reason the person will read"))
        return data


class SearchForm(forms.Form):
    """The map's search and filters (GET): bad values are ignored, never an error."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Asset.Kind.choices])
    area = forms.CharField(
        label=_("Postcode area or district"),
        required=False,
        max_length=8,
        help_text=_("Like CF or CF10"),
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        required=False,
        queryset=AssetTheme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].widget.attrs.update({"spellcheck": "false"})

    def clean_area(self) -> str:
        return normalise_district(self.cleaned_data.get("area", ""))


class AssetChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class ChooseAssetsForm(forms.Form):
    """The assets an engagement draws on, or a proposal would use: ticked from those its staff may see."""

    assets = AssetChoices(
        label=_("Assets"), queryset=Asset.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, queryset: Any, label: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assets"].queryset = queryset
        self.fields["assets"].label = label


class ProposeQuestionForm(forms.Form):
    """Someone proposes a question that matters to them, for the organisation to take up as an engagement."""

    question = SingleLineCharField(
        label=_("Your question"),
        max_length=300,
        help_text=_(
            "What would you like the organisation to ask people about? For example: “What matters to you "
            "about getting to hospital appointments?”"
        ),
        error_messages={"required": _("Enter your question")},
    )
    why = forms.CharField(
        label=_("Why it matters (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    name = SingleLineCharField(
        label=_("The name to show with it"),
        max_length=80,
        help_text=_("Your name, your group’s name, or any name you like."),
        error_messages={"required": _("Enter a name to show with it (it can be made up)")},
    )


class AnswerQuestionForm(BilingualFormMixin, forms.Form):
    """The organisation's public answer to a proposed question."""

    bilingual = ("response",)

    decision = forms.ChoiceField(
        label=_("Your answer"),
        widget=forms.RadioSelect,
        choices=[("taken_up", _("We take it up: it is one of our engagements")), ("declined", _("We decline it"))],
        error_messages={"required": _("Choose to take it up or decline it")},
    )
    engagement = forms.ModelChoiceField(
        label=_("The engagement it started (if taken up)"), queryset=None, required=False, empty_label=_("Choose")
    )
    response = forms.CharField(
        label=_("Your answer to the people who proposed and supported it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your answer: people read it")},
    )

    def __init__(self, *args: Any, engagements: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["engagement"].queryset = engagements

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "taken_up" and not data.get("engagement"):
            self.add_error("engagement", _("Choose the engagement it started"))
        return data
