"""Load the demo: a fictional health board, an engagement in its second round and one finished a year ago.

Safe to run again: every object is looked up by a stable key and updated, never duplicated. What the demo holds is
in coproduce/engagements/demo.py; each app above adds its part of each engagement (engagements.registry).
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from coproduce.engagements.demo import DEMO_PASSWORD, DEMO_PEOPLE, ENGAGEMENTS, ORGANISATION, PERSPECTIVES
from coproduce.engagements.models import Engagement, Membership, Organisation, Perspective, Phase, Role
from coproduce.engagements.registry import demo_loaders


class Command(BaseCommand):
    help = "Load the demo organisation, engagements and sign-ins (safe to run again)."

    def handle(self, *args, **options) -> None:
        # The demo's people are fictional (example.org addresses): the mail its actions send (an event's
        # confirmations, an invitation to an assessment) goes nowhere. Where tasks run at once (no broker, as with
        # `make run`) it was sent when the load committed, and the console backend printed a hundred messages
        # before the sign-ins below.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self.load()

    @transaction.atomic
    def load(self) -> None:
        User = get_user_model()
        organisation, _ = Organisation.objects.update_or_create(slug=ORGANISATION["slug"], defaults=ORGANISATION)
        people = []
        for email, name, role, for_engagement in DEMO_PEOPLE:
            user, user_created = User.objects.get_or_create(email=email, defaults={"display_name": name})
            if user_created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            # Signing in by password needs a verified address (ACCOUNT_EMAIL_VERIFICATION is mandatory); the demo
            # addresses receive no mail.
            EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            people.append((user, role, for_engagement))
        engagements = []
        for slug, texts, phases in ENGAGEMENTS:
            engagement, created = Engagement.objects.update_or_create(
                slug=slug, defaults={**texts, "organisation": organisation}
            )
            if created:
                # Made a week before its first phase starts (the home page lists the newest engagement first, so the
                # finished one comes after the one open now).
                made = timezone.now() + dt.timedelta(days=min(start for _kind, start, *_rest in phases) - 7)
                Engagement.objects.filter(pk=engagement.pk).update(created_at=made)
            for position, (name_en, name_cy) in enumerate(PERSPECTIVES):
                Perspective.objects.update_or_create(
                    engagement=engagement, name_en=name_en, defaults={"name_cy": name_cy, "position": position}
                )
            if created or not engagement.phases.exists():
                # Dates are set relative to the day of the first load; a later run leaves the facilitator's edits
                # alone.
                today = timezone.localdate()
                for position, (kind, start, length, text_en, text_cy) in enumerate(phases):
                    Phase.objects.create(
                        engagement=engagement,
                        kind=kind,
                        description_en=text_en,
                        description_cy=text_cy,
                        starts_on=today + dt.timedelta(days=start),
                        ends_on=today + dt.timedelta(days=start + length),
                        features=[str(f) for f in Phase.DEFAULT_FEATURES[kind]],
                        position=position,
                    )
            for user, role, for_engagement in people:
                Membership.objects.get_or_create(
                    user=user, organisation=organisation, engagement=engagement if for_engagement else None, role=role
                )
            if role_participant := User.objects.filter(email="participant@example.org").first():
                engagement.participants.get_or_create(user=role_participant, defaults={"consented_at": timezone.now()})
            engagements.append(engagement)

        # Each app above engagements adds its part of each engagement's story (conversations: the statements, votes
        # and their analysis; listening: one-to-one conversations and themes; …), the main engagement first.
        for engagement in engagements:
            for load_demo in demo_loaders:
                load_demo(engagement)

        self.stdout.write(
            self.style.SUCCESS(
                "Demo loaded: “What matters to you about outpatient appointments?” (every phase open), and "
                "“What matters to you about visiting someone in hospital?” (finished)"
            )
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for email, _name, role, _ in DEMO_PEOPLE:
            self.stdout.write(f"  {email:28} {Role(role).label}")
        self.stdout.write(
            "Open http://127.0.0.1:8000/ (README.md, “What to look at first”) — staff area at http://127.0.0.1:8000/staff/"
        )
