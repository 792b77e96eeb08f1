"""Options whose label is in the other language carry `lang` (WCAG 3.1.2): a participant's English statement in
a select on a Welsh page, a theme with no Welsh yet."""

from __future__ import annotations

from types import SimpleNamespace

from django.forms.models import ModelChoiceIteratorValue
from django.utils import translation

from coproduce.core.forms import SelectMarkingLanguage


def render(language: str) -> str:
    written = [SimpleNamespace(pk=1, language="en"), SimpleNamespace(pk=2, language="cy")]
    widget = SelectMarkingLanguage(lambda item: item.language)
    widget.choices = [("", "Dewiswch"), *[(ModelChoiceIteratorValue(i.pk, i), f"item {i.pk}") for i in written]]
    with translation.override(language):
        return widget.render("statement", None)


def test_an_option_in_the_other_language_is_marked():
    welsh_page = render("cy")
    assert '<option value="1" lang="en">item 1</option>' in welsh_page
    assert '<option value="2">item 2</option>' in welsh_page
    english_page = render("en")
    assert '<option value="2" lang="cy">item 2</option>' in english_page
    assert '<option value="1">item 1</option>' in english_page


def test_the_theme_link_form_marks_its_options():
    from coproduce.listening.forms import LinkStatementForm

    for name in ("theme", "statement"):
        assert isinstance(LinkStatementForm.base_fields[name].widget, SelectMarkingLanguage)
