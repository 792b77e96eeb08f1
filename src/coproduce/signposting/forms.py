"""Forms of signposting: every label, help text and error message translatable."""

from __future__ import annotations

import json

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from coproduce.community.models import Asset
from coproduce.core.bilingual import NATIVE_NAMES
from coproduce.signposting import oruk
from coproduce.signposting.models import Service, Signposting

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class AssetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Asset) -> str:
        return f"{obj.name} ({obj.get_kind_display()}, {obj.postcode_district})"


class SignpostForm(forms.Form):
    """To a service of the directory or to a strength of the asset map: one of the two."""

    service = ServiceChoiceField(
        label=_("A service"),
        queryset=Service.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the list")},
        empty_label=_("No service"),
    )
    asset = AssetChoiceField(
        label=_("Or a strength of the asset map"),
        help_text=_("A group, a place or someone’s skill your organisation’s asset map holds."),
        queryset=Asset.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a strength from the list")},
        empty_label=_("No strength"),
    )
    shared_with = forms.ChoiceField(
        label=_("Who may see that this person was signposted"),
        choices=Signposting.SharedWith.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who may see it, as the person agreed")},
    )
    consent = forms.BooleanField(
        label=_("The person agreed to be signposted there, and to this record being kept"),
        error_messages={"required": _("Signpost only with the person’s consent: confirm they agreed")},
    )

    def __init__(self, *args, assets: QuerySet[Asset] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = (
            Service.objects.filter(status="active").select_related("organisation").order_by("name_en", "pk")
        )
        self.fields["asset"].queryset = assets if assets is not None else Asset.objects.none()

    def clean(self):
        data = super().clean()
        if "service" in self.errors or "asset" in self.errors:
            return data
        if data.get("service") and data.get("asset"):
            raise forms.ValidationError(_("Choose a service or a strength, not both"), code="both")
        if not data.get("service") and not data.get("asset"):
            self.add_error("service", _("Choose a service or a strength"))
        return data

    @property
    def target(self) -> Service | Asset:
        return self.cleaned_data.get("service") or self.cleaned_data["asset"]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What came of it"),
        choices=[c for c in Signposting.Outcome.choices if c[0] != Signposting.Outcome.AWAITED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the outcome"), "invalid_choice": _("Choose the outcome")},
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Open Referral UK JSON file"),
        required=False,
        help_text=_("An organisation with its services, a service, or a list of them, as Open Referral UK publishes."),
    )
    text = forms.CharField(
        label=_("Or paste the JSON"), required=False, widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"})
    )
    language = forms.ChoiceField(
        label=_("Language of the names and descriptions in the file"),
        choices=list(NATIVE_NAMES.items()),
        initial="en",
        widget=forms.RadioSelect,
    )

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(_("Choose a file or paste the JSON"))
        if upload is not None:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError(_("The file is larger than 5 MB."))
            raw = upload.read()
        else:
            raw = text.encode("utf-8")
        try:
            decoded = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as error:
            raise forms.ValidationError(_("This is not JSON: %(error)s") % {"error": str(error)}) from None
        try:
            data["parsed"] = oruk.parse(decoded)
        except oruk.Invalid as invalid:
            raise forms.ValidationError(
                [_("This is not Open Referral UK data that can be imported. Nothing was imported.")]
                + [forms.ValidationError("%(problem)s", params={"problem": p}) for p in invalid.problems[:20]]
            ) from None
        return data
