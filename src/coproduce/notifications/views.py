"""The pages of notifications: a topic's subscription page (routed by the topic's app), confirming a
subscription from the link in the email, and unsubscribing.

Confirming and unsubscribing need no sign-in: the signed token in the link is the permission. Their GET shows a
button and changes nothing (mail scanners follow links); the POST does it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from coproduce.core.ratelimit import limit_writes
from coproduce.notifications import actions, topics
from coproduce.notifications.forms import SubscribeForm
from coproduce.notifications.mail import CONFIRM_WITHIN, LinkExpired, email_from_token, read_confirm_token
from coproduce.notifications.models import Frequency, Subscription
from coproduce.notifications.topics import Subscriber


def _verified_address(user, email: str) -> bool:
    """Whether the address is one the signed-in person has already proved is theirs (allauth's verification)."""
    if not user.is_authenticated:
        return False
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email.strip(), verified=True).exists()


def subscription_page(request: HttpRequest, topic: str, subscriber: Subscriber) -> HttpResponse:
    """GET the form, POST to subscribe (or change how): for a view of the topic's app, which routes it and has
    already checked who the subscriber is (the topic kind checks again, in the action). The view decorates itself
    with @require_http_methods(["GET", "POST"]) and @limit_writes. A new address gets a confirmation link."""
    about = topics.resolve([topic])
    if topic not in about:  # the topic's app asks for its own, living topic: this is a mistake, or a race
        raise Http404("no such topic")
    kind, thing = about[topic]
    current = Subscription.objects.filter(topic=topic, subscriber=subscriber.key).first()
    if current is not None:
        initial = {"email": current.email, "frequency": current.frequency, "language": current.language}
    else:
        user = request.user
        initial = {
            "email": user.email if user.is_authenticated else "",
            "frequency": Frequency.IMMEDIATE,
            "language": getattr(user, "preferred_language", "") or get_language(),
        }
    form = SubscribeForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            subscription = actions.do_subscribe(
                topic, subscriber, **form.cleaned_data, verified=_verified_address(request.user, email)
            )
        except actions.NotAllowed as refused:  # the page let someone through whom the kind refuses: a bug upstream
            raise PermissionDenied from refused
        title = kind.title(thing)
        if subscription.is_confirmed:
            messages.success(
                request,
                _("Done: we will email %(email)s about “%(title)s”.") % {"email": subscription.email, "title": title},
            )
        else:
            messages.success(
                request,
                _(
                    "Check your email: we have sent a link to %(email)s. Nothing more is sent until you open it and "
                    "confirm."
                )
                % {"email": subscription.email},
            )
        return redirect(kind.url(thing))
    return render(
        request,
        "notifications/subscribe.html",
        {
            "form": form,
            "subscription": current,
            "title": kind.title(thing),
            "description": kind.description(thing),
            "heading": kind.heading,
            "back_url": kind.url(thing),
            "back_label": kind.back_label,
            "page_title": f"{kind.heading}: {kind.title(thing)}",
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@limit_writes("confirm", limit=30, window=60)
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The double opt-in: the link in the confirmation email. It works for mail.CONFIRM_WITHIN."""
    try:
        found = read_confirm_token(token)
    except LinkExpired:
        found, expired = None, True
    else:
        expired = False
    subscription = Subscription.objects.filter(pk=found[0], email=found[1]).first() if found else None
    about = topics.resolve([subscription.topic]) if subscription else {}
    if subscription is None or subscription.topic not in about:
        context = {
            "invalid": True,
            "expired": expired,
            "days": CONFIRM_WITHIN.days,
            "page_title": _("This link does not work"),
        }
        return render(request, "notifications/confirm.html", context, status=404)
    kind, thing = about[subscription.topic]
    context = {
        "subscription": subscription,
        "title": kind.title(thing),
        "topic_url": kind.url(thing),
        "page_title": _("Confirm your email address"),
    }
    if request.method == "POST":
        actions.do_confirm(subscription.pk, subscription.email)
    if request.method == "POST" or subscription.is_confirmed:
        context.update(done=True, page_title=_("You will get these emails"))
    return render(request, "notifications/confirm.html", context)


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie and no CSRF token.
@require_http_methods(["GET", "POST"])
@limit_writes("unsubscribe", limit=30, window=60)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not unsubscribe anyone); POST stops all mail to the address."""
    email = email_from_token(token)
    if email is None:
        return render(
            request, "notifications/unsubscribe.html", {"invalid": True, "page_title": _("Unsubscribe")}, status=404
        )
    if request.method == "POST":
        actions.do_unsubscribe(email)
        return render(
            request, "notifications/unsubscribe.html", {"done": True, "page_title": _("You are unsubscribed")}
        )
    return render(request, "notifications/unsubscribe.html", {"token": token, "page_title": _("Unsubscribe")})
