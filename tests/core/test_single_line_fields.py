"""Issue 13, item 4: titles, names and other one-line fields refuse line breaks, in every app's staff forms, with
one translated message (coproduce.core.forms)."""

from __future__ import annotations

import pytest
from django.utils import translation

from coproduce.core.forms import SingleLineCharField, refuse_line_breaks
from coproduce.delivery.forms import ActionForm, IterationForm, NextCycleForm
from coproduce.delivery.models import Iteration
from coproduce.engagements.forms import EngagementForm, PerspectiveForm
from coproduce.listening.forms import ConversationForm, ThemeForm
from coproduce.proposals.forms import AmendForm, DecisionForm, ProposalTextForm
from coproduce.proposals.models import Decision, Proposal

MESSAGE = "Keep this to one line: remove the line breaks."


def one_line_fields():
    """(form class, field name) of every single-line text field that must refuse line breaks."""
    return [
        (ActionForm, "title"),
        (ActionForm, "owner"),
        (IterationForm, "name"),
        (IterationForm, "goal"),
        (NextCycleForm, "title"),
        (ProposalTextForm, "title"),
        (AmendForm, "note"),
        (DecisionForm, "title"),
        (DecisionForm, "decided_by"),
        (ConversationForm, "person_name"),
        (ConversationForm, "team"),
        (ConversationForm, "prompt"),
        (ThemeForm, "name"),
    ]


@pytest.mark.parametrize("form_class, name", one_line_fields())
@pytest.mark.parametrize("breaker", ["\r\n", "\n", "\r", "\u2028"])
def test_one_line_fields_refuse_line_breaks(form_class, name, breaker):
    field = form_class.base_fields[name]
    assert isinstance(field, SingleLineCharField), (form_class.__name__, name)
    with pytest.raises(Exception) as refused:
        field.clean(f"First part{breaker}Bcc: someone@example.org")
    assert MESSAGE in refused.value.messages
    assert field.clean("All on one line") == "All on one line"


def made(form_class):
    """A form as its view makes it (what each needs: the choices it offers, its engagement)."""
    needs = {
        ActionForm: {"decisions": Decision.objects.none(), "iterations": Iteration.objects.none()},
        DecisionForm: {"proposals": Proposal.objects.none()},
        ThemeForm: {"engagement": None},
    }
    return form_class(**needs.get(form_class, {}))


@pytest.mark.parametrize("form_class, name", [(c, n) for c, n in one_line_fields() if n in getattr(c, "bilingual", ())])
def test_both_languages_of_a_one_line_field_refuse_line_breaks(form_class, name):
    """A translated field is shown as an English and a Welsh input (core.forms.BilingualFormMixin): each keeps the
    field's rule."""
    form = made(form_class)
    for code in ("en", "cy"):
        assert isinstance(form.fields[f"{name}_{code}"], SingleLineCharField), (form_class.__name__, name, code)


@pytest.mark.django_db
def test_model_forms_of_engagements_refuse_line_breaks(world):
    form = EngagementForm(
        data={
            "title_en": "Waiting\r\nlists",
            "title_cy": "",
            "question_en": "What\nmatters?",
            "question_cy": "",
            "languages": "en",
            "visibility": "public",
        },
        instance=world.public,
    )
    assert not form.is_valid()
    assert MESSAGE in form.errors["title_en"] and MESSAGE in form.errors["question_en"]
    form = PerspectiveForm(data={"name_en": "Carer\nX", "name_cy": "Gofalwr"}, engagement=world.public)
    assert not form.is_valid()
    assert MESSAGE in form.errors["name_en"]


def test_the_message_is_in_welsh():
    with translation.override("cy"):
        with pytest.raises(Exception) as refused:
            refuse_line_breaks("a\nb")
        assert refused.value.messages == ["Cadwch hwn ar un llinell: tynnwch y toriadau llinell."]
