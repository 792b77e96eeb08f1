"""Texts of co-design in English and Welsh (django-modeltranslation adds title_en, title_cy, …; core/bilingual.py).

A proposal written by a participant keeps its text in the language they wrote it in (the request's); staff add the
other language. Comments are participants' own words and stay in their language.
"""

from modeltranslation.translator import TranslationOptions, register

from coproduce.proposals.models import Decision, ExpertInput, Proposal, ProposalVersion


@register(Proposal)
class ProposalTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "status_reason", "boundary_note")


@register(ProposalVersion)
class ProposalVersionTranslation(TranslationOptions):
    # The history page compares versions in the reader's language.
    fields = ("title", "summary", "body", "note")


@register(ExpertInput)
class ExpertInputTranslation(TranslationOptions):
    fields = ("text",)


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("title", "decided_by", "reasons", "not_done")
