from __future__ import annotations

from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "coproduce.delivery"
    label = "delivery"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import StaffLink, add_staff_links

        add_staff_links(
            StaffLink(110, "delivery_staff:board", _("Actions and iterations"), "delivery"),
        )
