"""Theme names in English and Welsh (django-modeltranslation; core/bilingual.py). Nothing confidential is here:
notes, challenges and mentor summaries are not translated fields."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.listening.models import Theme


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name",)
