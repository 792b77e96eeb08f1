"""Form pieces shared by every app."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

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


def single_line(form: forms.BaseForm, *names: str) -> None:
    """Refuse line breaks in these fields of a form whose fields are made for it (a ModelForm's)."""
    for name in names:
        if name in form.fields:
            form.fields[name].validators.append(refuse_line_breaks)


def render_form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A page whose context["form"] is the form its error summary shows (includes/error_summary.html): answered
    with 400 when that form came back with errors, so that a refused POST reads as one to browsers, tests and logs."""
    form = context.get("form")
    return render(request, template, context, status=400 if form is not None and form.errors else 200)
