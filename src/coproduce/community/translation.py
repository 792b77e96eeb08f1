"""Texts of the asset map in English and Welsh (django-modeltranslation; core/bilingual.py).

Staff write an asset's name, description, who holds it, its place, how to reach it and when, side by side. A person
offering their own strength writes in their language: the other column stays empty until staff add it, and pages
mark the text with `lang` when a reader of the other language sees it."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.community.models import Asset, AssetTheme, ProposedQuestion


@register(Asset)
class AssetTranslation(TranslationOptions):
    fields = ("name", "description", "held_by", "place_name", "how_to_reach", "availability", "status_reason")


@register(AssetTheme)
class AssetThemeTranslation(TranslationOptions):
    fields = ("name",)


@register(ProposedQuestion)
class ProposedQuestionTranslation(TranslationOptions):
    fields = ("response",)  # the organisation's answer; the question keeps the language it was written in
