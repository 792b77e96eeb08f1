"""Template tags of the co-design pages. What co-design adds to other apps' pages is in links.py."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def author_of(item) -> str:
    """Who wrote a proposal or comment, as shown to everyone: staff by name and role, participants pseudonymously."""
    if item.author_user_id is not None and item.author_user is not None:
        name = getattr(item.author_user, "display_name", "") or _("A member of staff")
        return _("%(name)s (staff)") % {"name": name}
    return _("A participant")
