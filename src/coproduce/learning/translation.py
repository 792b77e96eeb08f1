"""The board's, notices', clubs' and learning texts in English and Welsh (django-modeltranslation; core/bilingual.py).
A guest post is written in one language: it fills that language's column and says which (Notice.language)."""

from modeltranslation.translator import TranslationOptions, register

from coproduce.learning.models import Board, ClubAnnouncement, LearningItem, LearningPath, Notice, StudyClub


@register(Board)
class BoardTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Notice)
class NoticeTranslation(TranslationOptions):
    fields = ("title", "body")


@register(LearningItem)
class LearningItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body")


@register(LearningPath)
class LearningPathTranslation(TranslationOptions):
    fields = ("title", "description")


@register(StudyClub)
class StudyClubTranslation(TranslationOptions):
    fields = ("name", "description", "place")


@register(ClubAnnouncement)
class ClubAnnouncementTranslation(TranslationOptions):
    fields = ("text",)
