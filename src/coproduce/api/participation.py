"""The participant a request acts as: the pages' current_participant, with the API's refusals."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from coproduce.api.errors import ApiError
from coproduce.conversations.models import Conversation
from coproduce.engagements.models import Participant
from coproduce.engagements.participants import current_participant


def participant_for_writing(request: HttpRequest, conversation: Conversation) -> Participant:
    if conversation.require_account and not request.user.is_authenticated:
        raise ApiError(403, "account_required", _("Sign in to take part in this engagement."))
    participant = current_participant(request, conversation.engagement)
    if participant is None or participant.consented_at is None:
        raise ApiError(403, "not_a_participant", _("Take part first: POST to this engagement’s participants with consent."))
    return participant
