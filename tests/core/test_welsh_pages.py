"""Welsh pages are Welsh: crawled on the demo as every person, English is at most 2 % of the text not marked English.

The measure and its reasons are in tests/welsh_crawl.py (`make welsh-audit` prints the same figure for people).
"""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.welsh_crawl import _VisibleText, audit, demo_clients

pytestmark = pytest.mark.django_db

ENGLISH_AT_MOST = 0.02


def visible(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.text).split())


def test_text_marked_english_is_not_counted_and_welsh_inside_it_is():
    html = (
        '<html lang="cy"><head><title>Teitl</title></head><body><p>Croeso</p>'
        '<blockquote lang="en">Parking is hard <span lang="cy">Mae parcio’n anodd</span></blockquote>'
        '<script>var english = 1;</script><img alt="Map o’r ardal" src="x"><input type="submit" value="Anfon">'
        '<a href="/x" aria-label="Gweld y cyfan">…</a></body></html>'
    )
    assert visible(html) == "Croeso Mae parcio’n anodd Map o’r ardal Anfon Gweld y cyfan …"


@pytest.mark.one_pass
def test_demo_pages_in_welsh_have_at_most_two_percent_english(demo_loaded, capsys):
    # Each request activates its page's language for the thread; the last one's Welsh must not outlive the crawl
    # (tests without a database run after this one, and lazy messages would read in Welsh).
    with translation.override("en"):
        result = audit(demo_clients())
    with capsys.disabled():
        print("\n" + result.report())
    assert len(result.pages) > 20, "the crawl should reach the demo's pages"
    assert result.share <= ENGLISH_AT_MOST, result.report()


def test_no_staff_written_text_in_the_demo_lacks_its_welsh(demo_loaded):
    """Only what participants wrote may be untranslated on a Welsh page: every text staff wrote has both languages."""
    from modeltranslation.translator import translator

    missing = []
    for model in translator.get_registered_models():
        for name in translator.get_options_for_model(model).fields:
            rows = model._default_manager.all()
            if model.__name__ == "Asset":  # a strength a person offered is theirs, in the language they wrote
                rows = rows.filter(holder_user__isnull=True)
            if model.__name__ == "Notice":  # a guest post is its writer's, in the language they wrote
                rows = rows.filter(guest=False)
            for pk, en, cy in rows.values_list("pk", f"{name}_en", f"{name}_cy"):
                if bool((en or "").strip()) != bool((cy or "").strip()):
                    missing.append(f"{model.__name__} {pk}.{name}")
    assert missing == []
