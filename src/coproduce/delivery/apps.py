from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.delivery import personal_data

        registry.register("delivery", export=personal_data.export, erase=personal_data.erase)

        # What they gave and what became of it: "My contributions" (coproduce.engagements.contributions).
        from coproduce.delivery import contributions
        from coproduce.engagements.contributions import add_kinds, add_outcome_sources

        add_kinds(*contributions.KINDS)
        add_outcome_sources(*contributions.SOURCES)

        # Changes to an engagement's actions, as a topic people can subscribe to: see coproduce.notifications.
        from coproduce.delivery.notify import ActionUpdates
        from coproduce.notifications import topics

        topics.register(ActionUpdates())

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from coproduce.delivery import links
        from coproduce.delivery.models import Action, ActionUpdate, Iteration
        from coproduce.engagements.registry import (
            DECISION,
            DELIVER,
            ENGAGEMENT,
            Section,
            StaffLink,
            TranslatedContent,
            add_demo_loader,
            add_sections,
            add_staff_links,
            add_translated_content,
        )

        add_staff_links(
            StaffLink(110, "delivery_staff:board", _("Actions"), "delivery", DELIVER, "delivery.view_board"),
            StaffLink(112, "delivery_staff:iterations_edit", _("Iterations"), None, DELIVER, "delivery.manage"),
            StaffLink(114, "delivery_staff:next_cycle", _("Start the next cycle"), None, DELIVER, "delivery.manage"),
            StaffLink(116, "delivery_staff:audit", _("Audit trail"), "audit", DELIVER, "delivery.view_audit"),
        )
        add_sections(
            Section(ENGAGEMENT, 30, "delivery/_engagement_links.html", links.engagement_section),
            Section(DECISION, 10, "delivery/_decision_actions.html", links.decision_actions),
        )
        add_translated_content(
            TranslatedContent(
                80,
                Iteration,
                _("Iterations"),
                "engagement",
                lambda item, engagement: reverse("delivery_staff:iteration_edit", args=[engagement.slug, item.pk]),
                name=("", "name"),
            ),
            TranslatedContent(
                90,
                Action,
                _("Actions"),
                "engagement",
                lambda item, engagement: reverse("delivery_staff:action_texts", args=[engagement.slug, item.pk]),
            ),
            TranslatedContent(
                100,
                ActionUpdate,
                _("Progress updates"),
                "action__engagement",
                lambda item, engagement: reverse("delivery_staff:update_texts", args=[engagement.slug, item.pk]),
                name=("action", "title"),
            ),
        )
        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.delivery.demo import load_demo

        add_demo_loader(load_demo)
