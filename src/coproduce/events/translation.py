"""An event's title, description, place and access information in English and Welsh (core/bilingual.py). Pitches
and notes are people's own words and keep the language they were written in."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.events.models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description", "place", "access_information")
