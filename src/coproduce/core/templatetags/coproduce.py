from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from coproduce.core import privacy
from coproduce.core.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Render staff-authored Markdown, sanitised."""
    return render_markdown(text)


@register.simple_tag
def small_numbers_threshold() -> int:
    """The one small-numbers threshold (core.privacy), for a page that says "fewer than n":
    `{% small_numbers_threshold as n %}`."""
    return privacy.small_numbers_threshold()


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    """The field's input, linked to its hint and error message for screen readers (GOV.UK pattern)."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    base = "choice__input" if field.widget_type == "checkbox" else f"input input--{field.widget_type}"
    attrs = {"class": base + (" input--error" if field.errors else "")}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def bar(agree: int, disagree: int, passed: int) -> SafeString:
    """A decorative agree/disagree/pass bar; the numbers are always printed beside it."""
    from coproduce.core.svg import agreement_bar

    return agreement_bar(agree, disagree, passed)
