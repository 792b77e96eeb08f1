"""Taking part through the API: the pages' own decisions (who may take part, write and vote), as the API's errors.

The decisions raise typed refusals (coproduce.engagements.participants, coproduce.conversations.access and
.actions); the pages turn them into redirects and messages, the API into these JSON errors, whose codes clients
rely on. One mapping, so that every operation answers the same refusal with the same code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.utils.translation import gettext as _

from coproduce.api.errors import ApiError, detail
from coproduce.conversations.access import StatementsClosed
from coproduce.conversations.actions import (
    DuplicateStatement,
    StatementTooShort,
    TooManyStatements,
    UnknownStatement,
    VotingClosed,
)
from coproduce.conversations.forms import statement_too_short
from coproduce.conversations.models import Statement
from coproduce.engagements.participants import NeedsAccount, NeedsToTakePart


@contextmanager
def refusals() -> Iterator[None]:
    """Run a participant's accessor or action; answer its typed refusal as the API's error."""
    try:
        yield
    except NeedsAccount:
        raise ApiError(403, "account_required", _("Sign in to take part in this engagement.")) from None
    except NeedsToTakePart:
        raise ApiError(
            403, "not_a_participant", _("Take part first: POST to this engagement’s participants with consent.")
        ) from None
    except StatementsClosed:
        raise ApiError(403, "not_open", _("Writing statements is not open at the moment.")) from None
    except StatementTooShort as error:
        raise ApiError(
            422,
            "invalid_statement",
            _("The statement is not valid: see the details."),
            [detail(statement_too_short(error.minimum, error.length), "text")],
        ) from None
    except TooManyStatements:
        raise ApiError(
            429,
            "too_many_requests",
            _("You have written a lot of statements in the last minute. Wait a minute, then try again."),
            headers={"Retry-After": "60"},
        ) from None
    except DuplicateStatement as error:
        published = error.existing.status == Statement.Status.PUBLISHED
        raise ApiError(
            409,
            "duplicate_statement",
            _("Someone has already made this statement. You can vote on it instead.")
            if published
            else _("This statement has already been made."),
            [detail(error.existing.pk, "statement", "existing")] if published else [],
        ) from None
    except VotingClosed:
        raise ApiError(403, "voting_closed", _("Voting has closed. Your vote was not saved.")) from None
    except UnknownStatement:
        raise ApiError(
            422,
            "unknown_statement",
            _("That vote could not be saved: choose a published statement of this engagement."),
            [detail(_("Not a published statement of this engagement."), "statement")],
        ) from None
