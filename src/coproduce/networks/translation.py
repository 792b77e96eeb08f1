"""A network's name and description in English and Welsh (django-modeltranslation; core/bilingual.py). Knowledge
notes are members' own words and keep the language they were written in."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.networks.models import Network


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "description")
