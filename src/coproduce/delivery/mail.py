"""Notification email: in the recipient's language, with a one-click unsubscribe link (RFC 8058 headers)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

UNSUBSCRIBE_SALT = "coproduce.delivery.unsubscribe"


def unsubscribe_token(email: str) -> str:
    """A signed token naming the address: it cannot be forged, and needs no sign-in to use."""
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)


def email_from_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe_url(email: str) -> str:
    return settings.SITE_URL + reverse("delivery:unsubscribe", args=[unsubscribe_token(email)])


def build_message(subscription, updates: list) -> EmailMultiAlternatives:
    """One message for one subscriber about one or more updates (a digest when several)."""
    engagement = subscription.engagement
    with translation.override(subscription.language):
        context = {
            "engagement": engagement,
            "updates": updates,
            "site_url": settings.SITE_URL,
            "report_url": settings.SITE_URL + reverse("delivery:report", args=[engagement.slug]),
            "unsubscribe_url": unsubscribe_url(subscription.email),
        }
        if len(updates) == 1:
            subject = _("Update: %(action)s") % {"action": updates[0].action.title}
        else:
            subject = _("What has changed: %(engagement)s") % {"engagement": engagement.title}
        # A header is one line: a title saved with a line break (before the forms refused them) must not make
        # the send fail (Django refuses newlines in headers) or add headers.
        subject = " ".join(subject.split())
        text = render_to_string("delivery/email/notice.txt", context)
        html = render_to_string("delivery/email/notice.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": subscription.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message
