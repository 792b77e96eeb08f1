from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import template
from django.forms import BoundField
from django.template.base import FilterExpression, Parser, Token, render_value_in_context, token_kwargs
from django.template.context import Context
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from coproduce.core import bilingual, privacy
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


def _in_reader_language(obj: Any, field: str, render: Callable[[str], SafeString], element: str) -> SafeString:
    """The field in the reader's language; a text shown in the other language carries its `lang` (WCAG 3.1.2)."""
    if obj is None:
        return SafeString("")
    value, code = bilingual.resolve(obj, field)
    html = render(value)
    if not value or code == bilingual.current_language():
        return html
    return format_html('<{} lang="{}">{}</{}>', element, code, html, element)


@register.filter
def translated(obj: Any, field: str) -> SafeString:
    """A translated field (core/bilingual.py) as text: `{{ proposal|translated:"title" }}`."""
    return _in_reader_language(obj, field, conditional_escape, "span")


@register.filter
def translated_lines(obj: Any, field: str) -> SafeString:
    """A translated field as text that keeps its line breaks."""
    return _in_reader_language(obj, field, lambda text: linebreaksbr(text, autoescape=True), "span")


@register.filter
def translated_markdown(obj: Any, field: str) -> SafeString:
    """A translated field of Markdown, rendered and sanitised (core/markdown.py)."""
    return _in_reader_language(obj, field, render_markdown, "div")


@register.simple_tag
def fallback_lang(obj: Any, field: str) -> SafeString:
    """` lang="cy"` for an element holding only the field's text (an <option>), when it falls back to that language."""
    value, code = bilingual.resolve(obj, field)
    if not value or code == bilingual.current_language():
        return SafeString("")
    return format_html(' lang="{}"', code)


@register.inclusion_tag("includes/language_gaps.html")
def language_gaps(obj: Any, offered: str = "") -> dict[str, Any]:
    """ "Welsh missing" / "English missing" tags for an item of a staff list; `offered` (an engagement's
    `languages`, "en+cy") limits them to the languages the engagement offers."""
    languages = [code for code in bilingual.LANGUAGES if not offered or code in offered]
    return {"gaps": [bilingual.MISSING_LABELS[code] for code in bilingual.missing(obj, languages=languages)]}


@register.simple_tag
def form_rows(form: Any) -> list[dict[str, Any]]:
    """The form's visible fields in order, a translated field's English and Welsh inputs as one row:
    {"field": BoundField} or {"group": BilingualGroup, "inputs": [(language, its name, BoundField), …]}."""
    groups = getattr(form, "bilingual_groups", {})
    rows: list[dict[str, Any]] = []
    for field in form.visible_fields():
        base, _sep, code = field.name.rpartition("_")
        if base in groups and code in bilingual.LANGUAGES:
            if code == bilingual.LANGUAGES[0]:
                inputs = [(lang, bilingual.NATIVE_NAMES[lang], form[f"{base}_{lang}"]) for lang in bilingual.LANGUAGES]
                rows.append(
                    {
                        "group": groups[base],
                        "inputs": inputs,
                        "errors": any(f.errors for _l, _n, f in inputs),
                        "id": field.auto_id.rpartition("_")[0],  # id_title (or id_status-reason): unique on the page
                    }
                )
            continue
        rows.append({"field": field})
    return rows


class TableNode(template.Node):
    def __init__(self, body: template.NodeList, options: dict[str, FilterExpression]) -> None:
        self.body = body
        self.options = options

    def render(self, context: Context) -> str:
        def option(name: str, default: object = None) -> object:
            expression = self.options.get(name)
            return default if expression is None else expression.resolve(context)

        def text(name: str, default: str = "") -> str:
            return render_value_in_context(option(name, default), context)

        if "rows" in self.options and not option("rows"):
            return format_html("<p>{}</p>", text("empty")) if "empty" in self.options else ""
        caption = text("caption")
        if "id" in self.options:
            named_by, caption_id = format_html('aria-labelledby="{}"', text("id")), format_html(' id="{}"', text("id"))
        else:  # a partial shown several times on a page has no id of its own: its caption's words name it
            named_by, caption_id = format_html('aria-label="{}"', caption), ""
        body = self.body.render(context)  # a SafeString: the template engine escaped what it holds
        stack = bool(option("stack", False))
        return format_html(
            '<div class="table-wrap" role="region" tabindex="0" {}>\n<table class="{}">\n'
            '  <caption{} class="{}">{}</caption>{}</table>\n</div>',
            named_by,
            "table table--stack" if stack else "table",
            caption_id,
            text("caption_class", "visually-hidden"),
            caption,
            mark_safe(_labelled_cells(body)) if stack else body,  # noqa: S308 - labels are the escaped headers' text
        )


_HEADER_ROW = re.compile(r"<thead>.*?</thead>", re.S)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_BODY = re.compile(r"<tbody>.*?</tbody>", re.S)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
_CELL_START = re.compile(r"<t[dh]\b")
_TAG = re.compile(r"<[^>]+>")


def _labelled_cells(html: str) -> str:
    """Each body cell gets its column's header as `data-label`, which the stylesheet shows before it when a table
    stacks on a phone (one block per row: "Score: 62"). The headers' text is already escaped HTML: tags are dropped,
    and a quotation mark cannot occur in it unescaped."""
    head = _HEADER_ROW.search(html)
    if head is None:
        return html
    labels = [" ".join(_TAG.sub("", cell).split()) for cell in _HEADER_CELL.findall(head.group(0))]

    def label_row(row: re.Match[str]) -> str:
        cells = iter(labels)
        return _CELL_START.sub(lambda start: f'{start.group(0)} data-label="{next(cells, "")}"', row.group(0))

    return _BODY.sub(lambda body: _ROW.sub(label_row, body.group(0)), html)


@register.tag
def table(parser: Parser, token: Token) -> TableNode:
    """A data table that scrolls sideways on a narrow screen without the page scrolling: a focusable region named by
    the table's caption, so that keyboard and screen-reader users can reach and scroll it. Between the tags go the
    table's <thead> and <tbody>.

        {% table id="phases-caption" caption=_("Phases") rows=phases empty=_("No phases yet.") %}…{% endtable %}

    `id` names the caption, which names the region (without it, as in a partial shown several times on a page, the
    caption's words name it); `caption_class` is "visually-hidden" unless given ("table__caption" shows it); with
    `rows`, an empty `rows` renders the paragraph `empty` (or nothing) instead of the table. With `stack=True` the
    table stacks on a phone instead of scrolling sideways: a block per row, each cell after its column's header
    (results tables, read on phones)."""
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)
    if bits or "caption" not in options:
        raise template.TemplateSyntaxError(
            "{% table %} takes caption=… and optionally id=…, caption_class=…, rows=…, empty=…, stack=…"
        )
    unknown = set(options) - {"id", "caption", "caption_class", "rows", "empty", "stack"}
    if unknown:
        raise template.TemplateSyntaxError(f"{{% table %}} does not take {', '.join(sorted(unknown))}")
    body = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(body, options)
