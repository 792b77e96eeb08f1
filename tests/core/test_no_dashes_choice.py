"""Issue 16: no "---------" choice anywhere. Django's placeholder for "nothing chosen" means nothing to anyone: a
choice that may be left empty says what empty means ("Not given", "No iteration", "Choose a theme"), and a
required choice offers no empty one.

Every form class of every app is made (with what its constructor needs) over the shared personas' data, rendered,
and each choice field's choices read: none may be Django's BLANK_CHOICE_DASH label.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from allauth.core import context
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.cache import SessionStore
from django.db.models.fields import BLANK_CHOICE_DASH
from django.test import RequestFactory

import coproduce
from coproduce.conversations.access import conversation_of
from coproduce.conversations.models import Statement
from coproduce.engagements.models import Role
from coproduce.proposals.models import Decision, Proposal

pytestmark = pytest.mark.django_db

DASHES = BLANK_CHOICE_DASH[0][1]  # "---------"


def form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.iter_modules(coproduce.__path__):
        try:
            module = importlib.import_module(f"coproduce.{module_info.name}.forms")
        except ModuleNotFoundError:
            continue
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found.append(obj)
    return found


def _an_event(world):
    import datetime as dt

    from django.utils import timezone

    from coproduce.events.actions import do_create_event

    start = timezone.now()
    return do_create_event(
        world.alice, world.org, slug="diwrnod", title="Day", starts_at=start, ends_at=start + dt.timedelta(hours=1)
    )


def arguments(world) -> dict:
    """What the forms' constructors ask for, by name."""
    from coproduce.community.models import Asset
    from coproduce.delivery.models import Iteration
    from coproduce.engagements.models import Engagement, Organisation
    from coproduce.journeys.models import Dimension, Framework, Level, Round
    from coproduce.learning.models import LearningPath
    from coproduce.networks.models import Network

    request = RequestFactory().get("/")
    request.user = world.alice
    request.session = SessionStore()
    return {
        "engagement": world.public,
        "statements": Statement.objects.filter(conversation=conversation_of(world.public)),
        "proposal": Proposal(engagement=world.public),
        "proposals": Proposal.objects.all(),
        "decisions": Decision.objects.all(),
        "iterations": Iteration.objects.all(),
        "roles": list(Role),
        "organisations": Organisation.objects.all(),
        "organisation": world.public.organisation,  # events: the organisation an event is created for
        "event": _an_event(world),  # events: the grid's pin form
        "networks": Network.objects.all(),
        "asset": Asset(organisation=world.public.organisation),
        "queryset": Asset.objects.all(),
        "label": "Assets",
        "engagements": Engagement.objects.all(),
        "options": [],
        "allowance": 5,
        "user": world.alice,
        "request": request,
        # journeys: a round's forms (frameworks to start one with, a framework's dimensions and levels to answer)
        "frameworks": Framework.objects.all(),
        "dimensions": list(Dimension.objects.all()),
        "levels": list(Level.objects.all()),
        "evidence": {},
        "round_": Round(),
        "people": get_user_model().objects.all(),  # journeys: whom a round's invitation may go to
        # learning: the path whose steps a StepForm changes
        "path": LearningPath(),
    }


def make(form_class, given: dict):
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {name: given[name] for name, p in parameters.items() if p.kind == p.KEYWORD_ONLY and name in given}
    user, request = {"user": given["user"]}, {"request": given["request"]}
    for extra in ({}, user, request, {**user, **request}):
        try:
            return form_class(**kwargs, **extra)
        except (TypeError, KeyError, AttributeError):  # allauth forms pop what they need from kwargs
            continue
    raise AssertionError(f"the test does not know how to make {form_class.__name__}")


def test_every_form_class_is_found():
    names = {form.__name__ for form in form_classes()}
    assert {"PhaseForm", "ActionForm", "ConversationForm", "MemberForm", "ProfileForm"} <= names


def test_no_form_offers_a_dashes_choice(world):
    Statement.objects.create(conversation=conversation_of(world.public), text="Letters arrive late")
    given = arguments(world)
    offending = []
    for form_class in form_classes():
        with context.request_context(given["request"]):  # allauth's TOTP form reads the request it is made in
            form = make(form_class, given)
        if DASHES in str(form):
            offending.append(f"{form_class.__module__}.{form_class.__name__} (rendered)")
        for name, field in form.fields.items():
            if hasattr(field, "choices") and any(label == DASHES for _value, label in field.choices):
                offending.append(f"{form_class.__module__}.{form_class.__name__}.{name}")
    assert not offending, f'choices labelled "{DASHES}": {sorted(set(offending))}'
