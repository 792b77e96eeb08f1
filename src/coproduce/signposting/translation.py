"""The directory's organisation and service names and descriptions in English and Welsh (django-modeltranslation;
core/bilingual.py). ORUK has one language per record: an import writes the language it is told (oruk.py)."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.signposting.models import DirectoryOrganisation, Service


@register(DirectoryOrganisation)
class DirectoryOrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = ("name", "description")
