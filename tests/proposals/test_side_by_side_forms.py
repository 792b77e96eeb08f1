"""Issue 15: staff write each translated text in English and Welsh side by side (one form pattern, core/forms.py);
saving with one language missing is allowed and the item is marked as missing it; a required text needs at least one
language, and the refusal is said in the user's language and saves nothing. A participant's proposal keeps its text
in the language they wrote it in."""

from __future__ import annotations

import re

from django.urls import reverse

from coproduce.core.bilingual import missing
from coproduce.engagements.models import AuditEvent
from coproduce.proposals.actions import do_record_decision
from coproduce.proposals.models import Decision, Proposal


def decision(world):
    return do_record_decision(
        world.fran,
        world.public,
        title="Decided",
        decided_by="The board",
        decided_on="2026-11-20",
        reasons="People agreed.",
        not_done="",
        proposals=[],
    )


def test_each_text_has_an_english_and_a_welsh_input_labelled_by_language(codesign, as_user):
    world = codesign.world
    item = decision(world)
    html = as_user(world.fran).get(reverse("proposals_staff:decision_texts", args=["outpatients", item.pk])).content
    html = html.decode()
    for name in ("title", "decided_by", "reasons", "not_done"):
        for code, language in (("en", "English"), ("cy", "Cymraeg")):
            field = re.search(rf'<(input|textarea)[^>]*name="{name}_{code}"[^>]*>', html)
            assert field and f'lang="{code}"' in field.group(0), (name, code)
            assert re.search(
                rf'<label class="label" for="id_{name}_{code}"><span lang="{code}">{language}</span>', html
            )
    assert '<legend class="fieldset__legend">What was decided</legend>' in html
    assert 'class="bilingual"' in html


def test_both_languages_are_saved_and_audited(codesign, as_user):
    world = codesign.world
    item = decision(world)
    response = as_user(world.fran).post(
        reverse("proposals_staff:decision_texts", args=["outpatients", item.pk]),
        {
            "title_en": "Decided",
            "title_cy": "Penderfynwyd",
            "decided_by_en": "The board",
            "decided_by_cy": "Y bwrdd",
            "reasons_en": "People agreed.",
            "reasons_cy": "Cytunodd pobl.",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_en, item.title_cy, item.decided_by_cy, item.reasons_cy) == (
        "Decided",
        "Penderfynwyd",
        "Y bwrdd",
        "Cytunodd pobl.",
    )
    assert missing(item) == []
    event = AuditEvent.objects.filter(action="decision.texts_edited").get()
    assert event.details == {"decision": item.pk, "languages": ["cy"]}


def test_saving_with_the_welsh_missing_is_allowed_and_marked(codesign, as_user):
    world = codesign.world
    client = as_user(world.fran)
    response = client.post(
        reverse("proposals_staff:decision_new", args=["outpatients"]),
        {"title_en": "Only in English", "decided_by_en": "The board", "decided_on": "2026-11-20", "reasons_en": "Why"},
    )
    assert response.status_code == 302
    item = Decision.objects.get(title_en="Only in English")
    assert item.title_cy is None and missing(item) == ["cy"]
    listed = client.get(reverse("proposals:decisions", args=["outpatients"])).content.decode()
    assert '<strong class="tag tag--missing">Welsh missing</strong>' in listed


def test_a_required_text_in_neither_language_is_refused_in_the_users_language(codesign, as_user):
    world = codesign.world
    item = decision(world)
    client = as_user(world.fran)
    client.cookies["coproduce_language"] = "cy"
    before = list(Decision.objects.values_list("title_en", "title_cy", "reasons_en", "reasons_cy"))
    response = client.post(
        reverse("proposals_staff:decision_texts", args=["outpatients", item.pk]),
        {"title_en": " ", "title_cy": "", "decided_by_en": "The board", "reasons_cy": "Cytunodd pobl."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    # The message goes on the reader's language, and the error summary links to that input.
    assert '<a href="#id_title_cy">Dywedwch beth a benderfynwyd</a>' in html
    assert list(Decision.objects.values_list("title_en", "title_cy", "reasons_en", "reasons_cy")) == before


def test_a_participant_writing_in_welsh_keeps_the_welsh_and_the_english_is_missing(codesign):
    world = codesign.world
    someone = codesign.participant()
    browser = codesign.browser(someone)
    browser.cookies["coproduce_language"] = "cy"
    statement = codesign.statements["outpatients"][0]
    response = browser.post(
        reverse("proposals:write", args=["outpatients"]),
        {"title": "Negeseuon testun", "summary": "Neges ddeuddydd cyn yr apwyntiad.", "statements": [statement.pk]},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(author_participant=someone)
    assert (proposal.title_en, proposal.title_cy) == (None, "Negeseuon testun")
    assert missing(proposal) == ["en"]
    assert list(proposal.versions.values_list("title_en", "title_cy")) == [(None, "Negeseuon testun")]
    assert world.public.proposals.filter(pk=proposal.pk).exists()


def test_staff_add_the_english_of_a_welsh_proposal_and_its_current_version_follows(codesign, as_user):
    world = codesign.world
    proposal = codesign.proposal()
    Proposal.objects.filter(pk=proposal.pk).update(title_en=None, summary_en=None, body_en=None, title_cy="Negeseuon")
    response = as_user(world.fran).post(
        reverse("proposals_staff:proposal_texts", args=["outpatients", proposal.pk]),
        {"title_en": "Texts", "title_cy": "Negeseuon", "summary_en": "A text.", "summary_cy": "Neges."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.title_en, proposal.title_cy, proposal.summary_cy) == ("Texts", "Negeseuon", "Neges.")
    version = proposal.versions.get()
    assert (version.title_en, version.title_cy, version.summary_en) == ("Texts", "Negeseuon", "A text.")
