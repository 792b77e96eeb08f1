"""Texts of frameworks and rounds in English and Welsh (django-modeltranslation; core/bilingual.py). Comments in
answers are the answerer's own words and keep the language they were written in."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.journeys.models import Dimension, Framework, Level, Round, Statement


@register(Framework)
class FrameworkTranslation(TranslationOptions):
    fields = ("name", "description", "source")


@register(Level)
class LevelTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Dimension)
class DimensionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("text",)


@register(Round)
class RoundTranslation(TranslationOptions):
    fields = ("title", "team")
