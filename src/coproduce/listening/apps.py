from __future__ import annotations

from django.apps import AppConfig


class ListeningConfig(AppConfig):
    name = "coproduce.listening"
    label = "listening"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import StaffLink, add_staff_links

        add_staff_links(
            StaffLink(80, "listening_staff:challenges", _("Challenges and themes")),
        )
