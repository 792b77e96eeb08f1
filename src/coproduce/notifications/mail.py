"""Notification email: in the recipient's language, with a one-click unsubscribe link (RFC 8058 headers).

Two kinds of message: the confirmation of a subscription (double opt-in) and a notice (one item, or a digest of
several). The frame of both is this app's (the unsubscribe footer and headers are never left out); the body of a
notice is the topic kind's own template.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

# The salt of the links already sent when notifications lived in delivery: renaming it would void every
# unsubscribe link in people's mailboxes, so it keeps its old name.
UNSUBSCRIBE_SALT = "coproduce.delivery.unsubscribe"
CONFIRM_SALT = "coproduce.notifications.confirm"
# How long a confirmation link works; a request not confirmed by then is removed (tasks.expire_unconfirmed).
CONFIRM_WITHIN = dt.timedelta(days=7)


def unsubscribe_token(email: str) -> str:
    """A signed token naming the address: it cannot be forged, and needs no sign-in to use."""
    return signing.dumps(email.strip().lower(), salt=UNSUBSCRIBE_SALT)


def email_from_token(token: str) -> str | None:
    try:
        email = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) else None


def unsubscribe_url(email: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[unsubscribe_token(email)])


def confirm_token(subscription: Any) -> str:
    """A signed, dated token naming the subscription and the address the link was sent to: a link sent to an
    earlier address confirms nothing once the address was changed."""
    return signing.dumps([subscription.pk, subscription.email], salt=CONFIRM_SALT)


class LinkExpired(Exception):
    pass


def read_confirm_token(token: str) -> tuple[int, str] | None:
    """(subscription id, address), None for a link that is not ours; LinkExpired when it is too old."""
    try:
        value = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_WITHIN)
    except signing.SignatureExpired as expired:
        raise LinkExpired from expired
    except signing.BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and isinstance(value[1], str)):
        return None
    return value[0], value[1]


def _one_line(text: str) -> str:
    # A header is one line: a title saved with a line break (before the forms refused them) must not make the send
    # fail (Django refuses newlines in headers) or add headers.
    return " ".join(text.split())


def _message(subscription: Any, subject: str, text: str, html: str, unsubscribe: str) -> EmailMultiAlternatives:
    """``unsubscribe``: the link the body shows, the same in the header (a token signed a second later would differ)."""
    message = EmailMultiAlternatives(
        subject=_one_line(subject),
        body=text,
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Content-Language": subscription.language,
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def build_message(subscription: Any, kind: Any, topic: Any, items: list[Any]) -> EmailMultiAlternatives:
    """One message for one subscriber about one or more items of a topic (a digest when several)."""
    with translation.override(subscription.language):
        body_text, body_html = kind.render(topic, items)
        context = {
            "title": kind.title(topic),
            "body_text": body_text,
            "body_html": body_html,
            "unsubscribe_url": unsubscribe_url(subscription.email),
        }
        subject = kind.subject(topic, items)
        text = render_to_string("notifications/email/notice.txt", context)
        html = render_to_string("notifications/email/notice.html", context)
    return _message(subscription, subject, text, html, context["unsubscribe_url"])


def build_confirmation(subscription: Any, kind: Any, topic: Any) -> EmailMultiAlternatives:
    """The double opt-in: a link that confirms the subscription. Nothing else is sent to the address until it is
    used."""
    with translation.override(subscription.language):
        context = {
            "title": kind.title(topic),
            "title_html": kind.title_html(topic),
            "description": kind.description(topic),
            "frequency": subscription.get_frequency_display(),
            "confirm_url": settings.SITE_URL + reverse("notifications:confirm", args=[confirm_token(subscription)]),
            "days": CONFIRM_WITHIN.days,
            "unsubscribe_url": unsubscribe_url(subscription.email),
        }
        subject = _("Confirm you want emails about “%(title)s”") % {"title": context["title"]}
        text = render_to_string("notifications/email/confirm.txt", context)
        html = render_to_string("notifications/email/confirm.html", context)
    return _message(subscription, subject, text, html, context["unsubscribe_url"])
