"""Organisation-authored fields in English and Welsh (django-modeltranslation adds name_en, name_cy, …)."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.engagements.models import Engagement, Organisation, Perspective, Phase


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)


@register(Engagement)
class EngagementTranslation(TranslationOptions):
    fields = ("title", "question", "brief", "in_scope", "out_of_scope", "fixed", "budget", "who_decides", "timeline")


@register(Phase)
class PhaseTranslation(TranslationOptions):
    fields = ("description",)


@register(Perspective)
class PerspectiveTranslation(TranslationOptions):
    fields = ("name",)
