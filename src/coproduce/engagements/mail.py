"""Email to an organisation's admins when someone is given a role that opens confidential material.

Admins are told even when one of them gave the role: a second pair of eyes on every grant, and a warning when an
admin account is misused. Each admin gets the message in their own language.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.engagements.models import Membership, Role

logger = logging.getLogger(__name__)


def organisation_admins(organisation) -> list:
    rows = Membership.objects.filter(
        organisation=organisation, engagement__isnull=True, role=Role.ORG_ADMIN, user__is_active=True
    ).select_related("user")
    return [row.user for row in rows]


def confidential_role_message(actor, membership: Membership, admin) -> EmailMessage:
    language = admin.preferred_language or settings.LANGUAGE_CODE
    organisation, engagement = membership.organisation, membership.engagement
    if engagement is not None:
        url = settings.SITE_URL + reverse("staff:members", args=[engagement.slug])
    else:
        url = settings.SITE_URL + reverse("staff:organisation_members", args=[organisation.slug])
    with translation.override(language):
        names = {
            "actor": actor.email,
            "email": membership.user.email,
            "role": membership.get_role_display(),
            "organisation": organisation.name,
        }
        if engagement is not None:
            what = _("%(actor)s gave %(email)s the role “%(role)s” in the engagement “%(engagement)s”.") % {
                **names,
                "engagement": engagement.title,
            }
        else:
            what = _("%(actor)s gave %(email)s the role “%(role)s” for the whole of %(organisation)s.") % names
        body = (
            "\n\n".join(
                [
                    what,
                    _(
                        "This role can read confidential material, such as the notes of one-to-one conversations. You are "
                        "told because you are an admin of %(organisation)s."
                    )
                    % names,
                    _("If this is wrong, remove the role here:") + "\n" + url,
                ]
            )
            + "\n"
        )
        subject = _("Role with access to confidential material given: %(role)s") % names
    return EmailMessage(subject=subject, body=body, to=[admin.email], headers={"Content-Language": language})


def _send(messages: list[EmailMessage]) -> None:
    # The role is given whatever happens here: a mail outage must not turn the members page into an error, nor
    # keep the other admins from being told. The grant stays in the audit trail for them to find.
    for message in messages:
        try:
            message.send()
        except Exception:  # noqa: BLE001 - SMTP and backend errors vary
            logger.exception("could not tell an organisation admin about a confidential role given")


def tell_admins_of_confidential_role(actor, membership: Membership) -> None:
    """Email every admin of the organisation once the grant is committed: a grant rolled back tells nobody."""
    admins = organisation_admins(membership.organisation)
    messages = [confidential_role_message(actor, membership, admin) for admin in admins]
    transaction.on_commit(lambda: _send(messages))
