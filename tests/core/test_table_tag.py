"""The {% table %} tag (core/templatetags/coproduce.py): every data table is a focusable region named by its
caption, so that keyboard and screen-reader users can reach it and scroll it sideways on a phone."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

BODY = "<tbody><tr><td>{{ value }}</td></tr></tbody>"


def render(tag: str, **context) -> str:
    return Template("{% load coproduce %}" + tag + BODY + "{% endtable %}").render(Context(context))


def test_a_table_with_an_id_is_named_by_its_caption():
    html = render('{% table id="things-caption" caption="Things" %}', value="one")
    assert html == (
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="things-caption">\n<table class="table">\n'
        '  <caption id="things-caption" class="visually-hidden">Things</caption>'
        "<tbody><tr><td>one</td></tr></tbody></table>\n</div>"
    )


def test_a_table_without_an_id_is_named_by_the_caption_words_and_can_show_its_caption():
    html = render('{% table caption=caption caption_class="table__caption" %}', caption="Group A", value="one")
    assert 'aria-label="Group A"' in html and "aria-labelledby" not in html
    assert '<caption class="table__caption">Group A</caption>' in html


def test_no_rows_shows_the_empty_paragraph_or_nothing_instead_of_the_table():
    empty = '{% table id="t" caption="Things" rows=rows empty="Nothing yet." %}'
    assert render(empty, rows=[]) == "<p>Nothing yet.</p>"
    assert render('{% table id="t" caption="Things" rows=rows %}', rows=[]) == ""
    assert "<table" in render(empty, rows=[1], value="one")


def test_captions_messages_and_cells_are_escaped_once():
    html = render(
        "{% table id=id caption=caption rows=rows empty=empty %}", id='x"', caption="<b>&", rows=[1], value="<i>"
    )
    assert (
        'aria-labelledby="x&quot;"' in html and '<caption id="x&quot;" class="visually-hidden">&lt;b&gt;&amp;<' in html
    )
    assert "<td>&lt;i&gt;</td>" in html
    assert render('{% table caption="c" rows=rows empty=empty %}', rows=[], empty="<b>") == "<p>&lt;b&gt;</p>"


def test_translated_captions_follow_the_language():
    with translation.override("cy"):
        html = render('{% table id="t" caption=_("Phases") %}', value="one")
    assert ">Cyfnodau</caption>" in html


@pytest.mark.parametrize(
    "tag",
    ['{% table id="t" %}', '{% table "t" caption="c" %}', '{% table caption="c" colour="red" %}'],
)
def test_a_mistake_in_the_tag_is_a_template_error(tag):
    with pytest.raises(TemplateSyntaxError):
        render(tag)


def test_a_stacking_table_labels_each_cell_with_its_column_header():
    from django.template import Context, Template

    html = Template(
        '{% load coproduce %}{% table caption="Priorities" stack=True %}'
        '<thead><tr><th scope="col">Option</th><th scope="col" class="num">Score <span>(%)</span></th>'
        '<th scope="col">Tom &amp; Jerry</th></tr></thead>'
        '<tbody><tr><th scope="row">Texts</th><td class="num">62</td><td>x</td></tr>'
        '<tr><th scope="row">Calls</th><td class="num">38</td><td>y</td></tr></tbody>{% endtable %}'
    ).render(Context())
    assert '<table class="table table--stack">' in html
    assert '<th data-label="Option" scope="row">Calls</th>' in html
    assert html.count('<td data-label="Score (%)" class="num">') == 2
    assert html.count('<td data-label="Tom &amp; Jerry">') == 2
    assert "data-label" not in html[: html.index("<tbody>")]  # the headers themselves are left alone
