from __future__ import annotations

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "coproduce.learning"
    label = "learning"

    def ready(self) -> None:
        # How to export and erase a person's data: see coproduce.accounts.personal_data.
        from coproduce.accounts import personal_data as registry
        from coproduce.learning import personal_data

        registry.register("learning", export=personal_data.export, erase=personal_data.erase)

        # Following a board, and a club's announcements: the shared notifications (double opt-in, digests).
        from coproduce.learning.notify import BoardNotices, ClubAnnouncements
        from coproduce.notifications import topics

        topics.register(BoardNotices())
        topics.register(ClubAnnouncements())

        from django.utils.translation import gettext_lazy as _

        from coproduce.engagements.registry import OrganisationLink, add_organisation_links, admins_only

        add_organisation_links(OrganisationLink(70, "learning_staff:organisation", _("Noticeboards"), admins_only))

        # An engagement's own noticeboards, from its staff navigation (its managers).
        from coproduce.engagements.registry import StaffLink, add_staff_links

        add_staff_links(
            StaffLink(
                95,
                "learning_staff:engagement",
                _("Noticeboards"),
                "noticeboards",
                permission="learning.manage_engagement_boards",
            )
        )

        # The Welsh-language compliance pages: boards, the board's own notices (a guest post keeps its language),
        # study clubs, and the learning items the clubs study; an organisation's (its boards and its engagements'
        # boards) on its page, an engagement's boards' on the engagement's.
        from coproduce.learning import compliance

        compliance.register()

        # A network's page: its noticeboards, and for its coordinators the page that starts one.
        from coproduce.engagements.registry import NETWORK, Section, add_sections
        from coproduce.learning.staff import network_section

        add_sections(Section(NETWORK, 30, "learning/_network_boards.html", network_section))

        # A journey round's agreed next steps can point to a learning path (journeys never names this app).
        from coproduce.engagements.registry import JOURNEY_STEPS
        from coproduce.learning.staff import journey_steps_section

        add_sections(Section(JOURNEY_STEPS, 10, "learning/_journey_steps.html", journey_steps_section))

        # This app's part of `coproduce demo`, in English and Welsh.
        from coproduce.engagements.registry import add_demo_loader
        from coproduce.learning.demo import load_demo

        add_demo_loader(load_demo)
