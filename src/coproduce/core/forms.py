"""Form pieces shared by every app."""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from coproduce.core.bilingual import LANGUAGES, current_language

# Everything str.splitlines() breaks on. A browser's one-line input never sends these, but a crafted request can:
# a title with CR/LF would end up in an email Subject header (where Django refuses it, after the change committed)
# and break the one-line layouts of pages, feeds and CSV files.
LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def refuse_line_breaks(value: str) -> None:
    if isinstance(value, str) and LINE_BREAK.search(value):
        raise ValidationError(_("Keep this to one line: remove the line breaks."), code="line_break")


class SingleLineCharField(forms.CharField):
    """A CharField for titles, names, owners and the like: line breaks are refused, not silently kept."""

    default_validators = [refuse_line_breaks]


class SelectMarkingLanguage(forms.Select):
    """A select of model instances whose labels may be in the other language (a participant's statement, a theme
    with no Welsh yet): each such option carries `lang`, so that a screen reader reads it in its language (WCAG
    3.1.2). `language_of(instance)` says which language the option's label is in."""

    def __init__(self, language_of: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.language_of = language_of

    def create_option(
        self,
        name: str,
        value: Any,
        label: Any,
        selected: Any,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            language = self.language_of(instance)
            if language and language != current_language():
                option["attrs"] = {**option["attrs"], "lang": language}
        return option


def single_line(form: forms.BaseForm, *names: str) -> None:
    """Refuse line breaks in these fields of a form whose fields are made for it (a ModelForm's)."""
    for name in names:
        if name in form.fields:
            form.fields[name].validators.append(refuse_line_breaks)


@dataclass(frozen=True)
class BilingualGroup:
    """One translated field of a form: its English and Welsh inputs, shown side by side under one legend."""

    name: str
    label: Any
    help_text: Any
    required: bool


class BilingualFormMixin:
    """Forms where staff write a translated field in English and Welsh, side by side (includes/bilingual_field.html).

    `bilingual` names the translated fields. In a plain form, declare each once, as for one language: the form
    makes `<name>_en` and `<name>_cy` from it. In a ModelForm, list the model's `<name>_en`, `<name>_cy` fields as
    usual. Either way each input gets its `lang` (spelling, and a screen reader's voice) and neither language is
    required on its own: a required field needs a text in at least one language, and its "required" message goes on
    the reader's language. Saving with one language missing is allowed; the item is then marked as missing it
    (core.bilingual.missing). `texts(name)` gives the action {"en": …, "cy": …}.
    """

    bilingual: tuple[str, ...] = ()
    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]
    errors: Any

    def __init__(self, *args: Any, omit: tuple[str, ...] = (), **kwargs: Any) -> None:
        """`omit`: translated fields this form does not show this time (a reason for a status the item lacks)."""
        super().__init__(*args, **kwargs)
        self.bilingual = tuple(name for name in self.bilingual if name not in omit)
        self.bilingual_groups: dict[str, BilingualGroup] = {}
        split: dict[str, forms.Field] = {}
        for name, field in self.fields.items():
            if name in omit or name.rpartition("_")[0] in omit:
                continue
            if name in self.bilingual:
                self.bilingual_groups[name] = BilingualGroup(name, field.label, field.help_text, field.required)
                for code in LANGUAGES:
                    twin = copy.deepcopy(field)
                    twin.help_text = ""  # one hint for the pair, on its fieldset
                    split[f"{name}_{code}"] = twin
            else:
                split[name] = field
        self.fields = split
        for name in self.bilingual:
            if name not in self.bilingual_groups:  # a ModelForm's own twins
                first = self.fields[f"{name}_{LANGUAGES[0]}"]
                self.bilingual_groups[name] = BilingualGroup(name, first.label, first.help_text, first.required)
                for code in LANGUAGES:
                    self.fields[f"{name}_{code}"].help_text = ""
            for code in LANGUAGES:
                twin = self.fields[f"{name}_{code}"]
                twin.required = False
                twin.widget.attrs["lang"] = code

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        for name, group in self.bilingual_groups.items():
            for code in LANGUAGES:
                if isinstance(data.get(f"{name}_{code}"), str):
                    data[f"{name}_{code}"] = data[f"{name}_{code}"].strip()
            inputs = [f"{name}_{code}" for code in LANGUAGES]
            if group.required and not any(data.get(i) for i in inputs) and not any(i in self.errors for i in inputs):
                field = self.fields[f"{name}_{current_language()}"]
                self.add_error(f"{name}_{current_language()}", field.error_messages["required"])  # type: ignore[attr-defined]
        return data

    def require(self, name: str, required: bool = True) -> None:
        """Make a translated field required (in at least one language) or not, after the form is made."""
        self.bilingual_groups[name] = dataclasses.replace(self.bilingual_groups[name], required=required)

    def texts(self, name: str) -> dict[str, str]:
        """The field's cleaned text in each language ("" where none was written)."""
        return {code: self.cleaned_data.get(f"{name}_{code}") or "" for code in LANGUAGES}

    def all_texts(self) -> dict[str, dict[str, str]]:
        """Every translated field's texts, by name: what an action that takes them all is given."""
        return {name: self.texts(name) for name in self.bilingual}


def refuse_names_taken(form: forms.BaseForm, others: Any, message: str, field: str = "name") -> None:
    """In a form of an item with a name in English and Welsh, refuse (`message`, on that language's input) a name
    that one of `others` (a queryset: the item's siblings) already has in the same language, whatever its case."""
    for code in LANGUAGES:
        name = (form.cleaned_data.get(f"{field}_{code}") or "").strip()
        if name and others.filter(**{f"{field}_{code}__iexact": name}).exists():
            form.add_error(f"{field}_{code}", message)


def bilingual_initial(obj: Any, *names: str) -> dict[str, str]:
    """A side-by-side form's initial data: each translated field of the object, in each language."""
    return {f"{name}_{code}": getattr(obj, f"{name}_{code}", None) or "" for name in names for code in LANGUAGES}


def render_form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page whose context["form"] is the form its error summary shows (includes/error_summary.html): answered
    with 400 when that form came back with errors, so that a refused POST reads as one to browsers, tests and logs."""
    form = context.get("form")
    return render(request, template, context, status=400 if form is not None and form.errors else 200)
