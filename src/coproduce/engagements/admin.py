from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from coproduce.engagements.models import AuditEvent, Engagement, Membership, Organisation


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Engagement)
class EngagementAdmin(TranslationAdmin):
    list_display = ("title", "organisation", "visibility", "languages", "created_at")
    list_filter = ("visibility", "organisation")
    search_fields = ("title_en", "title_cy")


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "engagement", "role")
    list_filter = ("role", "organisation")
    raw_id_fields = ("user", "engagement")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "scope", "organisation", "engagement", "actor", "action")
    list_filter = ("scope", "action")

    def has_change_permission(self, request, obj=None) -> bool:
        return False
