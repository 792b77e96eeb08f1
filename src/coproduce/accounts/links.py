"""Links the apps above accounts add to the account page (accounts/profile.html), so that accounts never names
their URLs (tests/test_layers.py): engagements adds "My contributions" and "Download or delete my data" in its
AppConfig.ready()."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class AccountLink:
    position: int
    url_name: str  # a URL taking no argument
    label: Any  # lazily translated


account_links: list[AccountLink] = []


def add_account_links(*links: AccountLink) -> None:
    for link in links:
        if link not in account_links:
            account_links.append(link)
    account_links.sort(key=lambda link: link.position)


def links() -> list[dict[str, Any]]:
    return [{"url": reverse(link.url_name), "label": link.label} for link in account_links]
