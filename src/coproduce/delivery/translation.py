"""Texts of delivery in English and Welsh (django-modeltranslation; core/bilingual.py). Feedback comments are
participants' own words and stay in their language."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.delivery.models import Action, ActionUpdate, Iteration


@register(Iteration)
class IterationTranslation(TranslationOptions):
    fields = ("name", "goal")


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("title", "description", "owner", "status_reason")


@register(ActionUpdate)
class ActionUpdateTranslation(TranslationOptions):
    fields = ("text",)
